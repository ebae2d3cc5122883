"""Reading a file's bytes as people's files come: size limits, UTF-8 and nothing binary.

Every input (scenarios, edge lists, actor files, events files, maps) is read here, so every one
gets the same plain one-line refusals.
"""

from __future__ import annotations

from typing import BinaryIO

from alliances_cli.scenario.errors import ScenarioError
from alliances_cli.scenario.positions import Pos, Problem


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a ScenarioError that says plainly why they cannot be had."""
    import os

    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(path, None, message)])

    try:
        if os.path.isdir(path):
            raise fail("is a directory; give the path of a scenario file")
        with open(path, "rb") as handle:
            return read_limited(handle, path)
    except FileNotFoundError:
        raise fail("no such file; check the path (or run 'alliances scenarios')") from None
    except PermissionError:
        raise fail("permission denied; check the file's permissions") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None


def read_limited(handle: BinaryIO, path: str) -> bytes:
    """All of `handle` (a file or a pipe), refused past the file size limit."""
    from alliances_cli.scenario import limits

    allowed = limits.max_file_bytes()
    data = handle.read(allowed + 1)
    if len(data) > allowed:
        megabytes = allowed // (1024 * 1024)
        message = f"larger than the limit of {megabytes:,} megabytes; {limits.lift(limits.FILE_MB)}"
        raise ScenarioError([Problem(path, None, message)])
    return data


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), refusing binary data with a message that says so."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ScenarioError([Problem(path, None, "UTF-16 text; save the file as UTF-8")])
    if b"\0" in data:
        raise ScenarioError([Problem(path, None, "binary data (a NUL byte), not a text file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            [Problem(path, Pos(line, col), "not UTF-8 text; save the file as UTF-8")]
        ) from None
