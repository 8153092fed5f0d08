"""The planning assistant's solver (issue 14): who should fly which seat over a horizon of missions.

Pure Python over plain data (`world`), solved with OR-Tools CP-SAT; no models, views or database here.
`propose(world, weights)` returns a `Proposal`: the seats, the changes to the plan on file, the score by soft
rule with sentences, the solver's objective, bound and times; when no plan exists, the rules that clash, said
about this world. `example.iss_scale_world(seed)` builds the benchmark's world.
"""

from .proposal import (
    ADDED,
    FEASIBLE,
    INFEASIBLE,
    MOVED,
    OPTIMAL,
    RELEASED,
    UNKNOWN,
    Change,
    Proposal,
    ProposedSeat,
    ScoreLine,
)
from .solve import propose
from .world import (
    ASCENT,
    COMMANDER,
    IN_TRAINING,
    QUALIFIED,
    RETURN,
    Aboard,
    Agreement,
    Candidate,
    Commitment,
    Interval,
    Mission,
    Qualification,
    SeatOnFile,
    Station,
    Weights,
    World,
)

__all__ = [
    "ADDED",
    "ASCENT",
    "COMMANDER",
    "FEASIBLE",
    "INFEASIBLE",
    "IN_TRAINING",
    "MOVED",
    "OPTIMAL",
    "QUALIFIED",
    "RELEASED",
    "RETURN",
    "UNKNOWN",
    "Aboard",
    "Agreement",
    "Candidate",
    "Change",
    "Commitment",
    "Interval",
    "Mission",
    "Proposal",
    "ProposedSeat",
    "Qualification",
    "ScoreLine",
    "SeatOnFile",
    "Station",
    "Weights",
    "World",
    "propose",
]
