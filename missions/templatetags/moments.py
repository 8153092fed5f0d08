"""Show moments (a UTC date known to the year, month or day, with the time when known) in UTC and at a launch
site's local time."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from missions.moments import Moment

register = template.Library()


@register.filter
def utc(moment: Moment | None) -> str:
    """`2022-09-21 13:54 UTC`, `2022-09-21`, `Apr 1961` or `1961`: as known; an em dash when not at all."""
    if moment is None:
        return "—"
    return moment.shown()


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
