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


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    changed: list[str] = field(default_factory=list)
    unchanged_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def creations(self) -> list[tuple[str, list[str]]]:
        """(kind, descriptions) of what was (or would be) created, for templates."""
        return [(kind, items) for kind, items in self.created.items() if items]

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and bool(self.created or self.changed)

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def summary(self) -> str:
        made = ", ".join(f"{len(items)} {kind}" for kind, items in self.created.items() if items)
        parts = [f"{self.rows} rows read"]
        parts.append(f"created {made}" if made else "nothing created")
        parts.append(f"{len(self.changed)} changed")
        parts.append(f"{self.unchanged_rows} rows already on file")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings")
        return "; ".join(parts)
