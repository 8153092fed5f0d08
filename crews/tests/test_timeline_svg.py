"""A station's timeline written in Python (`crews.templatetags.timeline_svg`) is the SVG its template wrote
(kept here, as it was), byte for byte: on the whole record, for the default period and others, with today's line
and without, with a grounding's marker, and with names that need escaping."""

import pytest
from django.template import engines
from django.test import RequestFactory

from crews.views.stations import _context

#: `crews/includes/timeline.svg` as it was.
TIMELINE_TEMPLATE = """<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="100%" viewBox="0 0 {{ t.width }} {{ t.height }}" font-family="system-ui, sans-serif" font-size="11" aria-labelledby="{{ svg_id }}-title">
  <title id="{{ svg_id }}-title">{{ svg_title }}</title>
  <g class="ticks">
    {% for tick in t.ticks %}
    <line x1="{{ tick.svg_x }}" x2="{{ tick.svg_x }}" y1="16" y2="{{ t.axis_y }}" stroke="{% if tick.major %}#999{% else %}#ddd{% endif %}" stroke-width="1"/>
    <text x="{{ tick.svg_x }}" y="12" text-anchor="middle" fill="#555"{% if tick.major %} font-weight="bold"{% endif %}>{{ tick.label }}</text>
    {% endfor %}
  </g>
  <g class="missions">
    {% for bar in t.bars %}
    <g class="mission" data-mission="{{ bar.label }}">
      <title>{{ bar.title }}</title>
      <text x="{{ t.label_x }}" y="{{ bar.y|add:10 }}" text-anchor="end" fill="#222">{{ bar.label }}</text>
      <rect x="{{ bar.svg_x }}" y="{{ bar.y|add:2 }}" width="{{ bar.svg_width }}" height="11" rx="2" fill="{{ bar.colour }}"{% if bar.open_end %} fill-opacity="0.6"{% endif %}/>
    </g>
    {% endfor %}
  </g>
  <line x1="{{ t.plot_left }}" x2="{{ t.plot_right }}" y1="{{ t.axis_y }}" y2="{{ t.axis_y }}" stroke="#999"/>
  <line class="period-end" x1="{{ t.svg_period_end_x }}" x2="{{ t.svg_period_end_x }}" y1="16" y2="{{ t.legend_y|add:-6 }}" stroke="#333" stroke-dasharray="4 3"><title>end of the period</title></line>
  <text class="period-end-label" x="{{ t.svg_period_end_x }}" dx="-4" y="{{ t.legend_y|add:-8 }}" text-anchor="end" fill="#333">end of the period, {{ t.period.end|date:"Y-m-d H:i" }} UTC</text>
  {% if t.today %}<g class="today"><line x1="{{ t.today.svg_x }}" x2="{{ t.today.svg_x }}" y1="16" y2="{{ t.legend_y|add:-6 }}" stroke="#0d6efd" stroke-width="1.5"/><text x="{{ t.today.svg_x }}" dx="3" y="{{ t.axis_y|add:-3 }}" fill="#0d6efd" paint-order="stroke" stroke="#fff" stroke-width="3">{{ t.today.label }}</text></g>{% endif %}
  {% if t.marker %}<g class="marker"><line x1="{{ t.marker.svg_x }}" x2="{{ t.marker.svg_x }}" y1="16" y2="{{ t.legend_y|add:-6 }}" stroke="#d62728" stroke-width="2"/><text x="{{ t.marker.svg_x }}" y="{{ t.legend_y|add:-8 }}" fill="#d62728" font-weight="bold"> {{ t.marker.label }}</text></g>{% endif %}
  <g class="lanes">
    {% for lane in t.lanes %}
    <g class="lane" data-agency="{{ lane.agency }}">
      <text x="{{ t.label_x }}" y="{{ lane.y|add:13 }}" text-anchor="end" font-weight="bold" fill="#222">{{ lane.agency }} aboard</text>
      <rect x="{{ t.plot_left }}" y="{{ lane.y|add:2 }}" width="{{ t.plot_width }}" height="16" fill="none" stroke="#ccc"/>
      {% for bar in lane.covered %}<rect class="aboard" x="{{ bar.svg_x }}" y="{{ lane.y|add:2 }}" width="{{ bar.svg_width }}" height="16" fill="{{ bar.colour }}"><title>{{ bar.title }}</title></rect>{% endfor %}
      {% for bar in lane.gaps %}<rect class="gap" x="{{ bar.svg_x }}" y="{{ lane.y }}" width="{{ bar.svg_width }}" height="20" fill="{{ bar.colour }}" stroke="#000" stroke-width="0.5"><title>{{ bar.title }}</title></rect>{% endfor %}
    </g>
    {% endfor %}
  </g>
  <g class="legend">
    {% for item in t.legend %}
    <rect x="{{ item.x }}" y="{{ t.legend_y|add:item.dy }}" width="14" height="10" fill="{{ item.colour }}" fill-opacity="{{ item.opacity }}"/>
    <text x="{{ item.x|add:18 }}" y="{{ t.legend_y|add:item.dy|add:9 }}" fill="#222">{{ item.label }}</text>
    {% endfor %}
  </g>
</svg>
"""

QUERIES = [
    {},
    {"period_start": "2022-01-01", "period_end": "2024-01-01"},
    {"period_start": "2023-06-01", "period_end": "2023-06-20"},
    {"period_start": "1998-01-01", "period_end": "2030-01-01"},
    {"ground": "crew-dragon", "from": "2023-01-01"},
    {"ground": "soyuz", "from": "2024-03-01", "period_start": "2023-01-01", "period_end": "2025-01-01"},
]


def _both(report) -> tuple[str, str]:
    context = {"t": report.timeline, "svg_id": report.svg_id, "svg_title": report.title}
    mine = engines["django"].from_string("{% load timeline_svg %}{% timeline_svg t svg_id svg_title %}")
    return mine.render(context), engines["django"].from_string(TIMELINE_TEMPLATE).render(context)


@pytest.mark.parametrize(
    "query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()) or "default"
)
def test_the_timeline_is_the_templates_svg_on_the_whole_record(record, query):
    drawn = 0
    for station in ("iss", "tiangong", "mir"):
        try:
            context = _context(RequestFactory().get("/", query), station)
        except Exception as error:  # a station the record does not hold
            assert type(error).__name__ == "Http404"
            continue
        for report in context["reports"]:
            if report.timeline:
                mine, template = _both(report)
                assert mine == template, (station, query, report.title)
                drawn += 1
    assert drawn


def test_a_grounding_marker_and_escaped_names_are_written_as_the_template_wrote_them(record):
    context = _context(RequestFactory().get("/", {"ground": "crew-dragon", "from": "2023-01-01"}), "iss")
    reports = [r for r in context["reports"] if r.timeline]
    assert any(r.timeline.marker for r in reports)
    for report in reports:
        for bar in report.timeline.bars:
            bar.label, bar.title = 'Crew <"9"> & co', "it's <b>"
        for lane in report.timeline.lanes:
            lane.agency = "A&B"
        report.title = "<script>"
        mine, template = _both(report)
        assert mine == template
        assert "Crew &lt;&quot;9&quot;&gt; &amp; co" in mine and "&lt;script&gt;" in mine
