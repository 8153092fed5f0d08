"""Cells a spreadsheet must read as text: the formula-injection escape, undone exactly on import.

A text cell that begins with `=`, `+`, `-`, `@`, a tab, a carriage return or a
line feed is written with a leading `'` so that a spreadsheet shows it as text
(OWASP "CSV Injection"); the import removes exactly that escape. (A cell that
already begins with `'` before such a character gets one more `'`, so the round
trip is lossless.)
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _formula_after_apostrophes(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def escape_cell(text: str) -> str:
    """Prefix `'` to a cell a spreadsheet would read as a formula.

    A cell that already begins with apostrophes before such a character gets one
    more, so that `unescape_cell` gives back exactly what was written.
    """
    return "'" + text if _formula_after_apostrophes(text) else text


def sql_chars(text: str) -> str:
    """Characters as a PostgreSQL regular expression can hold any of them (`\\u0027`)."""
    return "".join(f"\\u{ord(c):04x}" for c in text)


def escape_cell_sql(cell: str) -> str:
    """`escape_cell` as a PostgreSQL expression of `cell` (an expression of text, written once: it may be long):
    `'` before the apostrophes and the formula character the cell begins with."""
    begins = f"^{sql_chars(chr(39))}*[{sql_chars(''.join(FORMULA_TRIGGERS))}]"
    return f"regexp_replace({cell}, '{begins}', '''\\&')"


def risky_sql(cells: list[str], quoted: str) -> str:
    """A PostgreSQL condition true when one of `cells` (expressions of text) would be escaped (`escape_cell`) or
    holds a character of `quoted`, and, rarely, when not (a cell beginning with an apostrophe, or holding
    chr(1)): one regular expression over the cells joined, each after chr(1), which costs the database less
    than looking at each cell."""

    pattern = f"[{sql_chars(quoted)}]|{sql_chars(chr(1))}[{sql_chars(chr(39) + ''.join(FORMULA_TRIGGERS))}]"
    return "(" + " || ".join(f"chr(1) || {cell}" for cell in cells) + f") ~ '{pattern}'"


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`: remove one `'` only where apostrophes stand before a formula character."""
    return text[1:] if text.startswith("'") and _formula_after_apostrophes(text) else text
