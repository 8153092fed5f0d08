"""A launch's seat tables (ascent and return) written in Python: the markup the template
`crews/includes/seat_table.html` wrote (kept as it was in `crews/tests/test_roster_tables.py`, which compares the
two on the whole record and on every kind of row), a fraction of its time.

The roster page (/missions/<slug>/) is read more than any other; its two tables held some 90 template look-ups a
seat row, about a third of the page's template time and 0.3 ms of a 4 ms page at 100× the demo. Values are
written as the template wrote them: escaped and localized (`form_renderer.template_text`), the training date by
the template's own `date` filter.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import date
from django.utils.safestring import SafeString, mark_safe

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
