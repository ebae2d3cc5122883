"""`alliances timeline`: camps over time, for people (text) and scripts (JSON, tables).

The text leads with what changed (camps that split, merged, formed or dissolved, and who moved
when), then the camps of each slice, then the frustration over time.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.common import frustration_legend
from alliances_cli.reports.render.blocks import Block, Grid, Styled
from alliances_cli.reports.render.formats import Result, table
from alliances_cli.reports.render.numbers import num, percent

if TYPE_CHECKING:
    from alliances_cli.engine.timeline import Change, Move, Timeline

TIMELINE_SCHEMA = "alliances/timeline/1"

#: Members a text report lists per camp and per change.
SHOWN_MEMBERS = 12


def timeline_data(line: Timeline) -> dict[str, Any]:
    """The `alliances timeline --format json` document."""
    from alliances_cli.engine.timeline import MATCH_MIN

    slices = []
    for piece in line.slices:
        view = piece.view
        slices.append(
            {
                "label": piece.label,
                "date": piece.date,
                "scenario": piece.scenario.id,
                "actors": len(view.actors),
                "ties": len(view.edges),
                "frustration": num(view.frustration),
                "normalised_frustration": num(view.normalised_frustration),
                "lower_bound": num(view.lower_bound),
                "optimal": view.optimal,
                "camps": [
                    {
                        "id": identity,
                        "name": camp.name,
                        "leader": camp.leader,
                        "members": list(camp.members),
                    }
                    for identity, camp in zip(piece.identities, view.camps, strict=True)
                ],
                "unaligned": list(view.unaligned),
            }
        )
    label = [s.label for s in line.slices]
    return {
        "schema": TIMELINE_SCHEMA,
        "view": line.theater or "overall",
        "camps_limit": line.camps_limit,
        "matching": {"similarity": "jaccard", "assignment": "hungarian", "min": MATCH_MIN},
        "slices": slices,
        "changes": [
            {
                "slice": label[c.at],
                "kind": c.kind,
                "camp": c.camp,
                "other": c.other,
                "actors": list(c.actors),
            }
            for c in line.changes
        ],
        "moves": [
            {
                "slice": label[m.at],
                "actor": m.actor,
                "from": m.origin,
                "to": m.to,
                "undecided": m.undecided,
            }
            for m in line.moves
        ],
    }


def timeline_result(line: Timeline) -> Result:
    def document() -> dict[str, Any]:
        return timeline_data(line)

    def tables() -> tuple[Any, ...]:
        data = document()
        membership, summary = [], []
        for s in data["slices"]:
            summary.append(
                (
                    s["label"],
                    s["date"],
                    s["actors"],
                    s["ties"],
                    len(s["camps"]),
                    s["frustration"],
                    s["normalised_frustration"],
                    s["lower_bound"],
                    s["optimal"],
                )
            )
            for camp in s["camps"]:
                for actor in camp["members"]:
                    membership.append((s["label"], s["date"], actor, camp["id"], camp["name"]))
        return (
            table("membership", ("slice", "date", "actor", "camp", "camp_name"), membership),
            table(
                "slices",
                (
                    "slice",
                    "date",
                    "actors",
                    "ties",
                    "camps",
                    "frustration",
                    "normalised_frustration",
                    "lower_bound",
                    "optimal",
                ),
                summary,
            ),
            table(
                "changes",
                ("slice", "kind", "camp", "other", "actors"),
                [
                    (c["slice"], c["kind"], c["camp"], c["other"], c["actors"])
                    for c in data["changes"]
                ],
            ),
            table(
                "moves",
                ("slice", "actor", "from", "to", "undecided"),
                [
                    (m["slice"], m["actor"], m["from"], m["to"], m["undecided"])
                    for m in data["moves"]
                ],
            ),
        )

    return Result("Timeline", document, tables)


def timeline_report(line: Timeline, title: str, top: int | None) -> list[Block]:
    """The text report: what changed, the camps of each slice, the frustration over time."""
    view = "the overall view" if line.theater is None else f"theater {line.theater}"
    first, last = line.slices[0].label, line.slices[-1].label
    span = first if len(line.slices) == 1 else f"{first} to {last}"
    count = f"{len(line.slices)} slice" + ("s" if len(line.slices) != 1 else "")
    parts: list[Block] = [
        Styled(title, style="bold").append(f"  ({count}, {span}; {view})", style="dim"),
        Styled(""),
    ]
    if len(line.slices) == 1 and not line.slices[0].scenario.dated:
        parts += [
            Styled(
                "One slice: the scenario holds no dated tie or engagement. Date them (from, "
                "until), slice with --at, or give one file per slice.",
                style="yellow",
            ),
            Styled(""),
        ]
    parts += _what_changed(line, top)
    parts += _camps(line)
    parts += _frustration(line)
    return parts[:-1]


def _who(line: Timeline, actors: tuple[str, ...] | list[str], at: int | None = None) -> str:
    """Actors by name, the most important first when they are too many to list (capability,
    then the weight of their ties in slice `at`), so that "and 5 more" never hides the mover
    that matters."""
    chosen = list(actors)
    if at is not None and len(chosen) > SHOWN_MEMBERS:
        piece = line.slices[at]
        capability = {a.id: a.capability for a in piece.scenario.actors}
        strength = piece.view.strengths
        place = {a: i for i, a in enumerate(chosen)}
        chosen.sort(
            key=lambda a: (-capability.get(a, 1.0), -round(strength.get(a, 0.0), 9), place[a])
        )
    names = [line.name(a) for a in chosen[:SHOWN_MEMBERS]]
    more = len(chosen) - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _camp(line: Timeline, identity: str, at: int) -> str:
    alone = ", alone" if _size(line, identity, at) == 1 else ""
    return f"{identity} ({line.camp_name(identity, at)}{alone})"


def _size(line: Timeline, identity: str, at: int) -> int:
    piece = line.slices[at]
    if identity not in piece.identities:
        return 0
    return len(piece.view.camps[piece.identities.index(identity)].members)


def _of_camps(line: Timeline, c: Change) -> bool:
    """Whether a change is about a camp of several actors: one actor alone is no camp to
    report as formed, split, merged or dissolved (its moves say what happened to it)."""
    if c.kind == "unrecorded":
        return True
    at = c.at - 1 if c.kind in ("merged", "dissolved") else c.at
    return _size(line, c.camp, at) > 1


def _change_text(line: Timeline, c: Change) -> str:
    if c.kind == "split":
        before = _camp(line, c.other or "", c.at - 1)
        return f"camp {_camp(line, c.camp, c.at)} split from {before}: {_who(line, c.actors, c.at)}"
    if c.kind == "merged":
        into = _camp(line, c.other or "", c.at)
        who = _who(line, c.actors, c.at - 1)
        return f"camp {_camp(line, c.camp, c.at - 1)} merged into {into}: {who}"
    if c.kind == "unrecorded":
        return "no tie recorded from here: the data end or pause (no camp dissolved)"
    if c.kind == "formed":
        return f"camp {_camp(line, c.camp, c.at)} formed: {_who(line, c.actors, c.at)}"
    return f"camp {_camp(line, c.camp, c.at - 1)} dissolved: {_who(line, c.actors, c.at - 1)}"


def _move_lines(line: Timeline, moves: list[Move]) -> list[str]:
    """Moves grouped by where from and where to; those the earlier slice's ties could not
    place said apart, since the camp they left was one pick among optima."""
    lines = []
    ordered = sorted(moves, key=lambda m: (m.origin, m.to, m.undecided, m.actor))
    for (origin, to, undecided), group in groupby(
        ordered, key=lambda m: (m.origin, m.to, m.undecided)
    ):
        actors = [m.actor for m in group]
        at = moves[0].at
        said = (
            f"{_who(line, actors, at)} moved from {_camp(line, origin, at - 1)} "
            f"to {_camp(line, to, at)}"
        )
        if undecided:
            its = "its ties" if len(actors) == 1 else "their ties"
            said += f" ({its} could not place {'it' if len(actors) == 1 else 'them'} before)"
        lines.append(said)
    return lines


def _what_changed(line: Timeline, top: int | None) -> list[Block]:
    rows: list[tuple[str, str]] = []
    for i, piece in enumerate(line.slices):
        changes = [c for c in line.changes if c.at == i and _of_camps(line, c)]
        # A split or a merge already names the actors who went with it.
        told = {
            (a, c.other if c.kind == "split" else c.camp, c.camp if c.kind == "split" else c.other)
            for c in changes
            if c.kind in ("split", "merged")
            for a in c.actors
        }
        moves = [m for m in line.moves if m.at == i and (m.actor, m.origin, m.to) not in told]
        rows += [(piece.label, _change_text(line, c)) for c in changes]
        rows += [(piece.label, text) for text in _move_lines(line, moves)]
    if len(line.slices) < 2:
        return []
    if not rows:
        return [Styled("No camp changed from slice to slice.", style="dim"), Styled("")]
    more = ""
    if top is not None and len(rows) > top:
        more = f" (first {top} of {len(rows)}; --top 0 for all)"
        rows = rows[:top]
    grid = Grid(Styled("What changed", style="bold").append(more, style="dim"))
    grid.add_column("Slice", style="cyan", keep=True)
    grid.add_column("Change")
    previous = None
    for label, text in rows:
        grid.add_row(label if label != previous else "", text)
        previous = label
    return [grid, Styled("")]


def _camps(line: Timeline) -> list[Block]:
    grid = Grid(Styled("Camps", style="bold"))
    grid.add_column("Slice", style="cyan", keep=True)
    grid.add_column("Camp", keep=True)
    grid.add_column("Size", justify="right")
    grid.add_column("Members")
    for at, piece in enumerate(line.slices):
        shown = False
        for identity, camp in zip(piece.identities, piece.view.camps, strict=True):
            grid.add_row(
                "" if shown else piece.label,
                f"{identity} {camp.name}",
                str(len(camp.members)),
                _who(line, list(camp.members), at),
            )
            shown = True
        if not shown:
            grid.add_row(piece.label, "-", "0", "no tie recorded")
    return [grid, Styled("")]


def _frustration(line: Timeline) -> list[Block]:
    grid = Grid(Styled("Frustration over time", style="bold"))
    grid.add_column("Slice", style="cyan", keep=True)
    grid.add_column("Actors", justify="right")
    grid.add_column("Ties", justify="right")
    grid.add_column("Camps", justify="right")
    grid.add_column("Frustration", justify="right")
    grid.add_column("Normalised", justify="right")
    grid.add_column("Partition")
    for piece in line.slices:
        view = piece.view
        proof = "proven optimal" if view.optimal else f"bound {view.lower_bound:.2f}"
        grid.add_row(
            piece.label,
            str(len(view.actors)),
            str(len(view.edges)),
            str(len(view.camps)),
            f"{view.frustration:.2f}",
            percent(view.normalised_frustration),
            proof,
        )
    return [grid, frustration_legend(line.scored), Styled("")]
