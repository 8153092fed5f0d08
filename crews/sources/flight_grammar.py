"""How one flight is written: each programme's names, the numbers it really flew, and their canonical form.

`read_flight(text)` takes text already cleaned (see `text.clean`) and returns
the canonical flight name and a note on how it was read, or raises `NotAFlight`
with the reason. Canonical forms follow the roster ("Soyuz MS-22", "SpaceX
Crew-5", "Boeing Crew Flight Test") and the names the programmes themselves
used:

- Vostok 1–6, Voskhod 1–2, Mercury-Redstone 1–4 and Mercury-Atlas 1–9, Gemini 1–12
  (crewed 6A and 9A: the planned Gemini 6 and 9 never flew under those names),
  Apollo 4–17 (Apollo 1 never flew), Skylab 2–4, "Apollo-Soyuz Test Project"
  for the Apollo spacecraft of 1975 (its Soviet partner flew as "Soyuz 19").
- Soyuz 1–40 (and "Soyuz 18a", the 1975 launch abort), Soyuz T-2 … T-15 (and
  "Soyuz T-10-1", the 1983 pad abort), TM-1 … TM-34, TMA-1 … TMA-22,
  TMA-01M … TMA-20M, MS-01 onwards (two digits, as Roscosmos writes them).
- STS-1 … STS-9 and STS-26 … STS-135, and the 1984–86 codes STS-41-B … STS-61-C
  always written with both hyphens ("STS-51-L"). Numbers 10–25 were never flight
  names.
- Shenzhou N; SpaceX Crew-N and SpaceX Demo-N (Crew Dragon); Axiom Mission N;
  Inspiration4, Polaris Dawn, Fram2; Boeing Crew Flight Test; Artemis I–V.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .text import fix_words

ORBITERS = ("Columbia", "Challenger", "Discovery", "Atlantis", "Endeavour")

STS_CODES = frozenset(
    ["41-B", "41-C", "41-D", "41-G", "51-A", "51-B", "51-C", "51-D", "51-F", "51-G", "51-I", "51-J", "51-L",
     "61-A", "61-B", "61-C"]
)  # fmt: skip

#: Known typos, by cleaned text (case-folded): the flight meant and why that is certain.
TYPOS = {
    "sts-151-c": ("STS-51-C", "typo 'STS-151-C'"),
    "soyuz tma-33": (
        "Soyuz TM-33",
        "typo 'Soyuz TMA-33' (the TMA series ended at TMA-22; TM-33 flew in 2001)",
    ),
    "soyuz tma-34": (
        "Soyuz TM-34",
        "typo 'Soyuz TMA-34' (the TMA series ended at TMA-22; TM-34 flew in 2002)",
    ),
}
#: Other names of a flight: abbreviations, spacecraft serials and capsule names (case-folded).
ALIASES = {
    "apollo-soyuz test project": ("Apollo-Soyuz Test Project", ""),
    "astp": ("Apollo-Soyuz Test Project", "abbreviation 'ASTP'"),
    "apollo-soyuz": ("Apollo-Soyuz Test Project", "short name 'Apollo-Soyuz'"),
    "apollo sk.2": ("Skylab 2", "spelling 'Apollo Sk.2'"),
    "apollo sk.3": ("Skylab 3", "spelling 'Apollo Sk.3'"),
    "apollo sk.4": ("Skylab 4", "spelling 'Apollo Sk.4'"),
    "apollo csm-116": ("Skylab 2", "spacecraft serial 'Apollo CSM-116'"),
    "apollo csm-117": ("Skylab 3", "spacecraft serial 'Apollo CSM-117'"),
    "apollo csm-118": ("Skylab 4", "spacecraft serial 'Apollo CSM-118'"),
    "apollo csm-111": ("Apollo-Soyuz Test Project", "spacecraft serial 'Apollo CSM-111'"),
    "freedom 7": ("Mercury-Redstone 3", "capsule name 'Freedom 7'"),
    "liberty bell 7": ("Mercury-Redstone 4", "capsule name 'Liberty Bell 7'"),
    "friendship 7": ("Mercury-Atlas 6", "capsule name 'Friendship 7'"),
    "aurora 7": ("Mercury-Atlas 7", "capsule name 'Aurora 7'"),
    "sigma 7": ("Mercury-Atlas 8", "capsule name 'Sigma 7'"),
    "faith 7": ("Mercury-Atlas 9", "capsule name 'Faith 7'"),
}

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
_FEED_VEHICLE_WORDS = (" dragon", " starliner", " orion")


class NotAFlight(ValueError):
    """The text does not name one flight; the message says why."""


def _within(template: str, number: int, flown: range, why: str = "") -> str:
    name = template.format(number)
    if number not in flown:
        raise NotAFlight(why or f"no flight was named '{name}'")
    return name


def _gemini(m: re.Match) -> str:
    number, letter = int(m[1]), (m[2] or "").upper()
    if number in (6, 9) and not letter:
        raise NotAFlight(f"no flight was named 'Gemini {number}' (it flew as Gemini {number}A)")
    if letter and number not in (6, 9):
        raise NotAFlight(f"no flight was named 'Gemini {number}{letter}'")
    return _within("Gemini {}", number, range(1, 13)) + letter


def _apollo(m: re.Match) -> str:
    number = int(m[1])
    if number == 1:
        raise NotAFlight("Apollo 1 never flew (its crew died in a ground test)")
    return _within("Apollo {}", number, range(4, 18))


def _soyuz(m: re.Match) -> str:
    number, abort = int(m[1]), m[2]
    if abort:
        if number != 18:
            raise NotAFlight(f"no flight was named 'Soyuz {number}a'")
        return "Soyuz 18a"
    return _within("Soyuz {}", number, range(1, 41))


def _soyuz_t(m: re.Match) -> str:
    if m[2]:
        if m[1] != "10":
            raise NotAFlight(f"no flight was named 'Soyuz T-{m[1]}-1'")
        return "Soyuz T-10-1"
    return _within("Soyuz T-{}", int(m[1]), range(2, 16))


def _sts(m: re.Match) -> str:
    number, letter = int(m[1]), (m[2] or "").upper()
    if letter:
        code = f"{number}-{letter}"
        if code not in STS_CODES:
            raise NotAFlight(f"no Shuttle flight was named 'STS-{code}'")
        return f"STS-{code}"
    if 10 <= number <= 25:
        raise NotAFlight(
            f"no Shuttle flight was named 'STS-{number}' (1984–86 flights had codes such as STS-41-B)"
        )
    return _within("STS-{}", number, range(1, 136))


def _skylab(m: re.Match) -> str:
    if int(m[1]) == 1:
        raise NotAFlight("Skylab 1 was the uncrewed launch of the station itself")
    return _within("Skylab {}", int(m[1]), range(2, 5))


def _artemis(m: re.Match) -> str:
    return "Artemis " + _ROMAN.get(m[1], m[1].upper())


_DRAGON = r"(?:\s+dragon)?"
PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (r"vostok[ -]?(\d+)", lambda m: _within("Vostok {}", int(m[1]), range(1, 7))),
    (r"voskhod[ -]?(\d+)", lambda m: _within("Voskhod {}", int(m[1]), range(1, 3))),
    (
        r"(?:mr|mercury[ -]?redstone)[ -]?(\d+)",
        lambda m: _within("Mercury-Redstone {}", int(m[1]), range(1, 5)),
    ),
    (r"(?:ma|mercury[ -]?atlas)[ -]?(\d+)", lambda m: _within("Mercury-Atlas {}", int(m[1]), range(1, 10))),
    (r"gemini[ -]?(\d+)([a-z])?", _gemini),
    (r"apollo[ -]?(\d+)", _apollo),
    (r"(?:skylab|sl)[ -]?(\d+)", _skylab),
    (r"soyuz[ -]?ms[ -]?(\d{1,2})", lambda m: f"Soyuz MS-{int(m[1]):02d}"),
    (r"soyuz[ -]?tma[ -]?(\d{1,2})m", lambda m: _within("Soyuz TMA-{:02d}M", int(m[1]), range(1, 21))),
    (r"soyuz[ -]?tma[ -]?(\d{1,2})", lambda m: _within("Soyuz TMA-{}", int(m[1]), range(1, 23))),
    (r"soyuz[ -]?tm[ -]?(\d{1,2})", lambda m: _within("Soyuz TM-{}", int(m[1]), range(1, 35))),
    (r"soyuz[ -]?t[ -]?(\d{1,2})((?:[ -]1)|a)?", _soyuz_t),
    (r"soyuz[ -]?(\d{1,2})((?:-1)|a)?", _soyuz),
    (r"sts[ -]?(\d{1,3})(?:[ -]?([a-z]))?", _sts),
    (r"shenzhou[ -]?(\d{1,2})", lambda m: _within("Shenzhou {}", int(m[1]), range(1, 100))),
    (r"(?:spacex\s+)?crew[ -]?(\d{1,2})" + _DRAGON, lambda m: f"SpaceX Crew-{int(m[1])}"),
    (r"(?:spacex\s+|crew\s+dragon\s+)?(?:demo|dm)[ -]?([12])" + _DRAGON, lambda m: f"SpaceX Demo-{m[1]}"),
    (r"(?:axiom(?:\s+mission)?|ax)[ -]?(\d{1,2})" + _DRAGON, lambda m: f"Axiom Mission {int(m[1])}"),
    (r"inspiration\s?4" + _DRAGON, lambda m: "Inspiration4"),
    (r"polaris\s+dawn" + _DRAGON, lambda m: "Polaris Dawn"),
    (r"fram[ -]?2" + _DRAGON, lambda m: "Fram2"),
    (
        r"(?:boeing\s+)?(?:cft|crew\s+flight\s+test)(?:\s+starliner)?|starliner\s+(?:cft|crew\s+flight\s+test)",
        lambda m: "Boeing Crew Flight Test",
    ),
    (r"artemis[ -]?(i{1,3}|iv|v|[1-5])(?:\s+orion)?", _artemis),
]
PATTERNS = [(re.compile(regex, re.IGNORECASE), build) for regex, build in PATTERNS]


def _as_written(text: str, name: str) -> str:
    if name == text:
        return ""
    if text.casefold().endswith(_FEED_VEHICLE_WORDS):
        return f"feed label '{text}'"
    if name.casefold() == text.casefold():
        return f"capitalisation '{text}'"
    return f"spelling '{text}'"


def _match(text: str) -> str | None:
    for pattern, build in PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return build(found)
    return None


def read_flight(text: str) -> tuple[str, str]:
    """The canonical name of the one flight `text` names, and how it was read ("" if as written)."""
    key = text.casefold()
    if key in TYPOS:
        return TYPOS[key]
    if key in ALIASES:
        return ALIASES[key]
    fixed, typo = fix_words(text)
    name = _match(fixed)
    if name:
        return name, typo or _as_written(text, name)
    head, _, tail = fixed.partition(",")
    if tail and (name := _match(head.strip())):
        return name, f"text after the flight dropped ('{tail.strip()}')"
    for orbiter in ORBITERS:
        head = fixed[: -len(orbiter)].strip()
        if key.endswith(" " + orbiter.casefold()) and (name := _match(head)):
            spelling = f"; spelling '{head}'" if name != head else ""
            return name, f"orbiter name '{orbiter}' dropped{spelling}"
    raise NotAFlight("not recognised as a flight name")
