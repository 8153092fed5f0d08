"""The rows of /crews/ and /agreements/ written in Python (`crews.templatetags.list_rows`) are the markup the
templates wrote (kept here, as they were), byte for byte: on the whole record (every kind of career and of
agreement), and with names that need escaping."""

import datetime as dt

import pytest
from django.template import engines

from crews.careers import Career, reading_careers
from crews.ledgers import ledgers
from crews.selectors import crew_for_list, list_other_names
from crews.tests.factories import CrewMemberFactory, OtherNameFactory
from missions.models import Agreement
from missions.tests.factories import AgencyFactory, AgreementFactory

#: /crews/'s rows as its template wrote them.
CREW_ROWS_TEMPLATE = """    {% for person in page %}{% with c=person.career %}
    <tr>
      <td><a href="{{ person.get_absolute_url }}">{{ person.name }}</a></td>
      <td class="small">{% for other in person.other_names.all %}{{ other.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      <td>{{ person.agency.short_name }}</td>
      <td>{{ person.nationality|default:"—" }}</td>
      <td>{{ person.get_status_display }}</td>
      <td class="text-end flights">{{ c.flights }}</td>
      <td class="text-end text-nowrap days">{% if not c.flights %}<span class="text-body-secondary">—</span>{% elif c.days_at_least %}<span title="not counting {{ c.days_uncounted }} flight{{ c.days_uncounted|pluralize }} in flight or whose landing is not on file">at least {{ c.days_fewest|floatformat:1 }}</span>{% elif c.days_approximate %}<span title="between {{ c.days_fewest|floatformat:1 }} and {{ c.days_most|floatformat:1 }} days">≈ {{ c.days_middle|floatformat:1 }}</span>{% else %}{{ c.days_fewest|floatformat:1 }}{% endif %}</td>
      <td class="text-end text-nowrap eva">{% if not c.flights %}<span class="text-body-secondary">—</span>{% elif c.eva_total is None %}<span class="text-body-secondary">not on file</span>{% elif c.eva_at_least %}<span title="{{ c.eva_unknown }} flight{{ c.eva_unknown|pluralize }} without spacewalk hours on file">at least {{ c.eva_total|floatformat:1 }}</span>{% else %}{{ c.eva_total|floatformat:1 }}{% endif %}</td>
    </tr>
    {% endwith %}{% empty %}
    <tr><td colspan="8" class="text-body-secondary">No crew members match.</td></tr>
    {% endfor %}
"""
#: /agreements/'s rows as its template wrote them (its numbers not localized).
AGREEMENT_ROWS_TEMPLATE = """{% localize off %}  {% for ledger in page %}
    {% for d in ledger.directions %}
    <tr>
      {% if forloop.first %}<td rowspan="2"><a href="{{ ledger.agreement.get_absolute_url }}">{{ ledger.agreement.name }}</a><br><small class="text-body-secondary">{{ ledger.balance }}</small></td>
      <td rowspan="2">{{ ledger.agreement.get_kind_display }}</td>
      <td rowspan="2" class="text-nowrap"><span class="badge agreement-state state-{{ ledger.state }}">{% if ledger.state == "in_force" %}in force{% elif ledger.state == "expired" %}expired{% else %}not yet in force{% endif %}</span><br><small class="text-body-secondary">{{ ledger.state_text }}</small></td>{% endif %}
      <td>{{ d.crew.short_name }} crew on {{ d.operator.short_name }} vehicles</td>
      <td class="text-end">{{ d.allotted }}</td><td class="text-end">{{ d.flown }}</td><td class="text-end">{{ d.planned }}</td>
      {% if ledger.expired %}<td class="text-end text-body-secondary" title="The agreement has expired: its unused seats can no longer be flown">—{% if d.left > 0 %}<br><small>{{ d.left }} unused</small>{% elif d.over %}<br><small class="text-danger fw-bold">{{ d.over }} over</small>{% endif %}</td>{% else %}<td class="text-end{% if d.left < 0 %} text-danger fw-bold{% endif %}">{{ d.left }}</td>{% endif %}
    </tr>
    {% endfor %}
  {% empty %}
    <tr><td colspan="8" class="text-body-secondary">{% if searched %}No agreement matches “{{ searched }}”.{% else %}No agreements on file.{% endif %}</td></tr>
  {% endfor %}
{% endlocalize %}"""

#: The same with the rows of each agreement from `agreement_rows`, as the template has it now.
NEW_AGREEMENT_ROWS = AGREEMENT_ROWS_TEMPLATE.replace(
    AGREEMENT_ROWS_TEMPLATE[
        AGREEMENT_ROWS_TEMPLATE.index("  {% for ledger") : AGREEMENT_ROWS_TEMPLATE.index("  {% empty %}")
    ],
    "  {% for ledger in page %}{% agreement_rows ledger %}\n",
)


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load l10n list_rows %}" + source).render(context)


def _people() -> list:
    with reading_careers():
        people = list(crew_for_list())  # other names prefetched, for the template
    list_other_names(people)  # and listed, as /crews/ reads them, for the rows written in Python
    for person in people:
        person.career = Career.of(person)
    return people


def _ledgers() -> list:
    return ledgers(Agreement.objects.select_related("agency_a", "agency_b").order_by("in_force_from", "name"))


def _hostile_names() -> None:
    agency = AgencyFactory(short_name='<A&"B">', name="Agency <i>")
    person = CrewMemberFactory(name='Zed "<b>bold</b>" & Co', agency=agency, nationality="")
    OtherNameFactory(crew_member=person, name="Z<e>d")
    OtherNameFactory(crew_member=person, name="Zed & co")
    other = AgencyFactory(short_name="O'Brien")
    AgreementFactory(name='<script>alert("x")</script>', agency_a=agency, agency_b=other, seats_b_on_a=0)
    AgreementFactory(
        name="Over & out", agency_a=agency, agency_b=other, in_force_to=dt.date(2021, 1, 1), seats_a_on_b=0
    )
    AgreementFactory(name="Not yet", agency_a=other, agency_b=agency, in_force_from=dt.date(2099, 1, 1))


def test_crew_rows_are_the_templates_markup_on_the_whole_record(record):
    _hostile_names()
    people = _people()
    assert len(people) > 100
    written = _render("    {% crew_rows page %}\n", page=people)
    assert written == _render(CREW_ROWS_TEMPLATE, page=people)
    assert (
        "Zed &quot;&lt;b&gt;bold&lt;/b&gt;&quot; &amp; Co" in written
        and "Z&lt;e&gt;d, Zed &amp; co" in written
    )
    for marker in ("at least ", "≈ ", "not on file", "without spacewalk hours"):
        assert marker in written  # every kind of cell was compared


def test_no_crew_rows_is_the_templates_no_one_matches(db):
    assert _render("    {% crew_rows page %}\n", page=[]) == _render(CREW_ROWS_TEMPLATE, page=[])


@pytest.mark.parametrize("searched", ["", "nasa <b>"])
def test_agreement_rows_are_the_templates_markup_on_the_whole_record(record, searched):
    _hostile_names()
    page = _ledgers()
    written = _render(NEW_AGREEMENT_ROWS, page=page, searched=searched)
    assert written == _render(AGREEMENT_ROWS_TEMPLATE, page=page, searched=searched)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in written
    for marker in ("state-in_force", "state-expired", "state-not_yet", " unused</small>"):
        assert marker in written  # every kind of agreement was compared
    assert _render(NEW_AGREEMENT_ROWS, page=[], searched=searched) == _render(
        AGREEMENT_ROWS_TEMPLATE, page=[], searched=searched
    )


@pytest.mark.parametrize("in_force_to", [None, dt.date(2021, 1, 1)])
def test_seats_over_the_allotment_are_written_as_the_template_wrote_them(db, in_force_to):
    from crews.ledgers import Direction, Ledger
    from missions.models import Agency

    a, b = Agency(pk=1, short_name="NASA"), Agency(pk=2, short_name="Roscosmos")
    agreement = Agreement(
        name="Swap",
        slug="swap",
        agency_a=a,
        agency_b=b,
        in_force_from=dt.date(2020, 1, 1),
        in_force_to=in_force_to,
    )
    page = [Ledger(agreement, Direction(a, b, 1, flown=3, planned=1), Direction(b, a, 2, flown=1))]
    written = _render(NEW_AGREEMENT_ROWS, page=page, searched="")
    assert written == _render(AGREEMENT_ROWS_TEMPLATE, page=page, searched="")
    assert (" over</small>" if in_force_to else "text-danger fw-bold") in written


# --- /missions/ ---------------------------------------------------------------------------------------------

#: The launches list's rows as crews/mission_list.html wrote them (kept here, as it was).
MISSION_ROWS_TEMPLATE = """{% load moments %}    {% for mission in page %}
    <tr>
      <td class="text-nowrap col-launch">{% moment_html mission.launch mission.launch_site.time_zone %}{% if mission.is_upcoming %}{% with left=mission.launch|countdown %}{% if left %}<br><small class="countdown">{{ left }}</small>{% endif %}{% endwith %}{% endif %}</td>
      <td class="col-mission"><a href="{{ mission.get_absolute_url }}">{{ mission.name }}</a>{% if mission.destination %} <span class="text-body-secondary small">→ {{ mission.destination.short_name }}</span>{% endif %}
        {% if mission.warnings %}<a class="badge rule-flag {% if mission.only_possible %}text-bg-light border{% else %}text-bg-warning{% endif %}" href="{{ mission.get_absolute_url }}#rule-warnings" title="{% for w in mission.warnings %}{{ w.message }}{% if not forloop.last %}&#10;{% endif %}{% endfor %}">⚠ {{ mission.warnings|length }} {% if mission.only_possible %}possible clash{{ mission.warnings|length|pluralize:"es" }}{% else %}rule warning{{ mission.warnings|length|pluralize }}{% endif %}</a>{% endif %}
        {% if mission.crew %}<div class="crew-chips">{% for chip in mission.crew %}<span class="crew-chip" title="{{ chip.name }} ({{ chip.agency }})">{{ chip.surname }}</span>{% endfor %}</div>{% endif %}
        <small class="d-sm-none"><span class="badge status-{{ mission.status }}">{{ mission.get_status_display }}</span> {{ mission.ascent_filled }} / {{ mission.spacecraft.seat_count }} up{% if mission.has_cross_agency %} · cross-agency: {{ mission.cross_agencies|join:", " }}{% endif %}</small>
      </td>
      <td class="d-none d-md-table-cell">{{ mission.spacecraft.name }}{% if mission.vehicle %} <span class="text-body-secondary">“{{ mission.vehicle }}”</span>{% endif %}</td>
      <td class="d-none d-lg-table-cell">{{ mission.launch_site.name }}</td>
      <td class="d-none d-sm-table-cell"><span class="badge status-{{ mission.status }}">{{ mission.get_status_display }}</span></td>
      <td class="text-end text-nowrap d-none d-sm-table-cell">{{ mission.ascent_filled }} / {{ mission.spacecraft.seat_count }}{% if not mission.return_filled and mission.ascent_filled %}<br><small class="text-body-secondary" title="{% if mission.is_upcoming %}no return seat planned yet{% else %}no return leg on file for this mission (its crew may have come home on another){% endif %}">back: —</small>{% elif mission.return_filled != mission.ascent_filled %}<br><small class="text-body-secondary">{{ mission.return_filled }} back</small>{% endif %}</td>
      <td class="d-none d-md-table-cell">{% if mission.has_cross_agency %}<span class="badge text-bg-info">cross-agency: {{ mission.cross_agencies|join:", " }}</span>{% endif %}</td>
    </tr>
    {% empty %}
    <tr><td colspan="7" class="text-body-secondary">No launches match.</td></tr>
    {% endfor %}
"""


def _launch_page(ids) -> list:
    from crews.selectors import launch_rows, launch_warnings

    rows = launch_rows(ids)
    warnings = launch_warnings(rows)
    for mission in rows:
        mission.warnings = warnings[mission.pk]
        mission.only_possible = all(w.possible for w in mission.warnings)
    return rows


def _hostile_launches() -> None:
    """Names that need escaping, an upcoming launch with a countdown, a possible clash and a plain warning."""
    from crews.tests.factories import SeatAssignmentFactory
    from missions.tests.factories import LaunchSiteFactory, MissionFactory, SpacecraftFactory, StationFactory

    agency = AgencyFactory(short_name='<A&"B">')
    craft = SpacecraftFactory(name='Craft "<x>"', operator=agency, seat_count=3)
    site = LaunchSiteFactory(name="Site & <b>", time_zone="Asia/Qyzylorda")
    station = StationFactory(short_name="<S>")
    soon = MissionFactory(
        name='Soon <i>"now"</i>',
        spacecraft=craft,
        launch_site=site,
        destination=station,
        launch_date=dt.date.today() + dt.timedelta(days=40),
        status="planned",
        vehicle="V<1>",
    )
    guest = CrewMemberFactory(name='Guest "<g>" O\'Neil', agency=AgencyFactory(short_name="G&G"))
    SeatAssignmentFactory(mission=soon, crew_member=guest, seat=1)  # cross-agency, no agreement: a warning
    for n, (launch, precision) in enumerate(((dt.date(2010, 3, 1), "day"), (dt.date(2010, 8, 1), "month"))):
        rough = MissionFactory(
            name=f"Rough {n}",
            spacecraft=craft,
            launch_site=site,
            launch_date=launch,
            launch_precision=precision,
            landing_date=launch + dt.timedelta(days=160),
            status="landed",
        )
        SeatAssignmentFactory(
            mission=rough, crew_member=CrewMemberFactory(name=f"Someone {n}", agency=agency), seat=1
        )
        SeatAssignmentFactory(mission=rough, crew_member=guest, seat=2, leg="return")


def test_mission_rows_are_the_templates_markup_on_the_whole_record(record):
    from crews.selectors import missions_for_list

    _hostile_launches()
    ids = list(missions_for_list().values_list("pk", flat=True))
    assert len(ids) > 300
    for start in range(0, len(ids), 25):  # every launch on file, a page at a time
        page = _launch_page(ids[start : start + 25])
        written = _render("    {% mission_rows page %}\n", page=page)
        assert written == _render(MISSION_ROWS_TEMPLATE, page=page), start
    written = _render("    {% mission_rows page %}\n", page=_launch_page(ids))
    for marker in (
        "&lt;A&amp;&quot;B&quot;&gt;",
        "Soon &lt;i&gt;&quot;now&quot;&lt;/i&gt;",
        "in 40 days",
        "rule warning",
        "back: —",
        " back<",
        "cross-agency: ",
        "“V&lt;1&gt;”",
        "→ &lt;S&gt;",
    ):
        assert marker in written, marker  # every kind of cell was compared


def test_no_mission_rows_is_the_templates_none_match(db):
    assert _render("    {% mission_rows page %}\n", page=[]) == _render(MISSION_ROWS_TEMPLATE, page=[])
