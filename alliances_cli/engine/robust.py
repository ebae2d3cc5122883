"""How sure is it? Coalitions re-solved under the uncertainty the scenario states.

Each sample redraws every tie in every theater from its stance and confidence, then solves the
theaters and the overall view as `analyse` does. Two noise models:

- **flip**: a tie keeps its sign with probability (1 + confidence) / 2 and flips otherwise,
  keeping the size of its stance; its expected weight is stance x confidence, the weight the
  point answer uses.
- **bootstrap**: a tie's weight (stance x confidence) is multiplied by an Exponential(1) draw,
  as in the weight bootstrap of consensus clustering (Lancichinetti & Fortunato, Sci. Rep. 2,
  2012); signs never change, strengths do.

A general stance (between actors who share no theater) is taken as stated. Sample `i` draws
from `random.Random(seed, i)` one uniform number per tie key (theater, pair), in sorted key
order, so a sample is the same in any process and, with events, the view before and the view
after see the same draws for every tie the events leave alone (paired samples).

From the samples, per view: the probability that each pair shares a camp, the probability that
each actor stands apart from its reported camp (its sampled camp matched, by largest overlap,
to another reported camp or to none), each reported camp's stability (mean best Jaccard overlap
with a sampled camp, Hennig, Comput. Stat. Data Anal. 52, 2007) and how often it recurs intact,
the distribution of frustration, and the partitions seen most often.

A view the exact stages could not prove (before or after the events) has its samples solved by
the heuristic alone: the exact stages would spend a second or more per sample of a dense
70-actor theater and still prove nothing, while the odds only need each sample's partition.
So does the overall view then, which rests on the theaters' partitions. Such a view's samples
count one partition each (their optima are not known).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from alliances_cli.engine.analysis import Analysis, match_groups
from alliances_cli.engine.chunks import Runner
from alliances_cli.engine.graphs import EdgeData, overall_edges, theater_edges
from alliances_cli.engine.overall import TheaterCamps, consensus_edges, contract, twins
from alliances_cli.engine.partition import held_together, view_camps
from alliances_cli.engine.solver import Settings
from alliances_cli.engine.solver.optima import partitions
from alliances_cli.engine.view import View
from alliances_cli.scenario.model import Scenario

NOISE = ("flip", "bootstrap")
#: Partitions listed per view, most frequent first.
TOP_PARTITIONS = 5

Edge = tuple[str, str]
Key = tuple[str, str, str]  # theater, a, b
Partition = tuple[tuple[str, ...], ...]  # camps, each sorted, in sorted order
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PairOdds:
    view: str | None
    a: str
    b: str
    together: float  # share of samples in which they share a camp
    reported: bool  # whether they share a camp in the point answer


@dataclass(frozen=True)
class ActorOdds:
    view: str | None
    actor: str
    camp: str  # the leader of its reported camp
    apart: float  # share of samples in which it stands apart from that camp
    moved: float | None = None  # with events: share of samples in which the events move it


@dataclass(frozen=True)
class CampOdds:
    view: str | None
    leader: str
    members: tuple[str, ...]
    stability: float  # mean best Jaccard overlap with a sampled camp
    intact: float  # share of samples in which exactly this camp appears


@dataclass(frozen=True)
class Spread:
    """A view's normalised frustration (share of its total tie weight): as reported, and
    across the samples (each under its own sampled weights, so the two noise models and the
    point answer are on one scale)."""

    view: str | None
    reported: float
    mean: float
    sd: float
    low: float  # 5th percentile
    median: float
    high: float  # 95th percentile


@dataclass(frozen=True)
class Seen:
    view: str | None
    share: float
    camps: Partition


@dataclass(frozen=True)
class Robustness:
    analysis: Analysis  # the point answer the samples are measured against
    samples: int
    seed: int
    noise: str
    pairs: tuple[PairOdds, ...]
    actors: tuple[ActorOdds, ...]
    camps: tuple[CampOdds, ...]
    frustration: tuple[Spread, ...]
    partitions: tuple[Seen, ...]
    events: tuple[str, ...] = ()
    #: The views whose samples the heuristic alone solved, in the order shown (module doc).
    heuristic: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class _Setup:
    """What every sample of one run shares: the scenarios (before, and after any events)."""

    scenarios: tuple[Scenario, ...]
    theaters: tuple[str, ...]  # the views analysed (all theaters, or the one chosen)
    keys: tuple[Key, ...]
    noise: str
    seed: int
    camps_limit: int | None
    rule: str
    #: The views (by id; None: overall) whose samples the heuristic alone solves: those the
    #: exact stages could not prove before or after the events (module doc).
    heuristic: frozenset[str | None] = frozenset()


#: Per sample and scenario: each view's optimal partitions (by view id; None for overall),
#: and its normalised frustration under the sampled weights.
Solved = tuple[tuple[Partition, ...], float]
Drawn = tuple[dict[str | None, Solved], ...]

#: Optimal partitions of one sample's view counted, each 1/k, before the count stops.
SAMPLE_OPTIMA = 32
#: Search nodes each sample may spend counting them (`show` spends up to 50,000): past the
#: first optima found, the rest of a large budget goes on proving there are no more. 100
#: samples of a random 30-actor view: 41 -> 22 s, of 40 actors 69 -> 37 s, the same bytes;
#: the golden outputs the same.
SAMPLE_BUDGET = 5_000


def robust(
    before: Analysis,
    *,
    after: Analysis | None = None,
    events: Sequence[str] = (),
    samples: int = 1000,
    seed: int = 0,
    noise: str = "flip",
    workers: int = 1,
    progress: Progress | None = None,
    runner: Runner | None = None,
) -> Robustness:
    """Sample the scenario's ties and summarise how its coalitions hold (module doc).

    With `after` (the analysis after events), the samples are paired: the same draws before
    and after, and each actor's `moved` is the share of samples in which the events move it.
    The odds are then those of the scenario after the events.
    """
    if noise not in NOISE:
        raise ValueError(f"unknown noise model {noise!r}; use one of {', '.join(NOISE)}")
    if samples < 1:
        raise ValueError("samples must be at least 1")
    scenarios = (before.scenario,) if after is None else (before.scenario, after.scenario)
    theaters = tuple(v.id or "" for v in before.theaters)
    keys = sorted({k for s in scenarios for k in _tie_keys(s, theaters)})
    rule = "mean" if before.overall_rule == "mean" else "consensus"
    unproven = {v.id for a in (before, after) if a is not None for v in a.shown if not v.optimal}
    if unproven:
        unproven.add(None)  # the overall view rests on the theaters' partitions
    setup = _Setup(
        scenarios, theaters, tuple(keys), noise, seed, before.camps_limit, rule, frozenset(unproven)
    )
    if runner is not None:
        drawn = _run_chunks(setup, samples, runner, progress)
    else:
        drawn = _run(setup, samples, workers, progress)
    point = after if after is not None else before
    index = len(scenarios) - 1
    views = point.shown
    pairs, actors, camps, spreads, seen = [], [], [], [], []
    for view in views:
        found = [d[index][view.id] for d in drawn if view.id in d[index]]
        weighed = _weighed([every for every, _ in found])
        pairs += _pair_odds(view, weighed)
        moved = None
        if after is not None:
            moved = _moved_by_events(
                view.id, [(d[0].get(view.id), d[1].get(view.id)) for d in drawn]
            )
        actors += _actor_odds(view, weighed, moved)
        camps += _camp_odds(view, weighed)
        spreads.append(_spread(view, [f for _, f in found]))
        seen += _seen(view, weighed)
    return Robustness(
        point,
        samples,
        seed,
        noise,
        tuple(pairs),
        tuple(actors),
        tuple(camps),
        tuple(spreads),
        tuple(seen),
        tuple(events),
        tuple(v.id for v in views if v.id in setup.heuristic),
    )


def _tie_keys(scenario: Scenario, theaters: Sequence[str]) -> Iterator[Key]:
    for theater in theaters:
        for a, b in theater_edges(scenario, theater):
            yield (theater, a, b)


# -- sampling -------------------------------------------------------------------------------------


def _draws(setup: _Setup, index: int) -> dict[Key, float]:
    rng = random.Random(f"{setup.seed}:{index}")
    return {key: rng.random() for key in setup.keys}


def _sampled(edge: EdgeData, u: float, noise: str) -> float:
    if noise == "flip":
        keep = u < (1 + edge.confidence) / 2
        size = abs(edge.stance)
        return size if (edge.stance > 0) == keep else -size
    return edge.weight * -math.log(1.0 - u)


def sample(setup: _Setup, index: int) -> Drawn:
    """Sample `index`: for each scenario, each view's partition and frustration."""
    u = _draws(setup, index)
    return tuple(_solve_sample(setup, scenario, u) for scenario in setup.scenarios)


def _solve_sample(
    setup: _Setup, scenario: Scenario, u: Mapping[Key, float]
) -> dict[str | None, Solved]:
    result: dict[str | None, Solved] = {}
    per_theater: dict[str, dict[Edge, EdgeData]] = {}
    sampled: dict[str, dict[Edge, EdgeData]] = {}
    solved: list[TheaterCamps] = []
    chosen = [scenario.theater_by_id[t] for t in setup.theaters]
    for theater in chosen:
        edges = per_theater[theater.id] = theater_edges(scenario, theater.id)
        weights = {
            k: _sampled(e, u[(theater.id, k[0], k[1])], setup.noise) for k, e in edges.items()
        }
        sampled[theater.id] = {
            k: EdgeData(w, 1.0, w, e.evidence, e.theaters)
            for (k, e), w in zip(edges.items(), weights.values(), strict=True)
        }
        nodes = [a for a in theater.actors if any(a in k for k in weights)]
        camps = _camps(nodes, weights, setup.camps_limit, exact=theater.id not in setup.heuristic)
        result[theater.id] = camps
        # The consensus votes with the partition `show` would print (the solver's pick).
        camp_of = {a: i for i, camp in enumerate(camps[0][0]) for a in camp}
        solved.append(TheaterCamps(theater.id, theater.weight, camp_of))
    if len(chosen) > 1:
        if setup.rule == "consensus":
            actors = tuple(dict.fromkeys(a for t in chosen for a in t.actors))
            edges, _ = consensus_edges(scenario, actors, solved, per_theater)
            weights = {k: e.weight for k, e in edges.items()}
            groups = [tuple(g) for g in twins(actors, solved, weights)]
            nodes = [a for a in actors if any(a in k for k in weights)]
            result[None] = _camps(
                nodes, weights, setup.camps_limit, groups, exact=None not in setup.heuristic
            )
        else:
            actors, edges = overall_edges(scenario, setup.theaters, sampled)
            weights = {k: e.weight for k, e in edges.items()}
            nodes = [a for a in actors if any(a in k for k in weights)]
            result[None] = _camps(
                nodes, weights, setup.camps_limit, exact=None not in setup.heuristic
            )
    return result


def _camps(
    nodes: Sequence[str],
    weights: Mapping[Edge, float],
    camps_limit: int | None,
    groups: Sequence[tuple[str, ...]] | None = None,
    exact: bool = True,
) -> Solved:
    """A sample's camps by the rule `show` applies (`partition.py`), every optimal partition
    of them when the optimum is proven (the solver's pick first), and their normalised
    frustration."""
    found = view_camps(nodes, weights, Settings(camps_limit, exact=exact, bound=exact), groups)
    total = math.fsum(abs(w) for w in weights.values())
    picked = _canonical(found.camps)
    every = [picked]
    if found.solution.optimal:
        for option in _optima(found.solution.camps, weights, camps_limit, groups):
            camps = held_together(option, weights) if camps_limit is None else option
            every.append(_canonical(camps))
    return tuple(dict.fromkeys(every)), found.frustration / total if total else 0.0


def _canonical(camps: Sequence[Sequence[str]]) -> Partition:
    return tuple(sorted(tuple(sorted(c)) for c in camps))


def _optima(
    camps: Sequence[Sequence[str]],
    weights: Mapping[Edge, float],
    camps_limit: int | None,
    groups: Sequence[tuple[str, ...]] | None,
) -> list[list[tuple[str, ...]]]:
    """The optimal partitions of an optimal `camps` (up to SAMPLE_OPTIMA), each group of
    twins (the overall view's) kept as one, as `show` counts them."""
    head, contracted = contract([a for camp in camps for a in camp], weights, groups or ())
    heads = [tuple(sorted({head[a] for a in camp})) for camp in camps]
    members: dict[str, list[str]] = {}
    for a, h in head.items():
        members.setdefault(h, []).append(a)
    found = partitions(
        heads, contracted, camps_limit=camps_limit, cap=SAMPLE_OPTIMA, budget=SAMPLE_BUDGET
    )
    return [[tuple(a for h in camp for a in members[h]) for camp in option] for option in found]


#: The run's setup inside a worker process, set by the pool's initializer.
_WORKER: list[_Setup] = []


def _start_worker(setup: _Setup) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C for everyone
    _WORKER[:] = [setup]


def _worker_chunk(span: tuple[int, int]) -> tuple[int, list[Drawn]]:
    start, stop = span
    return start, [sample(_WORKER[0], i) for i in range(start, stop)]


#: Fewer than 64 samples run in this process (starting workers costs more than they save)
#: unless the first one shows the rest would take this many seconds or more: 20 samples of
#: a random 40-actor view take 16 s in one process. (Timing decides only where the work runs;
#: each sample is seeded by its index, so the result is the same.)
PARALLEL_SECONDS = 1.0


def _run(setup: _Setup, samples: int, workers: int, progress: Progress | None) -> list[Drawn]:
    """Every sample, in order; with several workers, in chunks over a process pool (each
    sample seeded by its index, so the result does not depend on how they are spread)."""
    drawn: list[Drawn] = []
    if workers > 1 and samples < 64:
        started = time.perf_counter()
        drawn.append(sample(setup, 0))
        if (time.perf_counter() - started) * (samples - 1) >= PARALLEL_SECONDS:
            return drawn + _pooled(setup, 1, samples, workers, progress)
    if workers <= 1 or samples < 64:
        for i in range(len(drawn), samples):
            drawn.append(sample(setup, i))
            if progress and (i + 1) % 25 == 0:
                progress(i + 1, samples)
        if progress:
            progress(samples, samples)
        return drawn
    return _pooled(setup, 0, samples, workers, progress)


def _pooled(
    setup: _Setup, first: int, samples: int, workers: int, progress: Progress | None
) -> list[Drawn]:
    """Samples `first` to `samples` over a pool of `workers` processes, in order."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(8, min(100, samples // (workers * 8))) if samples >= 64 else 1
    spans = [(i, min(i + size, samples)) for i in range(first, samples, size)]
    chunks: dict[int, list[Drawn]] = {}
    done = first
    with context.Pool(workers, initializer=_start_worker, initargs=(setup,)) as pool:
        for start, chunk in pool.imap_unordered(_worker_chunk, spans):
            chunks[start] = chunk
            done += len(chunk)
            if progress:
                progress(done, samples)
    return [d for start in sorted(chunks) for d in chunks[start]]


#: Samples per chunk for a runner (measured like SWEEP_CHUNK: docs/performance.md).
ROBUST_CHUNK = 250


def _samples_chunk(setup: _Setup, span: tuple[int, int]) -> list[Drawn]:
    return [sample(setup, i) for i in range(*span)]


def _run_chunks(
    setup: _Setup, samples: int, runner: Runner, progress: Progress | None
) -> list[Drawn]:
    spans = [(i, min(i + ROBUST_CHUNK, samples)) for i in range(0, samples, ROBUST_CHUNK)]

    def told(done: int, total: int) -> None:
        if progress:
            progress(min(done * ROBUST_CHUNK, samples), samples)

    return [d for part in runner(_samples_chunk, setup, spans, told) for d in part]


# -- summaries -----------------------------------------------------------------------------------


#: A sample's optimal partitions, each with its share of the sample (1/k of k optima); the
#: shares over all samples sum to the number of samples.
Weighed = list[tuple[Partition, float]]


def _weighed(samples: Sequence[tuple[Partition, ...]]) -> Weighed:
    return [(p, 1.0 / len(every)) for every in samples for p in every]


def _samples(found: Weighed) -> float:
    return max(math.fsum(w for _, w in found), 1.0)


def _pair_odds(view: View, found: Weighed) -> list[PairOdds]:
    actors = [a for c in view.camps for a in c.members]
    together: dict[Edge, float] = {}
    for partition, share in found:
        for camp in partition:
            for i, a in enumerate(camp):
                for b in camp[i + 1 :]:
                    together[(a, b)] = together.get((a, b), 0.0) + share
    n = _samples(found)
    result = []
    for i, a in enumerate(actors):
        for b in actors[i + 1 :]:
            key = (a, b) if a < b else (b, a)
            result.append(
                PairOdds(
                    view.id,
                    key[0],
                    key[1],
                    together.get(key, 0.0) / n,
                    view.camp_of(a) == view.camp_of(b),
                )
            )
    return result


def assign(reported: Sequence[Sequence[str]], partition: Partition) -> dict[str, int | None]:
    """Each actor's sampled camp, as the index of the reported camp it is matched to (largest
    overlap first, one to one), or None for a camp matched to none."""
    matched = match_groups(reported, partition)
    return {a: matched.get(i) for i, camp in enumerate(partition) for a in camp}


def elsewhere(reported: Sequence[Sequence[str]], partition: Partition) -> dict[str, float]:
    """How far each actor of `partition` stands from its reported camp: 1 when its sampled
    camp is matched (by `assign`) to another reported camp or to none, 0 when to its own.

    Where the match cannot tell, no tie-break speaks: a sampled camp that overlaps several
    reported camps equally (those no other sampled camp continues) continues each of them
    1/t, so when Islamic State and Turkey, each alone, join in a sample, each stands
    elsewhere by a half, not one of them wholly."""
    matched = match_groups(reported, partition)
    taken = set(matched.values())
    home = {a: j for j, camp in enumerate(reported) for a in camp}
    found: dict[str, float] = {}
    for i, camp in enumerate(partition):
        j = matched.get(i)
        members = set(camp)
        if j is None:
            found.update((a, 1.0) for a in camp)
            continue
        most = len(members.intersection(reported[j]))
        tied = [
            k
            for k, other in enumerate(reported)
            if k == j or (k not in taken and len(members.intersection(other)) == most)
        ]
        for a in camp:
            found[a] = 1.0 - 1.0 / len(tied) if home.get(a) in tied else 1.0
    return found


def _actor_odds(view: View, found: Weighed, moved: dict[str, float] | None) -> list[ActorOdds]:
    reported = [c.members for c in view.camps]
    apart: dict[str, float] = {}
    for partition, share in found:
        for actor, away in elsewhere(reported, partition).items():
            if away:
                apart[actor] = apart.get(actor, 0.0) + share * away
    n = _samples(found)
    return [
        ActorOdds(
            view.id,
            actor,
            camp.leader,
            apart.get(actor, 0.0) / n,
            None if moved is None else moved.get(actor, 0.0),
        )
        for camp in view.camps
        for actor in camp.members
    ]


def _moved_by_events(
    view: str | None,
    paired: list[tuple[Solved | None, Solved | None]],
) -> dict[str, float]:
    """The share of samples in which the events move each actor. Each optimum after counts
    1/k of its sample and is compared with the optimum before closest to it (fewest actors
    moved), so a view whose optima the events leave as they were moves no one."""
    moved: dict[str, float] = {}
    n = 0
    for before, after in paired:
        if before is None or after is None:
            continue
        n += 1
        share = 1.0 / len(after[0])
        for new in after[0]:
            changes = min((_moves(old, new) for old in before[0]), key=lambda m: sum(m.values()))
            for actor, away in changes.items():
                moved[actor] = moved.get(actor, 0.0) + share * away
    return {a: k / n for a, k in moved.items()} if n else {}


def _moves(old: Partition, new: Partition) -> dict[str, float]:
    """How far each actor of `old` moves in `new`, its camps matched to `old`'s (`elsewhere`)."""
    before = {a for c in old for a in c}
    return {a: away for a, away in elsewhere(old, new).items() if a in before and away}


def _camp_odds(view: View, found: Weighed) -> list[CampOdds]:
    result = []
    n = _samples(found)
    for camp in view.camps:
        members = set(camp.members)
        best = intact = 0.0
        for partition, share in found:
            score = max(len(members & set(c)) / len(members | set(c)) for c in partition)
            best += share * score
            intact += share * (score == 1.0)
        result.append(CampOdds(view.id, camp.leader, camp.members, best / n, intact / n))
    return result


def _spread(view: View, values: list[float]) -> Spread:
    ordered = sorted(values) or [view.normalised_frustration]
    mean = math.fsum(ordered) / len(ordered)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in ordered) / len(ordered))
    return Spread(
        view.id,
        view.normalised_frustration,
        mean,
        sd,
        _quantile(ordered, 0.05),
        _quantile(ordered, 0.5),
        _quantile(ordered, 0.95),
    )


def _quantile(ordered: list[float], q: float) -> float:
    """Linear interpolation between order statistics (the default of NumPy and R type 7)."""
    at = q * (len(ordered) - 1)
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _seen(view: View, found: Weighed) -> list[Seen]:
    counts: dict[Partition, float] = {}
    for partition, share in found:
        counts[partition] = counts.get(partition, 0.0) + share
    n = _samples(found)
    ranked = sorted(counts.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))[:TOP_PARTITIONS]
    return [Seen(view.id, k / n, partition) for partition, k in ranked]
