"""Coalitions and balance of a scenario's views, with their stress points: what `show` reports.

A view is one theater, or the overall view across the chosen theaters (`overall.py` says how
it is made). Each view's camps come from the solver (`solver/`) by the rule of
`partition.py`; how many optimal partitions it has, and who swings between them, from
`solver/optima.py`; its stress points from `stress.py`. The view records are in `view.py`.

Camps are named after the member at their core: the one whose capability times the weight of
its positive ties inside the camp is largest (ties broken by capability, then by the actor's
total tie strength in the view, then by its place in the scenario's list of actors). An
overall camp is named as the theater camps it matches (by overlap) name that group, when it
holds their leader (the name most theaters use), so a group keeps one name (and colour) across
views; after a what-if, a camp that persists keeps its name from before. A scenario may name
camps itself (`camps:` in the file): a camp that holds every aligned actor of a named group,
and at least two of them, takes that name.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from alliances_cli.engine.graphs import EdgeData, overall_edges, theater_edges
from alliances_cli.engine.memo import ByIdentity, Memo
from alliances_cli.engine.overall import (
    Hedge,
    Split,
    TheaterCamps,
    consensus_edges,
    hedges,
    twins,
)
from alliances_cli.engine.partition import view_camps
from alliances_cli.engine.solver import DEFAULT_NODE_BUDGET, Settings
from alliances_cli.engine.stress import Stress, across, fold, within
from alliances_cli.engine.view import Camp, View
from alliances_cli.scenario.model import Scenario

Pair = tuple[str, str]


@dataclass(frozen=True)
class Analysis:
    scenario: Scenario
    theaters: tuple[View, ...]
    overall: View
    camps_limit: int | None
    #: How the overall view was made: "consensus" or "mean" (see `overall.py`).
    overall_rule: str = "consensus"
    #: Pairs the theaters divide evenly, which the overall view does not decide.
    splits: tuple[Split, ...] = ()
    #: Actors whose camp in some theater lines up with another overall camp than their own.
    hedges: tuple[Hedge, ...] = ()
    #: Seconds the exact stages were given per view, if a time limit replaced the node budget.
    time_limit: float | None = None

    @cached_property
    def stress_parts(self) -> tuple[tuple[Stress, ...], ...]:
        """Stress facts by where they were found: each theater's, then those across theaters.
        Found on first use: a timeline or a sweep needs only the camps (half a CoW timeline's
        time went to facts nobody read). A view met before brings back the very same tuple."""
        parts = [within(self.scenario, view) for view in self.theaters]
        return (*parts, across(self.scenario, self.theaters))

    @cached_property
    def stress(self) -> tuple[Stress, ...]:
        """One stress point per fact, most severe first; related facets inside each."""
        return fold(self.scenario, [s for part in self.stress_parts for s in part])

    @property
    def shown(self) -> tuple[View, ...]:
        """The views a report lists: every theater, and the overall view when there are
        several (one theater's overall view is that theater's)."""
        if len(self.theaters) > 1:
            return (*self.theaters, self.overall)
        return self.theaters

    def view(self, theater: str | None) -> View:
        if theater is None:
            return self.overall
        for view in self.theaters:
            if view.id == theater:
                return view
        raise KeyError(theater)


def analyse(
    scenario: Scenario,
    *,
    theaters: Sequence[str] | None = None,
    camps_limit: int | None = None,
    node_budget: int = DEFAULT_NODE_BUDGET,
    overall: str = "consensus",
    prior: Analysis | None = None,
    time_limit: float | None = None,
) -> Analysis:
    """Solve every theater and the overall view, and find the stress points.

    With `prior` (the analysis before a what-if), a view with several optimal partitions
    shows the one closest to the prior's, and camps that persist keep their names.
    """
    settings = Settings(camps_limit, node_budget=node_budget, time_limit=time_limit)
    chosen = tuple(theaters) if theaters is not None else tuple(t.id for t in scenario.theaters)
    views: list[View] = []
    per_theater: dict[str, dict[tuple[str, str], EdgeData]] = {}
    for theater in chosen:
        found = scenario.theater_by_id[theater]
        edges = per_theater[theater] = theater_edges(scenario, theater)
        view = _view(scenario, theater, found.name, found.actors, edges, settings)
        if prior is not None and theater in {v.id for v in prior.theaters}:
            view = _follow(scenario, view, prior.view(theater))
        views.append(view)
    splits: tuple[Split, ...] = ()
    hedged: tuple[Hedge, ...] = ()
    if overall == "consensus" and len(views) > 1:
        solved = [
            TheaterCamps(v.id or "", scenario.theater_by_id[v.id or ""].weight, v.camp_index)
            for v in views
        ]
        actors = tuple(dict.fromkeys(a for v in views for a in v.actors))
        edges, splits = consensus_edges(scenario, actors, solved, per_theater)
        weights = {k: e.weight for k, e in edges.items()}
        groups = tuple(tuple(g) for g in twins(actors, solved, weights))
        whole = _view(scenario, None, "overall", actors, edges, settings, groups)
        whole = _named_by_theaters(whole, views)
        if prior is not None:
            whole = _follow(scenario, whole, prior.overall)
        leaders = {v.id or "": {i: c.leader for i, c in enumerate(v.camps)} for v in views}
        capability = {a.id: a.capability for a in scenario.actors}
        overall_camp = {m: c.leader for c in whole.camps for m in c.members}
        position = _positions(scenario)
        hedged = tuple(
            sorted(
                hedges(overall_camp, solved, leaders, capability),
                key=lambda h: (position[h.actor], chosen.index(h.theater)),
            )
        )
    elif len(views) == 1:
        whole = _as_overall(views[0])
    else:
        actors, edges = overall_edges(scenario, chosen, per_theater)
        whole = _named_by_theaters(_view(scenario, None, "overall", actors, edges, settings), views)
        if prior is not None:
            whole = _follow(scenario, whole, prior.overall)
    rule = overall if len(views) > 1 else "single"
    return Analysis(scenario, tuple(views), whole, camps_limit, rule, splits, hedged, time_limit)


@dataclass(frozen=True)
class Problem:
    """One coalition problem that `analyse` hands to `solve`: the arguments, as given."""

    nodes: tuple[str, ...]
    weights: dict[tuple[str, str], float]


def coalition_problems(
    scenario: Scenario, *, theaters: Sequence[str] | None = None
) -> list[Problem]:
    """The theaters' problems `analyse` will solve, so a sweep can solve them once, in parallel.

    The overall view's problem depends on the theaters' answers, so it is not among them.
    """
    chosen = tuple(theaters) if theaters is not None else tuple(t.id for t in scenario.theaters)
    result = []
    for theater in chosen:
        edges = theater_edges(scenario, theater)
        result.append(Problem(*_problem(scenario.theater_by_id[theater].actors, edges)))
    return result


def _problem(
    actors: tuple[str, ...], edges: Mapping[tuple[str, str], EdgeData]
) -> tuple[tuple[str, ...], dict[tuple[str, str], float]]:
    """The actors with at least one tie, and the ties' weights: what the solver needs."""
    ends = {actor for key in edges for actor in key}
    return tuple(a for a in actors if a in ends), {key: d.weight for key, d in edges.items()}


def _positions(scenario: Scenario) -> dict[str, int]:
    return {a.id: i for i, a in enumerate(scenario.actors)}


# -- views --------------------------------------------------------------------------------------

#: Views already solved, by everything they depend on; the budget counts actors and ties.
_VIEWS: Memo[View] = Memo(4096, budget=1_000_000)


def _view(
    scenario: Scenario,
    view_id: str | None,
    name: str,
    actors: tuple[str, ...],
    edges: Mapping[tuple[str, str], EdgeData],
    settings: Settings,
    groups: tuple[tuple[str, ...], ...] | None = None,
) -> View:
    """A solved view; the same inputs give the cached view."""

    def compute() -> View:
        tied, weights = _problem(actors, edges)
        position = _positions(scenario)
        found = view_camps(tied, weights, settings, groups)
        return View(
            id=view_id,
            name=name,
            actors=actors,
            camps=name_camps(scenario, found.camps, weights),
            unaligned=tuple(sorted(set(actors) - set(tied), key=lambda a: position[a])),
            frustration=found.frustration,
            total_weight=sum(abs(w) for w in weights.values()),
            optimal=found.solution.optimal,
            lower_bound=min(found.solution.lower_bound, found.frustration),
            method=found.solution.method,
            edges=edges,
            camps_limit=settings.camps_limit,
            groups=groups,
            order=tuple(sorted(tied, key=lambda a: position[a])),
        )

    if len(actors) + len(edges) > _VIEWS.budget:
        return compute()  # too large to keep: not worth hashing every tie for a key
    people = tuple(
        (a, scenario.actor_name(a), scenario.actor_by_id[a].capability, tags(scenario, a))
        for a in actors
    )
    labels = tuple((c.name, c.tag, c.actors) for c in scenario.camps)
    key = (view_id, name, people, labels, frozenset(edges.items()), settings, groups)
    return _VIEWS.get(key, compute, lambda found: len(actors) + len(edges))


def _as_overall(view: View) -> View:
    """One theater's view as the overall view: the same actors, ties and camps (the mean of
    one theater's weights is its weights), with what the theater view has worked out already
    (on a million ties, solving it twice took 13 s)."""
    whole = replace(view, id=None, name="overall")
    for name, value in view.__dict__.items():
        if name not in whole.__dict__:  # cached properties: ties, weights, optima...
            whole.__dict__[name] = value
    return whole


def tags(scenario: Scenario, actor: str) -> tuple[str, ...]:
    return scenario.actor_by_id[actor].tags


def name_camps(
    scenario: Scenario,
    camps: Iterable[Sequence[str]],
    weights: Mapping[tuple[str, str], float],
) -> tuple[Camp, ...]:
    """Camps ordered by strength, each led and named by the member at its core (module doc)."""
    position = _positions(scenario)
    capability = {a.id: a.capability for a in scenario.actors}
    inside_pull: dict[str, float] = {}
    strength: dict[str, float] = {}
    camp_of = {a: i for i, camp in enumerate(camps) for a in camp}
    camps = [tuple(c) for c in camp_of_groups(camp_of)]
    for (a, b), w in weights.items():
        strength[a] = strength.get(a, 0.0) + abs(w)
        strength[b] = strength.get(b, 0.0) + abs(w)
        if w > 0 and a in camp_of and camp_of.get(a) == camp_of.get(b):
            inside_pull[a] = inside_pull.get(a, 0.0) + w
            inside_pull[b] = inside_pull.get(b, 0.0) + w
    aligned = set(camp_of)
    result = []
    for members in camps:
        ranked = tuple(sorted(members, key=lambda a: (-capability[a], position[a])))
        leader = min(
            members,
            key=lambda a: (
                -round(capability[a] * inside_pull.get(a, 0.0), 9),
                -capability[a],
                -round(strength.get(a, 0.0), 9),
                position[a],
            ),
        )
        label = _label(scenario, set(members), aligned)
        result.append(
            Camp(
                name=label or scenario.actor_name(leader),
                leader=leader,
                members=ranked,
                capability=sum(capability[a] for a in members),
                named=label is not None,
            )
        )
    result.sort(key=lambda c: (-round(c.capability, 9), -len(c.members), position[c.leader]))
    return tuple(result)


def camp_of_groups(camp_of: Mapping[str, int]) -> list[list[str]]:
    groups: dict[int, list[str]] = {}
    for actor, camp in camp_of.items():
        groups.setdefault(camp, []).append(actor)
    return list(groups.values())


def _label(scenario: Scenario, members: set[str], aligned: set[str]) -> str | None:
    """The scenario's name for a camp holding every aligned actor of a group (two at least)."""
    for label in scenario.camps:
        group = (
            {a.id for a in scenario.actors if label.tag in a.tags}
            if label.tag is not None
            else set(label.actors)
        )
        present = group & aligned
        if len(present) >= min(2, len(group)) and present <= members:
            return label.name
    return None


#: Views as shown after a what-if, by the view and the view before (a sweep meets the same
#: pairs again and again).
_FOLLOWED: ByIdentity[View] = ByIdentity(4096, budget=1_000_000)


def _follow(scenario: Scenario, view: View, old: View) -> View:
    """`view` showing the optimum closest to `old`'s partition, with persisting camps' names.

    A camp persists when it is matched to an old camp (by overlap, as `diff` matches them)
    whose leader it still holds, and no other old camp's: a camp that took in the namesakes
    of two camps is named afresh by the naming rule, not after whichever of them the matching
    kept (over a timeline, a bloc would otherwise carry a small camp's name for decades).
    Camps named by the scenario keep their own names.
    """
    return _FOLLOWED.get(
        (scenario, view, old),
        lambda: _followed(scenario, view, old),
        lambda _: len(view.edges) + len(old.edges),
    )


def _followed(scenario: Scenario, view: View, old: View) -> View:
    from alliances_cli.engine.solver.optima import closest

    if view.optimal and view.camps:
        weights = {key: data.weight for key, data in view.edges.items()}
        parts = closest(
            [c.members for c in view.camps],
            weights,
            [c.members for c in old.camps],
            camps_limit=view.camps_limit,
            groups=view.groups,
        )
        if sorted(parts) != sorted(tuple(sorted(c.members)) for c in view.camps):
            view = replace(view, camps=name_camps(scenario, parts, weights))
    camps = list(view.camps)
    leaders = {c.leader for c in old.camps if len(c.members) > 1}
    for i, j in match(old, view).items():
        was = old.camps[j]
        merged = (leaders - {was.leader}) & set(camps[i].members)
        if merged:  # it holds the namesakes of two camps: named afresh, as the rule names it
            continue
        if not camps[i].named and not was.named and was.leader in camps[i].members:
            camps[i] = replace(camps[i], leader=was.leader, name=was.name)
    return view if camps == list(view.camps) else replace(view, camps=tuple(camps))


def _named_by_theaters(whole: View, views: Sequence[View]) -> View:
    """The overall camps named as the theaters name them: an overall camp takes the leader
    (and name) of the theater camps matched to it (by overlap, as `diff` matches them) that
    it holds, the one most theaters use (then the largest overlap, then the overall view's
    own order). So a group named after Turkey in every theater is not named after the United
    States overall. Camps named by the scenario keep their own names."""
    votes: dict[int, dict[str, list[int]]] = {}
    names: dict[str, str] = {}
    for view in views:
        for i, j in match(whole, view).items():
            camp, over = view.camps[i], whole.camps[j]
            if camp.named or over.named or camp.leader not in over.members:
                continue
            tally = votes.setdefault(j, {}).setdefault(camp.leader, [0, 0])
            tally[0] += 1
            tally[1] += len(set(camp.members).intersection(over.members))
            names[camp.leader] = camp.name
    camps = list(whole.camps)
    for j, tallies in votes.items():
        order = {a: k for k, a in enumerate((camps[j].leader, *camps[j].members))}
        leader = min(tallies, key=lambda a: (-tallies[a][0], -tallies[a][1], order[a]))
        if leader != camps[j].leader:
            camps[j] = replace(camps[j], leader=leader, name=names[leader])
    return whole if camps == list(whole.camps) else replace(whole, camps=tuple(camps))


def match(before: View, after: View) -> dict[int, int]:
    """After-camp index -> before-camp index, by largest overlap, one to one."""
    return match_groups([c.members for c in before.camps], [c.members for c in after.camps])


def match_groups(
    before: Sequence[Collection[str]], after: Sequence[Collection[str]]
) -> dict[int, int]:
    """After-group index -> before-group index: the largest overlaps first, one to one (ties
    go to the earlier before-group); groups that overlap none are left out."""
    overlaps = []
    for i, group in enumerate(after):
        members = set(group)
        for j, old in enumerate(before):
            shared = len(members.intersection(old))
            if shared:
                overlaps.append((-shared, j, i))
    overlaps.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, j, i in overlaps:
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched
