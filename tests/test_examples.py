"""Scenarios written from public reporting (docs/examples/): the facts an expert would check.

Each is read as an analyst would: who stands with whom, which contradiction leads, who moves
when the dates or an event change things. The sentences are those `show` prints.
"""

from __future__ import annotations

from pathlib import Path

import alliances_cli as al
from alliances_cli.engine.analysis import analyse
from alliances_cli.engine.dated import at
from alliances_cli.reports.stress import summary

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def camps(view: object) -> set[frozenset[str]]:
    return {frozenset(c.members) for c in view.camps}  # type: ignore[attr-defined]


def test_july_1914_the_blocs_and_italys_treaty_with_germany_as_the_lead_contradiction() -> None:
    scenario = al.load(EXAMPLES / "july-1914.yaml")
    analysis = analyse(scenario)
    europe = analysis.view("europe")
    assert camps(europe) == {
        frozenset({"fra", "rus", "gbr", "srb", "ita", "rom"}),
        frozenset({"ger", "aut", "ott"}),
    }
    # Italy and Romania, allied to Germany on paper, stand with the Entente: the story is
    # theirs, so the contradiction is told from their side, Italy's first.
    lead = analysis.stress[0]
    assert lead.kind == "frustrated-tie" and lead.actors == ("ita", "ger")
    assert summary(analysis, lead).startswith("Italy and German Empire are friendly in Europe")
    frustrated = [s.actors for s in analysis.stress if s.kind == "frustrated-tie"]
    assert frustrated == [("ita", "ger"), ("rom", "ger")]
    # The Treaty of London (1915) settles Italy's contradiction; Romania's remains.
    after = analyse(al.whatif(scenario, ["italy-joins-entente"]).after.result.scenario)
    assert [s.actors for s in after.stress if s.kind == "frustrated-tie"] == [("rom", "ger")]


def test_karabakh_2020_the_war_camps_and_russia_turning_to_azerbaijan_after_the_ceasefire() -> None:
    scenario = al.load(EXAMPLES / "karabakh-2020.yaml")
    during = analyse(at(scenario, "2020-10-15"))
    assert camps(during.view("war")) == {
        frozenset({"aze", "tur", "isr", "sna"}),
        frozenset({"arm", "nkr", "rus", "irn"}),
    }
    assert frozenset({"aze", "tur"}) in camps(during.view("talks"))
    # The ceasefire Russia brokered puts it beside Azerbaijan and Turkey in the talks, apart
    # from the other Minsk Group co-chairs; at the front it still stands with Armenia.
    after = analyse(at(scenario, "2020-12-01"))
    talks = after.view("talks")
    assert talks.camp_of("rus") == talks.camp_of("aze") == talks.camp_of("tur")
    assert talks.camp_of("fra") == talks.camp_of("usa") == talks.camp_of("arm")
    assert after.view("war").camp_of("rus") == after.view("war").camp_of("arm")
    # Its friendship with Azerbaijan across the front lines is the lead contradiction, and
    # in the talks it is torn between the two camps.
    lead = after.stress[0]
    assert lead.kind == "frustrated-tie" and lead.actors == ("rus", "aze")
    torn = [s for s in after.stress if s.kind == "torn-actor" and s.actors == ("rus",)]
    assert torn and torn[0].theaters == ("talks",)
    line = al.timeline(scenario, theater="talks").to_dict()
    assert [(m["slice"], m["actor"]) for m in line["moves"]] == [("2020-11-10", "rus")]


def test_ukraine_germany_turns_from_nord_stream_and_turkey_keeps_russia_as_a_friend() -> None:
    scenario = al.load(EXAMPLES / "ukraine-2014-2022.yaml")
    before = analyse(at(scenario, "2021-06-01"))
    # Nord Stream 2: Germany stands with Russia on gas and with Ukraine's backers in the war,
    # so the overall view cannot place it, and says why.
    energy, war = before.view("energy"), before.view("donbas")
    assert energy.camp_of("deu") == energy.camp_of("rus") != energy.camp_of("ukr")
    assert war.camp_of("deu") == war.camp_of("ukr") == war.camp_of("usa")
    assert [s.actor for s in before.overall.optima.swing] == ["deu"]
    assert ("deu", "rus") in {(p.a, p.b) for p in before.splits}
    kinds = [(s.kind, set(s.actors)) for s in before.stress[:4]]
    assert ("cross-theater", {"deu", "rus"}) in kinds
    # After the invasion: Germany with the West everywhere, Belarus with Russia, Turkey
    # with Ukraine in the Black Sea yet still friendly to Russia, the lead contradiction.
    after = analyse(at(scenario, "2022-12-01"))
    for view in after.theaters:
        if "deu" in view.camp_index:
            assert view.camp_of("deu") == view.camp_of("usa") != view.camp_of("rus")
    assert after.view("donbas").camp_of("blr") == after.view("donbas").camp_of("rus")
    sea = after.view("black-sea")
    assert sea.camp_of("tur") == sea.camp_of("ukr") and sea.camp_of("irn") == sea.camp_of("rus")
    lead = after.stress[0]
    assert lead.kind == "frustrated-tie" and lead.actors == ("tur", "rus")
    line = al.timeline(scenario, theater="energy").to_dict()
    assert [(m["slice"], m["actor"]) for m in line["moves"]] == [("2022-02-22", "deu")]
