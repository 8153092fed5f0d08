// A page that follows work still going on (a planning run): an element with data-refresh-seconds reloads the
// page after that many seconds. Without JavaScript the page says to reload it.
(function () {
  "use strict";
  var holder = document.querySelector("[data-refresh-seconds]");
  if (!holder) { return; }
  var seconds = parseFloat(holder.dataset.refreshSeconds);
  if (!(seconds > 0)) { return; }
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
