"""The stations a row's `in_orbit` names, and the stations seatswap records.

What the Astronaut Database's `in_orbit` column holds (1,277 rows, 289 values):

- a station: `ISS` (174 rows), `Mir` (71), `Mir EP` (6: *ekspeditsiya poseshcheniya*,
  a visiting crew aboard Mir), `Euromir 94` (ESA's 1994 visit to Mir), `Salyut 1`,
  `3`, `4`, `5`, `6`, `7` and the typos `Saluyt 4` and `Saluyt 6`, `Skylab`;
- a flight of one of Skylab's three crews (`Skylab 2`, `Skylab 3`, `Skylab 4`,
  `Apollo Sk.2`): those flights existed only to crew the station, so they are read
  as Skylab;
- two stations, `Mir/Salyut 7` (Kizim and Solovyov, Soyuz T-15, 1986: the one
  crew that moved between two stations, from Mir to Salyut 7 and back). `station`
  gives the first, Mir (where the flight began and ended); `stations` gives both;
- a joint flight, not a station: `ASTP` (the Apollo crew) and `Soyuz 19/Apollo` (the
  Soyuz crew) — the Apollo and Soyuz 19 craft docked with each other, and neither
  was a station, so these give no station;
- `Spacehub`: Spacehab (misspelt), a pressurised module carried in the Shuttle's
  bay, not a station (the row is STS-101, which did dock with the ISS, but the
  value does not say so): no station;
- a flight name (most Shuttle, Soyuz, Apollo, Gemini, Vostok, Voskhod, Shenzhou
  rows, also when the flight docked with a station), or a status word
  (`explosion`, `aborted`): no station.

Only the ISS must be kept crewed by particular agencies (NASA and Roscosmos, as
in the demo reference data); the earlier stations carried one programme's crews
and were often left empty, so they require none.
"""

from __future__ import annotations

import re

from .text import clean, fix_words

ISS = "International Space Station"

STATIONS = [
    # name, short name, agencies that must always have someone aboard
    ("Salyut 1", "Salyut 1", []),
    ("Salyut 3", "Salyut 3", []),
    ("Salyut 4", "Salyut 4", []),
    ("Salyut 5", "Salyut 5", []),
    ("Salyut 6", "Salyut 6", []),
    ("Salyut 7", "Salyut 7", []),
    ("Skylab", "Skylab", []),
    ("Mir", "Mir", []),
    (ISS, "ISS", ["NASA", "Roscosmos"]),
]

_PATTERNS = [
    (re.compile(r"iss|international space station", re.IGNORECASE), ISS),
    (re.compile(r"mir(?: ep| eo-?\d+)?|euromir[ -]?9[45]", re.IGNORECASE), "Mir"),
    # Salyut 2 failed before a crew could reach it: never a station anybody was aboard.
    (re.compile(r"salyut[ -]?([134567])", re.IGNORECASE), "Salyut {}"),
    (re.compile(r"skylab(?:[ -]?[234])?|apollo sk\.?[234]|apollo csm-11[678]", re.IGNORECASE), "Skylab"),
]


def _one(text: str) -> str | None:
    for pattern, name in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return name.format(*found.groups())
    return None


def stations(in_orbit_raw: str) -> list[str]:
    """Every station `in_orbit_raw` names, in its order (`Mir/Salyut 7` → Mir, Salyut 7); [] for none."""
    text, _ = clean(in_orbit_raw)
    text, _ = fix_words(text)
    names = [_one(part.strip()) for part in text.split("/")]
    if not text or None in names:
        return []
    return list(dict.fromkeys(names))


def station(in_orbit_raw: str) -> str | None:
    """The station a row's `in_orbit` names ("Salyut 6" for `Saluyt 6`), or None for a flight or a word.

    For the one value naming two stations (`Mir/Salyut 7`) this is the first, Mir;
    `stations` gives both.
    """
    found = stations(in_orbit_raw)
    return found[0] if found else None
