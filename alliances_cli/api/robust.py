"""How sure the coalitions are: odds from redrawn ties, exact margins, tipping points."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alliances_cli.api.output import Output, plain
from alliances_cli.scenario.model import Event, Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.chunks import Runner
    from alliances_cli.reports.robust import Findings
from alliances_cli.api.analysis import apply
from alliances_cli.api.checks import (
    Overall,
    actor_of,
    current_of,
    picture_format,
    rule_of,
    theater_of,
)


@dataclass(frozen=True)
class Robust:
    """How sure the coalitions are (`robust`): odds from samples, exact margins, and the
    tipping points of one actor if asked."""

    findings: Findings = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The `alliances robust --format json` document."""
        from alliances_cli.reports.robust import robust_data

        return robust_data(self.findings)

    def text(self, top: int | None = 10) -> str:
        """The `alliances robust` report, as plain text (`top` None or 0: every row)."""
        return plain(self.output(top or 0).report())

    def output(self, top: int | None = None) -> Output:
        """What `alliances robust` prints: the report lists at most `top` rows per list
        (None: 10; 0: all); the machine forms hold them all."""
        from alliances_cli.reports.robust import robust_report, robust_result

        return Output(
            lambda: robust_result(self.findings),
            lambda: robust_report(self.findings, 10 if top is None else (top or None)),
        )

    def draw_heatmap(self, path: str | os.PathLike[str], *, inputs: Sequence[str] = ()) -> None:
        """Draw the co-membership matrices (.svg, .png or .pdf), atomically; needs
        matplotlib. A path that is one of `inputs` is refused (`OutputError`)."""
        from alliances_cli.output import write_atomic_with
        from alliances_cli.reports.drawing.heatmap import draw_heatmap

        path = os.fspath(path)
        fmt = picture_format(path)
        odds = self.findings.odds
        write_atomic_with(path, lambda tmp: draw_heatmap(odds, tmp, fmt), inputs=inputs)


def robust(
    scenario: Scenario,
    events: Iterable[str | Event] = (),
    *,
    samples: int = 1000,
    seed: int = 0,
    noise: str = "flip",
    actor: str | None = None,
    theater: str | None = None,
    camps_limit: int | None = None,
    overall: Overall = "consensus",
    extra: Sequence[Event] = (),
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
    time_limit: float | None = None,
) -> Robust:
    """Re-solve the coalitions on `samples` random redraws of the ties (noise "flip" or
    "bootstrap"; docs/robust.md), after `events` if any (then paired with the same draws
    before, to say how often the events move each actor); with exact margins for every actor
    and camp-sharing pair, each theater camp's resilience (the least change to its members'
    ties that breaks it, docs/levers.md), and, for `actor`, the smallest change to one tie's
    stance that moves it. The same `seed` gives the same result with any number of
    `workers`, and with a `runner` (such as `alliances_cli.cluster.DaskRunner`).

    Margins are exact in views up to 20 actors and the heuristic's (not proven) beyond;
    resilience is found in views up to 12 actors. `time_limit` gives these exact searches that
    many seconds in all instead, in views up to 60 and 25 actors (the result may then vary
    with the machine's speed)."""
    scenario = current_of(scenario)
    from alliances_cli.engine.analysis import analyse as run
    from alliances_cli.engine.levers.camps import resilience
    from alliances_cli.engine.margins import Effort, view_margins
    from alliances_cli.engine.robust import robust as sample
    from alliances_cli.reports.robust import Findings

    rule = rule_of(overall)
    theaters = None if theater is None else [theater_of(scenario, theater).id]
    if actor is not None:
        actor = actor_of(scenario, actor).id
    chosen = list(events)
    before = run(scenario, theaters=theaters, camps_limit=camps_limit, overall=rule)
    after = None
    if chosen or extra:
        applied = apply(scenario, chosen, extra)
        after = run(
            applied.scenario, theaters=theaters, camps_limit=camps_limit, overall=rule, prior=before
        )
    odds = sample(
        before,
        after=after,
        events=[e if isinstance(e, str) else e.id for e in chosen] + [e.id for e in extra],
        samples=samples,
        seed=seed,
        noise=noise,
        workers=workers,
        progress=progress,
        runner=runner,
    )
    effort = Effort.within(time_limit)
    actor_margins, pair_margins, tipping = view_margins(odds.analysis.shown, actor, effort)
    held = [
        r for view in odds.analysis.theaters for r in resilience(view, deadline=effort.deadline)
    ]
    return Robust(Findings(odds, actor_margins, pair_margins, tipping, actor, held, time_limit))
