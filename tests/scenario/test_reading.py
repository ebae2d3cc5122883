"""Reading an input's bytes (scenario/reading.py): one plain refusal per kind of bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.reading import decode, read_bytes, read_limited


def message(exc: pytest.ExceptionInfo[ScenarioError]) -> str:
    return str(exc.value)


def test_text_that_is_not_utf8_is_refused_with_where_and_how_to_fix_it() -> None:
    with pytest.raises(ScenarioError) as utf16:
        decode("id: x".encode("utf-16"), "f.yaml")
    assert message(utf16) == "f.yaml: UTF-16 text; save the file as UTF-8"
    with pytest.raises(ScenarioError) as binary:
        decode(b"id: x\0", "f.yaml")
    assert "binary data (a NUL byte)" in message(binary)
    with pytest.raises(ScenarioError) as latin:
        decode(b"id: x\ntitle: caf\xe9\n", "f.yaml")
    assert message(latin) == "f.yaml:2:11: not UTF-8 text; save the file as UTF-8"
    assert decode("\ufeffid: é".encode(), "f.yaml") == "id: é"  # a BOM is allowed


def test_a_missing_file_or_a_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        read_bytes(str(tmp_path / "nothing.yaml"))
    with pytest.raises(ScenarioError, match="is a directory"):
        read_bytes(str(tmp_path))


def test_a_file_over_the_size_limit_is_refused_with_the_variable_that_lifts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALLIANCES_MAX_FILE_MB", "1")
    assert read_limited(io.BytesIO(b"x" * 1024), "ok.yaml") == b"x" * 1024
    with pytest.raises(ScenarioError) as big:
        read_limited(io.BytesIO(b"x" * (1024 * 1024 + 1)), "big.yaml")
    assert "ALLIANCES_MAX_FILE_MB" in message(big)
