"""The network with its coalitions and stress, for Gephi, Graphviz, yEd and networkx.

One multigraph: a node per actor, an edge per tie per theater (key: the theater id). Node
attributes: `name`, `kind`, `tags`, `capability`, `camp` (its camp in the first exported view
when one theater is exported, else in the overall view), `colour` (that camp's colour in the
pictures; grey for an actor alone or unaligned) and `camp_<theater>` for each theater. Numbers
are rounded as in JSON (4 decimals).
Edge attributes: `theater`, `stance`, `confidence`, `weight`, `pressure`, `sign` (+1/-1),
`frustrated`. Camps are named after their leader; an actor with no tie has camp `unaligned`.
In DOT the name is the node's `label`, and colours and dash styles show camps and signs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from alliances_cli.engine.analysis import Analysis
from alliances_cli.engine.view import View
from alliances_cli.reports.drawing.picture import NEGATIVE, POSITIVE, UNALIGNED, camp_colours
from alliances_cli.reports.render.numbers import num

if TYPE_CHECKING:
    import networkx as nx

EXPORT_FORMATS = ("dot", "graphml", "gexf")


def _camp(view: View, actor: str) -> str:
    index = view.camp_of(actor)
    return "unaligned" if index is None else view.camps[index].leader


def network(analysis: Analysis, views: Sequence[View]) -> nx.MultiGraph:
    """The exported multigraph (see the module docstring)."""
    import networkx as nx

    scenario = analysis.scenario
    graph = nx.MultiGraph(name=scenario.title, scenario=scenario.id)
    colours = camp_colours([analysis])
    main_view = views[0] if len(views) == 1 else analysis.overall
    actors = [a for v in views for a in v.actors]
    for actor_id in dict.fromkeys(actors):
        actor = scenario.actor_by_id[actor_id]
        attributes: dict[str, object] = {
            "name": actor.name,
            "kind": actor.kind,
            "tags": " ".join(actor.tags),
            "capability": num(actor.capability),
            "camp": _camp(main_view, actor_id),
            "colour": colours.get(_camp(main_view, actor_id), UNALIGNED),
        }
        for view in views:
            if actor_id in view.actors:
                attributes[f"camp_{view.id}"] = _camp(view, actor_id)
        graph.add_node(actor_id, **attributes)
    for view in views:
        for tie in view.ties:
            graph.add_edge(
                tie.a,
                tie.b,
                key=view.id,
                theater=view.id,
                stance=num(tie.stance),
                confidence=num(tie.confidence),
                weight=num(tie.weight),
                pressure=num(tie.pressure),
                sign=1 if tie.weight > 0 else -1,
                frustrated=tie.frustrated,
            )
    return graph


def to_graphml(graph: nx.MultiGraph) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"


def to_gexf(graph: nx.MultiGraph, as_of: str | None) -> str:
    import networkx as nx

    text = "\n".join(nx.generate_gexf(graph, prettyprint=True)) + "\n"
    # The writer stamps today's date; the scenario's own date keeps the output reproducible.
    stamp = as_of if as_of and len(as_of) == 10 else "2000-01-01"
    return re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{stamp}"', text)


def _quote(text: object) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _key(name: str) -> str:
    """An attribute name: as it is when DOT takes it bare, quoted otherwise (`camp_counter-is`)."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else _quote(name)


def to_dot(graph: nx.MultiGraph) -> str:
    """Graphviz DOT, styled as the pictures are: camps as fill colours (an actor alone in its
    camp, or unaligned, grey), signs as colours and dash styles. Every id and value is a quoted
    string, and so is an attribute name that DOT would not take bare, so any id the scenario
    format allows is valid DOT."""
    lines = [
        f"graph {_quote(graph.graph.get('scenario', 'alliances'))} {{",
        f"  label={_quote(graph.graph.get('name', ''))};",
        '  node [shape=ellipse, style=filled, fontname="Helvetica"];',
    ]
    for node, data in graph.nodes(data=True):
        # DOT's `label` carries the name (an attribute called `name` confuses DOT readers).
        attributes = {key: value for key, value in data.items() if key not in ("name", "colour")}
        attributes["label"] = data["name"]
        attributes["fillcolor"] = data["colour"]
        rendered = ", ".join(f"{_key(key)}={_quote(value)}" for key, value in attributes.items())
        lines.append(f"  {_quote(node)} [{rendered}];")
    for a, b, data in graph.edges(data=True):
        attributes = dict(data)
        attributes["color"] = POSITIVE if data["weight"] > 0 else NEGATIVE
        attributes["style"] = "solid" if data["weight"] > 0 else "dashed"
        attributes["penwidth"] = round(0.8 + 3.2 * min(abs(data["weight"]), 1.0), 2)
        if data["frustrated"]:
            attributes["color"] = f"{attributes['color']}:#ffd700:{attributes['color']}"
        rendered = ", ".join(f"{_key(key)}={_quote(value)}" for key, value in attributes.items())
        lines.append(f"  {_quote(a)} -- {_quote(b)} [{rendered}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
