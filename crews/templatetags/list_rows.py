"""The rows of /crews/, /agreements/ and /missions/, written in Python: the markup the templates wrote, a fraction of the time.

Each row held twenty-odd template variables and conditions; at 25 people or 50 agreement rows a page, resolving
them was most of the page's time. Here each value is escaped as a template escapes it
(`form_renderer.template_text`), and numbers are formatted by the template filters themselves (`floatformat`,
`pluralize`). `crews/tests/test_list_rows.py` checks the markup against the templates' own, kept there.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat, pluralize
from django.utils.safestring import SafeString, mark_safe

from missions.templatetags.moments import countdown, moment_html

from ..form_renderer import template_text as _text

register = template.Library()

_NONE = '<span class="text-body-secondary">—</span>'


def _days(c) -> str:
    if not c.flights:
        return _NONE
    if c.days_at_least:
        return (
            f'<span title="not counting {_text(c.days_uncounted)} flight{pluralize(c.days_uncounted)} in flight or'
            f' whose landing is not on file">at least {floatformat(c.days_fewest, 1)}</span>'
        )
    if c.days_approximate:
        return (
            f'<span title="between {floatformat(c.days_fewest, 1)} and {floatformat(c.days_most, 1)} days">'
            f"≈ {floatformat(c.days_middle, 1)}</span>"
        )
    return floatformat(c.days_fewest, 1)


def _eva(c) -> str:
    if not c.flights:
        return _NONE
    if c.eva_total is None:
        return '<span class="text-body-secondary">not on file</span>'
    if c.eva_at_least:
        return (
            f'<span title="{_text(c.eva_unknown)} flight{pluralize(c.eva_unknown)} without spacewalk hours on'
            f' file">at least {floatformat(c.eva_total, 1)}</span>'
        )
    return floatformat(c.eva_total, 1)


def crew_row(person) -> str:
    """One person of /crews/ (annotated by `careers.with_careers`, with `.career`, and `.other_name_list` from
    `selectors.list_other_names`)."""
    c = person.career
    others = ", ".join(_text(name) for name in person.other_name_list)
    return (
        f'\n    <tr>\n      <td><a href="{_text(person.get_absolute_url())}">{_text(person.name)}</a></td>'
        f'\n      <td class="small">{others}</td>'
        f"\n      <td>{_text(person.agency.short_name)}</td>"
        f"\n      <td>{_text(person.nationality or '—')}</td>"
        f"\n      <td>{_text(person.get_status_display())}</td>"
        f'\n      <td class="text-end flights">{_text(c.flights)}</td>'
        f'\n      <td class="text-end text-nowrap days">{_days(c)}</td>'
        f'\n      <td class="text-end text-nowrap eva">{_eva(c)}</td>'
        "\n    </tr>\n    "
    )


NO_PEOPLE = '\n    <tr><td colspan="8" class="text-body-secondary">No crew members match.</td></tr>\n    '
NO_LAUNCHES = '\n    <tr><td colspan="7" class="text-body-secondary">No launches match.</td></tr>\n    '


def joined(rows: list[str], empty: str) -> SafeString:
    """A list's rows one after the other, or the row saying none matches."""
    return mark_safe("".join(rows) if rows else empty)


@register.simple_tag
def crew_rows(people) -> SafeString:
    """The rows of /crews/ for these people, or the row saying nobody matches."""
    return joined([crew_row(person) for person in people], NO_PEOPLE)


_STATE_WORDS = {"in_force": "in force", "expired": "expired"}
_EXPIRED_TITLE = "The agreement has expired: its unused seats can no longer be flown"


def _left(direction, expired: bool) -> str:
    """The Left cell (numbers as they are: the list is `{% localize off %}`)."""
    left = direction.left
    if expired:
        if left > 0:
            more = f"<br><small>{left} unused</small>"
        elif direction.over:
            more = f'<br><small class="text-danger fw-bold">{direction.over} over</small>'
        else:
            more = ""
        return f'<td class="text-end text-body-secondary" title="{_EXPIRED_TITLE}">—{more}</td>'
    return f'<td class="text-end{" text-danger fw-bold" if left < 0 else ""}">{left}</td>'


@register.simple_tag
def agreement_rows(ledger) -> SafeString:
    """The two rows of one agreement of /agreements/ (a `ledgers.Ledger`), one per direction."""
    agreement, state = ledger.agreement, ledger.state
    expired = ledger.expired
    first = (
        f'<td rowspan="2"><a href="{_text(agreement.get_absolute_url())}">{_text(agreement.name)}</a><br>'
        f'<small class="text-body-secondary">{_text(ledger.balance())}</small></td>'
        f'\n      <td rowspan="2">{_text(agreement.get_kind_display())}</td>'
        f'\n      <td rowspan="2" class="text-nowrap"><span class="badge agreement-state state-{_text(state)}">'
        f"{_STATE_WORDS.get(state, 'not yet in force')}</span><br>"
        f'<small class="text-body-secondary">{_text(ledger.state_text)}</small></td>'
    )
    rows = []
    for direction in ledger.directions:
        rows.append(
            f"\n    <tr>\n      {first}"
            f"\n      <td>{_text(direction.crew.short_name)} crew on {_text(direction.operator.short_name)}"
            " vehicles</td>"
            f'\n      <td class="text-end">{direction.allotted}</td><td class="text-end">{direction.flown}</td>'
            f'<td class="text-end">{direction.planned}</td>'
            f"\n      {_left(direction, expired)}"
            "\n    </tr>\n    "
        )
        first = ""
    return mark_safe("\n    " + "".join(rows))


# --- /missions/ -------------------------------------------------------------------------------------------


def _flag(mission) -> str:
    """The rule-warning flag of a launches-list row (`mission.warnings`, `mission.only_possible`), or ""."""
    warnings = mission.warnings
    if not warnings:
        return ""
    count = len(warnings)
    if mission.only_possible:
        style, words = "text-bg-light border", f"possible clash{pluralize(count, 'es')}"
    else:
        style, words = "text-bg-warning", f"rule warning{pluralize(count)}"
    title = "&#10;".join(_text(w.message) for w in warnings)
    return (
        f'<a class="badge rule-flag {style}" href="{_text(mission.get_absolute_url())}#rule-warnings" '
        f'title="{title}">⚠ {count} {words}</a>'
    )


def _launch(mission) -> str:
    cell = moment_html(mission.launch, mission.launch_site.time_zone)
    if mission.is_upcoming:
        left = countdown(mission.launch)
        if left:
            cell = f'{cell}<br><small class="countdown">{_text(left)}</small>'
    return cell


def _seats_up(mission, up: str) -> str:
    if not mission.return_filled and mission.ascent_filled:
        title = (
            "no return seat planned yet"
            if mission.is_upcoming
            else "no return leg on file for this mission (its crew may have come home on another)"
        )
        return f'{up}<br><small class="text-body-secondary" title="{title}">back: —</small>'
    if mission.return_filled != mission.ascent_filled:
        return f'{up}<br><small class="text-body-secondary">{_text(mission.return_filled)} back</small>'
    return up


def mission_row(mission) -> str:
    """One launch of /missions/ (from `selectors.launch_rows`, with `.warnings` from `launch_warnings`)."""
    name = _text(mission.name)
    href = _text(mission.get_absolute_url())
    where = (
        f' <span class="text-body-secondary small">→ {_text(mission.destination.short_name)}</span>'
        if mission.destination
        else ""
    )
    chips = (
        '<div class="crew-chips">'
        + "".join(
            f'<span class="crew-chip" title="{_text(c.name)} ({_text(c.agency)})">{_text(c.surname)}</span>'
            for c in mission.crew
        )
        + "</div>"
        if mission.crew
        else ""
    )
    status = (
        f'<span class="badge status-{_text(mission.status)}">{_text(mission.get_status_display())}</span>'
    )
    up = f"{_text(mission.ascent_filled)} / {_text(mission.spacecraft.seat_count)}"
    agencies = ", ".join(_text(a) for a in mission.cross_agencies)
    vehicle = (
        f' <span class="text-body-secondary">“{_text(mission.vehicle)}”</span>' if mission.vehicle else ""
    )
    return (
        f'\n    <tr>\n      <td class="text-nowrap col-launch">{_launch(mission)}</td>'
        f'\n      <td class="col-mission"><a href="{href}">{name}</a>{where}'
        f"\n        {_flag(mission)}"
        f"\n        {chips}"
        f'\n        <small class="d-sm-none">{status} {up} up'
        + (f" · cross-agency: {agencies}" if mission.has_cross_agency else "")
        + "</small>\n      </td>"
        f'\n      <td class="d-none d-md-table-cell">{_text(mission.spacecraft.name)}{vehicle}</td>'
        f'\n      <td class="d-none d-lg-table-cell">{_text(mission.launch_site.name)}</td>'
        f'\n      <td class="d-none d-sm-table-cell">{status}</td>'
        f'\n      <td class="text-end text-nowrap d-none d-sm-table-cell">{_seats_up(mission, up)}</td>'
        '\n      <td class="d-none d-md-table-cell">'
        + (
            f'<span class="badge text-bg-info">cross-agency: {agencies}</span>'
            if mission.has_cross_agency
            else ""
        )
        + "</td>\n    </tr>\n    "
    )


@register.simple_tag
def mission_rows(missions) -> SafeString:
    """The rows of /missions/ for these launches, or the row saying none matches."""
    return joined([mission_row(mission) for mission in missions], NO_LAUNCHES)
