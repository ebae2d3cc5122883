"""What a command prints, as the API renders it (api/output.py)."""

from __future__ import annotations

import alliances_cli as al
from alliances_cli.api import output


def test_a_record_without_a_report_of_its_own_prints_its_tables_under_its_title() -> None:
    listed = al.list_actors(al.load(), theater="aleppo").output()
    assert not listed.has_report
    lines = output.plain(listed.report()).splitlines()
    assert lines[0] == "Curious alliances amid the Mosul operation: actors"
    assert any(line.split()[:1] == ["russia"] for line in lines)


def test_the_report_and_the_machine_forms_come_from_the_same_record() -> None:
    shown = al.analyse(al.load(), theater="aleppo").output(top=1)
    assert shown.has_report
    text = output.plain(shown.report())
    document = "".join(output.machine(shown.result(), "json"))
    assert '"schema": "alliances/show/2"' in document
    # Both list one stress point (--top 1); the JSON says how many there are in all.
    assert text.count("\n 1  ") == 1 and "\n 2  " not in text
    assert '"stress_total": 5' in document
    assert "".join(output.machine(shown.result(), "csv", "stress")).count("\n") == 2
    assert output.markdown(shown.report()).startswith("# Curious alliances")


def test_user_text_is_printed_with_its_controls_escaped() -> None:
    assert output.printable("plain") == "plain"
    assert output.printable("\u202eevil\nline") == "\\u202eevil\\x0aline"
