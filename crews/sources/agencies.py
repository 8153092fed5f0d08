"""Which agency a person flew for: from their country where it has an astronaut agency, else from the flight.

The rules of `agency_for`, in order:

1. **Guests of the Soviet programme.** Before 1992, everyone not Soviet who flew
   on a Soviet spacecraft flew as the Soviet programme's guest (Interkosmos from
   1978, bilateral and commercial flights after: Chrétien 1982, Akiyama 1990,
   Sharman 1991, Viehböck 1991), so the seat is the flight's: "Roscosmos". This also
   files Sigmund Jähn (1978), whom the file lists under "Germany", as the East
   German guest he was, and not under ESA.
2. **Private flyers** (`private=True`: the file's occupation says space tourist or
   journalist, see `is_private_flyer`) flew on the flight's operator's seat
   whatever their country: Tito, Olsen, Ansari, Simonyi, Garriott and Laliberté
   on Soyuz are filed under Roscosmos, not NASA or CSA.
3. **A country with its own astronaut agency**: United States → NASA; Soviet
   Union, Russia → Roscosmos (Soviet-era flights are filed under Roscosmos, the
   successor of the Soviet programme; there is no separate Soviet agency in
   seatswap); Japan → JAXA (and its predecessor NASDA); Canada → CSA (and the
   NRC astronaut programme before 1989); China → CNSA; United Arab Emirates →
   MBRSC; India → ISRO; Turkey → TSA; Belarus → Belarus; dual UK/US nationals →
   NASA, for whom they flew.
4. **ESA member states** → ESA, from the year they joined (`ESA_MEMBERS`). ESA
   here stands for the European corps and its member states' own agencies (CNES,
   DLR, ASI, …), which seatswap does not list apart: Baudry (CNES, 1985) and the
   German D-1 crew (DLR, 1985) are filed under ESA.
5. **Anyone else** flew on the flight's seat: the flight's operator
   (`vehicle_operator`), e.g. Saudi Arabia's Sultan bin Salman on STS-51-G → NASA,
   Brazil's Pontes on Soyuz TMA-8 → Roscosmos.

Pass the operator of the *flight* (`craft.flight_operator`), which for private
Crew Dragon flights is Axiom Space or SpaceX, not NASA.
"""

from __future__ import annotations

import re

from .countries import SOVIET_OR_RUSSIAN, country

AGENCIES = [
    # short name, full name, country
    ("NASA", "National Aeronautics and Space Administration", "United States"),
    ("Roscosmos", "State Space Corporation Roscosmos", "Russia"),
    ("JAXA", "Japan Aerospace Exploration Agency", "Japan"),
    ("ESA", "European Space Agency", "Europe"),
    ("CSA", "Canadian Space Agency", "Canada"),
    ("MBRSC", "Mohammed bin Rashid Space Centre", "United Arab Emirates"),
    ("Belarus", "National Academy of Sciences of Belarus", "Belarus"),
    ("CNSA", "China National Space Administration", "China"),
    ("ISRO", "Indian Space Research Organisation", "India"),
    ("TSA", "Turkish Space Agency", "Turkey"),
    ("HSO", "Hungarian Space Office", "Hungary"),
    ("Italian Air Force", "Aeronautica Militare (Italian Air Force)", "Italy"),
    ("Axiom Space", "Axiom Space, Inc.", "United States"),
    ("SpaceX", "Space Exploration Technologies Corp.", "United States"),
]

#: Countries with an astronaut agency of their own (mapped country → agency short name).
NATIONAL_AGENCIES = {
    "United States": "NASA",
    "United Kingdom/United States": "NASA",
    **{name: "Roscosmos" for name in SOVIET_OR_RUSSIAN},
    "Japan": "JAXA",
    "Canada": "CSA",
    "China": "CNSA",
    "United Arab Emirates": "MBRSC",
    "India": "ISRO",
    "Turkey": "TSA",
    "Belarus": "Belarus",
}

#: ESA member states and the year each became a full member.
ESA_MEMBERS = {
    **dict.fromkeys(
        ["Belgium", "Denmark", "France", "Germany", "Ireland", "Italy", "Netherlands", "Spain", "Sweden",
         "Switzerland", "United Kingdom"],
        1975,
    ),
    "Austria": 1987,
    "Norway": 1987,
    "Finland": 1995,
    "Portugal": 2000,
    "Greece": 2005,
    "Luxembourg": 2005,
    "Czech Republic": 2008,
    "Romania": 2011,
    "Poland": 2012,
    "Estonia": 2015,
    "Hungary": 2015,
}  # fmt: skip

#: The feed's `agency` values (stripped) and the agency each means.
FEED_AGENCIES = {
    "NASA": "NASA",
    "Roscosmos": "Roscosmos",
    "JAXA": "JAXA",
    "ESA": "ESA",
    "CSA": "CSA",
    "MBRSC": "MBRSC",
    # China's human spaceflight: CMSA (China Manned Space Agency) runs it, PLAAC (the
    # PLA Astronaut Corps) is its corps; seatswap files all of it under CNSA, China's space agency.
    "CMSA": "CNSA",
    "CNSA": "CNSA",
    "CNSA | CMSA": "CNSA",
    "PLAAC": "CNSA",
    # Private missions' companies are agencies in their own right: they sell and allot the seats.
    "Axiom Space": "Axiom Space",
    "Axiom": "Axiom Space",
    "SpaceX": "SpaceX",
    "TSA": "TSA",
    # Marcus Wandt (Axiom Mission 3) is an ESA reserve astronaut, sponsored with the Swedish National Space Agency.
    "SNSA/ESA": "ESA",
    "Italian Air Force": "Italian Air Force",
    # Marina Vasilevskaya, a Belavia flight attendant chosen by Belarus: the demo roster's "Belarus".
    "Belavia": "Belarus",
    # Tibor Kapu (Axiom Mission 4) flew in Hungary's HUNOR programme; "HSO" is read as the Hungarian Space Office.
    "HSO": "HSO",
}

_PRIVATE_OCCUPATIONS = re.compile(r"tourist|journalist", re.IGNORECASE)


def is_private_flyer(occupation: str) -> bool:
    """Whether the Astronaut Database's `occupation` marks a private flyer (space tourist, journalist).

    "spaceflight participant" is not enough: the file gives it to Hazzaa Al Mansoori
    (2019), who flew for the UAE's MBRSC.
    """
    return bool(_PRIVATE_OCCUPATIONS.search(occupation))


def agency_for(
    country_value: str, vehicle_operator: str, *, year: int | None = None, private: bool = False
) -> str:
    """The short name of the agency a person flew for (rules in the module docstring).

    `country_value` may be the source's value or the mapped name; `year` is the
    flight's year (None: today's memberships, and no Soviet-guest rule).
    """
    name = country(country_value)
    soviet_guest = year is not None and year < 1992 and vehicle_operator == "Roscosmos"
    if (soviet_guest and name not in SOVIET_OR_RUSSIAN) or private:
        return _operator(vehicle_operator, name)
    if name in NATIONAL_AGENCIES:
        return NATIONAL_AGENCIES[name]
    joined = ESA_MEMBERS.get(name)
    if joined is not None and (year is None or year >= joined):
        return "ESA"
    return _operator(vehicle_operator, name)


def _operator(vehicle_operator: str, name: str) -> str:
    if not vehicle_operator:
        raise ValueError(f"no agency of its own for {name!r}: the flight's operator is needed")
    return vehicle_operator


def feed_agency(raw_agency: str, country_value: str, vehicle_operator: str = "") -> str:
    """The agency short name for the feed's `agency` (and `country`): "CMSA" → "CNSA", "Axiom" → "Axiom Space".

    The feed leaves `agency` empty only for spaceflight participants (Shipenko and
    Peresild on Soyuz MS-19, Maezawa and Hirano on MS-20): they flew on the flight's
    seat, so an empty value gives `vehicle_operator` (required then). An unknown
    value is refused rather than passed on as an agency nobody has on file.
    """
    text = " ".join(raw_agency.split())
    if not text:
        return _operator(vehicle_operator, country(country_value))
    if text not in FEED_AGENCIES:
        raise ValueError(f"unknown agency in the feed: {raw_agency!r}")
    return FEED_AGENCIES[text]
