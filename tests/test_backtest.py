"""`alliances backtest`: what the stress labels predicted, scored on the next slice."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import alliances_cli as al
from alliances_cli.engine.backtest.run import backtest as run_backtest
from tests.conftest import invoke, run, run_process

COW = Path(__file__).resolve().parents[2] / "shared" / "data" / "signed-networks" / "cow"
DATED = Path(__file__).resolve().parents[1] / "docs" / "examples" / "turkey-turns-2016.yaml"


def slices(*lists: str) -> list[al.Scenario]:
    return [
        al.load_edge_list("source,target,sign\n" + text, f"s{i}.csv")
        for i, text in enumerate(lists)
    ]


def backtested(scenarios: list[al.Scenario], **options: object) -> al.Backtest:
    return al.backtest(scenarios, labels=[f"t{i}" for i in range(len(scenarios))], **options)  # type: ignore[arg-type]


# A triangle of allies with one enemy tie (a-c frustrated); then a-c flips, b-d vanishes.
BEFORE = "a,b,1\nb,c,1\na,c,-1\nb,d,1\nd,e,-1\nc,e,-1\n"
AFTER = "a,b,1\nb,c,1\na,c,1\nd,e,-1\nc,e,-1\na,e,-1\n"


def test_ties_are_scored_by_what_happened_to_them() -> None:
    found = backtested(slices(BEFORE, AFTER), replicates=0).to_dict()
    kinds = {k["kind"]: k for k in found["kinds"]}
    change = kinds["tie-change"]
    assert change["counts"] == {"flipped": 1, "vanished": 1, "weakened": 0}
    assert change["points"] == 6 and change["events"] == 2
    assert kinds["tie-flip"]["events"] == 1
    # a-e gained a negative tie; every untied pair of the five actors was a candidate.
    assert kinds["new-tie"]["events"] == 1 and kinds["new-tie"]["points"] == 10 - 6
    assert kinds["new-sign"]["points"] == 1 and kinds["new-sign"]["events"] == 0


def test_the_frustrated_split_is_re_derived_from_the_ties() -> None:
    scenarios = slices(BEFORE, AFTER)
    found = backtested(scenarios, replicates=0)
    line = al.timeline(scenarios, theater="all").line
    first = line.slices[0].view
    later = line.slices[1].view.weights
    frustrated = [t for t in first.ties if t.frustrated]
    flipped = [t for t in frustrated if later.get(t.a, {}).get(t.b, 0) * t.weight < 0]
    finding = next(
        f for f in found.tested.findings if (f.kind, f.predictor) == ("tie-flip", "frustrated")
    )
    assert finding.split is not None
    assert finding.split.labelled == len(frustrated) == 1
    assert finding.split.labelled_events == len(flipped) == 1


@pytest.mark.skipif(not COW.is_dir(), reason="../shared is not beside this checkout")
def test_the_sentences_cite_the_figures_of_the_ties() -> None:
    files = sorted(COW.glob("*.csv"))[:6]
    scenarios = [al.load(str(f)) for f in files]
    found = al.backtest(scenarios, labels=[f.stem for f in files], replicates=200)
    line = al.timeline(scenarios, theater="all").line
    labelled = events = others = others_events = 0
    for before, after in zip(line.slices, line.slices[1:], strict=False):
        seen = set(after.view.actors)
        for tie in before.view.ties:
            if tie.a not in seen or tie.b not in seen:
                continue
            flipped = after.view.weights[tie.a].get(tie.b, 0.0) * tie.weight < 0
            if tie.frustrated:
                labelled, events = labelled + 1, events + flipped
            else:
                others, others_events = others + 1, others_events + flipped
    sentence = next(
        f["sentence"]
        for f in found.to_dict()["findings"]
        if (f["kind"], f["predictor"]) == ("tie-flip", "frustrated")
    )
    assert (
        f"Of {labelled:,} frustrated tie-steps, {100 * events / labelled:.1f}% flipped" in sentence
    )
    assert f"of {others:,} others, " in sentence
    pooled = found.tested.pooled("tie-flip", "frustrated")
    assert f"AUC {pooled.auc:.2f}" in sentence


def test_the_backtest_finds_the_skill_of_balance_dynamics_and_none_in_random_flips() -> None:
    for seed in (0, 1):
        balanced = al.backtest(al.simulated("triads", seed=seed), seed=seed, replicates=400)
        verdict = {(f.kind, f.predictor): f for f in balanced.tested.findings}
        frustrated = verdict["tie-flip", "frustrated"]
        assert frustrated.verdict == "beyond baselines", frustrated
        noise = al.backtest(al.simulated("random", seed=seed), seed=seed, replicates=400)
        verdict = {(f.kind, f.predictor): f for f in noise.tested.findings}
        assert verdict["tie-flip", "frustrated"].verdict in ("none", "below chance")
        assert verdict["tie-change", "severity"].verdict in ("none", "below chance")


def test_the_same_seed_gives_the_same_document_and_another_seed_other_intervals() -> None:
    series = al.simulated("random", seed=3, actors=10, slices=6)
    first = al.backtest(series, seed=1, replicates=100).to_dict()
    again = al.backtest(series, seed=1, replicates=100).to_dict()
    other = al.backtest(series, seed=2, replicates=100).to_dict()
    assert first == again
    assert first["findings"] != other["findings"]


def test_a_scenario_of_several_theaters_needs_a_theater_and_a_series_two_slices() -> None:
    nothing = invoke("backtest")
    assert nothing.returncode == 2 and "give the files of a series" in nothing.stderr
    result = invoke("backtest", "mosul-aleppo-2016")  # two theaters, one date
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--theater': a backtest follows one theater; name one of: "
        "mosul, aleppo"
    )
    single = invoke("backtest", "mosul-aleppo-2016", "-t", "mosul")
    assert single.returncode == 2 and single.stdout == ""
    assert "needs two slices with ties; there is 1" in single.stderr
    found = invoke("backtest", str(DATED), "--resamples", "50")
    assert found.returncode == 0, found.stderr
    assert "(2 slices, 2016-07-31 to 2016-08-01: 1 step;" in found.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--simulate", "chaos"], "not a generated series"),
        (["--simulate", "triads", "x.csv"], "--simulate makes its own series"),
        (["--resamples", "-1"], "-1"),
        (["--at-k", "0"], "0"),
    ],
)
def test_bad_settings_get_a_usage_line(args: list[str], message: str) -> None:
    result = invoke("backtest", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr


def test_the_command_prints_verdicts_tables_and_machine_formats() -> None:
    text = run_process("backtest", "--simulate", "triads", "--resamples", "200")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Backtest: a generated series (triads, seed 0)  (16 slices")
    assert re.search(
        r"The frustrated label picks out the ties that weaken, flip or vanish better than",
        text.stdout,
    )
    # Every change of the generated series is a flip: the flip table is not printed twice.
    assert "every change a flip" in text.stdout
    assert "Existing ties: does a tie flip sign" not in text.stdout
    document = json.loads(
        invoke("backtest", "--simulate", "triads", "--resamples", "200", "-f", "json").stdout
    )
    assert document["schema"] == "alliances/backtest/1"
    title = "a generated series (triads, seed 0)"
    assert document == al.backtest(al.simulated("triads"), replicates=200, title=title).to_dict()
    rows = list(
        csv.DictReader(io.StringIO(invoke("backtest", "--simulate", "triads", "-f", "csv").stdout))
    )
    pooled = [r for r in rows if r["step"] == ""]
    assert {r["kind"] for r in pooled} == {
        "tie-change",
        "tie-flip",
        "new-tie",
        "new-sign",
        "actor-move",
    }
    steps = [
        r for r in rows if r["kind"] == "tie-flip" and r["predictor"] == "frustrated" and r["step"]
    ]
    assert len(steps) == 15 and steps[0]["before"] == "triads-01"
    bins = invoke("backtest", "--simulate", "triads", "-f", "csv", "--table", "calibration")
    header = bins.stdout.splitlines()[0]
    assert header == "kind,predictor,low,high,points,events,rate,predicted"


@pytest.mark.skipif(not COW.is_dir(), reason="../shared is not beside this checkout")
def test_a_series_of_files_is_labelled_by_file_name() -> None:
    files = [str(f) for f in sorted(COW.glob("*.csv"))[:3]]
    document = json.loads(run("backtest", *files, "--resamples", "0", "-f", "json").stdout)
    assert [s["label"] for s in document["slices"]] == ["46-49", "47-50", "48-51"]
    assert [s["before"] for s in document["steps"]] == ["46-49", "47-50"]
    assert all(f["verdict"] == "untested" for f in document["findings"])


def test_the_reliability_picture_is_drawn(tmp_path: Path) -> None:
    picture = tmp_path / "reliability.png"
    result = invoke(
        "backtest", "--simulate", "triads", "--resamples", "50", "--picture", str(picture)
    )
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = invoke("backtest", "--simulate", "triads", "--picture", str(tmp_path / "x.gif"))
    assert bad.returncode == 2 and not (tmp_path / "x.gif").exists()


def test_a_slice_without_ties_ends_no_step_and_the_next_is_compared_with_the_last_tied() -> None:
    from alliances_cli.engine.timeline import series_slices, steps

    series = al.simulated("triads", actors=8, slices=4)
    empty = al.load_text(
        "id: e\ntitle: E\nactors: [{id: a01}, {id: a02}]\n"
        "theaters: [{id: all, actors: [a01, a02]}]\nties: []\n"
    )
    slices = series_slices([series[0], empty, series[1], series[2]], ["a", "b", "c", "d"])
    found = run_backtest(steps(slices, theater="all"), theater="all", replicates=0)
    assert [(s.before_label, s.after_label) for s in found.steps] == [("a", "c"), ("c", "d")]
    assert [(s.before, s.after) for s in found.steps] == [(0, 2), (2, 3)]
    assert [s.tied for s in found.slices] == [True, False, True, True]
    assert {s.step for s in found.scores} == {None, 0, 1}


def test_sampled_untied_pairs_weigh_for_all_of_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from alliances_cli.engine.backtest import points

    series = al.simulated("random", seed=5, actors=30, slices=2)
    # Thin the networks so that many pairs are untied, and some gain a tie.
    kept = [
        al.load_edge_list(
            "source,target,sign\n"
            + "".join(
                f"{t.a},{t.b},{int(t.stance)}\n"
                for n, t in enumerate(s.ties)
                if n % 3 == 0 or (i == 1 and n % 7 == 0)
            ),
            f"thin{i}.csv",
        )
        for i, s in enumerate(series)
    ]
    full = backtested(kept, replicates=0).tested
    monkeypatch.setattr(points, "PAIRS_MAX", 150)
    sampled = backtested(kept, replicates=0).tested
    whole, part = full.kinds[2], sampled.kinds[2]
    assert part.sampled_steps == 1 and full.kinds[2].sampled_steps == 0
    assert part.events == whole.events
    assert part.weight == pytest.approx(whole.weight)
    assert part.points < whole.points


def test_constrained_triad_dynamics_never_add_unbalanced_triangles_without_noise() -> None:
    from itertools import combinations

    from alliances_cli.engine.backtest.simulate import actor_names, triads

    def unbalanced(signs: dict[tuple[str, str], int], names: list[str]) -> int:
        return sum(
            signs[a, b] * signs[a, c] * signs[b, c] < 0 for a, b, c in combinations(names, 3)
        )

    names = actor_names(9)
    found = triads(9, 6, seed=2, noise=0.0, disorder=0.3)
    counts = [unbalanced(s, names) for s in found]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert triads(9, 6, seed=2) == triads(9, 6, seed=2)


def test_small_figures_keep_two_significant_digits() -> None:
    from alliances_cli.reports.backtest import figure

    assert figure(0.000031, 3) == "0.000031"
    assert figure(0.0238, 3) == "0.024"
    assert figure(0.59, 2) == "0.59"
    assert figure(0.0, 3) == "0.000"


@pytest.mark.skipif(not COW.is_dir(), reason="../shared is not beside this checkout")
def test_show_prints_the_track_record_re_derived_from_the_ties(tmp_path: Path) -> None:
    from alliances_cli.engine import stress

    files = sorted(COW.glob("*.csv"))[:8]
    calibration = tmp_path / "cow.json"
    made = run(
        "backtest", *map(str, files), "--resamples", "300", "--save-calibration", str(calibration)
    )
    assert made.returncode == 0, made.stderr
    document = json.loads(calibration.read_text())
    kept = {k["stress_kind"]: k for k in document["kinds"]}
    assert "frustrated-tie" in kept
    assert all(k["verdict"] in ("skill", "beyond baselines") for k in document["kinds"])
    # Re-derive the frustrated-tie bins: ties whose strongest fact is a frustrated tie.
    line = al.timeline([al.load(str(f)) for f in files], theater="all").line
    counted: dict[float, list[int]] = {}
    order = {kind: i for i, kind in enumerate(stress.KINDS)}
    for before, after in zip(line.slices, line.slices[1:], strict=False):
        strongest: dict[tuple[str, str], tuple[float, int]] = {}
        for fact in stress.within(before.scenario, before.view):
            if fact.kind == "implied-tie":
                continue
            for a, b, _ in fact.at_stake:
                key = (min(a, b), max(a, b))
                mine = (round(fact.severity, 6), -order[fact.kind])
                strongest[key] = max(strongest.get(key, mine), mine)
        seen = set(after.view.actors)
        for tie in before.view.ties:
            key = (tie.a, tie.b)
            if key not in strongest or tie.a not in seen or tie.b not in seen:
                continue
            severity, kind = strongest[key]
            if stress.KINDS[-kind] != "frustrated-tie":
                continue
            later = after.view.weights[tie.a].get(tie.b, 0.0)
            changed = later * tie.weight <= 0 or abs(later) < abs(tie.weight) - 1e-9
            total = counted.setdefault(severity, [0, 0])
            total[0] += 1
            total[1] += changed
    bins = {round(b["low"], 6): [b["points"], b["events"]] for b in kept["frustrated-tie"]["bins"]}
    assert bins == counted

    shown = run("show", str(files[-1]), "--calibration", str(calibration), "-n", "3")
    assert shown.returncode == 0, shown.stderr
    points, events = next(iter(bins.values()))
    assert f"{round(100 * events / points)}% of {points:,}" in shown.stdout
    assert "History: from cow (8 files), 46-49 to 53-56 (7 steps), the share" in shown.stdout
    found = json.loads(
        run("show", str(files[-1]), "--calibration", str(calibration), "-f", "json").stdout
    )
    first = found["history"]["points"][0]
    assert first["rank"] == 1 and first["kind"] == found["stress"][0]["kind"]
    assert found["history"]["source"]["first"] == "46-49"


def test_a_bad_calibration_file_gets_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "alliances/calibration/1",\n  "kinds": [}\n')
    result = invoke("show", "--calibration", str(broken))
    assert result.returncode == 2 and result.stdout == ""
    assert f"{broken}:2:13: not JSON" in result.stderr
    other = tmp_path / "other.json"
    other.write_text('{"schema": "alliances/show/1"}')
    result = invoke("show", "--calibration", str(other))
    assert result.returncode == 2 and "not a calibration file" in result.stderr
    assert "backtest --save-calibration" in result.stderr


def test_a_track_record_is_looked_up_by_kind_and_severity_never_extrapolated() -> None:
    from alliances_cli.engine.backtest.history import track_record

    document = {
        "schema": "alliances/calibration/1",
        "source": {"title": "t", "theater": "all", "first": "a", "last": "b", "steps": 1},
        "kinds": [
            {
                "stress_kind": "frustrated-tie",
                "scored_on": "tie-change",
                "bins": [
                    {"low": 0.3, "high": 0.4, "points": 10, "events": 2},
                    {"low": 0.5, "high": 0.5, "points": 4, "events": 3},
                ],
            }
        ],
        "left_out": [{"stress_kind": "torn-actor", "verdict": "none"}],
    }
    record = track_record(document)
    found = record.lookup("frustrated-tie", 0.35)
    assert found is not None and found.rate == 0.2
    assert record.lookup("frustrated-tie", 0.45) is None  # between bins: no record
    assert record.lookup("frustrated-tie", 0.4000004) is not None  # 0.4 as written, rounded
    assert record.lookup("frustrated-tie", 0.9) is None
    assert record.lookup("torn-actor", 0.5) is None
    document["kinds"][0]["bins"][0]["events"] = 11  # type: ignore[index]
    with pytest.raises(ValueError, match="between 0 and its points"):
        track_record(document)
    with pytest.raises(ValueError, match="lacks 'source'"):
        track_record({"schema": "alliances/calibration/1", "kinds": []})


def test_an_actor_moves_when_it_leaves_every_company_its_ties_allowed() -> None:
    from alliances_cli.engine.backtest.points import moved_on

    # Before: {a, b, c} and {d, e}. After: a joins d and e; b and c stay.
    before = (
        al.timeline(slices("a,b,1\nb,c,1\na,c,1\nd,e,1\na,d,-1\nc,e,-1\n"), theater="all")
        .line.slices[0]
        .view
    )
    after = (
        al.timeline(slices("b,c,1\nd,e,1\na,d,1\na,e,1\na,b,-1\nc,e,-1\n"), theater="all")
        .line.slices[0]
        .view
    )
    actors = ["a", "b", "c", "d", "e"]
    assert moved_on(before, after, actors, {}) == [True, False, False, False, False]
    # Had its ties allowed a place beside d and e before, a would not count as moving.
    assert moved_on(before, after, actors, {"a": (("b", "c"), ("d", "e"))})[0] is False


def test_robust_figures_join_the_actor_labels_when_asked_for() -> None:
    import numpy as np

    from alliances_cli.engine.analysis import analyse
    from alliances_cli.engine.backtest.points import moved_on
    from alliances_cli.engine.backtest.scores import Tally, auc
    from alliances_cli.engine.robust import robust

    series = al.simulated("random", seed=4, actors=9, slices=6)
    found = al.backtest(series, samples=8, replicates=100)
    document = found.to_dict()
    actors = next(k for k in document["kinds"] if k["kind"] == "actor-move")
    names = [p["name"] for p in actors["predictors"]]
    assert names[:4] == ["torn", "swing", "elsewhere", "margin"]
    # The first step with movers: its elsewhere AUC, re-derived from robust's odds and the
    # companies.
    steps = next(p for p in actors["predictors"] if p["name"] == "elsewhere")["steps"]
    i = next(i for i, step in enumerate(steps) if step["auc"] is not None)
    line = al.timeline(series[i : i + 2], theater="all").line
    before, after = line.slices[0].view, line.slices[1].view
    odds = robust(analyse(series[i], theaters=["all"]), samples=8, seed=0, noise="bootstrap")
    apart = {o.actor: o.apart for o in odds.actors}
    people = [a for a in before.actors if a in before.camp_index and a in after.camp_index]
    swing = {s.actor: s.company for s in before.optima.swing}
    y = np.array(moved_on(before, after, people, swing), dtype=bool)
    s = np.array([apart[a] for a in people])
    expected = auc(Tally.of(y, s, np.ones(len(people))))
    assert expected is not None and steps[i]["auc"] == round(expected, 4)
    plain = al.backtest(series, replicates=0).to_dict()
    assert "elsewhere" not in [
        p["name"] for k in plain["kinds"] if k["kind"] == "actor-move" for p in k["predictors"]
    ]


@pytest.mark.skipif(not COW.is_dir(), reason="../shared is not beside this checkout")
def test_pooled_figures_lie_inside_their_intervals() -> None:
    files = sorted(COW.glob("*.csv"))[:10]
    found = al.backtest([al.load(str(f)) for f in files], replicates=300).tested
    checked = 0
    for score in found.scores:
        f = score.figures
        if score.step is not None:
            continue
        for value, interval in ((f.auc, f.auc_ci), (f.precision, f.precision_ci)):
            if value is not None and interval is not None:
                assert interval[0] - 1e-9 <= value <= interval[1] + 1e-9, (score, value)
                checked += 1
    assert checked > 20


def test_the_report_page_shows_the_track_record(tmp_path: Path) -> None:
    series = al.simulated("triads", seed=0)
    tested = al.backtest(series, replicates=200)
    calibration = tmp_path / "triads.json"
    tested.save_calibration(calibration)
    record = al.load_calibration(calibration)
    last = series[-1]
    page = al.report(last, samples=0, history=record)
    first = al.analyse(last).stress[0]
    found = record.lookup(first.kind, first.severity)
    assert found is not None
    assert "<th>History</th>" in page
    assert f'<td data-sort="{round(found.rate, 4)}">' in page
    assert "History: from a generated series" not in page  # the API names no title
    assert "History: from 16 networks, triads-01 to triads-16 (15 steps)" in page
    plain = al.report(last, samples=0)
    assert "<th>History</th>" not in plain


def test_a_label_with_too_few_outcomes_gets_no_verdict() -> None:
    # A tie that flips in one step only: two flips are no ground for an interval.
    first = "a,b,1\nb,c,1\na,c,-1\nc,d,1\nd,e,1\nb,e,-1\n"
    flipped = "a,b,1\nb,c,1\na,c,1\nc,d,1\nd,e,1\nb,e,-1\n"
    found = backtested(slices(*([first] * 3), flipped, first, *([first] * 3)), replicates=100)
    verdicts = {(f.kind, f.predictor): f for f in found.tested.findings}
    untested = verdicts["tie-flip", "frustrated"]
    assert untested.verdict == "untested" and untested.reason == "outcomes"
    assert found.tested.pooled("tie-flip", "frustrated").auc_ci is None
    assert "too few points with the outcome, or without it (at least 10 of each)" in found.text()
