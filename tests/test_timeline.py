"""`alliances timeline`: camps over time, identities kept across slices."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import alliances_cli as al
from alliances_cli.engine.timeline import MATCH_MIN, _assignment
from tests.conftest import invoke, run

COW = Path(__file__).resolve().parents[2] / "shared" / "data" / "signed-networks" / "cow"
DATED = Path(__file__).resolve().parents[1] / "docs" / "examples" / "turkey-turns-2016.yaml"


def network(camps: list[str]) -> al.Scenario:
    """One theater; actors of each camp (a string of one-letter ids) all allied, and every
    two camps' actors enemies."""
    actors = sorted("".join(camps))
    lines = ["id: n", "title: N", "actors:"] + [f"  - {{id: {a}}}" for a in actors]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(actors)}]}}", "ties:"]
    for a, b in itertools.combinations(actors, 2):
        same = any(a in c and b in c for c in camps)
        lines.append(f"  - {{between: [{a}, {b}], stance: {'ally' if same else 'enemy'}}}")
    return al.load_text("\n".join(lines) + "\n")


def camps_of(found: al.Timeline) -> list[dict[str, str]]:
    """Per slice: camp identity -> its members as one string."""
    return [
        {c["id"]: "".join(sorted(c["members"])) for c in s["camps"]}
        for s in found.to_dict()["slices"]
    ]


def test_a_camp_keeps_its_identity_when_one_member_leaves_it() -> None:
    found = al.timeline([network(["abcd", "ef"]), network(["abc", "def"])], labels=["1", "2"])
    first, second = camps_of(found)
    assert first == {"A": "abcd", "B": "ef"}
    assert second == {"A": "abc", "B": "def"}
    moves = found.to_dict()["moves"]
    assert moves == [{"slice": "2", "actor": "d", "from": "A", "to": "B", "undecided": False}]
    assert "d moved from A (" in found.text() and ") to B (" in found.text()


def test_a_camp_that_splits_keeps_its_identity_in_the_larger_part_and_the_other_part_is_new() -> (
    None
):
    found = al.timeline([network(["abcdef"]), network(["abcd", "ef"])], labels=["1", "2"])
    assert camps_of(found)[1] == {"A": "abcd", "B": "ef"}
    (change,) = found.to_dict()["changes"]
    assert change == {
        "slice": "2",
        "kind": "split",
        "camp": "B",
        "other": "A",
        "actors": ["e", "f"],
    }
    assert "camp B (" in found.text() and "split from A" in found.text()


def test_two_camps_that_merge_are_reported_as_one_merged_into_the_other() -> None:
    found = al.timeline([network(["abcd", "ef", "gh"]), network(["abcdef", "gh"])], labels="12")
    assert camps_of(found)[1] == {"A": "abcdef", "C": "gh"}
    (change,) = found.to_dict()["changes"]
    assert change["kind"] == "merged" and change["camp"] == "B" and change["other"] == "A"


def test_a_camp_sharing_too_little_with_any_earlier_one_is_new() -> None:
    # {i, j} -> {j, k, l, m, n}: a Jaccard similarity of 1/6, under the threshold.
    found = al.timeline([network(["abcdefgh", "ij"]), network(["abcdefghi", "jklmn"])], labels="12")
    assert camps_of(found)[1] == {"A": "abcdefghi", "C": "jklmn"}
    kinds = {(c["kind"], c["camp"]) for c in found.to_dict()["changes"]}
    assert kinds == {("formed", "C"), ("merged", "B")}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sets(st.integers(0, 7), min_size=1), min_size=1, max_size=4),
    st.lists(st.sets(st.integers(0, 7), min_size=1), min_size=1, max_size=4),
)
def test_the_matching_is_the_best_assignment_by_brute_force(
    earlier: list[set[int]], later: list[set[int]]
) -> None:
    def score(i: int, j: int) -> float:
        a, b = earlier[i], later[j]
        similarity = len(a & b) / len(a | b)
        return similarity if similarity >= MATCH_MIN - 1e-12 else 0.0

    found = _assignment([set(map(str, e)) for e in earlier], [set(map(str, x)) for x in later])
    assert len({i for i, _ in found}) == len({j for _, j in found}) == len(found)
    assert all(score(i, j) > 0 for i, j in found)
    best = 0.0
    for size in range(min(len(earlier), len(later)) + 1):
        for rows in itertools.combinations(range(len(earlier)), size):
            for cols in itertools.permutations(range(len(later)), size):
                best = max(best, sum(score(i, j) for i, j in zip(rows, cols, strict=True)))
    assert abs(sum(score(i, j) for i, j in found) - best) < 1e-9


def test_the_same_network_twice_keeps_every_identity_and_changes_nothing() -> None:
    scenario = network(["abc", "de", "fgh"])
    found = al.timeline([scenario, scenario], labels=["1", "2"])
    first, second = camps_of(found)
    assert first == second
    assert found.to_dict()["changes"] == [] and found.to_dict()["moves"] == []
    assert "No camp changed" in found.text()


def test_a_dated_scenario_is_sliced_on_each_date_it_names_and_the_day_before() -> None:
    result = invoke("timeline", str(DATED), "-f", "json")
    document = json.loads(result.stdout)
    assert [s["label"] for s in document["slices"]] == ["2016-07-31", "2016-08-01"]
    assert document["moves"] == [
        {"slice": "2016-08-01", "actor": "turkey", "from": "A", "to": "B", "undecided": False}
    ]
    assert (
        "Turkey moved from A (United States) to B (Russia)" in invoke("timeline", str(DATED)).stdout
    )


def test_at_and_every_choose_the_slices() -> None:
    at = json.loads(invoke("timeline", str(DATED), "--at", "2016-09,2016-01", "-f", "json").stdout)
    assert [s["label"] for s in at["slices"]] == ["2016-01", "2016-09"]
    every = json.loads(invoke("timeline", str(DATED), "--every", "1m", "-f", "json").stdout)
    assert [s["label"] for s in every["slices"]] == ["2016-08-01"]
    assert invoke("timeline", str(DATED), "--every", "fortnight").returncode == 2
    assert invoke("--as-of", "2016", "timeline", str(DATED)).returncode == 2


@pytest.mark.skipif(not COW.is_dir(), reason="needs ../shared/data/signed-networks/cow")
def test_the_cow_series_runs_over_all_51_files_and_reports_the_blocs_of_each_window() -> None:
    files = sorted(str(p) for p in COW.glob("*.csv"))
    assert len(files) == 51
    result = run("timeline", *files, "-f", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    slices = document["slices"]
    assert [s["label"] for s in slices] == [Path(f).stem for f in files]
    first = {a: c["id"] for c in slices[0]["camps"] for a in c["members"]}
    # The Cold War's blocs in 1946-49: the United States and the Soviet Union apart, the
    # United Kingdom with the first and Poland with the second.
    assert first["USA"] == first["GBR"] != first["RUS"] == first["POL"]
    # The American camp keeps its identity through the series.
    assert all(any("USA" in c["members"] and c["id"] == "A" for c in s["camps"]) for s in slices)
    csv = run("timeline", *files, "-f", "csv").stdout.splitlines()
    assert csv[0] == "slice,date,actor,camp,camp_name"
    assert sum(1 for row in csv if row.startswith("46-49,")) == sum(
        len(c["members"]) for c in slices[0]["camps"]
    )


def test_the_picture_is_drawn_and_the_result_still_printed(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    picture = tmp_path / "camps.png"
    result = invoke("timeline", str(DATED), "--picture", str(picture))
    assert result.returncode == 0
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert "What changed" in result.stdout
    bad = invoke("timeline", str(DATED), "--picture", str(tmp_path / "camps.gif"))
    assert bad.returncode == 2 and not (tmp_path / "camps.gif").exists()


def test_the_end_of_the_data_is_no_dissolution_and_a_pause_keeps_the_camps(tmp_path: Path) -> None:
    scenario = tmp_path / "pause.yaml"
    scenario.write_text(
        "id: pause\ntitle: pause\nactors: [{id: a}, {id: b}, {id: c}, {id: d}]\n"
        "theaters: [{id: t, actors: [a, b, c, d]}]\nties:\n"
        "  - {between: [a, b], stance: ally, until: 2016-06-30}\n"
        "  - {between: [c, d], stance: ally, until: 2016-06-30}\n"
        "  - {between: [a, c], stance: enemy, until: 2016-06-30}\n"
        "  - {between: [a, b], stance: ally, from: 2016-10-01}\n"
        "  - {between: [b, d], stance: ally, from: 2016-10-01}\n"
        "  - {between: [a, c], stance: enemy, from: 2016-10-01}\n",
        encoding="utf-8",
    )
    days = "2016-02-01,2016-08-01,2016-09-01,2016-12-01"
    document = json.loads(invoke("timeline", str(scenario), "--at", days, "-f", "json").stdout)
    kinds = [(c["slice"], c["kind"]) for c in document["changes"]]
    assert ("2016-08-01", "unrecorded") in kinds and "dissolved" not in dict(kinds).values()
    assert ("2016-09-01", "unrecorded") not in kinds  # said once, where the gap begins
    # After the gap, compared with the last slice with ties: a and b keep their camp's letter,
    # and d is the one who moved.
    moves = [(m["slice"], m["actor"]) for m in document["moves"]]
    assert moves == [("2016-12-01", "d")]
    text = invoke("timeline", str(scenario), "--at", days).stdout
    assert "no tie recorded from here: the data end or pause (no camp dissolved)" in text


def test_the_mover_that_matters_is_named_before_and_n_more() -> None:
    # In the CoW series the US camp holds some 40 states: the list starts with its best
    # connected ones (capabilities are equal), the US first, not in file order.
    files = sorted(str(p) for p in COW.glob("*.csv"))[:2]
    text = run("timeline", *files).stdout
    row = next(line for line in text.splitlines() if line.startswith(" 46-49  A USA"))
    assert row.split()[4].rstrip(",") == "USA" and "more" in row


def test_a_step_that_would_make_more_than_10000_slices_is_refused_not_cut_short(
    tmp_path: Path,
) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(
        "id: long\ntitle: long\nactors: [{id: a}, {id: b}]\n"
        "theaters: [{id: t, actors: [a, b]}]\nties:\n"
        "  - {between: [a, b], stance: -1, from: 2000-01-01, until: 2040-01-01}\n"
        "  - {between: [a, b], stance: 1, from: 2040-01-01}\n",
        encoding="utf-8",
    )
    daily = run("timeline", str(path), "--every", "1d")
    assert daily.returncode == 2 and daily.stdout == ""
    assert "a step of 1d makes more than 10,000 slices from 2000-01-01 to 2040-01-01" in (
        daily.stderr
    )
    weekly = run("timeline", str(path), "--every", "1w", "-f", "json")
    assert weekly.returncode == 0
    slices = json.loads(weekly.stdout)["slices"]
    assert slices[-1]["label"] == "2040-01-01"  # the newest state is the last slice
