"""Every format of every command: the documented tables and columns, JSON and YAML alike."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest
import yaml
from conftest import ROOT, run
from shell import COMMANDS

DOCUMENTED = ROOT / "docs" / "output.md"


def documented_tables() -> dict[str, dict[str, list[str]]]:
    """Command -> table -> columns, from the lines '- `cmd` table `name`: `a`, `b`, ...'."""
    found: dict[str, dict[str, list[str]]] = {}
    pattern = re.compile(r"^- `(\w+)` table `(\w+)`: (.+)$")
    for line in DOCUMENTED.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line)
        if match:
            listed = match.group(3).split(" (")[0]  # remarks follow in parentheses
            columns = re.findall(r"`(\w+)`", listed)
            found.setdefault(match.group(1), {})[match.group(2)] = columns
    return found


TABLES = documented_tables()


def test_every_result_command_has_its_tables_documented() -> None:
    assert set(TABLES) == set(COMMANDS)


@pytest.mark.parametrize(
    ("command", "table"),
    [(c, t) for c, tables in TABLES.items() for t in tables],
)
def test_csv_tsv_and_ndjson_follow_the_documented_columns(command: str, table: str) -> None:
    columns = TABLES[command][table]
    as_csv = run(*COMMANDS[command], "--format", "csv", "--table", table)
    assert as_csv.returncode == 0, as_csv.stderr
    reader = csv.reader(io.StringIO(as_csv.stdout))
    assert next(reader) == columns
    as_tsv = run(*COMMANDS[command], "--format", "tsv", "--table", table)
    assert as_tsv.stdout.splitlines()[0].split("\t") == columns
    as_ndjson = run(*COMMANDS[command], "--format", "ndjson", "--table", table)
    for line in as_ndjson.stdout.splitlines():
        assert list(json.loads(line)) == columns
    assert len(as_ndjson.stdout.splitlines()) == len(as_csv.stdout.splitlines()) - 1 or (
        "\n" in as_csv.stdout.split("\n", 1)[1].replace("\r", "")  # quoted multi-line cells
    )


@pytest.mark.parametrize("command", list(COMMANDS))
def test_json_and_yaml_carry_the_same_document(command: str) -> None:
    as_json = run(*COMMANDS[command], "--format", "json")
    as_yaml = run(*COMMANDS[command], "--format", "yaml")
    assert as_json.returncode == 0 and as_yaml.returncode == 0
    document = json.loads(as_json.stdout)
    assert document == yaml.safe_load(as_yaml.stdout)
    assert document.get("schema", "").startswith("alliances/")


def test_filters_of_the_query_commands() -> None:
    us = json.loads(run("ties", "--actor", "us", "--theater", "aleppo", "-f", "json").stdout)
    assert us["ties"] and all("us" in (t["a"], t["b"]) for t in us["ties"])
    assert all(t["theater"] == "aleppo" for t in us["ties"])
    pair = json.loads(run("ties", "-a", "us", "-a", "iran", "-f", "json").stdout)["ties"]
    assert {t["theater"] for t in pair} == {None, "mosul", "aleppo"}
    negative = json.loads(run("ties", "--sign", "negative", "-f", "json").stdout)["ties"]
    assert negative and all(t["stance"] < 0 for t in negative)
    mosul = json.loads(run("actors", "--theater", "mosul", "-f", "json").stdout)["actors"]
    assert [a["id"] for a in mosul] == ["us", "turkey", "iran", "iraq", "pmf", "is"]
    nato = json.loads(run("actors", "--tag", "nato", "-f", "json").stdout)["actors"]
    assert [a["id"] for a in nato] == ["us", "turkey"]


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_an_unknown_table_is_a_usage_error_that_names_the_tables(fmt: str) -> None:
    result = run("show", "--table", "stres", "--format", fmt)
    assert result.returncode == 2 and result.stdout == ""
    assert "no table 'stres'; did you mean 'stress'?" in result.stderr
    assert "? This command has: coalitions, stress, ties, balance" in result.stderr


def test_a_table_picks_one_table_in_text_and_cannot_apply_to_json() -> None:
    text = run("show", "--table", "balance")
    assert text.returncode == 0
    assert text.stdout.splitlines()[1].split() == [
        "theater",
        "frustration",
        "normalised_frustration",
        "total_weight",
        "triangles",
        "balanced_triangles",
        "optimal",
        "method",
        "lower_bound",
        "optima",
        "optima_exact",
    ]
    assert "Coalitions" not in text.stdout
    refused = run("show", "--table", "balance", "-f", "json")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "json holds every table" in refused.stderr


@pytest.mark.parametrize(
    ("command", "tables"),
    [
        ("show", "coalitions, stress, ties, balance"),
        ("whatif", "moves, frustration, stress, ties"),
        ("sweep", "outcomes, interactions, order"),
        ("robust", "actors, pairs, camps, frustration, partitions, tipping"),
    ],
)
def test_help_lists_each_commands_tables(command: str, tables: str) -> None:
    assert f"Tables: {tables}." in run(command, "--help").stdout


@pytest.mark.parametrize(
    "args",
    [["show"], ["show", "--evidence"], ["whatif", "turkey-exclusion"], ["sweep"], ["events"]],
    ids=" ".join,
)
def test_markdown_is_the_text_report_as_a_document(args: list[str]) -> None:
    text = run(*args).stdout
    markdown = run(*args, "-f", "markdown").stdout
    # The same words in the same numbers: nothing dropped, nothing said twice.
    words = lambda s: Counter(re.findall(r"\w+", s))  # noqa: E731
    assert words(markdown.replace("<br>", "\n")) == words(text)  # a cell's lines, kept apart
    lines = markdown.splitlines()
    assert lines[0] == "# Curious alliances amid the Mosul operation"
    headings = [line[3:] for line in lines if line.startswith("## ")]
    titles = [line.strip() for line in text.splitlines() if line and not line.startswith(" ")]
    assert headings and all(any(t.startswith(h) for t in titles) for h in headings)
    if args[0] == "show":
        assert "| Theater | Camp | Members |" in lines
        assert "| Theater | Frustration | Normalised | Balanced triangles | Partition |" in lines
        assert headings[:2] == ["Coalitions", "Several optima"]
    if args[0] == "whatif":
        at = lines.index("## What if")
        assert lines[at + 2 : at + 5] == [
            "1. turkey-exclusion: Turkey kept out of Mosul",
            "   - exclude turkey from mosul",
            "   - shift russia–turkey by +0.20 everywhere",
        ]


def test_markdown_listings_have_human_column_names() -> None:
    lines = run("scenarios", "-f", "markdown").stdout.splitlines()
    assert "## Scenarios" in lines
    assert lines[lines.index("## Scenarios") + 2].startswith("| Name | Title | As of |")
