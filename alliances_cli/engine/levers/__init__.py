"""What it would take: the least change to the ties that makes every optimum meet a goal.

`goals.py` says what a goal means as clauses on who shares a camp; `program.py` is the
mixed-integer program over the changes and a target partition (HiGHS); `search.py` grows it
with competing partitions from the exact solver until none comes within the margin.
"""

from alliances_cli.engine.levers.goals import Goal, apart, break_camp, leave, move, together
from alliances_cli.engine.levers.search import Change, LeastChange, Movable, Plan, least_change

__all__ = [
    "Change",
    "Goal",
    "LeastChange",
    "Movable",
    "Plan",
    "apart",
    "break_camp",
    "least_change",
    "leave",
    "move",
    "together",
]
