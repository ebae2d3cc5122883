"""The solver: partitions of a signed, weighted graph that minimise frustration, with proof.

`solve` is the entry point (`solve.py`: the stages); `Settings` says how hard to try and under
which camp limit. The stages live one to a module: `heuristic.py` (Leiden and local search),
`bounds.py` (cycle packings), `relaxation.py` and `programs.py` (LP bounds and integer
programs, HiGHS), `search.py` and `search_kernel.py` (the exact branch and bound, in Python and
compiled). `optima.py` counts a view's optimal partitions. Everything here works on plain data:
node ids and a weight per tie.
"""

from alliances_cli.engine.solver.graph import Edge, components, frustration
from alliances_cli.engine.solver.records import Solution
from alliances_cli.engine.solver.settings import DEFAULT_NODE_BUDGET, Settings
from alliances_cli.engine.solver.solve import is_solved, problem_key, remember, solve

__all__ = [
    "DEFAULT_NODE_BUDGET",
    "Edge",
    "Settings",
    "Solution",
    "components",
    "frustration",
    "is_solved",
    "problem_key",
    "remember",
    "solve",
]
