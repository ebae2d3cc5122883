"""Sweeps: every combination of named events, ranked by impact, with interactions and order.

Impact ranks by actors that change camp, then the size of the change in frustration (summed
over theaters), then the number of stress points added or resolved. Two events **interact**
when together they move actors that neither moves alone, or change frustration by more than
the sum of their separate changes. Their **order matters** when applying A then B gives a
different outcome (camps, frustration, stress) from B then A, or fails one way only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from alliances_cli.engine.analysis import Analysis, Problem, analyse, coalition_problems
from alliances_cli.engine.chunks import Runner, chunked, solve_chunk
from alliances_cli.engine.diff import Changes, compare
from alliances_cli.engine.events import Applied, apply_events
from alliances_cli.engine.memo import Memo
from alliances_cli.engine.solver import Settings, Solution, is_solved, problem_key, remember, solve
from alliances_cli.scenario.errors import EventError
from alliances_cli.scenario.model import Event, Scenario

#: Called with (steps done, steps in all); the total never changes during a sweep.
Progress = Callable[[int, int], None]
EPSILON = 1e-9


@dataclass(frozen=True)
class Outcome:
    events: tuple[str, ...]
    error: str | None
    moved: tuple[str, ...]
    frustration_delta: float
    overall_frustration_delta: float
    stress_added: int
    stress_resolved: int
    stress_changed: int
    notes: tuple[str, ...]

    @property
    def impact(self) -> tuple[int, float, int]:
        return (
            len(self.moved),
            abs(self.frustration_delta),
            self.stress_added + self.stress_resolved,
        )


@dataclass(frozen=True)
class Interaction:
    events: tuple[str, str]
    moved_only_together: tuple[str, ...]
    frustration_excess: float  # delta(A+B) - delta(A) - delta(B)


@dataclass(frozen=True)
class OrderEffect:
    events: tuple[str, str]
    detail: str


@dataclass(frozen=True)
class SweepResult:
    scenario: Scenario
    outcomes: tuple[Outcome, ...]  # ranked, highest impact first
    interactions: tuple[Interaction, ...]
    order_effects: tuple[OrderEffect, ...]
    max_events: int


def _signature(analysis: Analysis) -> tuple[object, ...]:
    views = tuple(
        (
            v.id,
            tuple(sorted(tuple(sorted(c.members)) for c in v.camps)),
            round(v.frustration, 9),
        )
        for v in (*analysis.theaters, analysis.overall)
    )
    stress = tuple(
        sorted((s.kind, s.actors, s.theaters, round(s.severity, 9)) for s in analysis.stress)
    )
    return (views, stress)


def _outcome(
    names: tuple[str, ...], changes: Changes | None, error: str | None, notes: tuple[str, ...]
) -> Outcome:
    if changes is None:
        return Outcome(names, error, (), 0.0, 0.0, 0, 0, 0, notes)
    overall = next(v for v in changes.views if v.id is None)
    return Outcome(
        events=names,
        error=None,
        moved=changes.moved_actors,
        frustration_delta=changes.frustration_delta(),
        overall_frustration_delta=overall.frustration_delta,
        stress_added=sum(c.change == "added" for c in changes.stress),
        stress_resolved=sum(c.change == "resolved" for c in changes.stress),
        stress_changed=sum(c.change == "changed" for c in changes.stress),
        notes=notes,
    )


def run(
    scenario: Scenario,
    events: Sequence[Event],
    baseline: Analysis,
    *,
    camps_limit: int | None = None,
) -> tuple[Outcome, Analysis | None]:
    """Apply one combination in the order given and measure what changed."""
    names = tuple(e.id for e in events)
    try:
        applied = apply_events(scenario, events)
    except EventError as exc:
        return _outcome(names, None, exc.message, ()), None
    return _measure(names, applied, baseline, camps_limit)


def _measure(
    names: tuple[str, ...], applied: Applied, baseline: Analysis, camps_limit: int | None
) -> tuple[Outcome, Analysis]:
    after = analyse(applied.scenario, camps_limit=camps_limit, prior=baseline)
    notes = tuple(f"{n.event}: {n.message}" for n in applied.notes)
    return _outcome(names, compare(baseline, after, ties=False), None, notes), after


#: A sweep's combinations with their events applied, by event names. Combinations come
#: shortest first, so a combination's prefix (itself a combination) is usually here, and only
#: the last event is applied on top of it. Workers forked later inherit the whole table.
_APPLIED: Memo[Applied | EventError] = Memo(4096, budget=4_000_000)


def _applied(scenario: Scenario, job: Job) -> Applied:
    """`apply_events` for the named events of `scenario` (the sweep's); raises EventError."""

    def compute() -> Applied | EventError:
        last = scenario.event_by_id[job[-1]]
        before = _APPLIED.peek(job[:-1]) if len(job) > 1 else None
        try:
            if before is None:
                return apply_events(scenario, [scenario.event_by_id[name] for name in job])
            if isinstance(before, EventError):
                return before  # events apply in order: the first failure stands
            step = apply_events(before.scenario, [last], scenario.events)
        except EventError as exc:
            return exc
        return Applied(step.scenario, (*before.events, last), before.notes + step.notes)

    found = _APPLIED.get(job, compute, lambda _: len(scenario.ties))
    if isinstance(found, EventError):
        raise found
    return found


def sweep(
    scenario: Scenario,
    *,
    max_events: int | None = None,
    camps_limit: int | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    runner: Runner | None = None,
) -> SweepResult:
    """Every combination of the scenario's named events, up to `max_events` at a time.

    With `workers` > 1 the combinations run in that many processes; with a `runner`, in
    chunks of SWEEP_CHUNK wherever it runs them. The result is the same.
    """
    events = scenario.events
    limit = len(events) if max_events is None else min(max_events, len(events))
    combos = [tuple(e.id for e in c) for k in range(1, limit + 1) for c in combinations(events, k)]
    pairs = [(a.id, b.id) for a, b in combinations(events, 2)] if limit >= 2 else []
    jobs = combos + [(b, a) for a, b in pairs]  # each pair again, in the other order
    baseline = analyse(scenario, camps_limit=camps_limit)
    _APPLIED.clear()  # its keys are event names: valid for one scenario only
    if runner is not None:
        results = _run_chunks(_Setup(scenario, baseline, camps_limit), jobs, runner, progress)
    else:
        results = _run_all(scenario, baseline, camps_limit, jobs, workers, progress)
    outcomes = {job: results[job][0] for job in combos}
    order_effects = []
    for first, second in pairs:
        forward, backward = results[(first, second)], results[(second, first)]
        if forward[1] != backward[1]:
            if forward[1] is None or backward[1] is None:
                fails = f"{first} then {second}" if forward[1] is None else f"{second} then {first}"
                error = forward[0].error or backward[0].error
                detail = f"fails as {fails}: {error}"
            else:
                detail = "the outcome (camps, frustration or stress) differs with the order"
            order_effects.append(OrderEffect((first, second), detail))
    interactions = []
    for first, second in pairs:
        both, a, b = outcomes[(first, second)], outcomes[(first,)], outcomes[(second,)]
        if both.error or a.error or b.error:
            continue
        only_together = tuple(sorted(set(both.moved) - set(a.moved) - set(b.moved)))
        excess = both.frustration_delta - a.frustration_delta - b.frustration_delta
        if only_together or abs(excess) > 1e-6:
            interactions.append(Interaction((first, second), only_together, excess))
    interactions.sort(
        key=lambda i: (-len(i.moved_only_together), -abs(i.frustration_excess), i.events)
    )
    ranked = sorted(
        outcomes.values(),
        key=lambda o: (o.error is not None, tuple(-x for x in o.impact), len(o.events), o.events),
    )
    return SweepResult(scenario, tuple(ranked), tuple(interactions), tuple(order_effects), limit)


Job = tuple[str, ...]
JobResult = tuple[Outcome, "tuple[object, ...] | None"]


@dataclass(frozen=True)
class _Setup:
    """What every job of a sweep shares: the scenario, its baseline analysis, the camp limit."""

    scenario: Scenario
    baseline: Analysis
    camps_limit: int | None


#: The sweep's setup inside a worker process, set by the pool's initializer (a worker runs
#: jobs of one sweep only); the calling process never sets it.
_WORKER: list[_Setup] = []


def _worker_job(job: Job) -> tuple[Job, JobResult]:
    return _job(_WORKER[0], job)


def _job(setup: _Setup, job: Job) -> tuple[Job, JobResult]:
    scenario = setup.scenario
    try:
        applied = _applied(scenario, job)
    except EventError as exc:
        return job, (_outcome(job, None, exc.message, ()), None)
    outcome, after = _measure(job, applied, setup.baseline, setup.camps_limit)
    # The full outcome is compared only between a pair's two orders.
    return job, (outcome, _signature(after) if len(job) == 2 else ())


#: Combinations per chunk for a runner: measured on a 2-worker Dask cluster with the 4,095
#: combinations of 12 events (docs/performance.md), large enough that each chunk's few
#: milliseconds of scheduling vanish beside its work.
SWEEP_CHUNK = 64


#: Coalition problems per chunk in a runner's first round.
PROBLEM_CHUNK = 4


@dataclass(frozen=True)
class _Known:
    """A sweep's setup with the answers of its coalition problems, solved in a first round."""

    setup: _Setup
    answers: tuple[tuple[tuple[object, ...], Solution], ...]


def _jobs_chunk(known: _Known, jobs: list[Job]) -> list[tuple[Job, JobResult]]:
    for key, solution in known.answers:
        remember(key, solution)
    return [_job(known.setup, job) for job in jobs]


def _run_chunks(
    setup: _Setup, jobs: list[Job], runner: Runner, progress: Progress | None
) -> dict[Job, JobResult]:
    """As the local pool does it, in two rounds: the combinations' distinct coalition problems
    (they share most of them), each solved once across the workers; then the combinations,
    every worker knowing every answer."""
    keys: list[tuple[object, ...]] = []
    problems = [
        p for _, p in _distinct_problems(setup.scenario, jobs, setup.camps_limit, keys, [0])
    ]
    chunks = chunked(problems, PROBLEM_CHUNK)
    solved = [s for part in runner(solve_chunk, setup.camps_limit, chunks) for s in part]
    answers = tuple(zip(keys, solved, strict=True))
    for key, solution in answers:
        remember(key, solution)

    def told(done: int, total: int) -> None:
        if progress:
            progress(min(done * SWEEP_CHUNK, len(jobs)), len(jobs))

    results: dict[Job, JobResult] = {}
    known = _Known(setup, answers)
    for part in runner(_jobs_chunk, known, chunked(jobs, SWEEP_CHUNK), told):
        results.update(part)
    return results


def _solve_problem(task: tuple[int, Problem]) -> tuple[int, Solution]:
    index, problem = task
    return index, solve(problem.nodes, problem.weights, Settings(_WORKER[0].camps_limit))


def _start_worker(setup: _Setup) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C for everyone
    _WORKER[:] = [setup]


def _run_all(
    scenario: Scenario,
    baseline: Analysis,
    camps_limit: int | None,
    jobs: list[Job],
    workers: int,
    progress: Progress | None,
) -> dict[Job, JobResult]:
    """Run every job; with several workers, in two rounds over a process pool.

    Combinations share most of their coalition problems (an event that leaves a theater alone
    leaves its view alone), and worker processes share no cache. So the distinct problems are
    gathered first and each is solved once, across the pool; the jobs then run in a pool forked
    after the answers are in, so that every worker starts with all of them.
    """
    results: dict[Job, JobResult] = {}
    setup = _Setup(scenario, baseline, camps_limit)
    if workers <= 1 or len(jobs) < 32:
        for job in jobs:
            key, value = _job(setup, job)
            results[key] = value
            if progress:
                progress(len(results), len(jobs))
        return results
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Round one: the distinct problems, gathered here as the pool solves those found so far.
    # Progress counts each job twice: scanned for problems (the pool draws the scan along as
    # it solves), then run.
    keys: list[tuple[object, ...]] = []
    scanned = [0]
    tasks = _distinct_problems(scenario, jobs, camps_limit, keys, scanned)
    with context.Pool(workers, initializer=_start_worker, initargs=(setup,)) as pool:
        for index, solution in pool.imap_unordered(_solve_problem, tasks, chunksize=2):
            remember(keys[index], solution)
            if progress:
                progress(scanned[0], 2 * len(jobs))
    # Round two: the jobs, in workers forked now, so that they start with every answer.
    with context.Pool(workers, initializer=_start_worker, initargs=(setup,)) as pool:
        for key, value in pool.imap_unordered(_worker_job, jobs, chunksize=4):
            results[key] = value
            if progress:
                progress(len(jobs) + len(results), 2 * len(jobs))
    return results


def _distinct_problems(
    scenario: Scenario,
    jobs: list[Job],
    camps_limit: int | None,
    keys: list[tuple[object, ...]],
    scanned: list[int],
) -> Iterator[tuple[int, Problem]]:
    """The coalition problems of all jobs, each once, leaving out those already solved.

    Yields (index, problem) and appends each problem's key to `keys` at that index; counts
    the jobs scanned in `scanned[0]`. The pool draws on this in a thread of its own, so the
    first problems are solved while later jobs are still being scanned.
    """
    seen: set[tuple[object, ...]] = set()
    for count, job in enumerate(jobs, 1):
        scanned[0] = count
        try:
            applied = _applied(scenario, job)
        except EventError:
            continue
        for problem in coalition_problems(applied.scenario):
            key = problem_key(problem.nodes, problem.weights, Settings(camps_limit))
            if key not in seen and not is_solved(key):
                seen.add(key)
                keys.append(key)
                yield len(keys) - 1, problem
