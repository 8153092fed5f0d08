"""Small worlds for the planning assistant's pages, whose answers are known by hand, and a way to run the
background worker in a test (the real `db_worker`, once through the queue)."""

from __future__ import annotations

import datetime as dt
import signal

from django.core.management import call_command

from crews.models import PlanRun
from crews.tests.factories import CrewMemberFactory, QualificationFactory
from crews.tests.world import World, assign
from missions.tests.factories import AgreementFactory

HORIZON = (dt.date(2031, 1, 1), dt.date(2031, 12, 31))


def integrated_2030(world: World):
    return AgreementFactory(name="Integrated crews 2030", agency_a=world.nasa, agency_b=world.roscosmos,
                            in_force_from=dt.date(2030, 1, 1), in_force_to=dt.date(2035, 12, 31),
                            seats_a_on_b=2, seats_b_on_a=2)  # fmt: skip


def qualify(world: World, *people) -> None:
    for person in people:
        QualificationFactory(crew_member=person, spacecraft=world.soyuz, status="qualified")


def one_soyuz(world: World):
    """Soyuz MS-90 to the ISS in 2031, Prokopyev in command; trained on Soyuz: Prokopyev, Petelin, Kikina and
    Rubio (NASA), who may fly it under an agreement in force then. Nobody of NASA is aboard the ISS otherwise:
    Rubio's seat alone closes NASA's gap."""
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01")
    qualify(world, world.prokopyev, world.petelin, world.kikina, world.rubio)
    assign(mission, world.prokopyev, 1, role="commander")
    return mission, integrated_2030(world)


def two_soyuz(world: World):
    """Soyuz MS-90 (March 2031, Prokopyev in command) and MS-91 (September 2031, Kikina in command), each to be
    filled, each with a NASA seat (the ISS's crews are integrated) under the 2030 agreement."""
    ms90 = world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01")
    ms91 = world.soyuz_mission("Soyuz MS-91", "2031-09-10T12:00Z", "2032-03-01")
    artemyev = CrewMemberFactory(name="Oleg Artemyev", agency=world.roscosmos, nationality="Russia")
    qualify(world, world.prokopyev, world.petelin, world.kikina, artemyev, world.rubio, world.mann)
    assign(ms90, world.prokopyev, 1, role="commander")
    assign(ms91, world.kikina, 1, role="commander")
    return ms90, ms91, integrated_2030(world)


def _flights_2031(world: World):
    """What both 2031 scenes stand on: an agreement for integrated crews in force in 2031, Nick Hague (NASA),
    Soyuz MS-90 (1 March to 1 September 2031) and Crew-90 (1 April to 1 October), nobody on them yet."""
    agreement = AgreementFactory(name="Integrated crews 2030", agency_a=world.nasa, agency_b=world.roscosmos,
                                 in_force_from=dt.date(2030, 1, 1), in_force_to=dt.date(2035, 12, 31),
                                 seats_a_on_b=3, seats_b_on_a=3)  # fmt: skip
    hague = CrewMemberFactory(name="Nick Hague", agency=world.nasa)
    soyuz = world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01T06:00Z")
    dragon = world.dragon_mission("SpaceX Crew-90", "2031-04-01T12:00Z", "2031-10-01T06:00Z")
    return agreement, hague, soyuz, dragon


def plan_2031(world: World):
    """Soyuz MS-90 (1 March to 1 September 2031): Prokopyev, Rubio, Petelin; Crew-90 (1 April to 1 October):
    Mann, Cassada, Kikina, Hague. Integrated crews under an agreement in force in 2031; nobody aboard the ISS
    before 1 March, so the plan itself leaves NASA and Roscosmos 59 days without anyone up."""
    agreement, hague, soyuz, dragon = _flights_2031(world)
    for seat, person, role in ((1, world.prokopyev, "commander"), (2, world.rubio, "flight_engineer"),
                               (3, world.petelin, "flight_engineer")):  # fmt: skip
        QualificationFactory(crew_member=person, spacecraft=world.soyuz, status="qualified")
        for leg in ("ascent", "return"):
            assign(soyuz, person, seat, leg=leg, role=role,
                   agreement=agreement if person == world.rubio else None)  # fmt: skip
    for seat, person, role in ((1, world.mann, "commander"), (2, world.cassada, "pilot"),
                               (3, world.kikina, "mission_specialist"), (4, hague, "mission_specialist")):  # fmt: skip
        QualificationFactory(crew_member=person, spacecraft=world.dragon, status="qualified")
        for leg in ("ascent", "return"):
            assign(dragon, person, seat, leg=leg, role=role,
                   agreement=agreement if person == world.kikina else None)  # fmt: skip
    return soyuz, dragon


def swapped_2031(world: World):
    """A seat swap: Soyuz MS-90 (1 March to 1 September 2031) takes up Prokopyev, Petelin and Rubio (NASA) and
    brings home Prokopyev, Petelin and Kikina; Crew-90 (1 April to 1 October) takes up Mann, Cassada, Hague and
    Kikina (Roscosmos) and brings home Mann, Cassada, Hague and Rubio. Nobody is aboard the ISS before 1 March,
    nor anyone of Roscosmos after 1 September: 148 gap days in the plan itself."""
    agreement, hague, soyuz, dragon = _flights_2031(world)
    up = {
        soyuz: (world.prokopyev, world.petelin, world.rubio),
        dragon: (world.mann, world.cassada, hague, world.kikina),
    }
    down = {
        soyuz: (world.prokopyev, world.petelin, world.kikina),
        dragon: (world.mann, world.cassada, hague, world.rubio),
    }
    for leg, crews in (("ascent", up), ("return", down)):  # each ascent on file before the returns
        for mission, craft in ((soyuz, world.soyuz), (dragon, world.dragon)):
            for seat, person in enumerate(crews[mission], start=1):
                if leg == "ascent":
                    QualificationFactory(crew_member=person, spacecraft=craft, status="qualified")
                role = "commander" if seat == 1 else "flight_engineer"
                cross = person.agency_id != craft.operator_id and leg == "ascent"
                assign(mission, person, seat, leg=leg, role=role, agreement=agreement if cross else None)
    return soyuz, dragon


def queued_run(user, *, weights: dict | None = None, pins=(), time_limit: int = 10) -> PlanRun:
    return PlanRun.objects.create(requested_by=user, starts_on=HORIZON[0], ends_on=HORIZON[1],
                                  weights=weights or {}, pins=list(pins), time_limit=time_limit)  # fmt: skip


def run_worker() -> None:
    """The database backend's worker, once through the queue (what `make run` keeps running). It sets its own
    signal handlers; the test runner's are put back."""
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0
        )
    finally:
        for sig, handler in kept.items():
            signal.signal(sig, handler)
