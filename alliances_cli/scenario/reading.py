"""Reading a file's bytes as people's files come: size limits, UTF-8 and nothing binary,
gzip and zip (published networks come compressed) told apart by their first bytes.

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


GZIP, ZIP = b"\x1f\x8b", b"PK\x03\x04"
#: What a compressed name ends with; the name without it says the format (`x.csv.gz`).
COMPRESSED_SUFFIXES = (".gz", ".zip")


def plain_name(path: str) -> str:
    """The name without a compression suffix: `net.csv.gz` -> `net.csv`."""
    lower = path.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix):
            return path[: -len(suffix)]
    return path


def unpack(data: bytes, path: str) -> bytes:
    """The text inside gzip or zip data (a zip of one file), decompressed no further than the
    file size limit, so that a small bomb cannot fill the memory; other data as it is."""
    if not data.startswith((GZIP, ZIP)):
        return data
    import io

    from alliances_cli.scenario import limits

    allowed = limits.max_file_bytes()

    def fail(message: str) -> ScenarioError:
        return ScenarioError([Problem(path, None, message)])

    try:
        if data.startswith(GZIP):
            import gzip

            with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
                # Short of the limit this reads to the end, where a truncated file raises.
                text = packed.read(allowed + 1)
        else:
            import zipfile

            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                files = [i for i in archive.infolist() if not i.is_dir()]
                if len(files) != 1:
                    raise fail(
                        f"a zip archive of {len(files)} files; give it one file, or unzip it "
                        "and name the file"
                    )
                with archive.open(files[0]) as member:
                    text = member.read(allowed + 1)  # to the end: the checksum is compared
    except ScenarioError:
        raise
    except Exception as exc:  # zlib.error, BadZipFile, EOFError, OSError: all one refusal
        kind = "gzip" if data.startswith(GZIP) else "zip"
        raise fail(f"not a readable {kind} file ({exc}); check that it was copied whole") from None
    if len(text) > allowed:
        megabytes = allowed // (1024 * 1024)
        raise fail(
            f"larger than the limit of {megabytes:,} megabytes once decompressed; "
            f"{limits.lift(limits.FILE_MB)}"
        )
    return text


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), refusing binary data with a message that says so;
    gzip or zip data is decompressed first."""
    data = unpack(data, path)
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
