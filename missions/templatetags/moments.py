"""Show moments (a UTC date, with the time when known) in UTC and at a launch site's local time."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from missions.moments import Moment

register = template.Library()


@register.filter
def utc(moment: Moment | None) -> str:
    """`2022-09-21 13:54 UTC`, or `2022-09-21` when only the date is known, or an em dash."""
    if moment is None:
        return "—"
    if not moment.has_time:
        return moment.date.isoformat()
    return f"{moment.date.isoformat()} {moment.time.strftime('%H:%M')} UTC"


@register.filter
def local(moment: Moment | None, time_zone: str) -> str:
    """`2022-09-21 18:54 local (UTC+05:00)`, or "" when there is no time of day to convert."""
    if moment is None or not moment.has_time or not time_zone:
        return ""
    at = moment.local(time_zone)
    offset = at.strftime("%z")
    return f"{at:%Y-%m-%d %H:%M} local (UTC{offset[:3]}:{offset[3:]})"


@register.simple_tag
def moment_html(moment: Moment | None, time_zone: str = "", *, stacked: bool = True):
    """A <time> element in UTC, with the local time at the site on a second line (and on hover)."""
    if moment is None:
        return "—"
    there = local(moment, time_zone)
    if not there:
        return format_html('<time datetime="{}">{}</time>', moment.isoformat(), utc(moment))
    separator = mark_safe("<br>") if stacked else " · "
    return format_html(
        '<time datetime="{}" title="{}">{}</time>{}<small class="text-body-secondary">{}</small>',
        moment.isoformat(),
        f"{there}, {time_zone}",
        utc(moment),
        separator,
        there,
    )
