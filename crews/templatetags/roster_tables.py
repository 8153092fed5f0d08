"""A launch's roster page (/missions/<slug>/) written in Python: its seat tables (what the template
`crews/includes/seat_table.html` wrote), its header and its recent changes (what `crews/mission_roster.html`
wrote), the same markup in a fraction of the time. The templates are kept as they were in
`crews/tests/test_roster_tables.py`, which compares both ways on every launch of the whole record, for each kind
of user, and on launches made to hold every kind of row with names that need escaping.

The roster is read more than any other page. Its seat tables, header and changes made 162 of the 182 template
look-ups of a request (Soyuz MS-22 at 100x the demo; 20 are left, most of them `base.html`'s): the page's template
took 0.83 ms of a 4 ms page, 0.45 ms now (0.21 ms of it `base.html`, which every page shares). Values are written as the template wrote them: escaped
and localized (`form_renderer.template_text`), the training date by the template's own `date` filter, numbers'
plurals by `pluralize`, the moments by the `moments` tags' own functions, the addresses by `missions.addresses`.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date, pluralize
from django.utils.safestring import SafeString, mark_safe

from missions.addresses import address
from missions.templatetags.moments import duration, moment_html

from ..form_renderer import template_text as _text

register = template.Library()

_NO_NUMBER = '<span title="the record does not say which seat">—</span>'
_TRAINING = {
    "qualified": '<span class="badge text-bg-success">qualified</span>\n          ',
    "in_training": '<span class="badge text-bg-secondary">in training</span>',
}
_NO_TRAINING = '<span class="badge text-bg-warning qualification-none">none</span>'


def _head(leg: str, spacecraft: str, editable: bool) -> str:
    actions = (
        '<th scope="col" class="col-actions d-print-none"><span class="visually-hidden">Changes</span></th>'
        if editable
        else ""
    )
    return (
        '\n<div class="table-responsive">'
        f'\n<table class="table table-sm align-middle seat-table" data-leg="{_text(leg)}">'
        "\n  <thead>\n    <tr>"
        '\n      <th scope="col" class="col-seat">Seat</th>'
        '\n      <th scope="col" class="col-role d-none d-sm-table-cell">Role</th>'
        '\n      <th scope="col" class="col-name">Name</th>'
        '\n      <th scope="col" class="col-agency">Agency</th>'
        '\n      <th scope="col" class="col-nationality d-none d-md-table-cell">Nationality</th>'
        '\n      <th scope="col" class="col-cross d-none d-md-table-cell">Cross-agency</th>'
        f'\n      <th scope="col" class="col-training" title="Training on {spacecraft}">Training</th>'
        f"\n      {actions}"
        "\n    </tr>\n  </thead>\n  <tbody>\n    "
    )


def _number(seat, spacecraft) -> str:
    """The Seat cell's content: the number (or a dash), and a badge when the spacecraft has no such seat."""
    number = _NO_NUMBER if seat.seat is None else _text(seat.seat)
    if seat.beyond_seat_count:
        number += (
            f' <span class="badge text-bg-danger" title="{_text(spacecraft.name)} has'
            f' {_text(spacecraft.seat_count)} seats">no such seat</span>'
        )
    return number


def _other_leg(seat, leg: str) -> str:
    if seat.other_mission:
        words = "returns on" if leg == "ascent" else "launched on"
        other = seat.other_mission
        return (
            f'\n            <br><small class="other-leg">{words} <a href="{_text(other.get_absolute_url())}">'
            f"{_text(other.name)}</a></small>\n          "
        )
    if seat.other_leg_missing:
        words = "no return leg on file" if leg == "ascent" else "no ascent on file"
        return f'\n            <br><small class="text-body-secondary">{words}</small>\n          '
    return ""


def _cross_agency(a) -> str:
    if a.agreement:
        agreement = f'<br><small><a href="{_text(a.agreement.get_absolute_url())}">{_text(a.agreement.name)}</a></small>'
    else:
        agreement = '<br><small class="text-danger">no agreement on file</small>'
    return f'\n            <span class="badge text-bg-info">cross-agency</span>\n            {agreement}\n          '


def _training(seat, a) -> str:
    cell = _TRAINING.get(seat.training, _NO_TRAINING)
    if seat.training == "in_training":
        completes = getattr(a, "training_completes", None)
        if completes:
            cell += f"<br><small>until {_text(date(completes, 'Y-m-d'))}</small>"
        cell += "\n          "
    return cell


def _link(seat, name: str) -> str:
    return _text(seat.links.get(name, ""))


def _actions(seat, leg: str, may: dict) -> str:
    """A held seat's planner's links (on a leg the user may plan)."""
    links = ""
    if may.get("change"):
        links += (
            f'\n            <a class="btn btn-sm btn-outline-secondary" href="{_link(seat, "move")}">Move</a>'
            f'\n            <a class="btn btn-sm btn-outline-secondary" href="{_link(seat, "swap")}">Swap</a>'
            "\n          "
        )
    links += "\n          "
    if may.get("add") and leg == "ascent" and seat.other_leg_missing:
        links += (
            f'\n            <a class="btn btn-sm btn-outline-secondary" href="{_link(seat, "return")}">Return…</a>'
            "\n          "
        )
    links += "\n          "
    if may.get("delete"):
        links += (
            f'\n            <a class="btn btn-sm btn-outline-danger" href="{_link(seat, "release")}">Release</a>'
            "\n          "
        )
    return f'\n        <td class="d-print-none seat-actions">\n          {links}\n        </td>\n        '


def _held(seat, a, leg: str, editable: bool, may: dict) -> str:
    person = a.crew_member
    role = _text(a.get_role_display())
    cross_agency = seat.cross_agency
    return (
        f'\n        <td class="d-none d-sm-table-cell">{role}</td>'
        "\n        <td>"
        f'\n          <a href="{_text(person.get_absolute_url())}">{_text(person.name)}</a>'
        f'\n          <small class="d-sm-none text-body-secondary"><br>{role}</small>'
        "\n          "
        + ('<span class="d-md-none badge text-bg-info">cross-agency</span>' if cross_agency else "")
        + f"\n          {_other_leg(seat, leg)}"
        "\n        </td>"
        f"\n        <td>{_text(person.agency.short_name)}</td>"
        f'\n        <td class="d-none d-md-table-cell">{_text(person.nationality or "—")}</td>'
        '\n        <td class="d-none d-md-table-cell">'
        f"\n          {_cross_agency(a) if cross_agency else ''}"
        "\n        </td>"
        f"\n        <td>\n          {_training(seat, a)}\n        </td>"
        f"\n        {_actions(seat, leg, may) if editable else ''}\n      "
    )


def _open(seat, leg: str, editable: bool, flown: bool, may: dict, assign_url) -> str:
    actions = ""
    if editable:
        assign = (
            f'\n            <a class="btn btn-sm btn-outline-primary" href="{_text(assign_url)}?leg={_text(leg)}'
            f'&amp;seat={_text(seat.seat)}">Assign</a>\n          '
            if may.get("add")
            else ""
        )
        actions = (
            f'\n        <td class="d-print-none seat-actions">\n          {assign}\n        </td>\n        '
        )
    return (
        '\n        <td colspan="6" class="text-body-secondary fst-italic open-cell">'
        f"{'empty' if flown else 'open'}</td>\n        {actions}\n      "
    )


def seat_row(seat, *, leg: str, spacecraft, editable: bool, flown: bool, may: dict, assign_url) -> str:
    """One seat of one leg (a `selectors.RosterSeat`), open or held, with the spaces the template's loop wrote
    around it."""
    a = seat.assignment
    cells = _held(seat, a, leg, editable, may) if a else _open(seat, leg, editable, flown, may, assign_url)
    return (
        "\n    \n    <tr>" if a else '\n    \n    <tr class="open-seat">'
    ) + f"\n      <td>{_number(seat, spacecraft)}</td>\n      {cells}\n    </tr>\n    \n    "


@register.simple_tag(takes_context=True)
def seat_table(context, seats, leg: str, editable, flown) -> SafeString:
    """One leg's seats: what `{% include "crews/includes/seat_table.html" with seats=… leg=… editable=…
    flown=… %}` wrote. From the page's context: `mission`, `may` (add, change, delete: the user's permissions
    on seats) and `assign_url` (when editable)."""
    spacecraft = context["mission"].spacecraft
    may = context.get("may") or {}
    assign_url = context.get("assign_url")
    rows = "".join(
        seat_row(
            seat,
            leg=leg,
            spacecraft=spacecraft,
            editable=editable,
            flown=flown,
            may=may,
            assign_url=assign_url,
        )
        for seat in seats
    )
    return mark_safe(f"{_head(leg, _text(spacecraft.name), editable)}{rows}\n  </tbody>\n</table>\n</div>\n")


# --- the roster's header and its recent changes ---------------------------------------------------------------


def _landing(mission, time_zone: str) -> str:
    """The Landing entry: the outcome (a launch that did not land as planned), the landing, or why it is not
    shown."""
    landing = mission.landing
    cell = ""
    if mission.outcome:
        cell = f'<strong class="outcome">{_text(mission.get_outcome_display())}</strong>{": " if landing else ""}'
    if landing:
        return cell + _text(moment_html(landing, time_zone, stacked=False, say_no_time=True))
    if mission.outcome:
        return cell
    if not mission.is_record:
        return "not known yet"
    cell += "not on file"
    if mission.crew_seen_until:
        cell += f" (a source last shows the crew in space on {_text(mission.crew_seen_until.isoformat())})"
    if mission.landing_by:
        cell += f" (landed by {_text(mission.landing_by.isoformat())} at the latest)"
    return cell


def _destination(mission, launch) -> str:
    station = mission.destination
    if not station:
        return "—"
    if launch is not None and launch.is_approximate:
        where = f'"{_text(station.get_absolute_url())}" title="launched {_text(launch.on_or_in())}: the day is not known"'
    else:
        where = f'"{_text(station.get_absolute_url())}?date={_text(mission.launch_date.isoformat())}"'
    return f"<a href={where}>{_text(station.name)} ({_text(station.short_name)})</a>"


@register.simple_tag(takes_context=True)
def roster_header(context) -> SafeString:
    """The top of a launch's roster: its name and status, the buttons, and what it is (spacecraft, operator,
    site, destination, launch, landing, duration, agreements). From the page's context: `mission`, `roster`,
    `user` and `perms`."""
    mission, roster = context["mission"], context["roster"]
    site, spacecraft = mission.launch_site, mission.spacecraft
    perms = context.get("perms")
    may_edit = bool(perms) and bool(perms["missions"]["change_mission"])
    slug = mission.slug
    buttons = ""
    if may_edit:
        buttons = (
            f'\n      <a class="btn btn-outline-primary" href="{_text(address("pages:mission_edit", slug))}">'
            "Edit mission</a>\n    "
        )
    buttons += "\n    "
    if may_edit and getattr(context.get("user"), "is_staff", False):
        buttons += (
            '\n      <a class="btn btn-outline-secondary" href="'
            f'{_text(address("admin:missions_mission_change", mission.pk))}">Edit in admin</a>\n    '
        )
    seats = spacecraft.seat_count
    vehicle = f" “{_text(mission.vehicle)}”" if mission.vehicle else ""
    launch = mission.launch
    length = duration(launch, mission.landing)
    length = (
        '\n  <dt class="col-sm-3 col-lg-2">Duration</dt>'
        f'\n  <dd class="col-sm-9 col-lg-10 flight-duration">{_text(length)}'
        f"{', as planned' if mission.is_upcoming else ''}</dd>\n  "
        if length
        else ""
    )
    agreements = "; ".join(
        f'<a href="{_text(a.get_absolute_url())}">{_text(a.name)}</a>' for a in roster.agreements
    )
    return mark_safe(
        '<div class="d-flex flex-wrap justify-content-between align-items-start gap-2 mb-3">'
        "\n  <div>"
        f'\n    <p class="mb-0 d-print-none"><a href="{_text(address("pages:mission_list"))}">← Launches</a></p>'
        f'\n    <h1 class="h3 mb-0">{_text(mission.name)} <span class="badge status-{_text(mission.status)}'
        f' align-middle">{_text(mission.get_status_display())}</span></h1>'
        "\n  </div>"
        '\n  <div class="d-flex gap-2 d-print-none">'
        f'\n    <a class="btn btn-primary" href="{_text(address("pages:export_one", slug))}" download>Download CSV</a>'
        '\n    <button type="button" class="btn btn-outline-secondary" onclick="window.print()">Print</button>'
        f"\n    {buttons}\n  </div>\n</div>"
        '\n\n<dl class="row roster-header mb-3">'
        '\n  <dt class="col-sm-3 col-lg-2">Spacecraft</dt>'
        f'\n  <dd class="col-sm-9 col-lg-4">{_text(spacecraft.name)}{vehicle} ({_text(seats)} seat{pluralize(seats)})</dd>'
        '\n  <dt class="col-sm-3 col-lg-2">Operator</dt>'
        f'\n  <dd class="col-sm-9 col-lg-4">{_text(spacecraft.operator.short_name)}</dd>'
        '\n  <dt class="col-sm-3 col-lg-2">Launch site</dt>'
        f'\n  <dd class="col-sm-9 col-lg-4">{_text(site.name)}{f", {_text(site.country)}" if site.country else ""}</dd>'
        '\n  <dt class="col-sm-3 col-lg-2">Destination</dt>'
        f'\n  <dd class="col-sm-9 col-lg-4">{_destination(mission, launch)}</dd>'
        '\n  <dt class="col-sm-3 col-lg-2">Launch</dt>'
        '\n  <dd class="col-sm-9 col-lg-4">'
        f"{_text(moment_html(launch, site.time_zone, stacked=False, say_no_time=True))}</dd>"
        '\n  <dt class="col-sm-3 col-lg-2">Landing</dt>'
        f'\n  <dd class="col-sm-9 col-lg-4">{_landing(mission, site.time_zone)}</dd>'
        f"\n  {length}"
        '\n  <dt class="col-sm-3 col-lg-2">Agreements</dt>'
        '\n  <dd class="col-sm-9 col-lg-10">'
        f"\n    {agreements or 'none (no cross-agency seat under an agreement)'}"
        "\n  </dd>\n</dl>"
    )


@register.simple_tag
def change_items(changes) -> SafeString:
    """The items of a launch's recent changes (`history.Change`s)."""
    return mark_safe(
        "".join(
            f'\n    <li><time datetime="{_text(c.when_iso)}">{_text(c.when_shown)} UTC</time>, {_text(c.who)}: '
            f"{_text(c.text)}</li>\n    "
            for c in changes
        )
    )
