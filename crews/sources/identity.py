"""Who a source's person is on file: remembered, exact, close (proposed to a steward) or new.

Every source importer asks `identify()` before it writes: a person the source has
been matched before is the same person again (`SourceName`, so a re-import asks
nothing); a person whose name or other name is exactly someone's on file is that
person; a name only close to someone on file (trigram similarity, the search's
measure) is *proposed* to a data steward with its score and held back, never
merged silently; anyone else is new. A steward's answer is remembered.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from ..models import CrewMember, SourceName
from ..roster_csv.names import NameChoices, PeopleOnFile
from ..search import trigram_similarity
from .text import folded


@dataclass
class SourcePerson:
    """One person as a source gives them, in the app's terms."""

    key: str  # how the source identifies them (kept as `SourceName.written`)
    name: str  # "First Last"
    agency: str  # short name
    nationality: str = ""
    other_names: list[tuple[str, str]] = field(default_factory=list)  # (name, where it is used)
    rows: list[int] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *(name for name, _ in self.other_names)]


@dataclass(frozen=True)
class Proposal:
    person: SourcePerson
    match: CrewMember
    score: float


@dataclass
class Identities:
    #: key → the person on file it is, or None for a new person.
    on_file: dict[str, CrewMember | None] = field(default_factory=dict)
    proposals: list[Proposal] = field(default_factory=list)
    #: Keys whose rows are held back (a proposal waiting for a steward, or a name several people share).
    held: dict[str, str] = field(default_factory=dict)

    def name_choices(self, people: list[SourcePerson]) -> NameChoices:
        """What the roster import is told: each person's name is the person on file, or a new person."""
        same, new = {}, set()
        for person in people:
            if person.key in self.held:
                continue
            match = self.on_file.get(person.key)
            if match is None:
                new.add(person.name)
            else:
                same[person.name] = match.pk
        return NameChoices(same=same, new=new)

    def row_name(self, person: SourcePerson) -> str:
        """The name a roster row gives: the name on file for a matched person (their identity is on file)."""
        match = self.on_file.get(person.key)
        return match.name if match is not None else person.name


def identify(source: str, people: list[SourcePerson]) -> Identities:
    """See the module docstring. Reads only; `remember()` stores what was decided once the import is written."""
    result = Identities()
    remembered = {
        s.written: s for s in SourceName.objects.filter(source=source).select_related("crew_member__agency")
    }
    on_file = PeopleOnFile({name for person in people for name in person.names})
    for person in people:
        known = remembered.get(person.key)
        if known is not None and known.status == SourceName.Status.SAME and known.crew_member is not None:
            result.on_file[person.key] = known.crew_member
            continue
        exact = {match for name in person.names for match in on_file.matches(name)}
        if len(exact) == 1:
            result.on_file[person.key] = exact.pop()
            continue
        if len(exact) > 1:
            shown = ", ".join(sorted(p.name for p in exact))
            result.held[person.key] = f"{person.name} is the name of several people on file ({shown})"
            continue
        said_new = known is not None and known.status == SourceName.Status.NEW
        suggestions = [] if said_new else on_file.suggestions(person.name, limit=5)
        close = [s for s in suggestions if worth_asking(person.name, s.via)]
        if close:
            match, via = close[0].person, close[0].via
            score = max(trigram_similarity(name, via) for name in person.names)
            result.proposals.append(Proposal(person, match, round(score, 2)))
            result.held[person.key] = f"{person.name} is close to {close[0]}: a steward decides"
            continue
        result.on_file[person.key] = None
    return result


def _parts(name: str) -> tuple[str, str]:
    words = folded(name).replace(".", " ").split()
    words = [w for w in words if w not in SUFFIXES] or words
    return (words[0], words[-1]) if words else ("", "")


SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def worth_asking(name: str, other: str) -> bool:
    """Whether a name close by the search's measure could be the same person: the family names alike and the
    given names alike (or the same initial: Kathleen / Kate), or the whole names very close. The search's
    threshold alone would ask whether Frank Borman is Frank Rubio."""
    (first, last), (other_first, other_last) = _parts(name), _parts(other)
    if trigram_similarity(name, other) >= 0.6:
        return True
    family = last == other_last or trigram_similarity(last, other_last) >= 0.5
    given = first[:1] == other_first[:1] or trigram_similarity(first, other_first) >= 0.5
    return family and given


def remember(source: str, identities: Identities, people: list[SourcePerson]) -> None:
    """Store who each person turned out to be (after the import wrote them), and the open proposals."""
    by_name = {p.name.lower(): p for p in CrewMember.objects.filter(name__in=[p.name for p in people])}
    existing = {s.written: s for s in SourceName.objects.filter(source=source)}
    now = timezone.now()
    for person in people:
        row = existing.get(person.key) or SourceName(source=source, written=person.key)
        if person.key in identities.held:
            proposal = next((p for p in identities.proposals if p.person.key == person.key), None)
            if proposal is None or row.status == SourceName.Status.NEW:
                continue
            row.status, row.proposed, row.score = SourceName.Status.PROPOSED, proposal.match, proposal.score
        else:
            match = identities.on_file.get(person.key) or by_name.get(person.name.lower())
            if match is None or (row.status == SourceName.Status.SAME and row.crew_member_id == match.pk):
                continue
            row.status, row.crew_member, row.proposed, row.score = SourceName.Status.SAME, match, None, None
            row.decided_at = row.decided_at or now
        row.save()


def answer(source_name: SourceName, *, same: bool, user) -> None:
    """A steward's answer to a proposal: the same person as proposed, or a different (new) person."""
    source_name.status = SourceName.Status.SAME if same else SourceName.Status.NEW
    source_name.crew_member = source_name.proposed if same else None
    source_name.decided_by, source_name.decided_at = user, timezone.now()
    source_name.save()


CONFIRMED = Path(__file__).with_name("data") / "confirmed_names.csv"


def _written_key(source: str, written: str) -> str:
    """The file's "written" as the importers key people: the feed by name, the database by number and name,
    both without accents or case."""
    if source == "astronaut_db":
        number, _, name = written.partition(":")
        return f"{number}:{folded(name)}"
    return folded(written)


def confirm_from_file(source: str, path: Path = CONFIRMED) -> int:
    """Answers the project's maintainers gave to proposals, each checked against the agency's biography and
    kept in `data/confirmed_names.csv` with its reason: stored as a steward's answers would be (a steward's own
    answer is never overwritten). The people they name must be on file; the others wait for a later run.
    Returns how many were stored."""
    with path.open(encoding="utf-8", newline="") as file:
        answers = [row for row in csv.DictReader(file) if row["source"] == source]
    people = {p.name: p for p in CrewMember.objects.filter(name__in=[a["person"] for a in answers])}
    existing = {s.written: s for s in SourceName.objects.filter(source=source)}
    stored = 0
    for row in answers:
        written = _written_key(source, row["written"])
        known = existing.get(written)
        person = people.get(row["person"])
        if person is None or (known is not None and known.decided_by_id is not None):
            continue
        if known is not None and known.status == SourceName.Status.SAME and known.crew_member_id == person.pk:
            continue
        known = known or SourceName(source=source, written=written)
        known.status, known.crew_member, known.proposed, known.score = (
            SourceName.Status.SAME,
            person,
            None,
            None,
        )
        known.decided_at = timezone.now()
        known.save()
        stored += 1
    return stored
