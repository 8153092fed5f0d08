"""Spacecraft classes and launch sites, and which of each a flight used.

Vehicle classes follow the roster's names ("Soyuz MS", "Crew Dragon",
"Starliner", "Space Shuttle"). Every Soyuz before the MS series (the original
Soyuz, T, TM, TMA and TMA-M, 1967–2016) is one class, "Soyuz": three seats
throughout except 1973–1981, when crews wore pressure suits after Soyuz 11 and
only two fitted. The Space Shuttle carried eight twice — up on STS-61-A (1985)
and down on STS-71 (1995, with the Mir crew) — so its class says 8 seats, where
the demo reference data says 7.

Launch sites are by programme and approximate where a programme used more than
one pad:

- Baikonur: Vostok, Voskhod and every Soyuz to MS-15 (2019) from Site 1
  ("Gagarin's Start"), which was the usual crewed pad though a few flights used
  Site 31; from Soyuz MS-16 (2020), when Site 1 was retired, Site 31.
- Florida: Mercury-Redstone from Cape Canaveral LC-5, Mercury-Atlas from LC-14,
  Gemini from LC-19, Apollo 7 from LC-34; Apollo 10, the Skylab crews and the
  Apollo-Soyuz Test Project from Kennedy LC-39B, the other Apollo flights from
  LC-39A. Every Shuttle flight is filed at LC-39A, though many flew from LC-39B
  (STS-51-L among them): per-flight pads are not in the sources.
- Crew Dragon from Kennedy LC-39A, except SpaceX Crew-9 (2024), the first crewed
  launch from Cape Canaveral SLC-40 (as in the demo roster); later flights are
  filed at LC-39A unchecked. Starliner from Cape Canaveral SLC-41, Orion (Artemis)
  from Kennedy LC-39B, Shenzhou from Jiuquan.
"""

from __future__ import annotations

from .flights import mission_name

_DRAGON_NOTE = (
    "Four seats on station missions. NASA buys its seats from SpaceX (Commercial Crew Program) and "
    "allots them, so NASA is the operator for seat purposes."
)

VEHICLES = [
    # name, operator, manufacturer, seats, in service, notes
    (
        "Vostok",
        "Roscosmos",
        "OKB-1",
        1,
        False,
        "Soviet programme, 1961–1963; filed under Roscosmos, its successor.",
    ),
    (
        "Voskhod",
        "Roscosmos",
        "OKB-1",
        3,
        False,
        "Voskhod 1 (1964) carried three without spacesuits; Voskhod 2 (1965) carried two, suited, with an airlock.",
    ),
    ("Mercury", "NASA", "McDonnell Aircraft", 1, False, "1961–1963."),
    ("Gemini", "NASA", "McDonnell Aircraft", 2, False, "1965–1966."),
    (
        "Apollo",
        "NASA",
        "North American Aviation",
        3,
        False,
        "Command and service module, 1968–1975: lunar flights, the Skylab crews and the Apollo-Soyuz Test Project.",
    ),
    (
        "Soyuz",
        "Roscosmos",
        "RSC Energia",
        3,
        False,
        "Every Soyuz before the MS series: original (1967–1981), T, TM, TMA and TMA-M (to 2016); built by OKB-1 and "
        "NPO Energia, RSC Energia's predecessors. Two seats from Soyuz 12 (1973) to Soyuz 40 (1981), when crews wore "
        "pressure suits after the Soyuz 11 depressurisation.",
    ),
    ("Soyuz MS", "Roscosmos", "RSC Energia", 3, True, ""),
    (
        "Space Shuttle",
        "NASA",
        "Rockwell International",
        8,
        False,
        "Retired in July 2011. Eight flew twice: up on STS-61-A (1985), down on STS-71 (1995); seven was the usual most.",
    ),
    ("Shenzhou", "CNSA", "China Academy of Space Technology", 3, True, ""),
    ("Crew Dragon", "NASA", "SpaceX", 4, True, _DRAGON_NOTE),
    ("Starliner", "NASA", "Boeing", 4, True, "Crew Flight Test in 2024; the crew returned on SpaceX Crew-9."),
    (
        "Orion",
        "NASA",
        "Lockheed Martin",
        4,
        True,
        "First crewed on Artemis II (2026); service module from ESA.",
    ),
]

LAUNCH_SITES = [
    # name, country, IANA time zone
    ("Baikonur Cosmodrome Site 1", "Kazakhstan", "Asia/Qyzylorda"),
    ("Baikonur Cosmodrome Site 31", "Kazakhstan", "Asia/Qyzylorda"),
    ("Kennedy Space Center LC-39A", "United States", "America/New_York"),
    ("Kennedy Space Center LC-39B", "United States", "America/New_York"),
    ("Cape Canaveral LC-5", "United States", "America/New_York"),
    ("Cape Canaveral LC-14", "United States", "America/New_York"),
    ("Cape Canaveral LC-19", "United States", "America/New_York"),
    ("Cape Canaveral LC-34", "United States", "America/New_York"),
    ("Cape Canaveral SLC-40", "United States", "America/New_York"),
    ("Cape Canaveral SLC-41", "United States", "America/New_York"),
    ("Jiuquan Satellite Launch Center", "China", "Asia/Shanghai"),
]

#: Canonical flight-name prefixes and the vehicle class they flew (first match wins).
_VEHICLE_BY_PREFIX = [
    ("Vostok ", "Vostok"),
    ("Voskhod ", "Voskhod"),
    ("Mercury-", "Mercury"),
    ("Gemini ", "Gemini"),
    ("Apollo", "Apollo"),
    ("Skylab ", "Apollo"),
    ("Soyuz MS-", "Soyuz MS"),
    ("Soyuz ", "Soyuz"),
    ("STS-", "Space Shuttle"),
    ("Shenzhou ", "Shenzhou"),
    ("SpaceX ", "Crew Dragon"),
    ("Axiom Mission ", "Crew Dragon"),
    ("Inspiration4", "Crew Dragon"),
    ("Polaris Dawn", "Crew Dragon"),
    ("Fram2", "Crew Dragon"),
    ("Boeing Crew Flight Test", "Starliner"),
    ("Artemis ", "Orion"),
]

#: Flights on a NASA-operated class that a company flew on its own account.
_PRIVATE_FLIGHTS = [("Axiom Mission ", "Axiom Space"), ("Inspiration4", "SpaceX"), ("Polaris Dawn", "SpaceX"),
                    ("Fram2", "SpaceX")]  # fmt: skip

_SITE_BY_VEHICLE = {
    "Vostok": "Baikonur Cosmodrome Site 1",
    "Voskhod": "Baikonur Cosmodrome Site 1",
    "Soyuz": "Baikonur Cosmodrome Site 1",
    "Mercury": "Cape Canaveral LC-14",
    "Gemini": "Cape Canaveral LC-19",
    "Apollo": "Kennedy Space Center LC-39A",
    "Space Shuttle": "Kennedy Space Center LC-39A",
    "Shenzhou": "Jiuquan Satellite Launch Center",
    "Crew Dragon": "Kennedy Space Center LC-39A",
    "Starliner": "Cape Canaveral SLC-41",
    "Orion": "Kennedy Space Center LC-39B",
}
_SITE_EXCEPTIONS = {
    **dict.fromkeys([f"Mercury-Redstone {number}" for number in range(1, 5)], "Cape Canaveral LC-5"),
    "Apollo 7": "Cape Canaveral LC-34",
    **dict.fromkeys(
        ["Apollo 10", "Skylab 2", "Skylab 3", "Skylab 4", "Apollo-Soyuz Test Project"],
        "Kennedy Space Center LC-39B",
    ),
    "SpaceX Crew-9": "Cape Canaveral SLC-40",
}
_LAST_SOYUZ_FROM_SITE_1 = 15  # Soyuz MS-15, September 2019


def _canonical(flight: str) -> str:
    resolved = mission_name(flight)
    if resolved.name is None:
        raise ValueError(f"not one flight: {flight!r} ({resolved.how})")
    return resolved.name


def vehicle_for(flight: str) -> str:
    """The vehicle class a flight flew ("STS-51-L" → "Space Shuttle"); any spelling `mission_name` reads."""
    name = _canonical(flight)
    for prefix, vehicle in _VEHICLE_BY_PREFIX:
        if name.startswith(prefix):
            return vehicle
    raise ValueError(f"no vehicle class known for {name!r}")


def operator_for(vehicle_name: str) -> str:
    """The agency short name that operates a vehicle class ("Soyuz MS" → "Roscosmos")."""
    for name, operator, *_ in VEHICLES:
        if name == vehicle_name:
            return operator
    raise ValueError(f"unknown vehicle class: {vehicle_name!r}")


def flight_operator(flight: str) -> str:
    """Whose seats a flight's were: the vehicle's operator, or the company of a private flight ("Axiom Space")."""
    name = _canonical(flight)
    for prefix, company in _PRIVATE_FLIGHTS:
        if name.startswith(prefix):
            return company
    return operator_for(vehicle_for(name))


def launch_site_for(flight: str) -> str:
    """The launch site a flight is filed under (by programme; see the module docstring)."""
    name = _canonical(flight)
    if name in _SITE_EXCEPTIONS:
        return _SITE_EXCEPTIONS[name]
    vehicle = vehicle_for(name)
    if vehicle == "Soyuz MS":
        number = int(name.removeprefix("Soyuz MS-"))
        return (
            "Baikonur Cosmodrome Site 1"
            if number <= _LAST_SOYUZ_FROM_SITE_1
            else "Baikonur Cosmodrome Site 31"
        )
    return _SITE_BY_VEHICLE[vehicle]
