"""What an import says: problems by row and column, what was (or would be) created and changed, warnings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


#: The kinds of record an import creates, in the singular.
ONE = {"missions": "mission", "seats": "seat", "crew members": "crew member", "agencies": "agency",
       "spacecraft": "spacecraft", "launch sites": "launch site", "rows": "row", "warnings": "warning",
       "people": "person", "person-flights": "person-flight", "stations": "station", "anomalies": "anomaly"}  # fmt: skip


def counted(n: int, kind: str) -> str:
    """`1 mission`, `6 seats`."""
    return f"{n} {ONE.get(kind, kind) if n == 1 else kind}"


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    changed: list[str] = field(default_factory=list)
    #: The changes among `changed` that rewrite the record (flown missions and seats, who a person is).
    record_changes: list[str] = field(default_factory=list)
    unchanged_rows: int = 0
    #: Rows whose seat cell is empty where the person already holds a numbered seat: the number kept, in words.
    kept: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Names that match nobody exactly but are close to someone on file: name as written → suggestions.
    close_names: dict[str, list] = field(default_factory=dict)
    #: What the file would change, in a form to tell a preview from a later run of the same file.
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def creations(self) -> list[tuple[str, list[str]]]:
        """(kind, descriptions) of what was (or would be) created, for templates."""
        return [(kind, items) for kind, items in self.created.items() if items]

    @property
    def changes_anything(self) -> bool:
        return any(self.created.values()) or bool(self.changed)

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and self.changes_anything

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def summary(self) -> str:
        """`6 rows read; would create 2 missions, 6 seats; would change 1; 0 rows already on file`."""
        made = ", ".join(counted(len(items), kind) for kind, items in self.created.items() if items)
        parts = [f"{counted(self.rows, 'rows')} read"]
        if self.dry_run:
            parts.append(f"would create {made}" if made else "nothing to create")
            parts.append(f"would change {len(self.changed)}" if self.changed else "would change nothing")
        else:
            parts.append(f"created {made}" if made else "nothing created")
            parts.append(f"{len(self.changed)} changed")
        parts.append(f"{counted(self.unchanged_rows, 'rows')} already on file")
        if self.warnings:
            parts.append(counted(len(self.warnings), "warnings"))
        return "; ".join(parts)
