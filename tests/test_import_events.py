"""`alliances import-events`: event files written to the published codebooks, by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import alliances_cli as al
from tests.conftest import invoke, run

MAP = "code,actor,name\nUSA,us,United States\nIRQ,iraq,Iraq\nIRN,iran,Iran\nTUR,turkey,Turkey\n"


def gdelt(
    version: int,
    event: int,
    date: str,
    actor1: str,
    actor2: str,
    code: str,
    goldstein: float,
    sources: int,
    url: str = "",
) -> str:
    """A GDELT event row: 58 columns (1.0) or 61 (2.0), the fields used in their places."""
    fields = [""] * (61 if version == 2 else 58)
    fields[0], fields[1], fields[2], fields[3] = str(event), date, date[:6], date[:4]
    fields[5], fields[6], fields[7] = actor1, actor1, actor1[:3]
    fields[15], fields[16], fields[17] = actor2, actor2, actor2[:3]
    fields[25], fields[26], fields[29], fields[30] = "1", code, "1", str(goldstein)
    fields[31], fields[32], fields[33] = "3", str(sources), "3"
    fields[-2] = date + ("000000" if version == 2 else "")
    fields[-1] = url
    return "\t".join(fields) + "\n"


@pytest.fixture()
def actor_map(tmp_path: Path) -> Path:
    path = tmp_path / "map.csv"
    path.write_text(MAP, encoding="utf-8")
    return path


def ties_of(scenario: al.Scenario) -> dict[tuple[str, str], al.Scenario]:
    return {(t.a, t.b): t for t in scenario.ties}


@pytest.mark.parametrize("version", [1, 2])
def test_gdelt_events_give_the_hand_computed_stance_confidence_and_evidence(
    tmp_path: Path, actor_map: Path, version: int
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        gdelt(version, 11, "20161001", "USA", "IRQ", "042", 7.0, 2, "https://a.example/1")
        + gdelt(version, 12, "20161031", "USAGOV", "IRQGOV", "190", -4.0, 1, "https://b.example/2")
        + gdelt(version, 13, "20161031", "TURMIL", "IRN", "036", 4.0, 3, "https://c.example/3")
        + gdelt(version, 14, "20161031", "CHN", "USA", "036", 4.0, 1)
        + gdelt(version, 15, "20161031", "TUR", "", "036", 4.0, 1),
        encoding="utf-8",
    )
    result = invoke("import-events", str(events), "--map", str(actor_map))
    assert result.returncode == 0, result.stderr
    scenario = al.load_text(result.stdout)
    assert scenario.as_of == "2016-10-31"
    ties = ties_of(scenario)
    assert set(ties) == {("iraq", "us"), ("iran", "turkey")}
    # Cooperation 7 x 2^(-30/30) = 3.5, conflict 4: (3.5 - 4) / 7.5 = -0.067. Reports
    # 2 x 0.5 + 1 = 2: 2 / (2 + 10) = 0.167.
    us_iraq = ties[("iraq", "us")]
    assert (us_iraq.stance, us_iraq.confidence) == (-0.07, 0.17)
    assert [e.source for e in us_iraq.evidence] == ["gdelt-11", "gdelt-12"]
    assert "USA -> IRQ, CAMEO 042, score +7, 2 reports" in (us_iraq.evidence[0].says or "")
    assert scenario.source_by_id["gdelt-11"].url == "https://a.example/1"
    # A code matches by its leading three-letter parts: TURMIL -> TUR.
    assert (ties[("iran", "turkey")].stance, ties[("iran", "turkey")].confidence) == (1.0, 0.23)
    assert "1 with a code the map does not name (CHN 1); 1 with one actor only" in result.stderr
    assert "5 events read, 3 used: 2 ties among 4 actors, as of 2016-10-31" in result.stderr


def test_a_gdelt_actor_known_only_by_its_country_code_is_that_country(
    tmp_path: Path, actor_map: Path
) -> None:
    """An empty Actor1Code with Actor1CountryCode USA is the United States, by the documented
    country fallback, not an event "with one actor only" (issue 34, item 10)."""
    row = gdelt(2, 21, "20161031", "", "IRQ", "042", 7.0, 2).split("\t")
    row[7] = "USA"  # the country code, the actor code left empty
    events = tmp_path / "events.csv"
    events.write_text("\t".join(row), encoding="utf-8")
    mapped = invoke("import-events", str(events), "--map", str(actor_map))
    assert mapped.returncode == 0, mapped.stderr
    assert set(ties_of(al.load_text(mapped.stdout))) == {("iraq", "us")}
    assert "one actor only" not in mapped.stderr
    unmapped = invoke("import-events", str(events))
    assert unmapped.returncode == 0, unmapped.stderr
    assert {frozenset(p) for p in ties_of(al.load_text(unmapped.stdout))} == {
        frozenset({"USA", "IRQ"})
    }


def test_icews_events_with_a_header_give_the_hand_computed_ties(
    tmp_path: Path, actor_map: Path
) -> None:
    header = (
        "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
        "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
        "Sentence Number\tPublisher\n"
    )
    rows = [
        ("926685", "2016-10-17", "Iran", "IRN", "Make statement", "010", "0.0", "Iraq", "IRQ"),
        ("926686", "2016-10-17", "Iran", "IRN", "Provide aid", "070", "7.0", "Iraq", "IRQ"),
        ("926687", "2016-11-16", "Turkey", "TUR", "Threaten", "138", "-7.0", "Iraq", "IRQ"),
    ]
    text = header + "".join(
        f"{i}\t{d}\t{s}\tGovernment\t{sc}\t{what}\t{c}\t{x}\t{t}\tGovernment\t{tc}\t"
        f"2800{i[-1]}\t1\tReuters\n"
        for i, d, s, sc, what, c, x, t, tc in rows
    )
    events = tmp_path / "icews.tab"
    events.write_text(text, encoding="utf-8")
    names = tmp_path / "names.csv"
    names.write_text("code,actor\nIran,iran\nIraq,iraq\nTurkey,turkey\n", encoding="utf-8")
    result = invoke("import-events", str(events), "--map", str(names), "--half-life", "15")
    assert result.returncode == 0, result.stderr
    ties = ties_of(al.load_text(result.stdout))
    # Iran-Iraq: aid +7 thirty days (two half-lives) before 2016-11-16: 1.75, all cooperation.
    # One report, weighted 0.25: 0.25 / 10.25 = 0.024 -> 0.02.
    assert (ties[("iran", "iraq")].stance, ties[("iran", "iraq")].confidence) == (1.0, 0.02)
    assert (ties[("iraq", "turkey")].stance, ties[("iraq", "turkey")].confidence) == (-1.0, 0.09)
    assert ties[("iraq", "turkey")].evidence[0].at == "story 28007"
    assert "1 with a score of 0" in result.stderr


def test_a_plain_csv_with_windows_gives_one_dated_tie_per_window_for_timeline(
    tmp_path: Path,
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "date,source,target,score,id\n"
        "2016-01-10,tur,rus,-9,a\n"
        "2016-01-20,tur,usa,+8,b\n"
        "2016-01-20,rus,usa,-5,c\n"
        "2016-02-10,tur,rus,+9.5,d\n"
        "2016-02-11,tur,rus,+9.5,e\n"
        "2016-02-12,tur,usa,-6,f\n",
        encoding="utf-8",
    )
    scenario_path = tmp_path / "dated.yaml"
    result = invoke("import-events", str(events), "--window", "1m", "-o", str(scenario_path))
    assert result.returncode == 0, result.stderr
    assert "6 events read, 6 used: 6 ties among 3 actors, in 2 windows of 1m" in result.stderr
    scenario = al.load(scenario_path)
    windows = {(t.a, t.b, t.since, t.until) for t in scenario.ties}
    # Each window's tie holds from the window's last day, the day its sums describe, so a
    # day inside February still sees January: nothing is read ahead of --as-of.
    assert ("rus", "tur", "2016-01-31", "2016-02-29") in windows
    assert ("rus", "tur", "2016-02-29", "2016-03-31") in windows
    january = next(t for t in scenario.ties if (t.a, t.b, t.since) == ("rus", "tur", "2016-01-31"))
    assert january.stance == -1.0
    assert scenario.as_of == "2016-02-29"
    mid_february = json.loads(
        invoke("show", str(scenario_path), "--as-of", "2016-02-15", "-f", "json").stdout
    )
    ties = {tuple(t["actors"]): t["stance"] for t in mid_february["theaters"][0]["ties"]}
    assert ties[("rus", "tur")] == -1.0  # January's, though February's events made it +1
    timeline = json.loads(invoke("timeline", str(scenario_path), "-f", "json").stdout)
    assert [s["label"] for s in timeline["slices"]] == ["2016-01-31", "2016-02-29"]
    assert timeline["moves"] and timeline["moves"][0]["actor"] in ("tur", "usa", "rus")


def test_malformed_rows_are_reported_by_line_the_first_20_then_a_count(tmp_path: Path) -> None:
    lines = ["date,source,target,score"]
    lines += ["2016-01-01,a,b,5"] * 3
    lines += ["2016-13-01,a,b,5"] * 15 + ["2016-01-02,a,b,eleven"] * 10 + ["2016-01-03,a,b"]
    events = tmp_path / "events.csv"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("import-events", str(events))
    assert result.returncode == 0
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(events))]
    assert len(problems) == 20
    assert problems[0] == f"{events}:5: date is '2016-13-01'; write YYYY-MM-DD"
    assert problems[-1] == f"{events}:24: score is 'eleven'; write a number in -10..+10"
    assert "and 6 more malformed lines" in result.stderr
    assert "3 events read (26 malformed lines skipped)" in result.stderr
    strict = run("import-events", str(events), "--strict")
    assert strict.returncode == 1 and strict.stdout == ""


def test_no_tie_from_the_events_is_an_error_that_says_why(tmp_path: Path, actor_map: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(gdelt(2, 1, "20160101", "CHN", "RUS", "036", 4.0, 1), encoding="utf-8")
    result = invoke("import-events", str(events), "--map", str(actor_map))
    assert result.returncode == 1
    assert (
        result.stderr.strip().endswith(
            "no event became a tie; 1 events read: 2 with a code the actor map does not name"
        )
        or "no event became a tie" in result.stderr
    )
    unknown = tmp_path / "other.txt"
    unknown.write_text("hello world\n", encoding="utf-8")
    result = invoke("import-events", str(unknown))
    assert result.returncode == 1
    assert result.stderr == (
        f"{unknown}:1:1: cannot tell the event format from this line; give --format gdelt, "
        "icews, csv, acled or plover\n"
    )


def test_the_imported_scenario_validates_and_reads_gzip(tmp_path: Path, actor_map: Path) -> None:
    import gzip

    events = tmp_path / "events.csv.gz"
    with gzip.open(events, "wt", encoding="utf-8") as out:
        out.write(gdelt(2, 7, "20160301", "USA", "IRN", "112", -2.0, 1, "https://x.example/7"))
    target = tmp_path / "out.yaml"
    assert (
        invoke("import-events", str(events), "-m", str(actor_map), "-o", str(target)).returncode
        == 0
    )
    assert invoke("validate", str(target)).returncode == 0
    assert invoke("import-events", str(events), "-o", str(events)).returncode == 1


def test_a_scenario_written_in_chunks_is_the_text_written_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import yaml

    from alliances_cli.scenario import dump

    found = al.import_events(
        ["docs/examples/gdelt-2016.tsv"], actor_map="docs/examples/cameo-map.csv", window="3m"
    )
    whole = yaml.dump(
        dump.scenario_to_data(found.scenario),
        Dumper=dump._dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    monkeypatch.setattr(dump, "DUMP_CHUNK", 4)
    assert dump.dump_scenario(found.scenario) == whole
    assert al.load_text(whole) == found.scenario


def test_as_of_reads_the_ties_of_that_day_and_leaves_later_events_out(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text(
        "date,source,target,score\n2016-01-01,a,b,8\n2016-01-31,a,b,-4\n2016-03-01,a,b,-9\n",
        encoding="utf-8",
    )
    result = invoke("import-events", str(events), "--as-of", "2016-01-31")
    assert result.returncode == 0, result.stderr
    (tie,) = al.load_text(result.stdout).ties
    # 8 x 2^(-30/30) = 4 against 4: a stance of 0; the March event is after the day.
    assert tie.stance == 0.0
    assert "1 after the as-of day" in result.stderr
    assert al.load_text(result.stdout).as_of == "2016-01-31"


@pytest.mark.parametrize("content", [None, b"not gzip at all"])
def test_a_file_that_cannot_be_read_is_one_line_exit_1(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "events.csv.gz"
    if content is not None:
        path.write_bytes(content)
    result = invoke("import-events", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}: cannot read it: ")
    assert result.stderr.count("\n") == 1 and "write" not in result.stderr


ACLED = (
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
    "assoc_actor_2,fatalities,source\n"
    "IRQ1,2016-10-17,2016,Battles,Armed clash,Iraq,PMF; Peshmerga,IS,,12,Reuters; AFP\n"
    "IRQ2,17 October 2016,2016,Protests,Peaceful protest,Protesters,,,,0,Rudaw\n"
    "IRQ3,2016-10-17,2016,Strategic developments,Agreement,Iraq,,Peshmerga,,0,Rudaw\n"
    "IRQ4,2016-10-17,2016,Strategic developments,Other,Iraq,,IS,,0,Rudaw\n"
)


def test_acled_rows_give_conflict_between_the_actors_and_cooperation_with_associates(
    tmp_path: Path,
) -> None:
    events = tmp_path / "acled.csv"
    events.write_text(ACLED, encoding="utf-8")
    result = invoke("import-events", str(events))
    assert result.returncode == 0, result.stderr
    ties = ties_of(al.load_text(result.stdout))
    # Iraq-IS: one armed clash (-9), two sources, on the last day: conflict only, stance -1;
    # confidence 2 / (2 + 10) = 0.17.
    assert (ties[("IS", "Iraq")].stance, ties[("IS", "Iraq")].confidence) == (-1.0, 0.17)
    # Iraq and its associates in the clash cooperate (+5), as does the agreement (+2.5).
    assert ties[("Iraq", "Peshmerga")].stance == 1.0 and ties[("Iraq", "PMF")].stance == 1.0
    assert ties[("Iraq", "Peshmerga")].confidence == round(3 / 13, 2)  # 2 + 1 reports
    says = [e.says for e in ties[("IS", "Iraq")].evidence]
    assert says == ["2016-10-17: Iraq -> IS, Battles: Armed clash, score -9, 2 reports"]
    # A protest with no second actor is one-sided; "Other" developments have no stance.
    assert "1 with one actor only" in result.stderr and "1 with a score of 0" in result.stderr
    assert result.stderr.startswith("6 events read, 4 used: 3 ties among 4 actors")


PLOVER = (
    '{"id": "P1", "date": "2016-10-20", "actor": [{"code": "USA"}], '
    '"recipient": [{"code": "IRQ"}], "event": ["AID"]}\n'
    '{"id": "P2", "date": "2016-10-20", "actor": [{"code": "TUR"}], '
    '"recipient": [{"code": "IRQ"}], "event": ["THREATEN"], "mode": ["Territory"]}\n'
    '{"id": "P3", "date": "2016-10-20", "actor": [{"code": "USA"}, {"code": "IRN"}], '
    '"recipient": [{"code": "TUR"}], "event": "CONSULT", "event_scale": -1.5}\n'
    '{"id": "P4", "date": "2016-10-20", "actor": [{"code": "USA"}], '
    '"recipient": [{"code": "IRQ"}], "event": ["AID"]}\n'
    "not json\n"
)


def test_plover_records_are_scored_by_category_and_mode_and_deduplicated_one_a_day(
    tmp_path: Path, actor_map: Path
) -> None:
    events = tmp_path / "plover.jsonl"
    events.write_text(PLOVER, encoding="utf-8")
    result = invoke("import-events", str(events), "--map", str(actor_map))
    assert result.returncode == 0, result.stderr
    assert f"{events}:5: not a JSON object" in result.stderr
    ties = ties_of(al.load_text(result.stdout))
    # THREATEN: Territory is -4 in PLOVER's table (THREATEN alone -3.5).
    assert (
        ties[("iraq", "turkey")]
        .evidence[0]
        .says.endswith("THREATEN: Territory, score -4, 1 report")
    )
    # A compound actor makes one event per actor; event_scale overrides the table.
    assert ties[("turkey", "us")].stance == -1.0 and ties[("iran", "turkey")].stance == -1.0
    assert ties[("iraq", "us")].confidence == round(2 / 12, 2)  # two AID reports that day
    once = invoke("import-events", str(events), "--map", str(actor_map), "--dedup", "one-a-day")
    assert ties_of(al.load_text(once.stdout))[("iraq", "us")].confidence == round(1 / 11, 2)
    assert "1 repeating an event of the same pair, type and day (--dedup)" in once.stderr
    assert "5 events read (1 malformed line skipped), 4 used" in once.stderr


def test_polecat_files_are_told_from_icews_and_scored_as_plover(tmp_path: Path) -> None:
    events = tmp_path / "polecat.tsv"
    events.write_text(
        "Event ID\tEvent Date\tEvent Type\tEvent Mode\tActor Name\tActor Country\t"
        "Recipient Name\tRecipient Country\n"
        "E1\t2023-01-02\tASSAULT\tAerial\tRussia\tRUS\tUkraine\tUKR\n"
        "E2\t2023-01-02\tSUPPORT\t\tPoland\tPOL\tUkraine\tUKR\n"
        "E3\t2023-01-02\tGOSSIP\t\tPoland\tPOL\tUkraine\tUKR\n",
        encoding="utf-8",
    )
    result = invoke("import-events", str(events))
    assert result.returncode == 0, result.stderr
    ties = ties_of(al.load_text(result.stdout))
    assert (
        ties[("Russia", "Ukraine")]
        .evidence[0]
        .says.endswith("ASSAULT: Aerial, score -9.5, 1 report")
    )
    assert ties[("Poland", "Ukraine")].stance == 1.0
    assert f"{events}:4: Event Type 'GOSSIP' is no PLOVER category" in result.stderr


def test_when_no_event_becomes_a_tie_the_malformed_lines_are_named_first(tmp_path: Path) -> None:
    acled = tmp_path / "acled.csv"
    acled.write_text(
        "event_id_cnty,event_date,event_type,actor1,actor2\n"
        "X,2016-02-30,Battles,a,b\nY,2016-02-01,Sports,a,b\n",
        encoding="utf-8",
    )
    done = invoke("import-events", str(acled))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{acled}:2: event_date is '2016-02-30'; not a date",
        f"{acled}:3: event_type 'Sports' is not ACLED's",
        f"{acled}: no event became a tie; 0 events read: 2 skipped as malformed",
    ]
    sixty = tmp_path / "sixty.tsv"  # a line of 60 columns is no GDELT event (57, 58 or 61)
    sixty.write_text("\t".join(["1"] * 60) + "\n", encoding="utf-8")
    gdelt = invoke("import-events", str(sixty), "-f", "gdelt", "--strict")
    assert gdelt.returncode == 1
    assert f"{sixty}:1: 60 columns; GDELT event rows have 57, 58 or 61" in gdelt.stderr
