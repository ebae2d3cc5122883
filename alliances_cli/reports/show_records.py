"""A large document's long lists of records, written straight to one-line JSON.

`show_data.py` builds the documented shapes as dicts; on a million ties, building a dict per
record and then encoding it took 5.8 s, where writing each record from a template takes 2.5 s.
These writers give the very bytes the encoder gives for the same records (the tests compare
them), and each leaves a record that the writer must outline (a list of more than
`formats.ONE_LINE_MAX` items) as data, for `formats.py` to outline as it would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alliances_cli.reports.render.formats import ONE_LINE_MAX, Lines
from alliances_cli.reports.render.numbers import num
from alliances_cli.reports.show_data import ListWriters, evidence_data, stress_data, tie_records

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis
    from alliances_cli.engine.stress import Stress
    from alliances_cli.engine.view import TieView

_INFINITY = float("inf")

TIE = (
    '{"actors": [%s, %s], "stance": %s, "confidence": %s, "weight": %s, "pressure": %s, '
    '"frustrated": %s, "theaters": %s}'
)
STRESS_TIE = '{"actors": [%s, %s], "theater": %s, "stance": %s, "weight": %s}'
STRESS = (
    '{"kind": %s, "actors": %s, "theaters": %s, "severity": %s, "stake": %s, "summary": %s, '
    '"figures": %s, "ties": [%s]%s, "evidence": %s}'
)


def number(value: float) -> str:
    """`data.num(value)` as JSON writes it; like the encoder, no NaN or infinity."""
    if not -_INFINITY < value < _INFINITY:
        raise ValueError(f"{value!r} cannot be written as JSON")
    return repr(num(value))


class _Quoted(dict[Any, str]):
    """Names as JSON strings (None as null), each quoted on first use: a look-up is then a
    plain subscript, where a method call per name took a second of a million ties."""

    def __missing__(self, text: str | None) -> str:
        from json.encoder import encode_basestring

        found = self[text] = "null" if text is None else encode_basestring(text)
        return found


class _Numbers(dict[float, str]):
    """Repeated numbers (stances, weights, pressures of 0) as JSON, each written once."""

    def __missing__(self, value: float) -> str:
        found = self[value] = number(value)
        return found


class _Lists(dict[tuple[str, ...], str]):
    """Lists of names (a tie's theaters, a stress point's actors) as JSON."""

    def __init__(self, quoted: _Quoted) -> None:
        super().__init__()
        self.quoted = quoted

    def __missing__(self, texts: tuple[str, ...]) -> str:
        found = self[texts] = f"[{', '.join(self.quoted[t] for t in texts)}]"
        return found


def tie_lines(ties: Sequence[TieView]) -> Lines:
    """A view's tie records (`data.tie_records`)."""
    name, repeated = _Quoted(), _Numbers()
    names = _Lists(name)
    return Lines(
        [
            TIE
            % (
                name[t.a],
                name[t.b],
                repeated[t.stance],
                repeated[t.confidence],
                repeated[t.weight],
                repeated[t.pressure],  # 0 for most ties: those in no triangle
                "true" if t.frustrated else "false",
                names[t.theaters],
            )
            if len(t.theaters) <= ONE_LINE_MAX
            else tie_records([t])[0]  # an overall tie voted on in very many theaters
            for t in ties
        ]
    )


def stress_lines(analysis: Analysis, stress: Sequence[Stress]) -> Lines:
    """Stress point records (`data.stress_records`)."""
    name, repeated = _Quoted(), _Numbers()
    texts = (name, repeated, _Lists(name))
    return Lines(
        [
            stress_data(analysis, s) if _outlined(s) else _stress_line(analysis, s, texts, True)
            for s in stress
        ]
    )


def _outlined(stress: Stress) -> bool:
    return any(
        len(values) > ONE_LINE_MAX
        for values in (stress.actors, stress.theaters, stress.ties, stress.facets, stress.evidence)
    )


def _stress_line(
    analysis: Analysis, stress: Stress, texts: tuple[_Quoted, _Numbers, _Lists], facets: bool
) -> str:
    import json
    from json.encoder import encode_basestring

    from alliances_cli.reports.stress import figures, summary

    name, repeated, names = texts
    ties = ", ".join(
        [
            STRESS_TIE
            % (name[t.a], name[t.b], name[t.theater], repeated[t.stance], repeated[t.weight])
            for t in stress.ties
        ]
    )
    inner = ""
    if facets:
        written = [_stress_line(analysis, f, texts, False) for f in stress.facets]
        inner = f', "facets": [{", ".join(written)}]'
    return STRESS % (
        name[stress.kind],
        names[stress.actors],
        names[stress.theaters],
        number(stress.severity),
        number(stress.stake),
        encode_basestring(summary(analysis, stress)),
        json.dumps(figures(analysis, stress)),
        ties,
        inner,
        _evidence(stress) if stress.evidence else "[]",
    )


def _evidence(stress: Stress) -> str:
    import json

    return json.dumps(
        evidence_data(stress), ensure_ascii=False, allow_nan=False, separators=(", ", ": ")
    )


#: Both long lists written straight to JSON (`data.ListWriters`).
AS_LINES = ListWriters(tie_lines, stress_lines)
