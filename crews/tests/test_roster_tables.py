"""A launch's roster page written in Python (`crews.templatetags.roster_tables`) is the markup its templates wrote
(kept here, as they were), byte for byte: the seat tables (`crews/includes/seat_table.html`), the header and the
recent changes (`crews/mission_roster.html`). On every launch of the whole record, for a viewer and for a planner
with each permission on seats, for someone who may change missions or not, on the staff or not; and on launches
made for the rows the record may not hold (seats beyond the spacecraft's, without a number, training under way
until a date, a person's other leg on another launch or missing, a landing not known yet), with names that need
escaping."""

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.template import engines

from crews.history import recent_changes
from crews.models import Qualification, SeatAssignment
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.views.rosters import seat_tables
from missions.models import Mission
from missions.tests.factories import (
    AgencyFactory,
    AgreementFactory,
    LaunchSiteFactory,
    MissionFactory,
    SpacecraftFactory,
    StationFactory,
)

#: crews/includes/seat_table.html as the roster page included it.
SEAT_TABLE_TEMPLATE = """{# One leg's seats. Context: seats (RosterSeat list, with their planner's links when editable), leg ("ascent" or "return"), mission, editable (planner controls), may (add, change, delete: the user's permissions on seats), assign_url (when editable), flown (the leg has happened). #}
<div class="table-responsive">
<table class="table table-sm align-middle seat-table" data-leg="{{ leg }}">
  <thead>
    <tr>
      <th scope="col" class="col-seat">Seat</th>
      <th scope="col" class="col-role d-none d-sm-table-cell">Role</th>
      <th scope="col" class="col-name">Name</th>
      <th scope="col" class="col-agency">Agency</th>
      <th scope="col" class="col-nationality d-none d-md-table-cell">Nationality</th>
      <th scope="col" class="col-cross d-none d-md-table-cell">Cross-agency</th>
      <th scope="col" class="col-training" title="Training on {{ mission.spacecraft.name }}">Training</th>
      {% if editable %}<th scope="col" class="col-actions d-print-none"><span class="visually-hidden">Changes</span></th>{% endif %}
    </tr>
  </thead>
  <tbody>
    {% for seat in seats %}
    {% with a=seat.assignment %}
    <tr{% if not a %} class="open-seat"{% endif %}>
      <td>{% if seat.seat is None %}<span title="the record does not say which seat">—</span>{% else %}{{ seat.seat }}{% endif %}{% if seat.beyond_seat_count %} <span class="badge text-bg-danger" title="{{ mission.spacecraft.name }} has {{ mission.spacecraft.seat_count }} seats">no such seat</span>{% endif %}</td>
      {% if a %}
        <td class="d-none d-sm-table-cell">{{ a.get_role_display }}</td>
        <td>
          <a href="{{ a.crew_member.get_absolute_url }}">{{ a.crew_member.name }}</a>
          <small class="d-sm-none text-body-secondary"><br>{{ a.get_role_display }}</small>
          {% if seat.cross_agency %}<span class="d-md-none badge text-bg-info">cross-agency</span>{% endif %}
          {% if seat.other_mission %}
            <br><small class="other-leg">{% if leg == "ascent" %}returns on{% else %}launched on{% endif %} <a href="{{ seat.other_mission.get_absolute_url }}">{{ seat.other_mission.name }}</a></small>
          {% elif seat.other_leg_missing %}
            <br><small class="text-body-secondary">{% if leg == "ascent" %}no return leg on file{% else %}no ascent on file{% endif %}</small>
          {% endif %}
        </td>
        <td>{{ a.crew_member.agency.short_name }}</td>
        <td class="d-none d-md-table-cell">{{ a.crew_member.nationality|default:"—" }}</td>
        <td class="d-none d-md-table-cell">
          {% if seat.cross_agency %}
            <span class="badge text-bg-info">cross-agency</span>
            {% if a.agreement %}<br><small><a href="{{ a.agreement.get_absolute_url }}">{{ a.agreement.name }}</a></small>{% else %}<br><small class="text-danger">no agreement on file</small>{% endif %}
          {% endif %}
        </td>
        <td>
          {% if seat.training == "qualified" %}<span class="badge text-bg-success">qualified</span>
          {% elif seat.training == "in_training" %}<span class="badge text-bg-secondary">in training</span>{% if a.training_completes %}<br><small>until {{ a.training_completes|date:"Y-m-d" }}</small>{% endif %}
          {% else %}<span class="badge text-bg-warning qualification-none">none</span>{% endif %}
        </td>
        {% if editable %}
        <td class="d-print-none seat-actions">
          {% if may.change %}
            <a class="btn btn-sm btn-outline-secondary" href="{{ seat.links.move }}">Move</a>
            <a class="btn btn-sm btn-outline-secondary" href="{{ seat.links.swap }}">Swap</a>
          {% endif %}
          {% if may.add and leg == "ascent" and seat.other_leg_missing %}
            <a class="btn btn-sm btn-outline-secondary" href="{{ seat.links.return }}">Return…</a>
          {% endif %}
          {% if may.delete %}
            <a class="btn btn-sm btn-outline-danger" href="{{ seat.links.release }}">Release</a>
          {% endif %}
        </td>
        {% endif %}
      {% else %}
        <td colspan="6" class="text-body-secondary fst-italic open-cell">{% if flown %}empty{% else %}open{% endif %}</td>
        {% if editable %}
        <td class="d-print-none seat-actions">
          {% if may.add %}
            <a class="btn btn-sm btn-outline-primary" href="{{ assign_url }}?leg={{ leg }}&amp;seat={{ seat.seat }}">Assign</a>
          {% endif %}
        </td>
        {% endif %}
      {% endif %}
    </tr>
    {% endwith %}
    {% endfor %}
  </tbody>
</table>
</div>
"""

#: What a user may do to seats: a viewer, a planner, and someone with one permission of the three.
VIEWER = {"add": False, "change": False, "delete": False}
PLANNER = {"add": True, "change": True, "delete": True}
ONE_EACH = [{**VIEWER, name: True} for name in VIEWER]
#: Each leg: its name, the roster's seats and the page's context for it, as the page passes them.
LEGS = (
    ("ascent", "ascent", "can_plan_ascent", "ascent_flown"),
    ("return", "return_leg", "can_plan_return", "return_flown"),
)


def _render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


def _old_table(context: dict, leg: str) -> str:
    _, seats, editable, flown = next(entry for entry in LEGS if entry[0] == leg)
    return _render(
        SEAT_TABLE_TEMPLATE,
        {
            **context,
            "seats": getattr(context["roster"], seats),
            "leg": leg,
            "editable": context[editable],
            "flown": context[flown],
        },
    )


def _tables(mission: Mission, may: dict) -> list[tuple[str, str]]:
    """Each leg's table as the template wrote it and as `{% seat_table %}` writes it (as the page calls it)."""
    context = seat_tables(mission, may)
    return [
        (
            _old_table(context, leg),
            _render(
                f'{{% load roster_tables %}}{{% seat_table roster.{seats} "{leg}" {editable} {flown} %}}',
                context,
            ),
        )
        for leg, seats, editable, flown in LEGS
    ]


def _compared(missions, mays) -> str:
    """Every table of these missions for users with these permissions, the same both ways; all of them."""
    written = []
    for mission, may in itertools.product(missions, mays):
        for old, new in _tables(mission, may):
            assert new == old, (mission.slug, may)
            written.append(new)
    return "".join(written)


def test_seat_tables_are_the_templates_markup_on_the_whole_record(record):
    missions = list(Mission.objects.order_by("launch_date", "pk"))
    assert len(missions) > 300
    written = _compared(missions, [VIEWER, PLANNER, *ONE_EACH])
    for marker in (
        'class="open-seat"',
        'fst-italic open-cell">empty</td>',
        'fst-italic open-cell">open</td>',
        "returns on <a",
        "launched on <a",
        "no return leg on file",
        'title="the record does not say which seat"',
        "no agreement on file",
        '<br><small><a href="/agreements/',
        'text-bg-success">qualified</span>',
        "qualification-none",
        ">Move</a>",
        ">Assign</a>",
    ):
        assert marker in written, marker  # every kind of row the record holds was compared


def _edge_cases() -> list[Mission]:
    """Launches with every kind of row, names that need escaping: `up` (planned) holds seats beyond the
    spacecraft's and without a number, people under an agreement and not, qualified, in training with a date and
    without, untrained; its guest returns on `down`; a veteran flew up on `flown` (landed, its return seats flown
    empty) and comes down on `up`, beside someone with no ascent on file and an open seat; `aloft` has launched
    and its return is still planned."""
    home = AgencyFactory(short_name='<A&"B">', name="Agency <i>")
    guests = AgencyFactory(short_name="O'Brien & co")
    craft = SpacecraftFactory(name='Craft "<x>"', operator=home, seat_count=3)
    agreement = AgreementFactory(name='<script>alert("x")</script>', agency_a=home, agency_b=guests)

    site = LaunchSiteFactory(name="Site & <b>", country="Land <l>", time_zone="Asia/Qyzylorda")

    def mission(name: str, launch: dt.date, status: str = "planned", **kw) -> Mission:
        return MissionFactory(
            name=name, spacecraft=craft, launch_site=site, launch_date=launch,
            landing_date=launch + dt.timedelta(days=180), status=status, **kw,
        )  # fmt: skip

    station = StationFactory(name="Station <s>", short_name="<S>")
    up = mission('Up <i>"now"</i>', dt.date(2031, 3, 1), vehicle="V<1>", destination=station)
    down = mission("Down & out", dt.date(2031, 8, 1))
    flown = mission("Flown <b>", dt.date(2020, 3, 1), status="landed")
    # Launched, its return still planned; its landing not on file.
    aloft = mission("Aloft", dt.date(2026, 10, 1), status="launched", landing_by=dt.date(2026, 12, 1))
    Mission.objects.filter(pk__in=[aloft.pk, down.pk]).update(landing_date=None)  # `down`'s not known yet
    for landing_not_on_file in (aloft, down):
        landing_not_on_file.refresh_from_db()
    second = AgreementFactory(name="Another & one", agency_a=home, agency_b=guests)
    guest = CrewMemberFactory(name='Guest "<g>" O\'Neil', agency=guests, nationality="<N>")
    stranger = CrewMemberFactory(name="Stranger <s>", agency=guests, nationality="")
    extra = CrewMemberFactory(name="Extra & Co", agency=home)
    unnumbered = CrewMemberFactory(name="No <number>", agency=home)
    veteran = CrewMemberFactory(name="Veteran 'V'", agency=home)
    lonely = CrewMemberFactory(name="Lonely <l>", agency=home)
    for where, leg, seat, person, kw in (
        (up, "ascent", 1, guest, {"agreement": agreement, "role": SeatAssignment.Role.COMMANDER}),
        (up, "ascent", 2, stranger, {}),
        (up, "ascent", 3, CrewMemberFactory(name="Guest two", agency=guests), {"agreement": second}),
        (up, "ascent", 4, extra, {}),
        (up, "ascent", None, unnumbered, {}),
        (down, "return", 1, guest, {}),
        (flown, "ascent", 1, veteran, {}),
        (up, "return", 1, veteran, {}),
        (up, "return", 2, lonely, {}),
        (aloft, "ascent", 1, CrewMemberFactory(name="Aloft <a>", agency=home), {}),
    ):
        SeatAssignmentFactory(mission=where, leg=leg, seat=seat, crew_member=person, **kw)
    # One change saved by someone whose name needs escaping too.
    someone = get_user_model().objects.create_user('<u>&"o"')
    SeatAssignment.history.filter(mission_id=up.pk, leg="ascent", seat=1).update(history_user=someone)
    training = Qualification.Status
    Qualification.objects.create(crew_member=guest, spacecraft=craft, status=training.QUALIFIED)
    Qualification.objects.create(
        crew_member=stranger,
        spacecraft=craft,
        status=training.IN_TRAINING,
        planned_completion=dt.date(2031, 2, 1),
    )
    Qualification.objects.create(crew_member=extra, spacecraft=craft, status=training.IN_TRAINING)
    return [up, down, flown, aloft]


def test_seat_tables_are_the_templates_markup_on_every_kind_of_row(db):
    written = _compared(_edge_cases(), [VIEWER, PLANNER, *ONE_EACH])
    for marker in (
        "returns on <a",
        "launched on <a",
        "no return leg on file",
        "no ascent on file",
        ">no such seat</span>",
        'title="the record does not say which seat"',
        'text-bg-success">qualified</span>',
        "in training</span><br><small>until 2031-02-01</small>",
        "in training</span>\n",
        "qualification-none",
        "no agreement on file",
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
        'fst-italic open-cell">empty</td>',
        'fst-italic open-cell">open</td>',
        "Guest &quot;&lt;g&gt;&quot; O&#x27;Neil",
        "Down &amp; out",
        "O&#x27;Brien &amp; co",
        "&lt;N&gt;",
        '<td class="d-none d-md-table-cell">—</td>',
        'title="Training on Craft &quot;&lt;x&gt;&quot;"',
        ">Move</a>",
        ">Swap</a>",
        ">Return…</a>",
        ">Release</a>",
        ">Assign</a>",
        '<span class="visually-hidden">Changes</span>',
    ):
        assert marker in written, marker  # every kind of row was compared


@pytest.mark.parametrize("who", ["viewer_client", "planner_client", "steward_client"])
def test_the_roster_page_shows_the_templates_markup(request, who, db):
    """The page passes each leg what the template's include was given (its seats, its name, whether it may be
    planned, whether it has flown), and the header and the changes what the template read."""
    client = request.getfixturevalue(who)
    for mission in _edge_cases():
        response = client.get(mission.get_absolute_url())
        html = response.content.decode()
        context = {key: response.context[key] for key in ("roster", "may", "mission", "assign_url")}
        context |= {key: response.context[key] for _, _, *keys in LEGS for key in keys}
        for leg, *_ in LEGS:
            assert _old_table(context, leg) in html, (mission.slug, leg)
        assert ('class="col-actions' in html) == (who != "viewer_client" and bool(mission.open_legs()))
        header = _render(
            HEADER_TEMPLATE, {**context, "perms": response.context["perms"], "user": response.context["user"]}
        )
        assert f"\n{header}\n\n" in html
        assert ("Edit in admin" in header) == (who == "steward_client")
        assert _render(CHANGES_TEMPLATE, {"changes": response.context["changes"]}) in html


# --- the header and the recent changes -------------------------------------------------------------------------

#: The top of crews/mission_roster.html as it wrote it (the name, the buttons, what the launch is).
HEADER_TEMPLATE = (
    "{% load addresses moments %}{% with site=mission.launch_site spacecraft=mission.spacecraft %}"
    + """<div class="d-flex flex-wrap justify-content-between align-items-start gap-2 mb-3">
  <div>
    <p class="mb-0 d-print-none"><a href="{% address 'pages:mission_list' %}">← Launches</a></p>
    <h1 class="h3 mb-0">{{ mission.name }} <span class="badge status-{{ mission.status }} align-middle">{{ mission.get_status_display }}</span></h1>
  </div>
  <div class="d-flex gap-2 d-print-none">
    <a class="btn btn-primary" href="{% address 'pages:export_one' mission.slug %}" download>Download CSV</a>
    <button type="button" class="btn btn-outline-secondary" onclick="window.print()">Print</button>
    {% if perms.missions.change_mission %}
      <a class="btn btn-outline-primary" href="{% address 'pages:mission_edit' mission.slug %}">Edit mission</a>
    {% endif %}
    {% if user.is_staff and perms.missions.change_mission %}
      <a class="btn btn-outline-secondary" href="{% address 'admin:missions_mission_change' mission.pk %}">Edit in admin</a>
    {% endif %}
  </div>
</div>

<dl class="row roster-header mb-3">
  <dt class="col-sm-3 col-lg-2">Spacecraft</dt>
  <dd class="col-sm-9 col-lg-4">{{ spacecraft.name }}{% if mission.vehicle %} “{{ mission.vehicle }}”{% endif %} ({{ spacecraft.seat_count }} seat{{ spacecraft.seat_count|pluralize }})</dd>
  <dt class="col-sm-3 col-lg-2">Operator</dt>
  <dd class="col-sm-9 col-lg-4">{{ spacecraft.operator.short_name }}</dd>
  <dt class="col-sm-3 col-lg-2">Launch site</dt>
  <dd class="col-sm-9 col-lg-4">{{ site.name }}{% if site.country %}, {{ site.country }}{% endif %}</dd>
  <dt class="col-sm-3 col-lg-2">Destination</dt>
  <dd class="col-sm-9 col-lg-4">{% if mission.destination %}<a href="{{ mission.destination.get_absolute_url }}{% if not mission.launch.is_approximate %}?date={{ mission.launch_date.isoformat }}{% endif %}"{% if mission.launch.is_approximate %} title="launched {{ mission.launch.on_or_in }}: the day is not known"{% endif %}>{{ mission.destination.name }} ({{ mission.destination.short_name }})</a>{% else %}—{% endif %}</dd>
  <dt class="col-sm-3 col-lg-2">Launch</dt>
  <dd class="col-sm-9 col-lg-4">{% moment_html mission.launch site.time_zone stacked=False say_no_time=True %}</dd>
  <dt class="col-sm-3 col-lg-2">Landing</dt>
  <dd class="col-sm-9 col-lg-4">{% if mission.outcome %}<strong class="outcome">{{ mission.get_outcome_display }}</strong>{% if mission.landing %}: {% endif %}{% endif %}{% if mission.landing %}{% moment_html mission.landing site.time_zone stacked=False say_no_time=True %}{% elif mission.outcome %}{% elif mission.is_record %}not on file{% if mission.crew_seen_until %} (a source last shows the crew in space on {{ mission.crew_seen_until.isoformat }}){% endif %}{% if mission.landing_by %} (landed by {{ mission.landing_by.isoformat }} at the latest){% endif %}{% else %}not known yet{% endif %}</dd>
  {% with length=mission.launch|duration:mission.landing %}{% if length %}
  <dt class="col-sm-3 col-lg-2">Duration</dt>
  <dd class="col-sm-9 col-lg-10 flight-duration">{{ length }}{% if mission.is_upcoming %}, as planned{% endif %}</dd>
  {% endif %}{% endwith %}
  <dt class="col-sm-3 col-lg-2">Agreements</dt>
  <dd class="col-sm-9 col-lg-10">
    {% for agreement in roster.agreements %}<a href="{{ agreement.get_absolute_url }}">{{ agreement.name }}</a>{% if not forloop.last %}; {% endif %}{% empty %}none (no cross-agency seat under an agreement){% endfor %}
  </dd>
</dl>"""
    + "{% endwith %}"
)
#: Its recent changes' items as it wrote them.
CHANGES_TEMPLATE = """    {% for change in changes %}
    <li><time datetime="{{ change.when_iso }}">{{ change.when_shown }} UTC</time>, {{ change.who }}: {{ change.text }}</li>
    {% endfor %}"""
#: Who looks: someone who may change missions or not, on the staff or not (`perms`, `user` in the context).
LOOKERS = [
    ({"missions": {"change_mission": may}}, SimpleNamespace(is_staff=staff))
    for may, staff in itertools.product((False, True), repeat=2)
]


def _headers_compared(missions) -> tuple[str, str]:
    """Every header of these launches for each kind of user, and their recent changes, the same both ways."""
    headers, changes = [], []
    for mission in missions:
        context = seat_tables(mission, VIEWER)
        for perms, user in LOOKERS:
            looked = {**context, "perms": perms, "user": user}
            header = _render("{% load roster_tables %}{% roster_header %}", looked)
            assert header == _render(HEADER_TEMPLATE, looked), (mission.slug, perms, user)
            headers.append(header)
        listed = {"changes": recent_changes(mission)}
        items = _render("{% load roster_tables %}    {% change_items changes %}", listed)
        assert items == _render(CHANGES_TEMPLATE, listed), mission.slug
        changes.append(items)
    return "".join(headers), "".join(changes)


def test_the_header_and_changes_are_the_templates_markup_on_the_whole_record(record):
    missions = list(Mission.objects.order_by("launch_date", "pk"))
    headers, changes = _headers_compared(missions)
    missing = [
        marker
        for marker in (
            ">Edit mission</a>",
            ">Edit in admin</a>",
            ' title="launched in ',
            "?date=",
            '<strong class="outcome">',
            "not on file",
            "(a source last shows the crew in space on ",
            "flight-duration",
            "none (no cross-agency seat under an agreement)",
            '<dd class="col-sm-9 col-lg-4">—</dd>',
            " · time not known",
            'title="launched',
        )
        if marker not in headers
    ]
    assert not missing  # every kind of header the record holds was compared
    assert "<li><time datetime=" in changes


def test_the_header_and_changes_are_the_templates_markup_on_every_kind_of_launch(db):
    launches = _edge_cases()
    headers, changes = _headers_compared(launches)
    for marker in (
        "Up &lt;i&gt;&quot;now&quot;&lt;/i&gt;",
        "Craft &quot;&lt;x&gt;&quot;",
        "&lt;A&amp;&quot;B&quot;&gt;",
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>; <a",  # two agreements, in order
        "“V&lt;1&gt;”",
        "Site &amp; &lt;b&gt;, Land &lt;l&gt;",
        "Station &lt;s&gt; (&lt;S&gt;)",
        ", as planned</dd>",
        "not known yet",
        "(landed by 2026-12-01 at the latest)",
    ):
        assert marker in headers + changes, marker
    assert "Guest &quot;&lt;g&gt;&quot; O&#x27;Neil" in changes
    assert "UTC</time>, &lt;u&gt;&amp;&quot;o&quot;: assigned " in changes
