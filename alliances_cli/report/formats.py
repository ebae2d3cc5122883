"""One set of machine formats for every command: json, ndjson, csv, tsv, yaml, markdown.

A command's result is a JSON document plus named tables of rows. Document formats (json, yaml)
print the document; row formats (ndjson, csv, tsv) print one table, chosen with `--table`
(the first is the default); markdown prints every table, a report to paste into a document.
None of them goes through Rich, so nothing wraps and no escape code is ever written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from alliances_cli.scenario.record import record

FORMATS = ("text", "json", "ndjson", "csv", "tsv", "yaml", "markdown")
ROW_FORMATS = ("ndjson", "csv", "tsv")


@record()
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@record()
class Result:
    """What a command found: a document for json/yaml, tables for the row formats."""

    title: str
    document: dict[str, Any]
    tables: tuple[Table, ...] = ()

    def table(self, name: str | None) -> Table:
        if name is None:
            return self.tables[0]
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    @property
    def table_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)


def to_json(data: Any) -> str:
    """Indented, key order as built, non-ASCII kept: the same input gives the same bytes."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def cell(value: Any) -> str:
    """A value in a CSV/TSV/Markdown cell: lists joined by spaces, null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(cell(v) for v in value)
    return str(value)


def _delimited(table: Table, delimiter: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_one_line(cell(v)) if delimiter == "\t" else cell(v) for v in row])
    return buffer.getvalue()


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split()) if ("\n" in text or "\t" in text) else text


def _markdown(result: Result, only: str | None = None) -> str:
    from alliances_cli.report.markdown import escape, human

    lines = [f"# {escape(result.title)}", ""]
    for table in result.tables:
        if only is not None and table.name != only:
            continue
        lines += [f"## {human(table.name)}", ""]
        if not table.rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(escape(human(c)) for c in table.columns) + " |")
        lines.append("|" + "|".join(" --- " for _ in table.columns) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(escape(cell(v)) for v in row) + " |")
        lines.append("")
    return "\n".join(lines)


def render(result: Result, fmt: str, table: str | None = None) -> str:
    """The result in a machine format (everything but `text`)."""
    if fmt == "json":
        return to_json(result.document)
    if fmt == "yaml":
        import yaml

        return str(yaml.safe_dump(result.document, sort_keys=False, allow_unicode=True, width=1000))
    if fmt == "markdown":
        return _markdown(result, table)
    chosen = result.table(table)
    if fmt == "ndjson":
        import json

        return "".join(
            json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
            for record in chosen.records()
        )
    if fmt in ("csv", "tsv"):
        return _delimited(chosen, "," if fmt == "csv" else "\t")
    raise ValueError(f"unknown format {fmt!r}")


def table(name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    return Table(name, tuple(columns), [tuple(r) for r in rows])
