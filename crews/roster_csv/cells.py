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


def unescape_cell(text: str) -> str:
    """Undo `escape_cell`: remove one `'` only where apostrophes stand before a formula character."""
    return text[1:] if text.startswith("'") and _formula_after_apostrophes(text) else text
