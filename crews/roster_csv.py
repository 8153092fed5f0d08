"""The roster CSV format, shared by the import and the export.

One row per person per leg, UTF-8 (a byte-order mark is written on export and
accepted on import), these columns in this order:

    mission, mission_status, spacecraft, vehicle, operator, launch_site,
    destination, launch_utc, landing_utc, leg, seat, role, crew_member,
    crew_agency, nationality, agreement

and, on export only, the derived `cross_agency` (`yes`/`no`, ignored on import).

A text cell that begins with `=`, `+`, `-`, `@`, a tab, a carriage return or a
line feed is written with a leading `'` so that a spreadsheet shows it as text
(OWASP "CSV Injection"); the import removes exactly that escape. (A cell that
already begins with `'` before such a character gets one more `'`, so the round
trip is lossless.)
"""

from __future__ import annotations

from .models import SeatAssignment

COLUMNS = (
    "mission",
    "mission_status",
    "spacecraft",
    "vehicle",
    "operator",
    "launch_site",
    "destination",
    "launch_utc",
    "landing_utc",
    "leg",
    "seat",
    "role",
    "crew_member",
    "crew_agency",
    "nationality",
    "agreement",
)
#: Written on export, ignored on import.
DERIVED_COLUMNS = ("cross_agency",)
EXPORT_COLUMNS = COLUMNS + DERIVED_COLUMNS

#: Columns every row must fill.
REQUIRED_COLUMNS = frozenset(
    {
        "mission",
        "mission_status",
        "spacecraft",
        "operator",
        "launch_site",
        "launch_utc",
        "leg",
        "seat",
        "role",
        "crew_member",
        "crew_agency",
    }
)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _formula_after_apostrophes(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def escape_cell(text: str) -> str:
    """Prefix `'` to a cell a spreadsheet would read as a formula.

    A cell that already begins with apostrophes before such a character gets one
    more, so that `unescape_cell` gives back exactly what was written.
    """
    return "'" + text if _formula_after_apostrophes(text) else text


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`: remove one `'` only where apostrophes stand before a formula character."""
    return text[1:] if text.startswith("'") and _formula_after_apostrophes(text) else text


def role_to_csv(role: str) -> str:
    """`flight_engineer` → `flight engineer`."""
    return SeatAssignment.Role(role).label.lower()


def role_from_csv(text: str) -> str | None:
    value = " ".join(text.split()).lower().replace(" ", "_")
    return value if value in SeatAssignment.Role.values else None


def role_words() -> str:
    return ", ".join(role_to_csv(r) for r in SeatAssignment.Role.values)
