"""Forgiving search: pg_trgm's similarity, the same in Python and in PostgreSQL."""

import pytest
from django.db import connection

from crews.models import CrewMember
from crews.search import THRESHOLD, name_matches, trigram_similarity, trigrams

PAIRS = [
    ("Francisco Rubion", "Francisco Rubio"),
    ("Francisco Rubion", "Frank Rubio"),
    ("Hoburgh", "Warren Hoburg"),
    ("Hoburgh", "Woody Hoburg"),
    ("suni williams", "Sunita Williams"),
    ("Kikina", "Анна Кикина"),
    ("Кикина", "Анна Кикина"),
    ("O'Hara", "Loral O'Hara"),
    ("Crew-9", "SpaceX Crew-9"),
    ("Petelin", "Sergey Prokopyev"),
]


def test_trigrams_are_pg_trgm_trigrams():
    assert trigrams("Cat") == {"  c", " ca", "cat", "at "}
    assert trigrams("O'Hara") == {"  o", " o ", "  h", " ha", "har", "ara", "ra "}


def test_the_misspellings_of_the_stories_match():
    assert name_matches("Francisco Rubion", "Francisco Rubio")
    assert name_matches("Hoburgh", "Warren Hoburg")
    assert not name_matches("Petelin", "Sergey Prokopyev")
    assert trigram_similarity("", "x") == 0.0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's pg_trgm")
def test_python_and_postgresql_agree():
    with connection.cursor() as cursor:
        for a, b in PAIRS:
            cursor.execute("SELECT similarity(%s, %s)", [a, b])
            (expected,) = cursor.fetchone()
            assert trigram_similarity(a, b) == pytest.approx(expected, abs=1e-6), (a, b)
            assert (trigram_similarity(a, b) >= THRESHOLD) == (expected >= THRESHOLD)


@pytest.mark.django_db
def test_the_search_finds_on_each_database_what_python_says_matches():
    """`crew_member_q` on PostgreSQL (pg_trgm's `%` and containment, from the trigram indexes) and elsewhere (in
    Python) finds exactly the names `name_matches` accepts."""
    from crews.search import crew_member_q
    from crews.tests.factories import CrewMemberFactory

    people = {name: CrewMemberFactory(name=name) for name in sorted({b for _a, b in PAIRS})}
    for query, _name in PAIRS:
        found = set(CrewMember.objects.filter(crew_member_q(query)).values_list("name", flat=True))
        assert found == {name for name in people if name_matches(query, name)}, query


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes are PostgreSQL's")
def test_the_names_have_trigram_indexes_for_the_search():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        found = dict(cursor.fetchall())
    assert set(found) == {
        "crews_crewmember_name_trgm",
        "crews_crewmember_upper_name_trgm",
        "crews_othername_name_trgm",
        "crews_othername_upper_name_trgm",
    }
    assert all("gin_trgm_ops" in definition for definition in found.values())
    assert all("fastupdate=off" in definition for definition in found.values())  # no pending list to read
