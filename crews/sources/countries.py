"""Countries as the sources write them, mapped to English country names that keep history honest.

The Astronaut Database's `nationality` has 40 values. Typos are put right
(`Hungry`, `Malysia`, `Netherland`), abbreviations written out (`U.S.`, `U.K.`,
`UAE`), and names of states that no longer exist are kept, because a person's
country is the one they flew for:

- `U.S.S.R/Russia` → "Soviet Union/Russia": the file gives this to every
  Soviet and Russian cosmonaut alike (Gagarin in 1961, Artemyev in 2014); which one
  applies depends on the date, which the value does not carry. The importer may
  narrow it per flight with `country_at` (Soviet Union until 1991, Russia from 1992).
- `U.S.S.R/Ukraine` → "Soviet Union/Ukraine" (Leonid Kadenyuk: trained in the Soviet
  Union, flew for Ukraine on STS-87 in 1997).
- `Czechoslovakia` is kept (Vladimír Remek, 1978, was Czechoslovak; there was no
  Czech Republic until 1993). `Germany` is kept although one of its 16 rows is
  Sigmund Jähn, who flew in 1978 for East Germany (the value cannot tell).
- `Korea` → "South Korea" (Yi So-yeon, 2008); `Republic of South Africa` →
  "South Africa"; `U.K./U.S.` → "United Kingdom/United States" (dual nationals who
  flew as NASA astronauts: Foale, Sellers, Patrick, Garriott).

The feed's 21 values are already current English names and pass through
unchanged; `Turkey` is kept as most English-language style guides still write it
(the UN has used "Türkiye" since 2022). Any value not listed comes back unchanged,
stripped of stray spaces.
"""

from __future__ import annotations

from .text import clean

COUNTRIES = {
    "U.S.": "United States",
    "U.S.S.R/Russia": "Soviet Union/Russia",
    "U.S.S.R/Ukraine": "Soviet Union/Ukraine",
    "U.K.": "United Kingdom",
    "U.K./U.S.": "United Kingdom/United States",
    "UAE": "United Arab Emirates",
    "Hungry": "Hungary",
    "Malysia": "Malaysia",
    "Netherland": "Netherlands",
    "Korea": "South Korea",
    "Republic of South Africa": "South Africa",
}

#: Values kept as they are, on purpose (each was checked against the rows that carry it).
KEPT = frozenset(
    {
        "Afghanistan", "Australia", "Austria", "Belarus", "Belgium", "Brazil", "Bulgaria", "Canada", "China",
        "Cuba", "Czechoslovakia", "Denmark", "France", "Germany", "Hungary", "India", "Israel", "Italy", "Japan",
        "Kazakhstan", "Malta", "Mexico", "Mongolia", "Norway", "Poland", "Romania", "Russia", "Saudi Arabia",
        "Slovakia", "Spain", "Sweden", "Switzerland", "Syria", "Turkey", "United Arab Emirates", "United States",
        "Vietnam",
    }
)  # fmt: skip

#: The Soviet and Russian names: one programme, whose agency today is Roscosmos.
SOVIET_OR_RUSSIAN = frozenset({"Soviet Union/Russia", "Soviet Union", "Russia"})


def country(raw: str) -> str:
    """The English country name for a source's value (`Hungry` → "Hungary"); an unknown value unchanged."""
    text, _ = clean(raw)
    return COUNTRIES.get(text, text)


def country_at(raw: str, year: int) -> str:
    """`country(raw)`, narrowed to the date where the source's value spans two states.

    "Soviet Union/Russia" is "Soviet Union" up to 1991 and "Russia" from 1992;
    "Soviet Union/Ukraine" likewise "Soviet Union" or "Ukraine". Others are unchanged.
    """
    name = country(raw)
    if name.startswith("Soviet Union/"):
        return "Soviet Union" if year <= 1991 else name.split("/", 1)[1]
    return name
