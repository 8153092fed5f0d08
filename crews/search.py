"""Search that forgives: crew names by their other names too, and small misspellings.

"Francisco Rubion" finds Frank Rubio (through his other name Francisco Rubio),
"Hoburgh" finds Warren Hoburg. A name matches when it contains the query, or when
their trigram similarity (pg_trgm's measure: shared trigrams over all trigrams of
the two) is at least `THRESHOLD`. On PostgreSQL the database computes it
(`pg_trgm`, enabled by a migration); elsewhere `trigram_similarity()` computes the
same measure in Python, so both give the same answers.

Mission names match on their letters and digits only ("ms22" finds Soyuz MS-22):
mission names differ by a digit, which trigrams would blur.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Q

from missions.names import compact

from .models import CrewMember, OtherName, SeatAssignment

THRESHOLD = 0.3  # pg_trgm's default similarity_threshold
_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: per lower-cased word, padded with two spaces before and one after."""
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity(a, b)`."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared)


def name_matches(query: str, name: str) -> bool:
    return query.lower() in name.lower() or trigram_similarity(query, name) >= THRESHOLD


def crew_member_q(query: str) -> Q:
    """A filter for CrewMember: the name or an other name contains `query` or is close to it."""
    query = query.strip()
    if connection.vendor == "postgresql":
        # pg_trgm's `%` (similarity at least `pg_trgm.similarity_threshold`, 0.3 unless the database sets
        # another: it must stay at `THRESHOLD` for PostgreSQL and Python to agree, which `test_search` checks)
        # and `ILIKE`-style containment, both answered from the names' trigram indexes (crews migration 0013):
        # computing the similarity of every name took 43 ms at 1000× the demo.
        close = Q(name__trigram_similar=query) | Q(name__icontains=query)
        by_name = CrewMember.objects.filter(close).values("pk")
        by_other = OtherName.objects.filter(close).values("crew_member_id")
        return Q(pk__in=by_name) | Q(pk__in=by_other)
    ids = {pk for pk, name in CrewMember.objects.values_list("pk", "name") if name_matches(query, name)}
    ids |= {
        pk
        for pk, name in OtherName.objects.values_list("crew_member_id", "name")
        if name_matches(query, name)
    }
    return Q(pk__in=sorted(ids))


def mission_name_q(query: str) -> Q:
    """A filter for Mission: the name matches on letters and digits ("ms22" finds Soyuz MS-22).

    The mission's compact name is written with the row (`Mission.search_name`, by Python on every database, so
    that SQLite and PostgreSQL treat every script alike) and compared by the database. (Reading every name into
    Python took 250 ms at 1000× the demo, and sent the matches back as a list of thousands of ids.)
    """
    wanted = compact(query)
    if not wanted:
        return Q(pk__in=[])
    return Q(search_name__contains=wanted)


def mission_q(query: str) -> Q:
    """A filter for Mission: the name matches on letters and digits, or someone aboard matches `query`."""
    people = CrewMember.objects.filter(crew_member_q(query)).values("pk")
    crewed = Q(pk__in=SeatAssignment.objects.filter(crew_member__in=people).values("mission_id"))
    return mission_name_q(query) | crewed
