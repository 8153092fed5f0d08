"""The seat rules: what they are (`engine`, `flights`), on what facts (`data`, `facts`), how they refuse
a change or warn (`enforcement`), and what the stored record breaks (`record`).

Import from here: `evaluate`, `Problem`, `breaking_problems`, `mission_warnings` … The submodules are
for code that needs their details (tests of the engine, the importer's plan).
"""

from .data import AgreementFacts, MissionFacts, Problem, SeatFacts
from .enforcement import (
    Verdict,
    breaking_problems,
    check_change,
    lock_rows,
    refuse_breaking_changes,
    seat_rules_deferred,
)
from .engine import evaluate
from .facts import FactBook, row_key, seat_key, stored_seats
from .flights import Flight, flights_of, pairings
from .record import Record, fitness_problems, mission_warnings, problems_by_mission, record_around

__all__ = [
    "AgreementFacts",
    "FactBook",
    "Flight",
    "MissionFacts",
    "Problem",
    "Record",
    "SeatFacts",
    "Verdict",
    "breaking_problems",
    "check_change",
    "evaluate",
    "fitness_problems",
    "flights_of",
    "lock_rows",
    "mission_warnings",
    "pairings",
    "problems_by_mission",
    "record_around",
    "refuse_breaking_changes",
    "row_key",
    "seat_key",
    "seat_rules_deferred",
    "stored_seats",
]
