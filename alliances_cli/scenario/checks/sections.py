"""The sections of a scenario: its top level, sources, actors, theaters, ties and camps.

`ScenarioChecker.scenario()` walks a whole file and builds the model, or leaves problems; the
events are checked by `events.py`, the shared shapes by `base.py`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from alliances_cli.scenario.checks.base import shown
from alliances_cli.scenario.checks.events import EventChecker
from alliances_cli.scenario.dates import day, overlap
from alliances_cli.scenario.model import (
    Actor,
    CampLabel,
    Engagement,
    Scenario,
    Source,
    Theater,
    TheaterStance,
    Tie,
)
from alliances_cli.scenario.vocabulary import ACTOR_KINDS, hinted, suggest

if TYPE_CHECKING:
    from alliances_cli.scenario.yamldoc import Path

_TOP_FIELDS = {
    "id": True,
    "title": True,
    "as_of": False,
    "description": False,
    "sources": False,
    "actors": True,
    "theaters": True,
    "ties": False,
    "events": False,
    "camps": False,
}
_CAMP_FIELDS = {"name": True, "tag": False, "actors": False}
_SOURCE_FIELDS = {"id": True, "title": True, "publisher": False, "date": False, "url": False}
_ACTOR_FIELDS = {"id": True, "name": False, "kind": False, "tags": False, "capability": False}
_THEATER_FIELDS = {
    "id": True,
    "name": False,
    "actors": True,
    "note": False,
    "weight": False,
}
_TIE_FIELDS = {
    "between": True,
    "stance": False,
    "confidence": False,
    "evidence": False,
    "note": False,
    "in": False,
    "from": False,
    "until": False,
    "ratings": False,
}
_THEATER_STANCE_FIELDS = {
    "stance": True,
    "confidence": False,
    "evidence": False,
    "note": False,
    "from": False,
    "until": False,
    "ratings": False,
}
_ENGAGEMENT_FIELDS = {"id": True, "from": False, "until": False}


class Periods:
    """The periods one pair's ties hold in, which do not overlap, sorted by their first day:
    a new period clashes only with the one starting before it or the one after (a pair with
    thousands of dated ties was checked against each of them: 59 s for 4,000)."""

    def __init__(self) -> None:
        self.starts: list[str] = []
        self.held: list[tuple[str, str, Path, tuple[str | None, str | None]]] = []

    def clashes(
        self, since: str | None, until: str | None
    ) -> list[tuple[Path, tuple[str | None, str | None]]]:
        """The kept periods that share a day with this one (at most two: its neighbours)."""
        import bisect

        start, end = _first_day(since), _end_day(until)
        at = bisect.bisect_right(self.starts, start)
        found = []
        for i in (at - 1, at):
            if 0 <= i < len(self.held):
                other_start, other_end, path, period = self.held[i]
                if max(start, other_start) < min(end, other_end):
                    found.append((path, period))
        return found

    def add(self, path: Path, since: str | None, until: str | None) -> None:
        import bisect

        start = _first_day(since)
        at = bisect.bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.held.insert(at, (start, _end_day(until), path, (since, until)))


def _first_day(text: str | None) -> str:
    return "0001-01-01" if text is None else day(text) or text


def _end_day(text: str | None) -> str:
    return "9999-99-99" if text is None else day(text) or text


class ScenarioChecker(EventChecker):
    """Checks a whole scenario file and builds the model."""

    def scenario(self) -> Scenario | None:
        root = self.mapping(self.doc.data, (), _TOP_FIELDS, "the scenario")
        if root is None or self.too_large(root):
            return None
        scenario_id = None
        if "id" in root:
            scenario_id = self.ident(root["id"], ("id",), "the scenario id")
        title = self.text(root, (), "title", required=True)
        as_of = self.date(root, (), "as_of")
        description = self.text(root, (), "description")
        sources = self.sources(root)
        source_ids = dict.fromkeys(s.id for s in sources)
        actors = self.actors(root)
        actor_ids = dict.fromkeys(a.id for a in actors)
        theaters = self.theaters(root, actor_ids)
        ties = self.ties(root, actor_ids, theaters, source_ids)
        events = self.events(root, actor_ids, dict.fromkeys(t.id for t in theaters))
        camps = self.camps(root, actor_ids, {tag for a in actors for tag in a.tags})
        if "actors" in root and root["actors"] in ([], None):
            self.error(("actors",), "a scenario needs at least one actor; list them here")
        if "theaters" in root and root["theaters"] in ([], None):
            self.error(("theaters",), "a scenario needs at least one theater; list them here")
        if scenario_id is None or title is None:
            return None
        return Scenario(
            id=scenario_id,
            title=title,
            as_of=as_of,
            description=description,
            sources=tuple(sources),
            actors=tuple(actors),
            theaters=tuple(theaters),
            ties=tuple(ties),
            events=tuple(events),
            camps=tuple(camps),
            path=self.file,
        )

    def camps(
        self, root: dict[str, Any], actor_ids: Collection[str], tags: Collection[str]
    ) -> list[CampLabel]:
        """Camp names: each names the camp holding every engaged actor of a tag or a list."""
        result: list[CampLabel] = []
        for i, item in enumerate(self.sequence(root.get("camps"), ("camps",), "camps")):
            path: Path = ("camps", i)
            m = self.mapping(item, path, _CAMP_FIELDS, "a camp name")
            if m is None:
                continue
            name = self.text(m, path, "name", required=True)
            if ("tag" in m) == ("actors" in m):
                self.error(path, "a camp name needs either 'tag' or 'actors' (not both)")
                continue
            tag = None
            members: list[str] = []
            if "tag" in m:
                tag = self.ident(m["tag"], (*path, "tag"), "tag")
                if tag is not None and tag not in tags:
                    self.error(
                        (*path, "tag"),
                        f"no actor carries the tag '{tag}'"
                        + hinted(suggest(tag, tags), "add it to an actor's tags or name another"),
                    )
                    continue
            else:
                for j, actor in enumerate(
                    self.sequence(m.get("actors"), (*path, "actors"), "actor ids")
                ):
                    ref = self.reference(actor, (*path, "actors", j), actor_ids, "actor")
                    if ref is not None and ref not in members:
                        members.append(ref)
                if not members:
                    continue
            if name is not None:
                result.append(CampLabel(name, tag, tuple(members), self.doc.pos(path)))
        return result

    def sources(self, root: dict[str, Any]) -> list[Source]:
        result: list[Source] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(self.sequence(root.get("sources"), ("sources",), "sources")):
            path: Path = ("sources", i)
            m = self.mapping(item, path, _SOURCE_FIELDS, "a source")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "source id")
            title = self.text(m, path, "title", required=True)
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            result.append(
                Source(
                    id=ident,
                    title=title or ident,
                    publisher=self.text(m, path, "publisher"),
                    date=self.date(m, path, "date"),
                    url=self.text(m, path, "url"),
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "source")
        return result

    def actors(self, root: dict[str, Any]) -> list[Actor]:
        result: list[Actor] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(self.sequence(root.get("actors"), ("actors",), "actors")):
            path: Path = ("actors", i)
            m = self.mapping(item, path, _ACTOR_FIELDS, "an actor")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "actor id")
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            kind = "state"
            if "kind" in m:
                raw = self.text(m, path, "kind")
                if raw is not None and raw not in ACTOR_KINDS:
                    self.error(
                        (*path, "kind"),
                        f"unknown actor kind {shown(raw)}"
                        + hinted(
                            suggest(raw, ACTOR_KINDS), f"use one of: {', '.join(ACTOR_KINDS)}"
                        ),
                    )
                elif raw is not None:
                    kind = raw
            tags: list[str] = []
            for j, tag in enumerate(self.sequence(m.get("tags"), (*path, "tags"), "tags")):
                checked = self.ident(tag, (*path, "tags", j), "tag")
                if checked is not None:
                    tags.append(checked)
            capability = 1.0
            if "capability" in m:
                value = self.number(
                    m, path, "capability", lambda x: 0 < x <= 1e6, "greater than 0 (default 1)"
                )
                capability = 1.0 if value is None else value
            result.append(
                Actor(
                    id=ident,
                    name=self.text(m, path, "name") or ident,
                    kind=kind,
                    tags=tuple(tags),
                    capability=capability,
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "actor")
        return result

    def theaters(self, root: dict[str, Any], actor_ids: Collection[str]) -> list[Theater]:
        result: list[Theater] = []
        ids: list[tuple[str, Path]] = []
        for i, item in enumerate(self.sequence(root.get("theaters"), ("theaters",), "theaters")):
            path: Path = ("theaters", i)
            m = self.mapping(item, path, _THEATER_FIELDS, "a theater")
            if m is None or "id" not in m:
                continue
            ident = self.ident(m["id"], (*path, "id"), "theater id")
            if ident is None:
                continue
            ids.append((ident, (*path, "id")))
            engaged: dict[str, list[tuple[str | None, str | None]]] = {}
            periods: list[Engagement] = []
            for j, actor in enumerate(
                self.sequence(m.get("actors"), (*path, "actors"), "actor ids")
            ):
                where: Path = (*path, "actors", j)
                since = until = None
                if isinstance(actor, dict):
                    entry = self.mapping(actor, where, _ENGAGEMENT_FIELDS, "an engaged actor")
                    if entry is None or "id" not in entry:
                        continue
                    since, until = self.period(entry, where)
                    actor, where = entry["id"], (*where, "id")
                ref = self.reference(actor, where, actor_ids, "actor")
                if ref is None:
                    continue
                if any(overlap(p, (since, until)) for p in engaged.get(ref, [])):
                    self.error(
                        where,
                        f"actor '{ref}' is listed twice in this theater for the same days; "
                        "list it once, or give periods that do not overlap (from, until)",
                    )
                    continue
                engaged.setdefault(ref, []).append((since, until))
                if since is not None or until is not None:
                    periods.append(Engagement(ref, since, until, self.doc.pos(where)))
            result.append(
                Theater(
                    id=ident,
                    name=self.text(m, path, "name") or ident,
                    actors=tuple(engaged),
                    note=self.text(m, path, "note"),
                    weight=self.theater_weight(m, path),
                    periods=tuple(periods),
                    pos=self.doc.pos(path),
                )
            )
        self.unique(ids, "theater")
        return result

    def theater_weight(self, m: dict[str, Any], path: Path) -> float:
        if "weight" not in m:
            return 1.0
        value = self.number(m, path, "weight", lambda x: 0 < x <= 1e6, "greater than 0 (default 1)")
        return 1.0 if value is None else value

    def ties(
        self,
        root: dict[str, Any],
        actor_ids: Collection[str],
        theaters: list[Theater],
        source_ids: Collection[str],
    ) -> list[Tie]:
        theater_ids = dict.fromkeys(t.id for t in theaters)
        result: list[Tie] = []
        seen: dict[frozenset[str], Periods] = {}
        for i, item in enumerate(self.sequence(root.get("ties"), ("ties",), "ties")):
            path: Path = ("ties", i)
            m = self.mapping(item, path, _TIE_FIELDS, "a tie")
            if m is None or "between" not in m:
                continue
            stance = None
            if "stance" in m:
                stance = self.stance(m["stance"], (*path, "stance"))
            elif "in" not in m and set(m) <= set(_TIE_FIELDS):
                # (With an unknown field, the misspelt 'stance' is reported already.)
                self.error(path, "a tie needs a 'stance', or stances per theater under 'in'")
            confidence = self.confidence(m, path)
            evidence = self.evidence(m.get("evidence"), (*path, "evidence"), source_ids)
            pair = self.pair(m["between"], (*path, "between"), actor_ids)
            per_theater = self.theater_stances(
                m.get("in"), (*path, "in"), theater_ids, source_ids, pair
            )
            if "stance" not in m and "in" in m and m["in"] in (None, {}):
                self.error(
                    (*path, "in"),
                    "'in' is empty; give the tie's stances per theater here, or a 'stance'",
                )
                continue
            since, until = self.period(m, path)
            if pair is None:
                continue
            key = frozenset(pair)
            periods = seen.get(key)
            clash = [] if periods is None else periods.clashes(since, until)
            if clash:
                first = self.doc.pos(clash[0][0])
                line = f" at line {first.line}" if first else ""
                if clash[0][1] == (None, None) and (since, until) == (None, None):
                    fix = "merge them (per-theater stances go under 'in')"
                else:
                    line += " for some of the same days"
                    fix = "make their periods (from, until) not overlap, or merge them"
                self.error(
                    (*path, "between"),
                    f"the tie {pair[0]}–{pair[1]} is already defined{line}; {fix}",
                )
                continue
            if periods is None:
                periods = seen[key] = Periods()
            periods.add(path, since, until)
            result.append(
                Tie(
                    a=pair[0],
                    b=pair[1],
                    stance=stance,
                    confidence=1.0 if confidence is None else confidence,
                    evidence=evidence,
                    note=self.text(m, path, "note"),
                    theaters=per_theater,
                    since=since,
                    until=until,
                    ratings=self.ratings(m, path, pair),
                    pos=self.doc.pos(path),
                )
            )
        return result

    def theater_stances(
        self,
        value: Any,
        path: Path,
        theater_ids: Collection[str],
        source_ids: Collection[str],
        pair: tuple[str, str] | None = None,
    ) -> tuple[TheaterStance, ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(path, f"'in' must map theater ids to stances, not {self.kind(value, path)}")
            return ()
        result: list[TheaterStance] = []
        for theater, entry in value.items():
            where: Path = (*path, theater)
            if theater not in theater_ids:
                self.error(
                    where,
                    f"unknown theater {shown(theater)}{suggest(theater, theater_ids)}",
                    at_key=True,
                )
                continue
            if isinstance(entry, dict):
                m = self.mapping(entry, where, _THEATER_STANCE_FIELDS, f"the stance in '{theater}'")
                if m is None or "stance" not in m:
                    continue
                stance = self.stance(m["stance"], (*where, "stance"))
                confidence = self.confidence(m, where)
                evidence = self.evidence(m.get("evidence"), (*where, "evidence"), source_ids)
                note = self.text(m, where, "note")
                since, until = self.period(m, where)
                ratings = self.ratings(m, where, pair)
            else:
                stance = self.stance(entry, where, key=theater)
                confidence, evidence, note = None, (), None
                since = until = ratings = None
            if stance is not None:
                result.append(
                    TheaterStance(
                        theater,
                        stance,
                        confidence,
                        evidence,
                        note,
                        since,
                        until,
                        ratings=ratings,
                        pos=self.doc.pos(where),
                    )
                )
        return tuple(result)
