"""Output paths behave as shell users expect, and nothing they did not name is replaced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, alliances_command, invoke, run, run_process
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st


def _shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command.replace("alliances", f"'{alliances_command()}'", 1),
        shell=True,
        capture_output=True,
        text=True,
        cwd=cwd,
        executable="/bin/bash",
        timeout=120,
    )


def test_dev_stdout_into_a_pipe_is_written_not_replaced(tmp_path: Path) -> None:
    done = _shell("alliances show -f json -o /dev/stdout | head -c 1", tmp_path)
    assert done.stdout == "{"
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


def test_process_substitution_gets_the_whole_output(tmp_path: Path) -> None:
    done = _shell("alliances show -f json -o >(wc -c > count); sleep 0.5; cat count", tmp_path)
    whole = invoke("show", "-f", "json").stdout
    assert done.stdout.strip() == str(len(whole.encode()))


def test_a_fifo_gets_the_output_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run_process("show", "-f", "json", "-o", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(received[0])["schema"] == "alliances/show/2"
    assert fifo.is_fifo()


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    done = run_process("show", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and json.loads(target.read_text())["schema"] == "alliances/show/2"


def test_an_input_is_never_overwritten_unless_asked(tmp_path: Path) -> None:
    scenario = tmp_path / "self.yaml"
    shutil.copy(BUNDLED, scenario)
    before = scenario.read_bytes()
    for args in (
        ["show", str(scenario), "-o", str(scenario)],
        ["whatif", str(scenario), "turkey-exclusion", "--save", str(scenario)],
        ["import", str(scenario), "-o", str(scenario)],
    ):
        done = run_process(*args)
        assert done.returncode == 1, args
        assert done.stderr.startswith("alliances: refusing to overwrite"), done.stderr
        assert "--overwrite-input" in done.stderr
        assert scenario.read_bytes() == before
    done = run_process(
        "--overwrite-input", "whatif", str(scenario), "is-falls-in-iraq", "--save", str(scenario)
    )
    assert done.returncode == 0, done.stderr
    assert scenario.read_bytes() != before


def test_dash_is_stdout(tmp_path: Path) -> None:
    done = run_process("show", "-f", "json", "-o", "-", cwd=tmp_path)
    assert json.loads(done.stdout)["schema"] == "alliances/show/2"
    assert not (tmp_path / "-").exists()


def test_a_folder_or_a_missing_folder_is_one_line_naming_the_users_path(tmp_path: Path) -> None:
    for target, words in ((tmp_path, "it is a folder"), (tmp_path / "no" / "x.json", "no folder")):
        done = invoke("show", "-o", str(target))
        assert done.returncode == 1
        assert (
            done.stderr.count("\n") == 1 and f"'{target}'" in done.stderr and words in done.stderr
        )
        assert ".alliances-" not in done.stderr


def test_the_extension_picks_the_format_and_a_contradiction_is_a_usage_error(
    tmp_path: Path,
) -> None:
    out = tmp_path / "coalitions.csv"
    assert invoke("show", "--table", "coalitions", "-o", str(out)).returncode == 0
    assert out.read_text().startswith("theater,camp_rank,camp,leader,actor,swing\n")
    done = invoke("show", "-f", "json", "-o", str(tmp_path / "x.csv"))
    assert done.returncode == 2 and "contradicts the file name" in done.stderr
    assert not (tmp_path / "x.csv").exists()


def test_a_large_json_document_has_an_outline_and_one_item_per_line() -> None:
    from alliances_cli.reports.render.formats import ONE_LINE_ITEMS, to_json

    ties = [{"actors": [f"a{i}", f"b{i}"], "weight": i / 7} for i in range(ONE_LINE_ITEMS + 1)]
    small = [{"name": "x", "members": ["a", "b"]}]
    big = [{"name": "y", "members": [f"m{i}" for i in range(500)]}]
    document = {
        "views": [{"id": "t", "ties": ties, "camps": small + big}],
        "overall": {"ties": ties},
    }
    text = to_json(document)
    assert json.loads(text) == document
    lines = text.splitlines()
    assert lines[:4] == ["{", '  "views": [', "    {", '      "id": "t",']
    # Each tie on a line of its own, at the depth of its list, also where the list recurs.
    assert '        {"actors": ["a0", "b0"], "weight": 0.0},' in lines
    assert '      {"actors": ["a0", "b0"], "weight": 0.0},' in lines
    # A small item on one line; a large one outlined in turn.
    assert '        {"name": "x", "members": ["a", "b"]},' in lines
    assert '          "name": "y",' in lines
    # A small document stays fully indented.
    assert to_json({"a": [{"b": 1}]}) == '{\n  "a": [\n    {\n      "b": 1\n    }\n  ]\n}\n'


NAMES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('"\\/\u2028é'),
    min_size=1,
    max_size=6,
).filter(lambda name: name.strip() == name and "," not in name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            NAMES,
            NAMES,
            st.sampled_from([1.0, -1.0, 0.5, -0.25, 1e-5, -1e-5, 0.33333, 1])
            | st.floats(-1, 1).filter(lambda x: x != 0),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_ties_written_from_the_template_are_the_bytes_the_encoder_writes(
    rows: list[tuple[str, str, float]],
) -> None:
    # A large document writes its tie records from a template (data.tie_lines), skipping
    # a million dicts; the bytes must be the encoder's, whatever the names and numbers.
    from alliances_cli import api
    from alliances_cli.scenario.importers.edgelist import load_edge_list

    pairs = {frozenset((a, b)): (a, b, w) for a, b, w in rows if a != b}
    assume(pairs)
    text = "source,target,stance\n" + "".join(
        f'"{a.replace(chr(34), 2 * chr(34))}","{b.replace(chr(34), 2 * chr(34))}",{w!r}\n'
        for a, b, w in pairs.values()
    )
    _same_bytes_either_way(api.analyse(load_edge_list(text, "x.csv")).result)


def _same_bytes_either_way(analysis: Any) -> None:
    from alliances_cli.reports.render import formats
    from alliances_cli.reports.show_data import show_data
    from alliances_cli.reports.show_records import AS_LINES

    plain = formats.to_json(show_data(analysis))
    assert formats.to_json(show_data(analysis, writers=AS_LINES)) == plain  # a small document
    saved = formats.ONE_LINE_ITEMS
    formats.ONE_LINE_ITEMS = 0  # every document large: outlined, one record per line
    try:
        assert formats.to_json(show_data(analysis, writers=AS_LINES)) == formats.to_json(
            show_data(analysis)
        )
    finally:
        formats.ONE_LINE_ITEMS = saved
    assert json.loads(plain) == show_data(analysis)


@pytest.mark.parametrize("name", sorted(p.name for p in BUNDLED.parent.glob("*.yaml")))
def test_records_written_from_templates_match_on_the_bundled_scenarios(name: str) -> None:
    # Evidence, facets, several theaters, cross-theater points: all in the bundled ones.
    from alliances_cli import api

    _same_bytes_either_way(api.analyse(api.load(BUNDLED.parent / name)).result)


def test_a_stress_point_with_a_long_list_is_outlined_from_either_writer() -> None:
    from alliances_cli import api
    from alliances_cli.reports.render.formats import ONE_LINE_MAX
    from alliances_cli.scenario.importers.edgelist import load_edge_list

    # A hub allied with two blocs at war: its frustrated ties carry more facets than fit on
    # a line.
    side = ONE_LINE_MAX // 2 + 5
    rows = [f"hub,l{i},1" for i in range(side)] + [f"hub,r{i},1" for i in range(side)]
    rows += [f"l{i},r{j},-1" for i in range(side) for j in range(side)]
    analysis = api.analyse(load_edge_list("source,target,sign\n" + "\n".join(rows), "x.csv"))
    assert max(max(len(s.ties), len(s.facets)) for s in analysis.stress) > ONE_LINE_MAX
    _same_bytes_either_way(analysis.result)


def test_a_large_document_is_written_whole_in_pieces_to_stdout_and_to_a_file(
    tmp_path: Path,
) -> None:
    # Over ONE_LINE_ITEMS ties the document is outlined, its ties written from the template
    # and its long lists written in pieces (PIECE_LINES lines each), never joined whole.
    import random

    from alliances_cli import api
    from alliances_cli.reports.render.formats import ONE_LINE_ITEMS, PIECE_LINES, to_json
    from alliances_cli.reports.show_data import show_data
    from alliances_cli.scenario.load import load_file

    rng = random.Random(3)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < max(ONE_LINE_ITEMS, 2 * PIECE_LINES) + 1:
        a, b = rng.sample(range(1500), 2)
        pairs.add((min(a, b), max(a, b)))
    edges = tmp_path / "net.csv"
    edges.write_text(
        "source,target,sign\n"
        + "".join(f"n{a},n{b},{rng.choice((1, -1))}\n" for a, b in sorted(pairs)),
        encoding="utf-8",
    )
    expected = to_json(show_data(api.analyse(load_file(str(edges))).result))
    assert len(json.loads(expected)["theaters"][0]["ties"]) == len(pairs)
    done = run_process("show", str(edges), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
    out = tmp_path / "out.json"
    assert run_process("show", str(edges), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8") == expected
    # A what-if on it: two such documents, before and after, written in pieces by the
    # command, the bytes of the whole records.
    from alliances_cli.reports.whatif import whatif_data

    a, b = min(pairs)
    event = f"set:n{a}:n{b}=-1"
    found = api.whatif(load_file(str(edges)), [event])
    parts = (found.before.result, found.after.result, found.applied, found.changes)
    done = run_process("whatif", str(edges), event, "-f", "json")
    assert done.returncode == 0, done.stderr
    assert done.stdout == to_json(whatif_data(*parts))


def test_a_tie_with_a_long_list_of_theaters_is_outlined_from_either_writer() -> None:
    from alliances_cli.engine.view import TieView
    from alliances_cli.reports.render import formats
    from alliances_cli.reports.show_data import tie_records
    from alliances_cli.reports.show_records import tie_lines

    many = tuple(f"t{i}" for i in range(formats.ONE_LINE_MAX + 1))
    ties = [
        TieView("a", "b", 0.5, 1.0, 0.5, 0.0, False, (), ("t0",)),
        TieView("a", "c", -1.0, 0.5, -0.5, 0.25, True, (), many),
    ]
    saved = formats.ONE_LINE_ITEMS
    formats.ONE_LINE_ITEMS = 0
    try:
        written = formats.to_json({"ties": tie_lines(ties)})
        assert written == formats.to_json({"ties": tie_records(ties)})
    finally:
        formats.ONE_LINE_ITEMS = saved
    assert '      "actors": ["a", "c"],' in written.splitlines()  # the long one outlined


def test_a_tie_record_refuses_what_json_cannot_hold() -> None:
    from alliances_cli.engine.view import TieView
    from alliances_cli.reports.show_records import tie_lines

    tie = TieView("a", "b", 1.0, 1.0, 1.0, float("nan"), False, ())
    with pytest.raises(ValueError, match="cannot be written as JSON"):
        tie_lines([tie])


def test_a_camp_of_many_lists_its_first_members_and_counts_the_rest() -> None:
    edges = "source,target,sign\n" + "".join(f"hub,m{i:02d},1\n" for i in range(40))
    text = run("show", "-", input=edges).stdout
    line = next(line for line in text.splitlines() if " hub " in f" {line} ")
    assert line.count(",") == 24 and line.endswith("and 16 more (all in --format json)")
    members = json.loads(run("show", "-", "-f", "json", input=edges).stdout)
    assert len(members["theaters"][0]["coalitions"][0]["members"]) == 41
