"""A station's timeline (`continuity.timeline.Timeline`) as SVG, written in Python: the markup of the template
`crews/includes/timeline.svg` (kept as it was in `crews/tests/test_timeline_svg.py`, which compares the two), a
fraction of its time. Values are written as the template wrote them: escaped and localized
(`form_renderer.template_text`), offsets by the template's own `add` filter, dates by its `date` filter."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import add, date
from django.utils.safestring import SafeString, mark_safe

from ..form_renderer import template_text as v

register = template.Library()

_BOLD, _OPEN = ' font-weight="bold"', ' fill-opacity="0.6"'


def _ticks(t) -> str:
    return "".join(
        f'\n    <line x1="{v(tick.svg_x)}" x2="{v(tick.svg_x)}" y1="16" y2="{v(t.axis_y)}" '
        f'stroke="{"#999" if tick.major else "#ddd"}" stroke-width="1"/>'
        f'\n    <text x="{v(tick.svg_x)}" y="12" text-anchor="middle" fill="#555"'
        f"{_BOLD if tick.major else ''}>{v(tick.label)}</text>\n    "
        for tick in t.ticks
    )


def _bars(t) -> str:
    return "".join(
        f'\n    <g class="mission" data-mission="{v(bar.label)}">'
        f"\n      <title>{v(bar.title)}</title>"
        f'\n      <text x="{v(t.label_x)}" y="{v(add(bar.y, 10))}" text-anchor="end" fill="#222">{v(bar.label)}</text>'
        f'\n      <rect x="{v(bar.svg_x)}" y="{v(add(bar.y, 2))}" width="{v(bar.svg_width)}" height="11" rx="2" '
        f'fill="{v(bar.colour)}"{_OPEN if bar.open_end else ""}/>'
        "\n    </g>\n    "
        for bar in t.bars
    )


def _lanes(t) -> str:
    parts = []
    for lane in t.lanes:
        covered = "".join(
            f'<rect class="aboard" x="{v(bar.svg_x)}" y="{v(add(lane.y, 2))}" width="{v(bar.svg_width)}" height="16" '
            f'fill="{v(bar.colour)}"><title>{v(bar.title)}</title></rect>'
            for bar in lane.covered
        )
        gaps = "".join(
            f'<rect class="gap" x="{v(bar.svg_x)}" y="{v(lane.y)}" width="{v(bar.svg_width)}" height="20" '
            f'fill="{v(bar.colour)}" stroke="#000" stroke-width="0.5"><title>{v(bar.title)}</title></rect>'
            for bar in lane.gaps
        )
        parts.append(
            f'\n    <g class="lane" data-agency="{v(lane.agency)}">'
            f'\n      <text x="{v(t.label_x)}" y="{v(add(lane.y, 13))}" text-anchor="end" font-weight="bold" '
            f'fill="#222">{v(lane.agency)} aboard</text>'
            f'\n      <rect x="{v(t.plot_left)}" y="{v(add(lane.y, 2))}" width="{v(t.plot_width)}" height="16" '
            'fill="none" stroke="#ccc"/>'
            f"\n      {covered}"
            f"\n      {gaps}"
            "\n    </g>\n    "
        )
    return "".join(parts)


def _legend(t) -> str:
    return "".join(
        f'\n    <rect x="{v(item.x)}" y="{v(add(t.legend_y, item.dy))}" width="14" height="10" '
        f'fill="{v(item.colour)}" fill-opacity="{v(item.opacity)}"/>'
        f'\n    <text x="{v(add(item.x, 18))}" y="{v(add(add(t.legend_y, item.dy), 9))}" fill="#222">'
        f"{v(item.label)}</text>\n    "
        for item in t.legend
    )


@register.simple_tag
def timeline_svg(t, svg_id, svg_title) -> SafeString:
    """The timeline `t` as the SVG drawing of `crews/includes/timeline.svg` (titled `svg_title`, its ids from
    `svg_id`)."""
    line_end = v(add(t.legend_y, -6))
    today = marker = ""
    if t.today:
        today = (
            f'<g class="today"><line x1="{v(t.today.svg_x)}" x2="{v(t.today.svg_x)}" y1="16" y2="{line_end}" '
            f'stroke="#0d6efd" stroke-width="1.5"/><text x="{v(t.today.svg_x)}" dx="3" y="{v(add(t.axis_y, -3))}" '
            f'fill="#0d6efd" paint-order="stroke" stroke="#fff" stroke-width="3">{v(t.today.label)}</text></g>'
        )
    if t.marker:
        marker = (
            f'<g class="marker"><line x1="{v(t.marker.svg_x)}" x2="{v(t.marker.svg_x)}" y1="16" y2="{line_end}" '
            f'stroke="#d62728" stroke-width="2"/><text x="{v(t.marker.svg_x)}" y="{v(add(t.legend_y, -8))}" '
            f'fill="#d62728" font-weight="bold"> {v(t.marker.label)}</text></g>'
        )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="100%" '
        f'viewBox="0 0 {v(t.width)} {v(t.height)}" font-family="system-ui, sans-serif" font-size="11" '
        f'aria-labelledby="{v(svg_id)}-title">'
        f'\n  <title id="{v(svg_id)}-title">{v(svg_title)}</title>'
        f'\n  <g class="ticks">\n    {_ticks(t)}\n  </g>'
        f'\n  <g class="missions">\n    {_bars(t)}\n  </g>'
        f'\n  <line x1="{v(t.plot_left)}" x2="{v(t.plot_right)}" y1="{v(t.axis_y)}" y2="{v(t.axis_y)}" stroke="#999"/>'
        f'\n  <line class="period-end" x1="{v(t.svg_period_end_x)}" x2="{v(t.svg_period_end_x)}" y1="16" '
        f'y2="{line_end}" stroke="#333" stroke-dasharray="4 3"><title>end of the period</title></line>'
        f'\n  <text class="period-end-label" x="{v(t.svg_period_end_x)}" dx="-4" y="{v(add(t.legend_y, -8))}" '
        f'text-anchor="end" fill="#333">end of the period, {v(date(t.period.end, "Y-m-d H:i"))} UTC</text>'
        f"\n  {today}"
        f"\n  {marker}"
        f'\n  <g class="lanes">\n    {_lanes(t)}\n  </g>'
        f'\n  <g class="legend">\n    {_legend(t)}\n  </g>'
        "\n</svg>\n"
    )
