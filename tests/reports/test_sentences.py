"""Operations said in words (reports/describe.py), as `events` and `whatif` print them."""

from __future__ import annotations

from alliances_cli.reports.describe import describe
from alliances_cli.scenario.model import ApplyEvent, Exclude, Include, Remove, SetTie, ShiftTie


def test_each_operation_reads_as_what_it_does() -> None:
    assert describe(Exclude("turkey", "mosul")) == "exclude turkey from mosul"
    assert describe(Exclude("turkey", None)) == "exclude turkey from every theater"
    assert describe(Remove("is")) == "remove is entirely"
    assert describe(Include("russia", "mosul")) == "bring russia into mosul"
    assert describe(ApplyEvent("e")) == "apply event e"
    assert describe(SetTie("us", "turkey", 0.6, None, "mosul")).startswith(
        "set us–turkey to stance"
    )
    assert describe(ShiftTie("russia", "turkey", -0.2, None)) == (
        "shift russia–turkey by -0.20 everywhere"
    )
