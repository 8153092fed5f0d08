"""People's names as the sources write them, in the order the app uses ("First Last"), never respelt.

The Astronaut Database writes "Last, First" (`Glenn, John H., Jr.`), with
exceptions: some names are already in order (`Chris Hadfield`, `Nie Haisheng`),
one has lost its comma (`Kregel Kevin R.`), one has its parts the wrong way round
(`Lodewijk, van der Berg`: Lodewijk is his given name), a generational suffix may
stand anywhere (`Duke, Jr. Charles Moss`, `Sacco, Albert Jr.`), and a
parenthesis may give another form (`Simonyi, Charles (Karoly)`).

Chinese and Korean names are written family name first in English, as the
people-in-space feed and the agencies write them ("Liu Yang", "Nie Haisheng"),
so `person_name(…, country="China")` keeps that order: `Liu, Yang` → "Liu Yang".
Without a country the order is always "First Last".

Spelling is never changed here. Misspellings known for certain are listed in
`KNOWN_MISSPELLINGS` and names that lost their diacritics in `DIACRITICS_RESTORED`
(raw value → right form, in the app's order), for the importer to record as
other names.
"""

from __future__ import annotations

import re

from .countries import country as country_name
from .text import clean

#: Countries whose people's names are written family name first in English.
FAMILY_NAME_FIRST = frozenset({"China", "South Korea"})

#: Raw values that no rule reads right (raw → name in the app's order).
NAME_EXCEPTIONS = {
    "Kregel Kevin R.": "Kevin R. Kregel",  # the comma after the family name is missing
    "Lodewijk, van der Berg": "Lodewijk van der Berg",  # given name written first, before the comma
}

#: Misspellings in the sources, known for certain (raw value → right spelling, in the app's order).
KNOWN_MISSPELLINGS = {
    # Astronaut Database 1961–2019
    "Miroslaw Hermaszewske": "Miroslaw Hermaszewski",
    "Vittori, Roverto": "Roberto Vittori",
    "Cristofretti, Samantha": "Samantha Cristoforetti",
    "Saint-Jaques, David": "David Saint-Jacques",
    "Neri Vela, Rodolfl": "Rodolfo Neri Vela",
    "Wang, Yapi": "Wang Yaping",
    "Lodewijk, van der Berg": "Lodewijk van den Berg",
    "Frimout, David": "Dirk Frimout",  # the file's original_name is "Frimout, Dirk Dries david"
    "Al-saud, Sultan bin Salman": "Sultan bin Salman Al Saud",
    # People-in-space feed 2020–2026
    "Akihido Hoshide": "Akihiko Hoshide",
    "Warren Hoburgh": "Warren Hoburg",
    "Marina Vasilevskay": "Marina Vasilevskaya",
    "Christoper Williams": "Christopher Williams",
}

#: Names written without their diacritics (raw value → the name as its bearer writes it, in the app's order).
DIACRITICS_RESTORED = {
    "Jahn, Sigmund": "Sigmund Jähn",
    "Viehbock, Franz": "Franz Viehböck",
    "Kuipers, Andre": "André Kuipers",
    "Guy Laliberte": "Guy Laliberté",
    "Arnaldo Tamayo Mendez": "Arnaldo Tamayo Méndez",
    "Pham Tuan": "Phạm Tuân",
    "Chang-Diaz, Franklin R.": "Franklin R. Chang-Díaz",
    "Lopez-Alegria, Michael E.": "Michael E. López-Alegría",
    "Michael Lopez-Alegria": "Michael López-Alegría",
    "Miroslaw Hermaszewske": "Mirosław Hermaszewski",
}

#: Parenthesised forms that no rule reads right (raw → other names).
ALTERNATE_EXCEPTIONS = {
    # Her family name at birth, then her married name (she flew in 1996 as André-Deshays, in 2001 as Haigneré).
    "André-Deshays, Claudie (Haigneré)": ["Claudie Haigneré"],
}

_SUFFIXES = ("Jr.", "Sr.", "II", "III", "IV")
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)")


def _split_suffix(words: str) -> tuple[str, str]:
    """`words` without a generational suffix at either end, and that suffix ("" if none)."""
    for suffix in _SUFFIXES:
        if words.endswith(" " + suffix):
            return words[: -len(suffix)].strip(), suffix
        if words.startswith(suffix + " "):
            return words[len(suffix) :].strip(), suffix
    return words, ""


def _ordered(text: str, family_first: bool) -> str:
    if "," not in text:
        return text
    family, given, *rest = [part.strip() for part in text.split(",")]
    given, suffix = _split_suffix(given)
    suffixes = [suffix] if suffix else []
    suffixes += [part for part in rest if part]
    order = [family, given] if family_first else [given, family]
    return " ".join(part for part in [*order, *suffixes] if part)


def _family_first(country: str) -> bool:
    return bool(country) and country_name(country) in FAMILY_NAME_FIRST


def person_name(raw: str, *, country: str = "") -> str:
    """The name in the app's order, without any parenthesis: `Glenn, John H., Jr.` → "John H. Glenn Jr.".

    `country` (a source value or a mapped name) puts family names first where that
    is the English usage (see `FAMILY_NAME_FIRST`).
    """
    text, _ = clean(raw)
    if text in NAME_EXCEPTIONS:
        return NAME_EXCEPTIONS[text]
    base = _PARENTHESIS.sub("", text).strip()
    return _ordered(base, _family_first(country))


def alternate_names(raw: str, *, country: str = "") -> list[str]:
    """Other names a parenthesis gives, in the app's order: `Simonyi, Charles (Karoly)` → ["Karoly Simonyi"].

    A parenthesis holding several words is a whole other name (`Yi, Soyeon (Lee
    So-hyun)` → "Lee So-hyun"); one word stands for the word before it (`Aidyn
    (Aydyn) Akanovich Aimbetov` → "Aydyn Akanovich Aimbetov").
    """
    text, _ = clean(raw)
    if text in ALTERNATE_EXCEPTIONS:
        return list(ALTERNATE_EXCEPTIONS[text])
    others = []
    for found in _PARENTHESIS.finditer(text):
        inside = found[1].strip()
        if not inside:
            continue
        if " " in inside:
            others.append(inside)
            continue
        before = text[: found.start()]
        replaced = re.sub(r"\S+$", inside, before) + text[found.end() :]
        others.append(_ordered(_PARENTHESIS.sub("", replaced).strip(), _family_first(country)))
    return others
