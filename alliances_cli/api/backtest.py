"""Does stress predict change? Predictions from each time slice, scored on the next."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from alliances_cli.api.output import Output, plain
from alliances_cli.scenario.model import Scenario

if TYPE_CHECKING:
    from alliances_cli.engine.backtest.history import TrackRecord
    from alliances_cli.engine.backtest.records import Backtest as Tested
    from alliances_cli.engine.chunks import Runner

#: The generated series `simulated` makes (docs/backtest.md).
DYNAMICS = ("triads", "random")
#: Exact margins (a forced solve per actor) are read only where every slice's theater has at
#: most this many actors, where `robust` has them exact too: on 40 actors one slice's margins
#: took minutes.
MARGIN_ACTORS = 20


@dataclass(frozen=True)
class Backtest:
    """What the stress labels of each slice predicted about the next (`alliances backtest`):
    per kind of prediction, each tool label's and each baseline's scores, pooled and per
    step, the verdicts, and the calibration by score."""

    tested: Tested = field(repr=False)
    title: str

    def to_dict(self) -> dict[str, Any]:
        """The `alliances backtest --format json` document."""
        from alliances_cli.reports.backtest import backtest_data

        return backtest_data(self.tested, self.title)

    def text(self) -> str:
        """The `alliances backtest` report, as plain text."""
        return plain(self.output().report())

    def output(self) -> Output:
        from alliances_cli.reports.backtest import backtest_report, backtest_result

        tested, title = self.tested, self.title
        return Output(
            lambda: backtest_result(tested, title), lambda: backtest_report(tested, title)
        )

    def calibration(self) -> dict[str, Any]:
        """The calibration file's document (`alliances/calibration/1`): each kind of stress
        point whose label showed skill, its severity bins and how often what it named
        changed by the next slice; `show --calibration` prints those rates."""
        from alliances_cli.engine.backtest.history import calibration_document

        return calibration_document(self.tested, self.title)

    def save_calibration(self, path: str | os.PathLike[str], *, inputs: Sequence[str] = ()) -> None:
        """Write the calibration file (JSON), atomically."""
        from alliances_cli.api.output import json_text
        from alliances_cli.output import write_atomic_with

        text = json_text(self.calibration())

        def write(tmp: str) -> None:
            with open(tmp, "w", encoding="utf-8") as stream:
                stream.write(text)

        write_atomic_with(os.fspath(path), write, inputs=inputs)

    def draw(self, path: str | os.PathLike[str], *, inputs: Sequence[str] = ()) -> None:
        """Draw the reliability picture (.svg, .png or .pdf), atomically: for each kind, the
        rate of outcomes against the track-record probability, per score bin."""
        from alliances_cli.api.checks import picture_format
        from alliances_cli.output import write_atomic_with
        from alliances_cli.reports.drawing.reliability import draw_reliability

        path = os.fspath(path)
        fmt = picture_format(path)
        write_atomic_with(
            path,
            lambda tmp: draw_reliability(self.tested, self.title, tmp, fmt),
            inputs=inputs,
        )


def backtest(
    source: Scenario | Sequence[Scenario],
    *,
    at: Sequence[str] = (),
    every: str | None = None,
    labels: Sequence[str] | None = None,
    theater: str | None = None,
    camps_limit: int | None = None,
    seed: int = 0,
    replicates: int = 1000,
    k: int | None = None,
    title: str | None = None,
    samples: int = 0,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    runner: Runner | None = None,
) -> Backtest:
    """Score what each slice's stress labels predict about the next slice.

    The slices are made as `timeline` makes them (one dated scenario with `at` or `every`,
    or several scenarios, one slice each). A backtest follows one theater: `theater`, or the
    scenario's only one. `replicates` bootstrap resamples of the steps give the pooled
    intervals (0: none, and no verdicts); `k` fixes precision at k (default: the number of
    outcomes); `title` names the series (default: the scenarios' common title). With
    `samples`, robust's figures join the actors' labels: each actor's share of `samples`
    bootstrap samples per slice that place it elsewhere, and (where every slice's theater
    has at most MARGIN_ACTORS actors) its exact margin; `workers` processes sample. Raises
    `ValueError` for a bad date, step or setting, a scenario with several theaters and no
    `theater`, or fewer than two slices with ties; `UnknownId` for an unknown theater.
    """

    from alliances_cli.api.timeline import followed, slices_of
    from alliances_cli.engine import timeline as lines
    from alliances_cli.engine.backtest.run import backtest as run

    if replicates < 0:
        raise ValueError("replicates must be 0 or more")
    if k is not None and k < 1:
        raise ValueError("k must be 1 or more")
    if samples < 0:
        raise ValueError("samples must be 0 or more")
    slices = slices_of(source, at, every, labels)
    first = slices[0][2]
    if theater is None:
        if len(first.theaters) != 1:
            ids = ", ".join(t.id for t in first.theaters)
            raise ValueError(f"a backtest follows one theater; name one of: {ids}")
        theater = first.theaters[0].id
    theater = followed(slices, theater)
    stream = lines.steps(
        slices, theater=theater, camps_limit=camps_limit, progress=progress, runner=runner
    )
    small = all(
        len(scenario.theater_by_id[theater].actors) <= MARGIN_ACTORS for _, _, scenario in slices
    )
    tested = run(
        stream,
        theater=theater,
        camps_limit=camps_limit,
        seed=seed,
        replicates=replicates,
        k=k,
        samples=samples,
        margins=bool(samples) and small,
        workers=workers,
        runner=runner,
    )
    tied = sum(1 for piece in tested.slices if piece.tied)
    if tied < 2:
        raise ValueError(
            f"a backtest needs two slices with ties; there is {tied} (slice a dated scenario "
            "with at or every, or give one scenario per slice)"
        )
    if title is None:
        titles = {s.title for _, _, s in slices}
        title = titles.pop() if len(titles) == 1 else f"{len(slices)} networks"
    return Backtest(tested, title)


def simulated(dynamic: str, *, seed: int = 0, actors: int = 16, slices: int = 16) -> list[Scenario]:
    """A generated series with a known answer, one scenario per slice: "triads" (constrained
    triad dynamics: frustrated ties flip back) or "random" (ties flip at random)."""
    from alliances_cli.engine.backtest.simulate import as_csv, series
    from alliances_cli.scenario.importers.edgelist import load_edge_list

    if actors < 3 or slices < 2:
        raise ValueError("a generated series needs at least 3 actors and 2 slices")
    found = series(dynamic, seed=seed, actors=actors, slices=slices)
    width = len(str(slices))
    return [
        load_edge_list(as_csv(signs), f"{dynamic}-{i + 1:0{width}d}.csv")
        for i, signs in enumerate(found)
    ]


def load_calibration(path: str | os.PathLike[str]) -> TrackRecord:
    """A calibration file written by `backtest --save-calibration`, for `analyse(...).output(
    history=...)`. Raises `ValueError` ("FILE: what is wrong; how to fix it")."""
    import json

    from alliances_cli.engine.backtest.history import track_record

    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as stream:
            data = json.load(stream)
    except OSError as exc:
        raise ValueError(f"{name}: {exc.strerror or exc}; check the path") from None
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{name}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg}); "
            "write it again with alliances backtest --save-calibration"
        ) from None
    try:
        return track_record(data)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None
