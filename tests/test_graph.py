"""`alliances graph`: pictures a person can read, and exports other tools read back."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from conftest import BUNDLED, run

from alliances_cli.engine.analysis import analyse
from alliances_cli.engine.events import apply_events, resolve_events
from alliances_cli.scenario.load import load_file

pytest.importorskip("matplotlib")

SCENARIO = load_file(str(BUNDLED))
SVG = "{http://www.w3.org/2000/svg}"


def ids_with(prefix: str, path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [e.get("id", "") for e in root.iter() if e.get("id", "").startswith(prefix)]


def test_svg_is_xml_with_one_marker_per_engaged_actor(tmp_path: Path) -> None:
    target = tmp_path / "aleppo.svg"
    result = run("graph", "--theater", "aleppo", "-o", str(target))
    assert result.returncode == 0, result.stderr
    markers = ids_with("actor-", target)
    assert sorted(markers) == sorted(
        f"actor-aleppo-{a}" for a in SCENARIO.theater_by_id["aleppo"].actors
    )
    frustrated = ids_with("halo-", target)
    assert frustrated == ["halo-aleppo-turkey-us"]


def test_every_view_gets_a_panel_and_the_overall_view_on_request(tmp_path: Path) -> None:
    target = tmp_path / "all.svg"
    assert run("graph", "--overall", "-o", str(target)).returncode == 0
    views = {marker.split("-")[1] for marker in ids_with("actor-", target)}
    assert views == {"mosul", "aleppo", "overall"}


def test_same_input_gives_byte_identical_svg_and_pdf(tmp_path: Path) -> None:
    for suffix in ("svg", "pdf"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        for target in (first, second):
            assert (
                run("graph", "mosul-aleppo-2016", "sanctions-relief", "-o", str(target)).returncode
                == 0
            )
        assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_png_decodes_and_is_not_blank(tmp_path: Path) -> None:
    from matplotlib.image import imread

    target = tmp_path / "map.png"
    assert run("graph", "-o", str(target)).returncode == 0
    pixels = imread(str(target))
    assert pixels.shape[0] > 500 and pixels.shape[1] > 500
    assert pixels[..., :3].std() > 0.05  # far from a single colour
    coloured = (abs(pixels[..., 0] - pixels[..., 2]) > 0.2).mean()
    assert coloured > 0.005  # camp colours and tie colours are there


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_into_the_same_network(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"net.{fmt}"
    assert run("graph", "-o", str(target)).returncode == 0
    graph = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    analysis = analyse(SCENARIO)
    assert set(graph.nodes) == {a for v in analysis.theaters for a in v.actors}
    expected = {(v.id, *sorted((t.a, t.b))) for v in analysis.theaters for t in v.ties}
    found = {(d["theater"], *sorted((a, b))) for a, b, d in graph.edges(data=True)}
    assert found == expected
    for a, b, data in graph.edges(data=True):
        view = analysis.view(data["theater"])
        tie = view.tie(a, b)
        assert tie is not None
        assert float(data["stance"]) == pytest.approx(tie.stance)
        assert float(data["confidence"]) == pytest.approx(tie.confidence)
        assert str(data["frustrated"]).lower() == str(tie.frustrated).lower()
    nodes = dict(graph.nodes(data=True))
    assert nodes["iran"]["camp_mosul"] == "us" and nodes["iran"]["camp_aleppo"] == "russia"
    assert nodes["turkey"]["name"] == "Turkey"


def test_dot_parses_with_every_actor_and_tie() -> None:
    pydot = pytest.importorskip("pydot")
    result = run("graph", "--format", "dot", "--theater", "mosul")
    assert result.returncode == 0
    (graph,) = pydot.graph_from_dot_data(result.stdout)
    names = {n.get_name().strip('"') for n in graph.get_nodes()} - {"node"}
    assert names == set(SCENARIO.theater_by_id["mosul"].actors)
    view = analyse(SCENARIO).view("mosul")
    assert len(graph.get_edges()) == len(view.ties)
    negative = [e for e in graph.get_edges() if e.get("style") == '"dashed"']
    assert len(negative) == sum(t.weight < 0 for t in view.ties)


def test_events_apply_as_in_whatif(tmp_path: Path) -> None:
    target = tmp_path / "after.graphml"
    assert run("graph", "mosul-aleppo-2016", "is-falls-in-iraq", "-o", str(target)).returncode == 0
    graph = nx.read_graphml(target)
    assert not [d for a, b, d in graph.edges("is", data=True) if d["theater"] == "mosul"]


def test_compare_keeps_actors_in_the_same_places(tmp_path: Path) -> None:
    from alliances_cli.reports.drawing.picture import panel_builder

    applied = apply_events(SCENARIO, resolve_events(SCENARIO, ["turkey-exclusion"]))
    before, after = analyse(SCENARIO), analyse(applied.scenario)
    names = {t.id: t.name for t in SCENARIO.theaters}
    panels = panel_builder(list(after.theaters), names, list(before.theaters))(1.0)
    for old, new in zip(panels[::2], panels[1::2], strict=True):
        for actor, place in new.placement.positions.items():
            assert old.placement.positions[actor] == place


def test_pictures_need_a_file_and_a_known_extension() -> None:
    assert run("graph", "--format", "png").returncode == 2
    assert run("graph", "-o", "map.jpeg").returncode == 2
    assert run("graph", "--format", "dot", "--compare").returncode == 2


def test_missing_matplotlib_is_a_clear_message_with_the_install_command(tmp_path: Path) -> None:
    probe = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "sys.argv = ['alliances', 'graph', '-o', sys.argv[1]]\n"
        "from alliances_cli.cli import main\nmain()\n"
    )
    target = tmp_path / "map.svg"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(target)], capture_output=True, text=True
    )
    assert done.returncode == 4
    assert done.stderr.splitlines() == [
        "alliances: pictures need matplotlib, which is not installed: "
        "pip install 'alliances[graph]' (or: pip install matplotlib)"
    ]
    assert list(tmp_path.iterdir()) == []


ODD_IDS = """
id: odd-ids
title: "Odd \\"ids\\" – Ünïcode names"
actors:
  - {id: a-1, name: "Ägypten \\"north\\""}
  - {id: b.2, name: "b; two"}
  - {id: C_3, name: "c -- three"}
theaters:
  - {id: counter-is.v2, name: "Counter-IS", actors: [a-1, b.2, C_3]}
  - {id: t.2, actors: [a-1, b.2]}
ties:
  - {between: [a-1, b.2], stance: 0.3333333}
  - {between: [b.2, C_3], stance: enemy, confidence: 0.7777777}
  - {between: [a-1, C_3], stance: -0.2}
"""


def test_exports_are_valid_for_every_id_the_format_allows(tmp_path: Path) -> None:
    import shutil

    import networkx as nx
    import pydot

    scenario = tmp_path / "odd.yaml"
    scenario.write_text(ODD_IDS, encoding="utf-8")
    dot = run("graph", str(scenario), "-f", "dot", "--overall")
    assert dot.returncode == 0, dot.stderr
    (parsed,) = pydot.graph_from_dot_data(dot.stdout)
    names = {n.get_name().strip('"') for n in parsed.get_nodes()} - {"node"}
    assert names == {"a-1", "b.2", "C_3"}
    assert "0.3333333" not in dot.stdout and "0.3333" in dot.stdout  # rounded as in JSON
    if shutil.which("dot"):
        drawn = subprocess.run(
            ["dot", "-Tsvg"], input=dot.stdout, capture_output=True, text=True, check=False
        )
        assert drawn.returncode == 0 and drawn.stderr == "", drawn.stderr
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"odd.{fmt}"
        assert run("graph", str(scenario), "-o", str(out)).returncode == 0
        graph = reader(out)
        assert set(graph.nodes) == {"a-1", "b.2", "C_3"}


def test_export_colours_are_the_pictures_colours() -> None:
    from alliances_cli.reports.drawing.picture import camp_colours

    analysis = analyse(SCENARIO)
    colours = camp_colours([analysis])
    dot = run("graph", "-f", "dot").stdout
    us = next(line for line in dot.splitlines() if line.startswith('  "us" ['))
    assert f'fillcolor="{colours["us"]}"' in us
