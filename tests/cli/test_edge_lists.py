"""Signed edge lists and actor files, through every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, invoke, run

SHARED = ROOT.parent / "shared" / "data" / "signed-networks"


HIGHLAND = SHARED / "highland-tribes.csv"


needs_shared = pytest.mark.skipif(not HIGHLAND.exists(), reason="shared/ signed networks absent")


BAD_EDGES = """source,target,sign,confidence
us,iran,+1,
us,us,-1,
us,iran,-1,
iran,turkey,2,
iran,turkey,+1,1.5
russia
"""


@needs_shared
def test_edge_lists_are_read_by_every_command_and_from_stdin() -> None:
    by_path = run("show", str(HIGHLAND), "-f", "json")
    assert by_path.returncode == 0, by_path.stderr
    data = json.loads(by_path.stdout)
    assert data["theaters"][0]["optimal"]
    assert len(data["theaters"][0]["actors"]) == 16
    by_stdin = run("show", "-", "-f", "json", input=HIGHLAND.read_text(encoding="utf-8"))
    assert json.loads(by_stdin.stdout)["theaters"] == data["theaters"]
    assert run("validate", str(HIGHLAND)).stdout.startswith(f"{HIGHLAND}: valid (16 actors")
    assert len(json.loads(run("ties", str(HIGHLAND), "-f", "json").stdout)["ties"]) == 58 * 2


def test_edge_list_names_in_any_script_become_distinct_ids_and_keep_their_names() -> None:
    rows = "source,target,sign\nمصر,سوريا,+1\nسوريا,ایران,-1\nU.S.,u-s,-1\nمصر,U.S.,+1\n"
    done = run("actors", "-", "-f", "json", input=rows)
    assert done.returncode == 0, done.stderr
    actors = {a["name"]: a["id"] for a in json.loads(done.stdout)["actors"]}
    assert set(actors) == {"مصر", "سوريا", "ایران", "U.S.", "u-s"}
    assert len(set(actors.values())) == 5  # no two names merged into one actor
    ties = json.loads(run("ties", "-", "-f", "json", input=rows).stdout)["ties"]
    assert {frozenset((t["a"], t["b"])) for t in ties} >= {
        frozenset((actors["U.S."], actors["u-s"])),
        frozenset((actors["مصر"], actors["U.S."])),
    }


@needs_shared
def test_import_converts_an_edge_list_into_an_equivalent_scenario(tmp_path: Path) -> None:
    target = tmp_path / "tribes.yaml"
    assert run("import", str(HIGHLAND), "-o", str(target)).returncode == 0
    assert run("validate", str(target)).returncode == 0
    from_yaml = json.loads(run("show", str(target), "-f", "json").stdout)
    from_csv = json.loads(run("show", str(HIGHLAND), "-f", "json").stdout)
    assert from_yaml["theaters"] == from_csv["theaters"]


def test_malformed_edge_list_rows_are_errors_with_line_numbers(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_EDGES, encoding="utf-8")
    result = run("show", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{bad}:3:1: a tie of 'us' with itself",
        f"{bad}:5:13: sign '2' must be +1, -1 or 0; for graded values use a 'stance' column",
        f"{bad}:6:16: confidence '1.5' must be in (0, 1]",
        f"{bad}:7:1: 1 fields where the header has 4",
    ]


@pytest.mark.parametrize(("rows", "hidden"), [(20, 0), (21, 1), (1_000, 980)])
def test_a_mistake_on_every_row_shows_twenty_and_counts_the_rest(
    tmp_path: Path, rows: int, hidden: int
) -> None:
    bad = tmp_path / "graded.csv"
    lines = [f"a{i},b{i},0.5" for i in range(rows)]
    bad.write_text("source,target,sign\n" + "\n".join(lines) + "\n", encoding="utf-8")
    problem = "sign '0.5' must be +1, -1 or 0; for graded values use a 'stance' column"
    shown = [f"{bad}:{line}:{len(row) - 2}: {problem}" for line, row in enumerate(lines, 2)]
    result = run("show", str(bad))
    assert result.returncode == 1 and result.stdout == ""
    summary = [f"alliances: {hidden:,} more problem{'s' * (hidden > 1)} not shown; "] * bool(hidden)
    lines_seen = result.stderr.splitlines()
    assert lines_seen[:20] == shown[:20]
    assert [line[: len(summary[0])] for line in lines_seen[20:]] == summary
    # validate's result is the list itself: every problem, on stdout.
    checked = run("validate", str(bad))
    assert checked.returncode == 1 and checked.stdout.splitlines() == shown


def test_edge_list_header_problems(tmp_path: Path) -> None:
    bad = tmp_path / "header.tsv"
    bad.write_text("source\ttarget\tstance\tconfidnce\na\tb\tally\t0.5\n", encoding="utf-8")
    result = run("show", str(bad))
    assert result.returncode == 1
    assert result.stderr == f"{bad}:1:22: unknown column 'confidnce'; did you mean 'confidence'?\n"
    missing = tmp_path / "missing.csv"
    missing.write_text("origin,to,sign\na,b,1\n", encoding="utf-8")
    assert "no 'source' column" in run("show", str(missing)).stderr


def test_edge_list_with_theaters_and_stances(tmp_path: Path) -> None:
    edges = tmp_path / "theaters.csv"
    edges.write_text(
        "source,target,stance,theater\n"
        "us,iran,partner,mosul\n"
        "us,iran,rival,aleppo\n"
        "Saudi Arabia,iran,enemy,aleppo\n",
        encoding="utf-8",
    )
    data = json.loads(run("show", str(edges), "-f", "json").stdout)
    assert [t["id"] for t in data["theaters"]] == ["mosul", "aleppo"]
    assert [s["kind"] for s in data["stress"] if s["kind"] == "cross-theater"] == ["cross-theater"]
    actors = json.loads(run("actors", str(edges), "-f", "json").stdout)["actors"]
    assert {"id": "saudi-arabia", "name": "Saudi Arabia"}.items() <= actors[2].items()


def test_edge_lists_however_they_come() -> None:
    # Semicolons, from/to, signed weights scaled by the largest, empty or missing theater cells.
    text = "from;to;weight;theater\nann;bob;5\nbob;cat;-10;north\nann;cat;-2;\n"
    rows = json.loads(run("ties", "-", "-f", "json", input=text).stdout)["ties"]
    general = {(r["a"], r["b"]): r["stance"] for r in rows if r["theater"] is None}
    assert general == {("ann", "bob"): 0.5, ("ann", "cat"): -0.2}
    assert [(r["a"], r["b"], r["stance"]) for r in rows if r["theater"] == "north"] == [
        ("bob", "cat", -1.0)
    ]
    tabbed = "source\ttarget\tstance\nann\tbob\tally\n"
    assert run("show", "-", "-f", "json", input=tabbed).returncode == 0
    refused = run("show", "-", input="from,to,weight\nann,bob,heavy\n")
    assert refused.returncode == 1
    assert refused.stderr.startswith("<stdin>:2:9: weight 'heavy' must be a number")


def test_an_actor_file_names_and_describes_an_imported_network(tmp_path: Path) -> None:
    names = tmp_path / "actors.csv"
    names.write_text("id,name,kind,capability,tags\nann,Ann Land,state,5,pact west\n", "utf-8")
    edges = "source,target,sign\nann,bob,+1\nbob,cat,-1\n"
    for args in (["--actors", str(names), "actors", "-"], ["actors", "-", "--actors", str(names)]):
        listed = json.loads(run(*args, "-f", "json", input=edges).stdout)["actors"]
        assert listed[0] == {
            "id": "ann",
            "name": "Ann Land",
            "kind": "state",
            "tags": ["pact", "west"],
            "capability": 5.0,
            "theaters": ["all"],
        }
    names.write_text("id,capability\nanne,0\n", "utf-8")
    bad = run("--actors", str(names), "show", "-", input=edges)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [f"{names}:2:1: no actor 'anne'; did you mean 'ann'?"]


SNAP = (
    "# Directed graph (each unordered pair of nodes is saved once): soc-sign-example.txt\n"
    "# FromNodeId\tToNodeId\tSign\n"
    "1\t2\t1\n"
    "2\t3\t1\n"
    "1\t3\t1\n"
    "# a comment between rows\n"
    "3\t4\t-1\n"
    "4\t5\t1\n"
)


def test_a_snap_text_file_reads_by_its_rows_whatever_its_name(tmp_path: Path) -> None:
    import gzip

    as_csv = tmp_path / "same.csv"
    as_csv.write_text("source,target,sign\n1,2,1\n2,3,1\n1,3,1\n3,4,-1\n4,5,1\n")
    expected = json.loads(invoke("show", str(as_csv), "-f", "json").stdout)["theaters"]
    spaced = SNAP.replace("\t", "   ")
    for name, data in (
        ("soc-sign-example.txt", SNAP.encode()),
        ("no-suffix", spaced.encode()),
        ("packed.txt.gz", gzip.compress(SNAP.encode())),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        done = invoke("show", str(path), "-f", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["theaters"] == expected, name
    camps = json.loads(invoke("show", str(tmp_path / "no-suffix"), "-f", "json").stdout)
    assert [c["members"] for c in camps["theaters"][0]["coalitions"]] == [
        ["1", "2", "3"],
        ["4", "5"],
    ]


def test_a_snap_rows_mistake_is_placed_on_its_own_line_and_yaml_with_a_comment_stays_yaml(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text(SNAP.replace("4\t5\t1", "4\t5\tmaybe"))
    done = invoke("validate", str(broken))
    assert done.returncode == 1
    assert done.stdout.startswith(f"{broken}:8:5: weight 'maybe' must be a number")
    commented = tmp_path / "scenario"
    commented.write_text(
        "# a scenario\nid: s\ntitle: s\nactors: [{id: a}, {id: b}]\n"
        "theaters: [{id: t, actors: [a, b]}]\nties: [{between: [a, b], stance: ally}]\n"
    )
    assert invoke("validate", str(commented)).returncode == 0


DIRECTED = "source,target,weight,timestamp\nturkey,russia,8,2016-10-01\nrussia,turkey,-6,20161101\n"


def test_directed_ratings_are_combined_said_and_kept_through_import(tmp_path: Path) -> None:
    net = tmp_path / "rated.csv"
    net.write_text(DIRECTED, encoding="utf-8")
    shown = run("show", str(net), "--top", "0")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[1] == (
        "Read 2 ratings of 1 pair, dated 2016-10-01 to 2016-11-01; 1 rated both ways, 1 of them "
        "with opposite signs (each a disagreement); several ratings of a pair combined by their "
        "mean. Ratings -8 to +8 (the largest |rating| in the data) map to stances -1 to +1."
    )
    assert "turkey rates russia +1.00 but russia rates turkey -0.75" in shown.stdout
    assert shown.stderr == (
        "alliances: ratings read on a -8:8 scale, from the largest |weight| in the data; "
        "--scale MIN:MAX sets it\n"
    )
    # Before Russia's rating, only Turkey's holds: no disagreement yet.
    october = run("show", str(net), "--as-of", "2016-10-15", "-f", "json", "-q")
    assert [s["kind"] for s in json.loads(october.stdout)["stress"]] == []
    # The YAML import keeps the dated ties, the ratings and so the stress point.
    saved = tmp_path / "rated.yaml"
    assert run("import", str(net), "-o", str(saved), "--scale", "-10:10", "-q").returncode == 0
    again = run("show", str(saved), "-f", "json")
    (point,) = json.loads(again.stdout)["stress"]
    assert point["figures"] == {"gives": 0.8, "gets": -0.6} and point["kind"] == "disagreement"


def test_reading_options_are_checked_and_refused_on_yaml(tmp_path: Path) -> None:
    net = tmp_path / "rated.csv"
    net.write_text(DIRECTED, encoding="utf-8")
    agree = run("show", str(net), "--combine", "agree", "-f", "json", "-q")
    assert json.loads(agree.stdout)["theaters"][0]["frustration"] == 0
    assert json.loads(agree.stdout)["scenario"]["reading"]["combine"] == "agree"
    bad_scale = run("show", str(net), "--scale", "10:-10")
    assert bad_scale.returncode == 2 and "'10:-10' is not a scale" in bad_scale.stderr
    outside = run("show", str(net), "--scale", "-5:5")
    assert outside.returncode == 1
    assert f"{net}:2:15: weight '8' lies outside the scale -5:5" in outside.stderr
    on_yaml = run("show", "--combine", "min")
    assert on_yaml.returncode == 2
    assert "--combine applies to edge lists (CSV, TSV, SNAP)" in on_yaml.stderr


def test_the_tools_own_ties_table_reads_back_as_an_edge_list() -> None:
    table = run("ties", "-f", "csv").stdout
    back = run("ties", "-", "-f", "json", input=table)
    assert back.returncode == 0, back.stderr

    def stated(listing: str) -> set[tuple[str, str, str, float, float]]:
        """The stances a table states (general or per theater), not those it repeats."""
        ties = json.loads(listing)["ties"]
        return {
            (t["a"], t["b"], t["theater"], t["stance"], t["confidence"])
            for t in ties
            if t["origin"] != "inherited"
        }

    assert stated(back.stdout) == stated(run("ties", "-f", "json").stdout)


def test_an_output_file_is_announced_as_graph_and_report_announce_theirs(tmp_path: Path) -> None:
    target = tmp_path / "show.json"
    target.write_text("old", encoding="utf-8")
    done = run("show", "-o", str(target))
    assert done.returncode == 0 and done.stderr == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["schema"].startswith("alliances/show")
    assert run("show", "-o", str(target), "-q").stderr == ""
    page = tmp_path / "page.html"
    assert run("report", "-s", "2", "-o", str(page)).stderr == f"wrote {page}\n"  # once
