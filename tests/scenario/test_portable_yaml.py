"""A file means the same whichever YAML reader is installed: PyYAML's own scanner, made to
read tabs (and byte-order marks) as libyaml does, against libyaml itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances_cli.scenario import yamldoc
from alliances_cli.scenario.portable_yaml import PortableLoader

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [
    ROOT / "scenarios" / "mosul-aleppo-2016.yaml",
    *sorted((ROOT / "docs" / "examples").glob("*.yaml")),
]

needs_libyaml = pytest.mark.skipif(
    not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml"
)


def _outcome(text: str, loader: type[yaml.SafeLoader]) -> object:
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return "error"


def _both(text: str) -> tuple[object, object]:
    """What parsing makes of `text` with libyaml, and with PyYAML's own scanner only."""
    found = []
    saved = yamldoc._FAST
    for fast in (saved, None):
        yamldoc._FAST = fast
        try:
            found.append(yamldoc.parse(text)[0].data)
        except yamldoc.YamlError:
            found.append("error")
        finally:
            yamldoc._FAST = saved
    return found[0], found[1]


@pytest.mark.parametrize(
    "text",
    [
        "title: a\tb\n",
        "title: t\t# c\n",
        "id:\tt\n",
        "title: [a,\tb]\n",
        "k: 'q'\t\n",
        "k: a \t b\t\n",
        "k: a\n  \tb\n",
        "\tid: t\n",
        "a:\n\t- b\n",
        "k:\n  x: a\n  \ty: b\n",
    ],
)
@needs_libyaml
def test_tabs_read_as_libyaml_reads_them(text: str) -> None:
    assert _outcome(text, PortableLoader) == _outcome(text, yaml.CSafeLoader)


@needs_libyaml
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(
            st.floats(0, 1),
            st.sampled_from(["\t", " \t", "\t ", "\t#x", "\n\t", ":\t", "\t\n", "\ufeff"]),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_tabs_anywhere_in_a_scenario_read_the_same(
    seed: Path, edits: list[tuple[float, str]]
) -> None:
    text = seed.read_text(encoding="utf-8")
    for where, inserted in edits:
        at = int(where * len(text))
        text = text[:at] + inserted + text[at:]
    fast, portable = _both(text)
    assert fast == portable


def test_byte_order_marks_opening_lines_are_read_alike() -> None:
    """libyaml skips a byte-order mark that opens a line; so does parsing, for both readers."""
    fast, portable = _both("\ufeff\ufeff\ufeff# c\nid: t\n\ufefftitle: t\n")
    assert fast == portable == {"id": "t", "title": "t"}
