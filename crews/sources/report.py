"""What a source import found and did: counts, anomalies, proposals, and the roster import's own report."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..roster_csv.report import ImportReport, counted


@dataclass(frozen=True)
class Finding:
    kind: str
    subject: str
    text: str
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        where = f"row {', '.join(map(str, self.rows))}: " if self.rows else ""
        return f"{where}{self.text}"


@dataclass
class SourceReport:
    source: str
    dry_run: bool = False
    rows: int = 0
    people: int = 0
    flights: int = 0
    missions: int = 0
    stations: int = 0
    problems: list[str] = field(default_factory=list)
    anomalies: list[Finding] = field(default_factory=list)
    #: Names held back for a steward: "name (rows): why".
    held: list[str] = field(default_factory=list)
    roster: ImportReport | None = None
    _index: dict = field(default_factory=dict, repr=False)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def anomaly(self, kind: str, subject: str, text: str, *rows: int) -> None:
        """Note an anomaly: one per kind and subject, as they are kept; the rows of each time it is found."""
        found = self._index.get((kind, subject))
        if found is None:
            self._index[(kind, subject)] = len(self.anomalies)
            self.anomalies.append(Finding(kind, subject, text, tuple(rows)))
        else:
            first = self.anomalies[found]
            merged = first.rows + tuple(r for r in rows if r not in first.rows)
            self.anomalies[found] = Finding(kind, subject, first.text, merged)

    @property
    def ok(self) -> bool:
        return not self.problems and (self.roster is None or self.roster.ok)

    def summary(self) -> str:
        unchanged = self.roster is not None and self.roster.ok and not self.roster.changes_anything
        verb = "found" if unchanged else "would import" if self.dry_run else "imported"
        parts = [
            f"{counted(self.rows, 'rows')} read",
            f"{verb} {counted(self.people, 'people')}, {counted(self.flights, 'person-flights')}, "
            f"{counted(self.missions, 'missions')}, {counted(self.stations, 'stations')}",
            f"{counted(len(self.anomalies), 'anomalies')} reported",
        ]
        if unchanged:
            parts.append("nothing to change: all of it is on file already")
        if self.held:
            parts.append(f"{counted(len(self.held), 'people')} held back for a data steward")
        return "; ".join(parts)
