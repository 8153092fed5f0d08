"""Show moments (a UTC date known to the year, month or day, with the time when known) in UTC and at a launch
site's local time."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from missions.moments import YEAR, Moment

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
def moment_html(
    moment: Moment | None, time_zone: str = "", *, stacked: bool = True, say_no_time: bool = False
):
    """A <time> element in UTC, with the local time at the site on a second line (and on hover). `say_no_time`:
    a day without its time of day says "time not known" (rather than look like midnight or an oversight)."""
    if moment is None:
        return "—"
    there = local(moment, time_zone)
    if not there:
        unknown = (
            " · time not known" if say_no_time and not moment.has_time and not moment.is_approximate else ""
        )
        return format_html(
            '<time datetime="{}">{}</time><small class="text-body-secondary">{}</small>',
            moment.isoformat(),
            utc(moment),
            unknown,
        )
    separator = mark_safe("<br>") if stacked else " · "
    return format_html(
        '<time datetime="{}" title="{}">{}</time>{}<small class="text-body-secondary">{}</small>',
        moment.isoformat(),
        f"{there}, {time_zone}",
        utc(moment),
        separator,
        there,
    )


@register.filter
def duration(launch: Moment | None, landing: Moment | None) -> str:
    """The flight's length: "186 d 20 h" when both times are known, "187 days" from the dates alone (±1 day), "≈ 6
    months" from dates known to the month; "" when either end is missing or known only to the year."""
    if launch is None or landing is None:
        return ""
    if launch.has_time and landing.has_time:
        seconds = (landing.earliest - launch.earliest).total_seconds()
        days, hours = int(seconds // 86400), round(seconds % 86400 / 3600)
        return f"{days} d {hours} h" if days else f"{hours} h"
    if not launch.is_approximate and not landing.is_approximate:
        days = (landing.earliest.date() - launch.earliest.date()).days
        return f"{days} day{'' if days == 1 else 's'} (by the dates)"
    if YEAR in (launch.precision, landing.precision):
        return ""
    months = round((landing.earliest - launch.earliest).days / 30.44)
    return f"≈ {months} month{'' if months == 1 else 's'}"


@register.filter
def countdown(moment: Moment | None, today=None) -> str:
    """How far off a planned launch is, from today (UTC): "in 112 days", "tomorrow", "today", "3 days ago" (a
    launch still planned after its day), "in ≈ 4 months" for a launch known only to the month; "" otherwise."""
    if moment is None or moment.precision == YEAR:
        return ""
    today = today or timezone.now().date()
    if moment.is_approximate:
        months = round((moment.earliest.date() - today).days / 30.44)
        return f"in ≈ {months} month{'' if months == 1 else 's'}" if months > 0 else ""
    days = (moment.earliest.date() - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days > 0:
        return f"in {days} days"
    return f"{-days} day{'' if days == -1 else 's'} ago"
