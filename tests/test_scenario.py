"""Reading scenario files: the bundled ones, the broken corpus, file-level failures."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import BROKEN, BUNDLED, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances_cli.scenario.dump import dump_scenario
from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.load import load_file, load_text
from alliances_cli.scenario.model import (
    Actor,
    Evidence,
    Scenario,
    Source,
    Theater,
    TheaterStance,
    Tie,
)
from alliances_cli.scenario.schema import scenario_schema
from alliances_cli.scenario.vocabulary import STANCE_WORDS

BUNDLED_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
BROKEN_FILES = sorted(BROKEN.glob("*.yaml"))


def _as_editor_sees_it(path: Path) -> object:
    """YAML data as an editor's schema check sees it: dates stay text."""

    class TextDates(yaml.SafeLoader):
        pass

    TextDates.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml.load(path.read_text(encoding="utf-8"), Loader=TextDates)


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=lambda p: p.name)
def test_every_bundled_scenario_validates_and_matches_the_json_schema(path: Path) -> None:
    scenario = load_file(str(path))
    assert scenario.actors and scenario.theaters
    jsonschema.validate(_as_editor_sees_it(path), scenario_schema())


def test_bundled_scenario_has_the_ids_scripts_rely_on() -> None:
    scenario = load_file(str(BUNDLED))
    actors = {a.id for a in scenario.actors}
    assert {"us", "iraq", "iran", "pmf", "turkey", "russia", "syria", "is", "nusra"} <= actors
    assert {"mosul", "aleppo"} <= {t.id for t in scenario.theaters}
    assert {
        "turkey-exclusion",
        "sanctions-relief",
        "is-falls-in-iraq",
        "nusra-leaves-aleppo",
        "turkey-joins-mosul",
    } <= {e.id for e in scenario.events}


def test_every_bundled_tie_carries_evidence_and_implied_ties_say_so() -> None:
    scenario = load_file(str(BUNDLED))
    for tie in scenario.ties:
        assert tie.evidence or all(entry.evidence for entry in tie.theaters), tie
        for evidence in tie.evidence:
            assert evidence.at and evidence.at.startswith("¶"), tie
        if tie.note and "mplied" in tie.note:
            assert tie.confidence <= 0.7, tie


def _expected(path: Path) -> list[str]:
    return [
        f"{path}:{line.removeprefix('# expect: ')}"
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda p: p.name)
def test_broken_scenario_reports_exact_messages_and_positions(path: Path) -> None:
    expected = _expected(path)
    assert expected, f"{path.name} states no expected problem"
    with pytest.raises(ScenarioError) as caught:
        load_file(str(path))
    assert [str(p) for p in caught.value.problems] == expected


@pytest.mark.parametrize(
    "name",
    ["numbers.yaml", "types-and-fields.yaml", "operations.yaml", "bad-date.yaml"],
)
def test_json_schema_also_rejects_what_it_can_see(name: str) -> None:
    data = _as_editor_sees_it(BROKEN / name)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, scenario_schema())


def test_loading_does_not_modify_the_file() -> None:
    before = hashlib.sha256(BUNDLED.read_bytes()).hexdigest(), os.stat(BUNDLED).st_mtime_ns
    load_file(str(BUNDLED))
    after = hashlib.sha256(BUNDLED.read_bytes()).hexdigest(), os.stat(BUNDLED).st_mtime_ns
    assert before == after


def test_bundled_scenario_round_trips_through_yaml() -> None:
    scenario = load_file(str(BUNDLED))
    again = load_text(dump_scenario(scenario))
    assert again == scenario
    assert dump_scenario(again) == dump_scenario(scenario)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; check the path (or run 'alliances scenarios')"),
        (b"", "empty file; a scenario needs id, title, actors and theaters"),
        (b"   \n# only a comment\n", "empty file; a scenario needs id, title, actors and theaters"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary data (a NUL byte), not a text file"),
    ],
)
def test_unreadable_files_give_one_clear_problem(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "scenario.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ScenarioError) as caught:
        load_file(str(path))
    assert [str(p) for p in caught.value.problems] == [f"{path}: {message}"]


def test_non_utf8_text_is_pointed_at(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as caught:
        load_file(str(path))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2:11: not UTF-8 text; save the file as UTF-8"
    ]


def test_a_directory_is_not_a_scenario(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_file(str(tmp_path))
    assert "is a directory" in str(caught.value)


# -- round trip of generated scenarios ---------------------------------------------------------

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
stances = st.one_of(
    st.sampled_from(sorted(STANCE_WORDS.values())),
    st.floats(-1, 1, allow_nan=False, allow_subnormal=False).map(lambda x: round(x, 3)),
)
confidences = st.floats(0.05, 1, allow_nan=False).map(lambda x: round(x, 3))
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    actor_ids = draw(st.lists(ids, min_size=2, max_size=6, unique=True))
    theater_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    actors = tuple(
        Actor(
            id=a,
            name=draw(texts),
            kind=draw(st.sampled_from(["state", "militia", "bloc"])),
            capability=draw(st.sampled_from([1.0, 2.5, 0.5])),
        )
        for a in actor_ids
    )
    theaters = tuple(
        Theater(id=t, name=draw(texts), actors=tuple(draw(st.permutations(actor_ids))[:3]))
        for t in theater_ids
    )
    sources = (Source(id="src", title=draw(texts), date="2016-11"),)
    ties = []
    pairs = [(a, b) for i, a in enumerate(actor_ids) for b in actor_ids[i + 1 :]]
    for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=6)) if pairs else []:
        per_theater = tuple(
            TheaterStance(t, draw(stances), draw(st.none() | confidences))
            for t in draw(st.lists(st.sampled_from(theater_ids), unique=True, max_size=2))
        )
        general = draw(st.none() | stances) if per_theater else draw(stances)
        ties.append(
            Tie(
                a,
                b,
                general,
                draw(confidences),
                (Evidence("src", "¶1", draw(st.none() | texts)),),
                draw(st.none() | texts),
                per_theater,
            )
        )
    return Scenario(
        id=draw(ids),
        title=draw(texts),
        as_of="2016-11-01",
        sources=sources,
        actors=actors,
        theaters=theaters,
        ties=tuple(ties),
    )


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_generated_scenarios_round_trip(scenario: Scenario) -> None:
    assert load_text(dump_scenario(scenario)) == scenario


@pytest.mark.parametrize("path", [*BUNDLED_FILES, *BROKEN_FILES], ids=lambda p: p.name)
def test_the_fast_and_the_portable_yaml_loaders_agree(path: Path) -> None:
    """libyaml parses for speed; the pure-Python loader words the errors. Same data either way."""
    from alliances_cli.scenario import yamldoc

    if yamldoc._FAST is None:
        pytest.skip("PyYAML without libyaml")
    text = path.read_text(encoding="utf-8")
    outcomes = []
    for loader in (yamldoc._FAST, yaml.SafeLoader):
        try:
            doc, duplicates = yamldoc._parse(text, loader)
            values = {path: doc.pos(path) for path in doc.value_marks}
            keys = {path: doc.pos_of_key(path) for path in doc.key_marks}
            outcomes.append((doc.data, values, keys, duplicates))
        except yamldoc.YamlError as exc:
            outcomes.append(("error", None, None, None))
            assert loader is not yaml.SafeLoader or exc.message
    assert outcomes[0] == outcomes[1] or outcomes[0][0] == outcomes[1][0] == "error"


# -- immutable records ---------------------------------------------------------------------------


@settings(max_examples=100)
@given(
    st.text(max_size=5),
    st.text(max_size=5),
    st.floats(-1, 1),
    st.integers(1, 99),
    st.integers(1, 99),
)
def test_records_compare_by_value_ignoring_positions(
    a: str, b: str, stance: float, line: int, col: int
) -> None:
    from alliances_cli.scenario.positions import Pos

    tie = Tie(a, b, stance=stance, pos=Pos(line, col))
    same = Tie(a=a, b=b, stance=stance)
    assert tie == same and hash(tie) == hash(same)
    assert repr(tie) == repr(same)  # positions are not shown either
    assert Tie(a, b, stance=stance, confidence=0.5) != same
    assert (Pos(line, col) < Pos(line, col + 1)) and sorted([Pos(2, 1), Pos(1, 9)])[0] == Pos(1, 9)


def test_records_are_immutable_and_replace_makes_a_changed_copy() -> None:
    from alliances_cli.scenario.record import replace

    tie = Tie("us", "iran", stance=0.2)
    with pytest.raises(AttributeError):
        tie.stance = 0.5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del tie.a  # type: ignore[misc]
    warmer = replace(tie, stance=0.5)
    assert (warmer.stance, tie.stance, warmer.b) == (0.5, 0.2, "iran")
    with pytest.raises(TypeError, match="no field 'colour'"):
        replace(tie, colour="red")
    with pytest.raises(TypeError):
        Tie("us")  # type: ignore[call-arg]


YAML11_TOKENS = ["010", "0x10", "1_000", "12:30", "yes", "no", "on", "off", "1e3", "0o17"]


@pytest.mark.parametrize("token", YAML11_TOKENS)
def test_what_is_typed_as_text_is_the_text_that_was_typed(token: str) -> None:
    ident_ok = ":" not in token
    actor_id = token if ident_ok else "a"
    text = (
        f"id: s\ntitle: {token}\n"
        f"actors: [{{id: {actor_id}, name: {token}}}, {{id: b}}]\n"
        f"theaters: [{{id: t, actors: [{actor_id}, b]}}]\n"
        f"ties: [{{between: [{actor_id}, b], stance: ally}}]\n"
    )
    scenario = load_text(text)
    assert scenario.title == token
    assert scenario.actors[0].id == actor_id and scenario.actors[0].name == token
    assert scenario.ties[0].a in (actor_id, "b") and {scenario.ties[0].a, scenario.ties[0].b} == {
        actor_id,
        "b",
    }
    written = dump_scenario(scenario)
    assert f"'{token}'" in written  # quoted: a YAML 1.2 reader takes it as text too
    assert load_text(written) == scenario


def test_null_as_an_id_is_refused_with_the_token_and_its_quoted_form() -> None:
    with pytest.raises(ScenarioError) as found:
        load_text("id: null\ntitle: t\nactors: [{id: a}]\ntheaters: [{id: t, actors: [a]}]\n")
    (problem,) = found.value.problems
    assert "is 'null', which YAML reads as nothing; quote it ('null')" in problem.message


def test_the_fast_and_the_portable_yaml_parsers_agree_on_plain_values() -> None:
    import yaml

    from alliances_cli.scenario import yamldoc

    text = "id: s\ntitle: yes\nactors: [{id: 010}]\t\ntheaters: [{id: t, actors: [010]}]\n"
    fast = load_text(text)
    saved = yamldoc._FAST
    yamldoc._FAST = None  # the pure-Python parser only
    try:
        portable = load_text(text)
    finally:
        yamldoc._FAST = saved
    assert fast == portable and fast.actors[0].id == "010"
    assert yaml.__with_libyaml__ or saved is None
