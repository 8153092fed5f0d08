"""Flight names as the sources write them, read into one canonical name each; descent-column outcomes.

`mission_name` reads any value of the Astronaut Database's `ascend_shuttle`,
`descend_shuttle`, `in_orbit` and `mission_title` columns, and the feed's
`spacecraft` column. It never guesses: a value that does not name exactly one
flight comes back with `name=None` and the reason in `how`.

Combined titles. `Soyuz TM-11/10`, `Soyuz TMA-1/TM-34`, `Soyuz 26/27` name two
flights: the one a person went up on, then the one they came down on (every
row of the file where both columns are filled agrees: e.g. `Soyuz TMA-1/TM-34`
is ascent Soyuz TMA-1, descent Soyuz TM-34). The second part may be shortened
(`/10`, `/TM-34`, `/16M`); it is completed from the first. The file has one such
value in its ascent and descent columns, `Soyuz TM-2/3` (Romanenko, 1987: up on
TM-2, down on TM-3, which is the historical record); read with `leg="ascent"` it
is Soyuz TM-2, with `leg="descent"` Soyuz TM-3. Without a leg (mission titles,
`in_orbit`) a combined value is unresolved; `legs` gives both flights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .flight_grammar import NotAFlight, read_flight
from .stations import stations
from .text import clean, shown


@dataclass(frozen=True)
class Resolved:
    """What a source value was read as: `name` (None: unresolved), the value as found, and how (or why not)."""

    name: str | None
    original: str
    how: str


LEGS = ("ascent", "descent")

#: Typos that only show with their invisible characters (exact raw values).
RAW_TYPOS = {
    "Soyuz TM\u00adA12M": (
        "Soyuz TMA-12M",
        "typo 'Soyuz TM<U+00AD>A12M' (the hyphen, a soft hyphen, put inside 'TMA')",
    ),
}

#: Descent-column words and what they say of the mission (see `outcome`).
OUTCOMES = {
    "explosion": "lost",
    "exploded": "lost",
    "aborted": "aborted",
    "not completed yet": "in_space",
    "in space": "in_space",
}

_NOT_FLIGHTS = [
    (r"na|n/a", "not available (NA)"),
    (r"\d{1,3}", "an expedition number, not a flight"),
    (r"(?:mir )?eo-\d+", "a station expedition, not a flight"),
    (r"(?:ep|эп)-\d+", "a visiting expedition's number, not a flight"),
    (r"spacelab[ -]?\d+|astro-\d+|atlas-\d+", "a payload mission carried by a Shuttle flight, not a flight"),
    (r"spaceh[au]b", "a payload module (Spacehab), not a flight"),
    (r"mir aragatz|antares|euromir[ -]?9[45]", "a visiting programme's name, not a flight"),
]
_NOT_FLIGHTS = [(re.compile(regex, re.IGNORECASE), why) for regex, why in _NOT_FLIGHTS]

#: Names of a spacecraft class, not of a flight (case-folded, hyphens as spaces).
VEHICLE_CLASSES = frozenset(
    {
        "vostok", "voskhod", "mercury", "gemini", "apollo", "apollo csm", "soyuz", "soyuz t", "soyuz tm",
        "soyuz tma", "soyuz tma m", "soyuz ms", "sts", "space shuttle", "shuttle", "shenzhou", "dragon",
        "crew dragon", "starliner", "boeing starliner", "orion",
    }
)  # fmt: skip


def _why_not(text: str, note: str) -> str:
    """Why cleaned `text` names no flight (`note`: what the flight grammar said)."""
    if not text:
        return "empty"
    if text.casefold() in OUTCOMES:
        return "status word, not a flight (see outcome())"
    for pattern, why in _NOT_FLIGHTS:
        if pattern.fullmatch(text):
            return why
    named = stations(text)
    if named:
        return f"a station ({', '.join(named)}), not a flight"
    if re.sub(r"[\s-]+", " ", text.casefold()) in VEHICLE_CLASSES:
        return "vehicle class without a number"
    return note


def _how(steps: list[str], note: str) -> str:
    said = [*steps, note] if note else steps
    return "; ".join(said) or "as written"


def _read(text: str) -> tuple[str | None, str]:
    try:
        return read_flight(text)
    except NotAFlight as error:
        return None, str(error)


def _second(first: str, second: str) -> str:
    """The second part of a combined value, completed from the first (`Soyuz TM-11` + `10` → `Soyuz TM-10`)."""
    if second[:1].isdigit():
        return re.sub(r"\d+\w*$", "", first) + second
    if not second.casefold().startswith(first.split(" ")[0].casefold()):
        return first.split(" ")[0] + " " + second
    return second


def _pair(text: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The two flights of a combined value (each: name, note), or None if it is not two flights."""
    parts = [part.strip() for part in text.split("/")]
    if len(parts) != 2:
        return None
    first, first_note = _read(parts[0])
    if first is None:
        return None
    second, second_note = _read(_second(first, parts[1]))
    if second is None:
        return None
    return (first, first_note), (second, second_note)


def mission_name(raw: str, *, leg: str | None = None) -> Resolved:
    """The canonical name of the flight `raw` names, how it was read, or (name None) why it names none.

    `leg` says which column `raw` comes from: "ascent", "descent", or None (a title
    or `in_orbit`). It matters only for combined values such as `Soyuz TM-2/3`
    (see the module docstring).
    """
    if leg is not None and leg not in LEGS:
        raise ValueError(f"leg must be one of {LEGS} or None, not {leg!r}")
    if raw in RAW_TYPOS:
        name, how = RAW_TYPOS[raw]
        return Resolved(name, raw, how)
    text, steps = clean(raw)
    if "/" in text and (pair := _pair(text)):
        (first, first_note), (second, second_note) = pair
        if leg is None:
            return Resolved(None, raw, f"two flights named: {first} / {second}")
        name, note = (first, first_note) if leg == "ascent" else (second, second_note)
        part = "first" if leg == "ascent" else "second"
        return Resolved(name, raw, _how([*steps, f"{leg}: the {part} of '{text}'"], note))
    name, note = _read(text)
    if name is None:
        if "/" in text and not stations(text):
            return Resolved(None, raw, f"two craft named, not one flight: '{shown(text)}'")
        return Resolved(None, raw, _why_not(text, note))
    return Resolved(name, raw, _how(steps, note))


def legs(raw: str) -> tuple[Resolved, Resolved] | None:
    """For a combined value (`Soyuz 36/35`), the ascent and the descent flight; None for any other value."""
    ascent, descent = mission_name(raw, leg="ascent"), mission_name(raw, leg="descent")
    if mission_name(raw).name is None and ascent.name and descent.name and ascent.name != descent.name:
        return ascent, descent
    return None


def outcome(descent_raw: str) -> str | None:
    """What a status word in the descent column says of the mission; None when the column names a vehicle.

    Checked row by row against the file:

    - `explosion` (7 rows, with `explosion` in `in_orbit` too): the whole crew of
      Challenger, STS-51-L, 28 January 1986 → "lost" (mission lost with its crew).
    - `Exploded` (3 rows): Chawla, Husband and Ramon of Columbia, STS-107, which broke
      up on re-entry on 1 February 2003 → "lost". The other four of that crew
      (Anderson, Brown, Clark, McCool) have `STS-107` as their descent vehicle, as if
      they had landed: the file is inconsistent there, and an importer should treat
      STS-107 as lost for all seven.
    - `aborted` (2 rows, also in `in_orbit`): Ovchinin and Hague, Soyuz MS-10,
      11 October 2018, a launch abort; the crew landed safely in the capsule →
      "aborted". (The file holds neither Soyuz 18a, 1975, nor Soyuz T-10-1, 1983.)
    - `not completed yet` (6 rows: Koch on MS-12; Skvortsov, Parmitano, Morgan on
      MS-13; Skripochka, Meir on MS-15) → "in_space": aboard the ISS at the source's
      date (all six landed in February or April 2020, after it).
    - `in space` (1 row: Malenchenko, Soyuz TMA-19M, launched December 2015) →
      "in_space" as the source says; he in fact landed in June 2016, so the source
      was stale for that row.
    - `NA` (1 row: Farkas, Soyuz 36/35, 1980, with `NA` for ascent too) is a value not
      recorded, not an outcome → None; his mission title says up on Soyuz 36, down on
      Soyuz 35 (`legs`).

    The file has no status word for the two other flights whose crews died, Soyuz 1
    (1967) and Soyuz 11 (1971): their descent column names the vehicle.
    """
    text, _ = clean(descent_raw)
    return OUTCOMES.get(text.casefold())
