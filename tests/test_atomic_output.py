"""Outputs are complete or absent (alliances_cli/output.py): a failed write leaves no trace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliances_cli.output import OutputError, write_atomic, write_atomic_with


def test_a_file_is_written_whole_in_pieces_and_keeps_the_permissions_it_had(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(str(target), ["{", "\n", "}"])
    assert target.read_text(encoding="utf-8") == "{\n}"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary left


def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def half(path: str) -> None:
        Path(path).write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic_with(str(target), half)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_input_a_folder_and_a_missing_folder_are_refused_in_words(tmp_path: Path) -> None:
    source = tmp_path / "scenario.yaml"
    source.write_text("id: x\n", encoding="utf-8")
    link = tmp_path / "same.yaml"
    os.symlink(source, link)
    with pytest.raises(OutputError, match=r"it is an input of this command; .* --overwrite-input"):
        write_atomic(str(link), "x", inputs=[str(source)])
    assert source.read_text(encoding="utf-8") == "id: x\n"
    with pytest.raises(OutputError, match="it is a folder; give a file name"):
        write_atomic(str(tmp_path), "x")
    with pytest.raises(OutputError, match=r"there is no folder .*; create it first"):
        write_atomic(str(tmp_path / "nowhere" / "out.txt"), "x")
