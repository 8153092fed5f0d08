"""An ISS-scale world for the benchmark and the tests: `iss_scale_world(seed)`.

Five years (2027–2031) of 20 missions to the ISS, about every three months and about six months long,
alternating Soyuz MS (3 seats, Roscosmos, from Baikonur) and Crew Dragon (4 seats, NASA, from Kennedy):
70 ascent seats. 150 candidates across NASA, Roscosmos, ESA, JAXA and CSA with qualifications (some in
training), flights on the record, spells of unavailability and other commitments. The NASA–Roscosmos
integrated-crew agreement has seats enough for one swap each way per flight (the station's required
agencies are NASA and Roscosmos, and integrated crews are hard by default); ESA, JAXA and CSA fly Crew
Dragon under their own agreements with NASA. The first six missions have crews on file: the first two
pinned, one NASA astronaut staying a year (up on the second Soyuz, home on the third), the fifth mission
asked to fly two (its third seat brings that astronaut home).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from .index import Index
from .world import (
    ASCENT,
    COMMANDER,
    IN_TRAINING,
    PLANNED,
    RETURN,
    SCHEDULED,
    Aboard,
    Agreement,
    Candidate,
    Commitment,
    Interval,
    Mission,
    Qualification,
    SeatOnFile,
    Station,
    World,
)

START = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2032, 1, 1, tzinfo=dt.UTC)
SOYUZ, DRAGON = "Soyuz MS", "Crew Dragon"
#: Agency: (candidates, chance of a Crew Dragon qualification, of a Soyuz one).
AGENCIES = {"NASA": (48, 0.9, 0.25), "Roscosmos": (42, 0.3, 0.9), "ESA": (24, 0.85, 0.1),
            "JAXA": (18, 0.85, 0.1), "CSA": (18, 0.85, 0.0)}  # fmt: skip
FIRST = ["Alex", "Anna", "Boris", "Chiara", "Daniel", "Elena", "Felix", "Hana", "Ivan", "Jessica", "Kenji",
         "Lena", "Marco", "Nadia", "Oleg", "Priya", "Raphael", "Sofia", "Takuya", "Ulrike", "Victor", "Yui"]  # fmt: skip
LAST = ["Adams", "Belov", "Cristoforetti", "Dubois", "Eriksen", "Fujita", "Garcia", "Hansen", "Ivanova",
        "Jones", "Kato", "Larsen", "Moreau", "Novak", "Orlov", "Petrov", "Quinn", "Rossi", "Saint-Jacques",
        "Tanaka", "Ueda", "Volkov", "Walker", "Yamada", "Zhukov"]  # fmt: skip
REASONS = ["medical", "parental leave", "detached to headquarters", "family leave", "injury"]
COMMITMENTS = ["Artemis training", "backup crew", "capsule communicator", "analog mission"]


def iss_scale_world(seed: int = 1) -> World:
    rng = random.Random(seed)
    missions = _missions(rng)
    people = _people(rng)
    veterans = {a: next(p for p in people if p.agency == a and p.veteran) for a in ("NASA", "Roscosmos")}
    until = START + dt.timedelta(days=25)
    iss = Station("iss", "ISS", ("NASA", "Roscosmos"),
                  tuple(Aboard(a, until, veterans[a].id) for a in ("NASA", "Roscosmos")))  # fmt: skip
    bare = World(START, END, missions, people, (), _agreements(), (iss,), _commitments(rng, people))
    return World(
        START, END, missions, people, _seats_on_file(rng, bare), bare.agreements, (iss,), bare.commitments
    )


def _missions(rng: random.Random) -> tuple[Mission, ...]:
    missions = []
    for i in range(20):
        launch = START + dt.timedelta(days=20 + 91 * i + rng.randint(-5, 5), hours=rng.randint(6, 20))
        landing = launch + dt.timedelta(days=182 + rng.randint(-6, 8), hours=rng.randint(-5, 5))
        status = SCHEDULED if i < 4 else PLANNED
        if i % 2 == 0:
            mission = Mission(f"soyuz-{30 + i // 2}", f"Soyuz MS-{30 + i // 2}", SOYUZ, "Roscosmos", 3, launch,
                              landing, "iss", status, crew_size=2 if i == 4 else None,
                              seat_roles=(COMMANDER, "flight_engineer", "flight_engineer"))  # fmt: skip
        else:
            mission = Mission(f"crew-{14 + i // 2}", f"SpaceX Crew-{14 + i // 2}", DRAGON, "NASA", 4, launch,
                              landing, "iss", status)  # fmt: skip
        missions.append(mission)
    return tuple(missions)


def _qualification(rng: random.Random, spacecraft: str, chance: float) -> list[Qualification]:
    roll = rng.random()
    if roll < chance * 0.8:
        return [Qualification(spacecraft)]
    if roll < chance:
        done = START.date() + dt.timedelta(days=rng.randint(-60, 900))
        return [Qualification(spacecraft, IN_TRAINING, done)]
    return []


def _people(rng: random.Random) -> tuple[Candidate, ...]:
    people, names = [], set()
    for agency, (count, dragon, soyuz) in AGENCIES.items():
        for n in range(count):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            while name in names:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
            names.add(name)
            qualifications = _qualification(rng, DRAGON, dragon) + _qualification(rng, SOYUZ, soyuz)
            flights = rng.choice([0, 0, 0, 1, 1, 2, 3, 4]) if n else 2
            people.append(
                Candidate(
                    f"{agency.lower()}-{n}",
                    name,
                    agency,
                    tuple(qualifications),
                    _spells(rng),
                    flights,
                    round(flights * rng.uniform(3000, 4500), 1),
                )
            )
    return tuple(people)


def _spells(rng: random.Random) -> tuple[Interval, ...]:
    roll = rng.random()
    if roll < 0.15:
        first = START.date() + dt.timedelta(days=rng.randint(0, 1700))
        return (Interval(first, first + dt.timedelta(days=rng.randint(60, 300)), rng.choice(REASONS)),)
    if roll < 0.19:
        return (Interval(START.date() + dt.timedelta(days=rng.randint(300, 1500)), END.date(), "retires"),)
    return ()


def _commitments(rng: random.Random, people: tuple[Candidate, ...]) -> tuple[Commitment, ...]:
    out = []
    for person in rng.sample(people, 10):
        first = START.date() + dt.timedelta(days=rng.randint(0, 1600))
        out.append(Commitment(person.id, first, first + dt.timedelta(days=rng.randint(90, 240)),
                              rng.choice(COMMITMENTS)))  # fmt: skip
    return tuple(out)


def _agreements() -> tuple[Agreement, ...]:
    since = dt.date(2022, 7, 15)
    return (
        Agreement("nasa-roscosmos", "NASA–Roscosmos integrated crews", "NASA", "Roscosmos", since,
                  dt.date(2032, 12, 31), 14, 14, used_a_on_b=4, used_b_on_a=3),
        Agreement("esa-nasa", "ESA–NASA ISS barter", "ESA", "NASA", dt.date(2020, 1, 1), None, 6, 0, 1, 0),
        Agreement("jaxa-nasa", "JAXA–NASA ISS barter", "JAXA", "NASA", dt.date(2020, 1, 1), None, 5, 0, 1, 0),
        Agreement("csa-nasa", "CSA–NASA ISS barter", "CSA", "NASA", dt.date(2020, 1, 1), None, 3, 0, 1, 0),
    )  # fmt: skip


def _seats_on_file(rng: random.Random, bare: World) -> tuple[SeatOnFile, ...]:
    """Crews on file for the first six missions, chosen greedily among those who may fly them."""
    index = Index(bare)
    taken: dict = defaultdict(list)
    seats: list[SeatOnFile] = []
    m = bare.missions
    sizes = [m[0].wanted, m[1].wanted, m[2].wanted, m[3].wanted, 1, 2]
    for i, (mission, size) in enumerate(zip(m[:6], sizes, strict=True)):
        stay = m[4] if i == 2 else None  # a NASA astronaut up on the second Soyuz stays a year
        crew = _greedy_crew(rng, index, mission, size, taken, stay)
        for number, person in enumerate(crew, start=1):
            role = mission.role_of_seat(number)
            pinned = i < 2
            seats.append(SeatOnFile(person.id, mission.id, ASCENT, number, role, pinned=pinned))
            if stay is not None and number == 2:
                seats.append(SeatOnFile(person.id, stay.id, RETURN, 3, "flight_engineer"))
            elif i < 4:
                seats.append(SeatOnFile(person.id, mission.id, RETURN, number, role, pinned=pinned))
    return tuple(seats)


def _greedy_crew(rng, index: Index, mission: Mission, size: int, taken: dict, stay: Mission | None) -> list:
    """A commander of the operator who has flown, one of the other required agency, the rest neither: the
    operator's own or (on Crew Dragon) a partner's, so that the one swap each way stays within the agreement."""
    other = "NASA" if mission.operator == "Roscosmos" else "Roscosmos"
    people = list(index.world.candidates)
    rng.shuffle(people)
    wants = [lambda p: p.agency == mission.operator and p.veteran, lambda p: p.agency == other,
             lambda p: p.agency != other]  # fmt: skip
    crew = []
    for number, want in enumerate(wants[:size] + [wants[-1]] * max(0, size - 3), start=1):
        stays = stay if number == 2 else None
        person = next(
            p for p in people if p not in crew and want(p) and _free(index, p, mission, taken, stays)
        )
        crew.append(person)
        end = index.landing[stays.id] if stays is not None else index.landing[mission.id]
        taken[person.id].append((index.launch[mission.id], end))
    return crew


def _free(index: Index, person: Candidate, mission: Mission, taken: dict, stay: Mission | None) -> bool:
    if index.why_not((person.id, mission.id)):
        return False
    first = index.launch[mission.id]
    last = index.landing[stay.id] if stay is not None else index.landing[mission.id]
    if stay is not None and any(b.start < last and first < b.end for b in index.busy.get(person.id, ())):
        return False
    return all(not (a < last and first < b) for a, b in taken[person.id])
