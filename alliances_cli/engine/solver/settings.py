"""How hard the solver tries, and under which limit: one record, passed down whole.

The camp limit is called `camps_limit` from the `--camps` option through the API, the engine
and the JSON (`"camps_limit"`); None allows any number of camps.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

#: Search nodes the exact solver may visit per component before settling for the heuristic.
DEFAULT_NODE_BUDGET = 40_000


@dataclass(frozen=True)
class Settings:
    """What a call of `solve` is asked for.

    `exact` False keeps the heuristic's partition (with its cycle bound, unless `bound` is
    False too: a caller that needs only a good partition skips the packing, which takes half
    the time of a dense view's heuristic solve). The exact stages stop
    after `node_budget` search nodes per component, or, with `time_limit`, after that many
    seconds for the whole problem instead (then the result can depend on the machine's
    speed). `deadline` is set by `solve` itself when it starts the clock.
    """

    camps_limit: int | None = None
    exact: bool = True
    bound: bool = True
    node_budget: int = DEFAULT_NODE_BUDGET
    seed: int = 0
    time_limit: float | None = None
    deadline: float | None = None

    def __post_init__(self) -> None:
        if self.camps_limit is not None and self.camps_limit < 1:
            raise ValueError("camps_limit must be at least 1")

    @property
    def two_camps(self) -> bool:
        """Under a limit of two camps the frustration index of structural balance applies:
        any cycle with an odd number of negative ties is frustrated."""
        return self.camps_limit == 2

    def limit_for(self, actors: int) -> int:
        """The most camps a partition of this many actors can have under the limit."""
        return actors if self.camps_limit is None else min(self.camps_limit, actors)

    def started(self) -> Settings:
        """These settings with the clock started: the deadline is `time_limit` from now."""
        if self.time_limit is None:
            return self
        return replace(self, deadline=time.monotonic() + self.time_limit)

    def key(self) -> tuple[object, ...]:
        """What distinguishes results: everything but the deadline of a started clock."""
        return (
            self.camps_limit,
            self.exact,
            self.bound,
            self.node_budget,
            self.seed,
            self.time_limit,
        )
