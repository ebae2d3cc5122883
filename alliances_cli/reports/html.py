"""`alliances report`: one self-contained HTML page to look at, share and print.

Everything is inside the file: the maps are inline SVG drawn from the same geometry as
`graph` pictures, the style and a small script are embedded, and no font, script or image is
fetched: the page makes no network request. Without its script the page still reads and
prints; with it, a click on an actor lists its ties with their quoted evidence, a click on a
stress point highlights its actors and ties on the maps, and tables sort by any column.

The data the page shows is embedded as JSON (`<script type="application/json"
id="alliances-data">`): the documents `show`, `whatif` and `robust` print with `--format json`,
and the ties of each view with their evidence.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.drawing.geometry import Geometry
from alliances_cli.reports.drawing.picture import (
    SPREADS,
    Panel,
    camp_colours,
    limits,
    panel_builder,
    panel_geometry,
)
from alliances_cli.reports.drawing.svgmap import svg_map
from alliances_cli.reports.render.numbers import num, percent, stance

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.levers import LeastChange
    from alliances_cli.engine.view import View
    from alliances_cli.scenario.model import Scenario

REPORT_SCHEMA = "alliances/report/1"
#: Text a label's layout assumes a map is drawn across, in points (as `graph` panels).
MAP_POINTS = 340.0


class WhatIfPart:
    """One what-if of the report: its event, its analyses and its JSON document."""

    def __init__(
        self, event: str, title: str, before: Analysis, after: Analysis, document: dict[str, Any]
    ) -> None:
        self.event = event
        self.title = title
        self.before = before
        self.after = after
        self.document = document


def render_report(
    scenario: Scenario,
    analysis: Analysis,
    show: dict[str, Any],
    whatifs: Sequence[WhatIfPart],
    robust: dict[str, Any] | None,
    version: str,
    skipped: Sequence[tuple[str, str]] = (),
    exits: Mapping[str, Mapping[str, LeastChange]] | None = None,
) -> str:
    """The page, as text; the same input gives the same bytes. `skipped`: the named events
    that could not apply, with why, said in the what-if section. `exits`: per theater and
    actor, the cheapest change to its ties that moves it out of its camp (shown when the
    actor is clicked)."""
    names = {a.id: a.name for a in scenario.actors}
    theater_names = {t.id: t.name for t in scenario.theaters}
    analyses = [analysis, *(w.after for w in whatifs)]
    colours = camp_colours(analyses)
    actors = {a.id: a for a in scenario.actors}
    views = list(analysis.shown)
    maps = _panels(panel_builder(views, theater_names), colours, actors)
    body = [
        _header(scenario),
        _nav(bool(whatifs or skipped), robust is not None),
        "<main>",
        '<section id="coalitions"><h2>Coalitions</h2>',
        '<p class="hint">Click an actor for its ties and their evidence; click a stress point '
        "below to see it on the maps.</p>",
        f'<div class="maps{_large(views)}">',
    ]
    for panel, shape in maps:
        body.append(_figure(panel, shape, names, theater_names, ""))
    body.append("</div>")
    body.append(
        '<aside id="details" aria-live="polite"><p class="hint">No actor chosen.</p></aside>'
    )
    body.append("</section>")
    body.append(_stress(show, names, theater_names))
    body.append(_balance(show, names, theater_names))
    if whatifs or skipped:
        body.append(_whatifs(whatifs, colours, actors, names, theater_names, scenario, skipped))
    if robust is not None:
        body.append(_robust(robust, names, theater_names))
    body.append(_sources(scenario))
    body.append("</main>")
    body.append(
        f"<footer><p>Made by alliances {escape(version)} from {escape(scenario.id)}. This page "
        "makes no network request; its data is embedded below as JSON.</p></footer>"
    )
    data = {
        "schema": REPORT_SCHEMA,
        "names": names,
        "theaters": theater_names,
        "show": show,
        "whatif": [w.document for w in whatifs],
        "robust": robust,
        "ties": _ties(analysis, scenario),
        "exits": {
            view: {actor: _exit(found) for actor, found in sorted(actors.items())}
            for view, actors in sorted((exits or {}).items())
        },
    }
    return _page(scenario.title, "\n".join(body), data)


#: Views with more actors than this get each a map across the page.
LARGE_VIEW = 14


def _large(views: Sequence[View]) -> str:
    """The class of a row of maps whose views are too crowded to share it."""
    return " large" if any(len(v.actors) > LARGE_VIEW for v in views) else ""


#: Views with more actors than this get no map: their labels cannot all be read (a map of
#: the 155 states of a Correlates of War window was a heap of overprinted names).
MAP_MAX_ACTORS = 60


def _panels(
    build: Any, colours: dict[str, str], actors: dict[str, Any]
) -> list[tuple[Panel, Geometry | None]]:
    """The panels at the narrowest spread whose labels keep clear of each other (no
    geometry for a view too large to map)."""
    chosen: list[tuple[Panel, Geometry | None]] = []
    for spread in SPREADS:
        chosen = []
        crowded = False
        for panel in build(spread):
            if len(panel.view.actors) > MAP_MAX_ACTORS:
                chosen.append((panel, None))
                continue
            shape = panel_geometry(panel, colours, actors)
            chosen.append((panel, shape))
            crowded = crowded or _labels_overlap(shape)
        if not crowded:
            break
    return chosen


def _labels_overlap(shape: Geometry) -> bool:
    boxes = [label.box for label in shape.labels.values()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1]):
                return True
    return False


def _units(panel: Panel) -> float:
    lo, hi = limits(panel.placement.positions)
    return (hi[0] - lo[0]) / MAP_POINTS


def _partition(optimal: bool, count: int | None, exact: bool) -> str:
    """'proven optimal, unique', 'proven optimal, one of 3 (or more)', 'not proven optimal'."""
    if not optimal or count is None:
        return "not proven optimal"
    if count > 1:
        return f"proven optimal, one of {count:,}" + ("" if exact else " or more")
    return "proven optimal, unique" if exact else "proven optimal"


def _figure(
    panel: Panel,
    shape: Geometry | None,
    names: dict[str, str],
    theater_names: dict[str, str],
    prefix: str,
) -> str:
    view = panel.view
    key = view.id or "overall"
    title = theater_names.get(view.id or "", "Overall") if view.id else "Overall"
    caption = _camps(view, names)
    proof = _partition(view.optimal, view.optima.count, view.optima.exact)
    if view.optima.count is not None and view.optima.count > 1:
        proof += " (the map shows one)"
    measured = f"frustration {view.frustration:.2f}, {proof}"
    if not view.actors:  # nothing to solve: no frustration, proven or not, to state
        measured = "no actor engaged"
    heading = panel.title.split("\n")[0]
    if shape is None:
        drawing = (
            f'<p class="meta">{len(view.actors)} actors: too many for a map whose names can '
            f"be read (up to {MAP_MAX_ACTORS}); the camps are listed below.</p>"
        )
    else:
        drawing = svg_map(shape, key, f"{title}: coalition map", names, _units(panel), prefix)
    return (
        f'<figure class="map-figure" data-view="{escape(key)}">'
        f"<figcaption><h3>{escape(heading)}</h3>"
        f'<p class="meta">{measured}</p></figcaption>' + drawing + caption + "</figure>"
    )


def _camps(view: View, names: dict[str, str]) -> str:
    items, alone = [], []
    for camp in view.camps:
        if len(camp.members) == 1:
            alone.append(escape(names.get(camp.members[0], camp.members[0])))
            continue
        members = ", ".join(escape(names.get(m, m)) for m in camp.members)
        items.append(f"<li><strong>{escape(camp.name)}</strong>: {members}</li>")
    if alone:  # a camp of one named after its one member says it twice
        items.append(f"<li><strong>Each in a camp of its own</strong>: {', '.join(alone)}</li>")
    return f'<ul class="camps">{"".join(items)}</ul>'


def _header(scenario: Scenario) -> str:
    meta = [escape(scenario.id)]
    if scenario.as_of:
        meta.append(f"as of {escape(scenario.as_of)}")
    theaters = len(scenario.theaters)
    meta.append(f"{len(scenario.actors)} actors, {theaters} theater{'s' if theaters != 1 else ''}")
    description = f"<p>{escape(scenario.description)}</p>" if scenario.description else ""
    return (
        f"<header><h1>{escape(scenario.title)}</h1>"
        f'<p class="meta">{" · ".join(meta)}</p>{description}</header>'
    )


def _nav(whatifs: bool, robust: bool) -> str:
    links = [("coalitions", "Coalitions"), ("stress", "Stress points"), ("balance", "Balance")]
    if whatifs:
        links.append(("whatif", "What if"))
    if robust:
        links.append(("robust", "How sure"))
    links.append(("sources", "Sources"))
    items = "".join(f'<li><a href="#{key}">{text}</a></li>' for key, text in links)
    return f"<nav><ul>{items}</ul></nav>"


def _view_name(view: str | None, theater_names: dict[str, str]) -> str:
    return "Overall" if view is None else theater_names.get(view, view)


def _stress(show: dict[str, Any], names: dict[str, str], theater_names: dict[str, str]) -> str:
    rows = []
    history = show.get("history")
    past = {p["rank"]: p for p in history["points"]} if history else {}
    for rank, point in enumerate(show["stress"], 1):
        actors = " ".join(point["actors"])
        views = " ".join(point["theaters"]) or "overall"
        where = ", ".join(theater_names.get(t, t) for t in point["theaters"]) or "overall"
        cited = _evidence_of(point)
        evidence = "".join(
            f"<li>{escape(names.get(e['tie'][0], e['tie'][0]))}–"
            f"{escape(names.get(e['tie'][1], e['tie'][1]))}: “{escape(e.get('says') or '')}”"
            f' <span class="src">({escape(e["source"])}'
            f"{', ' + escape(e['at']) if e.get('at') else ''})</span></li>"
            for e in cited[:QUOTED]
        )
        if len(cited) > QUOTED:
            more = len(cited) - QUOTED
            evidence += f'<li class="more">and {more} more (alliances show --evidence)</li>'
        quotes = f'<ul class="evidence">{evidence}</ul>' if evidence else ""
        rows.append(
            f'<tr class="stress-row" tabindex="0" data-actors="{escape(actors)}" '
            f'data-views="{escape(views)}">'
            f'<td data-sort="{rank}">{rank}</td>'
            f'<td data-sort="{point["severity"]}">{point["severity"]:.2f}</td>'
            + (_history_cell(past.get(rank)) if history else "")
            + f"<td>{escape(point['kind'])}</td><td>{escape(where)}</td>"
            f"<td>{escape(point['summary'])}{quotes}</td></tr>"
        )
    if not rows:
        return (
            '<section id="stress"><h2>Stress points</h2>'
            "<p>None: every view is balanced.</p></section>"
        )
    told = ""
    if history:
        source = history["source"]
        told = (
            f'<p class="hint">History: from {escape(str(source["title"]))}, '
            f"{escape(str(source['first']))} to {escape(str(source['last']))} "
            f"({escape(str(source['steps']))} steps), the share of what stress points of that "
            "kind and severity named that changed by the next slice, and of how many; - no "
            "record (alliances backtest).</p>"
        )
    return (
        '<section id="stress"><h2>Stress points</h2>'
        '<p class="hint">Most severe first; click a column to sort, a row to see it on the '
        "maps.</p>"
        + told
        + '<table class="sortable"><thead><tr><th>#</th><th>Severity</th>'
        + ("<th>History</th>" if history else "")
        + "<th>Kind</th><th>Where</th><th>What</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _history_cell(point: dict[str, Any] | None) -> str:
    """A stress point's track record on the page, sortable by its rate."""
    from alliances_cli.reports.render.numbers import percent

    if point is None or point["rate"] is None:
        return '<td data-sort="-1">-</td>'
    return f'<td data-sort="{point["rate"]}">{percent(point["rate"])} of {point["points"]:,}</td>'


#: Quotes shown under a stress point on the page; `alliances show --evidence` lists them all.
QUOTED = 6


def _evidence_of(point: dict[str, Any]) -> list[dict[str, Any]]:
    """The quotes of the evidence `show` cites for this point (its own, not its facets'), in
    the same order, each once."""
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for e in point.get("evidence", []):
        key = (tuple(e["tie"]), e.get("theater"), e.get("source"), e.get("at"), e.get("says"))
        if key not in seen and e.get("says"):
            seen.add(key)
            unique.append(e)
    return unique


def _balance(show: dict[str, Any], names: dict[str, str], theater_names: dict[str, str]) -> str:
    rows, notes = [], []
    views = [*show["theaters"], *([show["overall"]] if len(show["theaters"]) > 1 else [])]
    for view in views:
        name = theater_names.get(view.get("id", ""), "Overall") if view.get("id") else "Overall"
        share = view["balanced_share"]
        triangles = (
            f"{view['balanced_triangles']}/{view['triangles']} ({escape(percent(share))})"
            if share is not None
            else "none"
        )
        optima = view["optima"]
        partition = _partition(view["optimal"], optima["count"], optima["exact"])
        if not view["actors"]:  # as `show` prints it: nothing measured
            rows.append(
                f"<tr><td>{escape(name)}</td><td>-</td><td>-</td><td>-</td>"
                "<td>no actor engaged</td></tr>"
            )
            continue
        rows.append(
            f"<tr><td>{escape(name)}</td>"
            f'<td data-sort="{view["frustration"]}">{view["frustration"]:.2f}</td>'
            f'<td data-sort="{view["normalised_frustration"]}">'
            f"{escape(percent(view['normalised_frustration']))}</td>"
            f"<td>{triangles}</td><td>{partition}</td></tr>"
        )
        for swing in optima["swing"]:
            places = "; ".join(
                "alone" if not company else "with " + ", ".join(names.get(a, a) for a in company)
                for company in swing["company"]
            )
            notes.append(
                f"<li>{escape(name)}: {escape(names.get(swing['actor'], swing['actor']))} may "
                f"stand {escape(places)} at the same frustration.</li>"
            )
    for split in show.get("split", []):
        a, b = (names.get(x, x) for x in split["actors"])
        together = ", ".join(theater_names.get(t, t) for t in split["together"])
        apart = ", ".join(theater_names.get(t, t) for t in split["apart"])
        notes.append(
            f"<li>{escape(a)} and {escape(b)} stand together in {escape(together)} and apart in "
            f"{escape(apart)}: the overall view does not decide them.</li>"
        )
    listed = f'<ul class="notes">{"".join(notes)}</ul>' if notes else ""
    return (
        '<section id="balance"><h2>Balance</h2><table class="sortable"><thead><tr><th>View</th>'
        "<th>Frustration</th><th>Normalised</th><th>Balanced triangles</th><th>Partition</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + listed + "</section>"
    )


def _whatifs(
    parts: Sequence[WhatIfPart],
    colours: dict[str, str],
    actors: dict[str, Any],
    names: dict[str, str],
    theater_names: dict[str, str],
    scenario: Scenario,
    skipped: Sequence[tuple[str, str]] = (),
) -> str:
    out = ['<section id="whatif"><h2>What if</h2>']
    if skipped:
        items = "".join(f"<li><b>{escape(event)}</b>: {escape(why)}</li>" for event, why in skipped)
        out.append(f'<div class="skipped"><p>Events that cannot apply:</p><ul>{items}</ul></div>')
    for n, part in enumerate(parts):
        changes = part.document["changes"]
        moved = changes.get("moved", [])
        summary = (
            "Moves " + ", ".join(escape(names.get(a, a)) for a in moved) + " to another camp."
            if moved
            else "No actor changes camp."
        )
        event = scenario.event_by_id.get(part.event)
        about = f"<p>{escape(event.description)}</p>" if event and event.description else ""
        pairs = [
            (old, new)
            for old, new in zip(part.before.shown, part.after.shown, strict=False)
            if _changed(old, new)
        ]
        same = [
            _view_name(old.id, theater_names)
            for old, new in zip(part.before.shown, part.after.shown, strict=False)
            if not _changed(old, new)
        ]
        unchanged = f'<p class="meta">Unchanged: {escape(", ".join(same))}.</p>' if same else ""
        out.append(
            f'<article class="whatif"><h3>{escape(part.title)}</h3>{about}<p>{summary}</p>'
            f'{unchanged}<div class="maps pairs{_large(part.after.shown)}">'
        )
        if pairs:
            before, after = [p[0] for p in pairs], [p[1] for p in pairs]
            build = panel_builder(after, theater_names, before)
            for panel, shape in _panels(build, colours, actors):
                out.append(_figure(panel, shape, names, theater_names, f"w{n}-"))
        out.append("</div></article>")
    out.append("</section>")
    return "".join(out)


def _changed(old: View, new: View) -> bool:
    """Whether a view differs after the events: its actors, camps or ties."""
    if old.actors != new.actors or [c.members for c in old.camps] != [c.members for c in new.camps]:
        return True
    return {(t.a, t.b): round(t.weight, 6) for t in old.ties} != {
        (t.a, t.b): round(t.weight, 6) for t in new.ties
    }


def _robust(robust: dict[str, Any], names: dict[str, str], theater_names: dict[str, str]) -> str:
    out = [
        '<section id="robust"><h2>How sure</h2>',
        f'<p class="hint">{robust["samples"]:,} random redraws of the ties within their stated '
        f"confidence ({escape(robust['noise'])}, seed {robust['seed']}): how often each pair "
        "shares a camp, and how often each camp comes back intact.</p>",
    ]
    for view in robust["views"]:
        name = _view_name(view["view"], theater_names)
        if not view["camps"]:  # no actor engaged: no pair to be sure of
            out.append(f"<h3>{escape(name)}</h3><p>No actor engaged: nothing to sample.</p>")
            continue
        pairs = sorted(
            (p for p in view["pairs"] if 0.1 < p["together"] < 0.9),
            key=lambda p: (abs(p["together"] - 0.5), p["a"], p["b"]),
        )[:8]
        camps = "".join(
            f"<tr><td>{escape(c['name'])}</td>"
            f"<td>{escape(', '.join(names.get(m, m) for m in c['members']))}</td>"
            f'<td data-sort="{c["stability"]}">{c["stability"]:.2f}</td>'
            f'<td data-sort="{c["intact"]}">{escape(percent(c["intact"]))}</td>'
            f"{_held(c.get('resilience'))}</tr>"
            for c in view["camps"]
        )
        uncertain = "".join(
            f"<li>{escape(names.get(p['a'], p['a']))} and {escape(names.get(p['b'], p['b']))}: "
            f"together in {escape(percent(p['together']))} of samples</li>"
            for p in pairs
        )
        out.append(
            f"<h3>{escape(name)}</h3>"
            + (
                f"<p>Closest to a coin toss:</p><ul>{uncertain}</ul>"
                if uncertain
                else "<p>Every pair is firm (together or apart in at least 90% of samples).</p>"
            )
            + '<table class="sortable"><thead><tr><th>Camp</th><th>Members</th><th>Stability</th>'
            "<th>Intact</th><th title=\"The least change to its members' ties (confidence x "
            'stance change) that breaks it">Resilience</th><th>Cheapest break</th></tr></thead>'
            "<tbody>" + camps + "</tbody></table>"
        )
    out.append("</section>")
    return "".join(out)


def _exit(found: LeastChange) -> dict[str, Any]:
    """What would move an actor out of its camp, for the actor's panel."""
    plan = found.plans[0] if found.plans else None
    return {
        "cost": None if plan is None else num(plan.cost),
        "bound": num(found.bound) if found.bound != float("inf") else None,
        "proven": found.proven,
        "feasible": found.feasible,
        "changes": []
        if plan is None
        else [{"a": c.a, "b": c.b, "stance": num(c.stance), "to": c.to} for c in plan.changes],
        "camps_after": [] if plan is None else [list(c) for c in plan.camps],
        # Other plans as cheap before rounding: the ties cannot choose between them.
        "as_cheap": [
            [{"a": c.a, "b": c.b, "stance": num(c.stance), "to": c.to} for c in other.changes]
            for other in found.plans[1:]
            if plan is not None and abs(other.least - plan.least) < 1e-6
        ],
    }


def _held(found: dict[str, Any] | None) -> str:
    """A camp's resilience cells: the least change that breaks it and how."""
    if found is None:
        return '<td data-sort="-1"></td><td></td>'
    plan = "; ".join(
        f"{c['a']}–{c['b']} from {c['stance']:+.2f} to {stance(c['to'])}"
        for c in found["plan"] or []
    )
    bound = "" if found["proven"] else "at least "
    return f'<td data-sort="{found["cost"]}">{bound}{found["cost"]:.2f}</td><td>{escape(plan)}</td>'


def _sources(scenario: Scenario) -> str:
    if not scenario.sources:
        return ""
    items = []
    for source in scenario.sources:
        title = escape(source.title)
        if source.url and source.url.startswith(("http://", "https://")):
            title = f'<a href="{escape(source.url)}" rel="noreferrer">{title}</a>'
        extra = ", ".join(escape(x) for x in (source.publisher, source.date) if x)
        items.append(
            f'<li id="source-{escape(source.id)}"><code>{escape(source.id)}</code>: {title}'
            f"{' (' + extra + ')' if extra else ''}</li>"
        )
    return f'<section id="sources"><h2>Sources</h2><ul>{"".join(items)}</ul></section>'


def _ties(analysis: Analysis, scenario: Scenario) -> dict[str, list[dict[str, Any]]]:
    """Per view, its ties with their evidence, for the details the script shows."""
    sources = {s.id: s for s in scenario.sources}
    found: dict[str, list[dict[str, Any]]] = {}
    for view in analysis.shown:
        rows = []
        for tie in sorted(view.ties, key=lambda t: (t.a, t.b)):
            rows.append(
                {
                    "a": tie.a,
                    "b": tie.b,
                    "stance": round(tie.stance, 4),
                    "weight": round(tie.weight, 4),
                    "frustrated": tie.frustrated,
                    "evidence": [
                        {
                            "source": e.source,
                            "title": sources[e.source].title if e.source in sources else e.source,
                            "at": e.at,
                            "says": e.says,
                        }
                        for e in tie.evidence
                    ],
                }
            )
        found[view.id or "overall"] = rows
    return found


def _asset(name: str) -> str:
    return (resources.files("alliances_cli.reports") / "assets" / name).read_text("utf-8")


def _page(title: str, body: str, data: dict[str, Any]) -> str:
    embedded = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    # No markup in the script element: JSON's own escapes for the characters HTML reads.
    embedded = embedded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{escape(title)}</title>\n<style>\n{_asset('report.css')}</style>\n</head>\n"
        f"<body>\n{body}\n"
        f'<script type="application/json" id="alliances-data">{embedded}</script>\n'
        f"<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n"
    )
