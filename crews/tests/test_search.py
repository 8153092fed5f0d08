"""Forgiving search: pg_trgm's similarity, the same in Python and in PostgreSQL."""

import pytest
from django.db import connection

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
