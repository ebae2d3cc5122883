"""A large document's long lists of records, written straight to one-line JSON.

`data.py` builds the documented shapes as dicts; on a million ties, building a dict per
record and then encoding it took 5.8 s, where writing each record from a template takes 2.5 s.
These writers give the very bytes the encoder gives for the same records (the tests compare
them), and each leaves a record that the writer must outline (a list of more than
`formats.ONE_LINE_MAX` items) as data, for `formats.py` to outline as it would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from alliances_cli.report.data import _num, evidence_data, stress_data
from alliances_cli.report.formats import ONE_LINE_MAX, Lines

if TYPE_CHECKING:
    from alliances_cli.engine.analysis import Analysis, TieView
    from alliances_cli.engine.stress import Stress, TieRef

_INFINITY = float("inf")

TIE = (
    '{"actors": [%s, %s], "stance": %s, "confidence": %s, "weight": %s, "pressure": %s, '
    '"frustrated": %s, "theaters": %s}'
)
STRESS_TIE = '{"actors": [%s, %s], "theater": %s, "stance": %s, "weight": %s}'
STRESS = (
    '{"kind": %s, "actors": %s, "theaters": %s, "severity": %s, "stake": %s, "summary": %s, '
    '"ties": [%s]%s, "evidence": %s}'
)


def number(value: float) -> str:
    """`data._num(value)` as JSON writes it; like the encoder, no NaN or infinity."""
    if not -_INFINITY < value < _INFINITY:
        raise ValueError(f"{value!r} cannot be written as JSON")
    return repr(_num(value))


class _Texts:
    """The JSON of names and of repeated numbers, each worked out once."""

    def __init__(self) -> None:
        from json.encoder import encode_basestring

        self.quote = encode_basestring
        self._names: dict[str, str] = {}
        self._numbers: dict[float, str] = {}
        self._lists: dict[tuple[str, ...], str] = {}

    def name(self, text: str | None) -> str:
        if text is None:
            return "null"
        found = self._names.get(text)
        if found is None:
            found = self._names[text] = self.quote(text)
        return found

    def number(self, value: float) -> str:
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = number(value)
        return found

    def names(self, texts: tuple[str, ...]) -> str:
        found = self._lists.get(texts)
        if found is None:
            found = self._lists[texts] = f"[{', '.join(self.name(t) for t in texts)}]"
        return found


def tie_lines(ties: Sequence[TieView]) -> Lines:
    """A view's tie records (`data.view_data`)."""
    texts = _Texts()
    name, repeated = texts.name, texts.number
    return Lines(
        [
            TIE
            % (
                name(t.a),
                name(t.b),
                repeated(t.stance),
                repeated(t.confidence),
                repeated(t.weight),
                repeated(t.pressure),  # 0 for most ties: those in no triangle
                "true" if t.frustrated else "false",
                texts.names(t.theaters),
            )
            for t in ties
        ]
    )


def stress_lines(analysis: Analysis, stress: Sequence[Stress]) -> Lines:
    """Stress point records (`data.stress_data`)."""
    texts = _Texts()
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


def _stress_line(analysis: Analysis, stress: Stress, texts: _Texts, facets: bool) -> str:
    from alliances_cli.report.stress import summary

    name, repeated = texts.name, texts.number
    parts = [_tie(t, name, repeated) for t in stress.ties]
    inner = ""
    if facets:
        written = (_stress_line(analysis, f, texts, False) for f in stress.facets)
        inner = f', "facets": [{", ".join(written)}]'
    return STRESS % (
        name(stress.kind),
        texts.names(stress.actors),
        texts.names(stress.theaters),
        number(stress.severity),
        number(stress.stake),
        texts.quote(summary(analysis, stress)),
        ", ".join(parts),
        inner,
        _evidence(stress) if stress.evidence else "[]",
    )


def _tie(tie: TieRef, name: Any, repeated: Any) -> str:
    return STRESS_TIE % (
        name(tie.a),
        name(tie.b),
        name(tie.theater),
        repeated(tie.stance),
        repeated(tie.weight),
    )


def _evidence(stress: Stress) -> str:
    import json

    return json.dumps(
        evidence_data(stress), ensure_ascii=False, allow_nan=False, separators=(", ", ": ")
    )
