"""People named in a roster: matched exactly (their name or an other name, any case), or, when the name is
close to someone on file, asked about — never created from a misspelling unless the user says so.

Close means the search's measure (pg_trgm's trigram similarity, `search.THRESHOLD`), so that the import
asks about exactly the names the search pages would forgive ("Nicole Man" → Nicole Mann).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import CrewMember, OtherName
from ..search import THRESHOLD, trigram_similarity, trigrams


@dataclass
class NameChoices:
    """What the user said about names that match nobody exactly: `same` maps a name as written (any case)
    to the id of the person it means; `new` names new people; `all_new` makes every such name a new person."""

    same: dict[str, int] = field(default_factory=dict)
    new: set[str] = field(default_factory=set)
    all_new: bool = False

    def __post_init__(self):
        self.same = {name.strip().lower(): pk for name, pk in self.same.items()}
        self.new = {name.strip().lower() for name in self.new}

    def says_new(self, name: str) -> bool:
        return self.all_new or name.lower() in self.new

    def as_data(self) -> dict:
        return {"same": self.same, "new": sorted(self.new), "all_new": self.all_new}

    @classmethod
    def from_data(cls, data: dict | None) -> NameChoices:
        data = data or {}
        return cls(
            same=dict(data.get("same", {})), new=set(data.get("new", [])), all_new=data.get("all_new", False)
        )


@dataclass(frozen=True)
class Suggestion:
    person: CrewMember
    via: str  # the name that is close: the person's own, or one of their other names

    def __str__(self) -> str:
        shown = f"{self.person.name} ({self.person.agency.short_name})"
        return shown if self.via == self.person.name else f"{shown}, also written {self.via}"


class PeopleOnFile:
    """The people a roster names, matched by name or other name (three queries), and suggestions for the rest."""

    def __init__(self, names: set[str], *, lock: bool = False):
        keys = {n.lower() for n in names}
        self.by_name: dict[str, set[CrewMember]] = defaultdict(set)
        # Everyone's names and other names, compared in Python (SQLite's LOWER() knows only ASCII letters);
        # they are also what suggestions are made from.
        self._names = list(CrewMember.objects.values_list("name", "pk"))
        self._names += list(OtherName.objects.values_list("name", "crew_member_id"))
        matched = [(name.lower(), pk) for name, pk in self._names if name.lower() in keys]
        people = CrewMember.objects.select_related("agency")
        if lock:  # read under the lock: the rows as they are now, not as before we waited
            people = people.select_for_update(of=("self",))
        found = people.in_bulk(sorted({pk for _, pk in matched}))
        for key, pk in matched:
            if pk in found:
                self.by_name[key].add(found[pk])
        self._index: dict[str, list[tuple[str, int]]] | None = None

    def matches(self, name: str) -> list[CrewMember]:
        return sorted(self.by_name.get(name.lower(), ()), key=lambda p: (p.name, p.pk))

    def suggestions(self, name: str, limit: int = 3) -> list[Suggestion]:
        """People whose name or other name is close to `name`, closest first."""
        if self._index is None:
            self._build_index()
        candidates = {entry for gram in trigrams(name) for entry in self._index.get(gram, ())}
        scored = sorted(
            ((trigram_similarity(name, other), other, pk) for other, pk in candidates),
            key=lambda s: (-s[0], s[1]),
        )
        best: dict[int, str] = {}
        for score, other, pk in scored:
            if score >= THRESHOLD and pk not in best:
                best[pk] = other
        people = CrewMember.objects.select_related("agency").in_bulk(list(best)[:limit])
        return [Suggestion(people[pk], via) for pk, via in list(best.items())[:limit] if pk in people]

    def _build_index(self) -> None:
        self._index = defaultdict(list)
        for entry in self._names:
            for gram in trigrams(entry[0]):
                self._index[gram].append(entry)
