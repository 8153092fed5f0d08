// A filter box above each <select data-typeahead>: typing narrows the options (name, agency, training, "busy"),
// accents and case ignored; the first option left is chosen, so Enter submits it. Without JavaScript the
// select works as before.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function labelOf(option) {
    var group = option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : "";
    return fold(option.textContent + " " + group);
  }
  function attach(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1 typeahead";
    box.placeholder = select.dataset.typeahead;
    box.setAttribute("aria-label", select.dataset.typeahead);
    box.setAttribute("aria-controls", select.id);
    box.autocomplete = "off";
    var count = document.createElement("div");
    count.className = "form-text typeahead-count";
    count.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(count, select.nextSibling);
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var first = null, shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var text = labelOf(option);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !match;
        option.disabled = !match;
        if (match) { shown += 1; first = first || option; }
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (words.length && first) { select.value = first.value; }
      if (words.length && !first) { select.value = ""; }
      count.textContent = words.length ? (shown === 1 ? "1 person matches" : shown + " people match") : "";
    });
  }
  document.querySelectorAll("select[data-typeahead]").forEach(attach);
})();
