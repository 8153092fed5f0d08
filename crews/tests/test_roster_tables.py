"""The seat tables of a launch's roster written in Python (`crews.templatetags.roster_tables`) are the markup the
template `crews/includes/seat_table.html` wrote (kept here, as it was), byte for byte: on every launch of the whole
record, for a viewer and for a planner with each permission on seats, and on a world made for the rows the record
may not hold (seats beyond the spacecraft's, without a number, training under way until a date, a person's other
leg on another launch or missing) with names that need escaping."""

import datetime as dt
import itertools

import pytest
from django.template import engines

from crews.models import Qualification, SeatAssignment
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.views.rosters import seat_tables
from missions.models import Mission
from missions.tests.factories import AgencyFactory, AgreementFactory, MissionFactory, SpacecraftFactory

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

    def mission(name: str, launch: dt.date, status: str = "planned") -> Mission:
        return MissionFactory(
            name=name, spacecraft=craft, launch_date=launch, landing_date=launch + dt.timedelta(days=180),
            status=status,
        )  # fmt: skip

    up = mission('Up <i>"now"</i>', dt.date(2031, 3, 1))
    down = mission("Down & out", dt.date(2031, 8, 1))
    flown = mission("Flown <b>", dt.date(2020, 3, 1), status="landed")
    aloft = mission("Aloft", dt.date(2026, 10, 1), status="launched")  # its return still planned
    guest = CrewMemberFactory(name='Guest "<g>" O\'Neil', agency=guests, nationality="<N>")
    stranger = CrewMemberFactory(name="Stranger <s>", agency=guests, nationality="")
    extra = CrewMemberFactory(name="Extra & Co", agency=home)
    unnumbered = CrewMemberFactory(name="No <number>", agency=home)
    veteran = CrewMemberFactory(name="Veteran 'V'", agency=home)
    lonely = CrewMemberFactory(name="Lonely <l>", agency=home)
    for where, leg, seat, person, kw in (
        (up, "ascent", 1, guest, {"agreement": agreement, "role": SeatAssignment.Role.COMMANDER}),
        (up, "ascent", 2, stranger, {}),
        (up, "ascent", 4, extra, {}),
        (up, "ascent", None, unnumbered, {}),
        (down, "return", 1, guest, {}),
        (flown, "ascent", 1, veteran, {}),
        (up, "return", 1, veteran, {}),
        (up, "return", 2, lonely, {}),
        (aloft, "ascent", 1, CrewMemberFactory(name="Aloft <a>", agency=home), {}),
    ):
        SeatAssignmentFactory(mission=where, leg=leg, seat=seat, crew_member=person, **kw)
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


@pytest.mark.parametrize("who", ["viewer_client", "planner_client"])
def test_the_roster_page_shows_the_templates_tables(request, who, db):
    """The page passes each leg what the template's include was given (its seats, its name, whether it may be
    planned, whether it has flown)."""
    client = request.getfixturevalue(who)
    for mission in _edge_cases():
        response = client.get(mission.get_absolute_url())
        html = response.content.decode()
        context = {key: response.context[key] for key in ("roster", "may", "mission", "assign_url")}
        context |= {key: response.context[key] for _, _, *keys in LEGS for key in keys}
        for leg, *_ in LEGS:
            assert _old_table(context, leg) in html, (mission.slug, leg)
        assert ('class="col-actions' in html) == (who == "planner_client" and bool(mission.open_legs()))
