"""Compressed inputs (published networks come as .gz or .zip): read as the text inside, told
apart by their first bytes, decompressed no further than the size limit, and refused in one
line when damaged, never read short."""

from __future__ import annotations

import gzip
import json
import subprocess
import zipfile
from pathlib import Path

from conftest import BUNDLED, alliances_command, invoke, run_process

from alliances_cli import exitcodes

EDGES = "source,target,sign\na,b,1\nb,c,-1\na,c,-1\nc,d,1\n"


def _json(*args: str) -> dict[str, object]:
    done = invoke(*args, "-f", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_gzip_and_zip_read_as_the_file_inside(tmp_path: Path) -> None:
    plain = tmp_path / "net.csv"
    plain.write_text(EDGES, encoding="utf-8")
    packed = tmp_path / "net.csv.gz"
    packed.write_bytes(gzip.compress(EDGES.encode()))
    zipped = tmp_path / "net.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("net.csv", EDGES)
    expected = _json("show", str(plain))
    for path in (packed, zipped):
        found = _json("show", str(path))
        assert found["theaters"] == expected["theaters"]
    assert _json("show", str(packed))["scenario"]["id"] == "net"  # type: ignore[index]
    scenario = tmp_path / "bundled.yaml.gz"
    scenario.write_bytes(gzip.compress(BUNDLED.read_bytes()))
    assert invoke("show", str(scenario)).stdout == invoke("show", str(BUNDLED)).stdout
    # Standard input: told apart by content, not by a name.
    piped = subprocess.run(
        [alliances_command(), "show", "-", "-f", "json"],
        input=gzip.compress(EDGES.encode()),
        capture_output=True,
        check=True,
    )
    assert json.loads(piped.stdout)["theaters"] == expected["theaters"]


def test_a_damaged_or_ambiguous_archive_is_one_line_and_never_read_short(tmp_path: Path) -> None:
    whole = gzip.compress(("source,target,sign\n" + "a,b,1\n" * 2000).encode())
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", EDGES)
        archive.writestr("b.csv", EDGES)
    stored = tmp_path / "stored.zip"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("net.csv", EDGES)
    damaged = tmp_path / "damaged.zip"
    data = stored.read_bytes()
    at = data.index(b"b,c,-1")
    damaged.write_bytes(data[:at] + b"b,c,+1" + data[at + 6 :])  # its checksum no longer fits
    for path, said in (
        (cut, "not a readable gzip file (Compressed file ended before the end-of-stream"),
        (two, "a zip archive of 2 files; give it one file, or unzip it and name the file"),
        (damaged, "not a readable zip file (Bad CRC-32"),
    ):
        done = invoke("show", str(path))
        assert done.returncode == exitcodes.INVALID_INPUT and done.stdout == ""
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"{path}: {said}")


def test_a_small_archive_cannot_unpack_past_the_size_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.csv.gz"
    bomb.write_bytes(gzip.compress(b"source,target,sign\n" + b"a,b,1\n" * 400_000))  # 2.4 MB
    assert bomb.stat().st_size < 10_000
    done = run_process("show", str(bomb), env={"ALLIANCES_MAX_FILE_MB": "1"})
    assert done.returncode == exitcodes.INVALID_INPUT
    assert done.stderr == (
        f"{bomb}: larger than the limit of 1 megabytes once decompressed; "
        "set ALLIANCES_MAX_FILE_MB to a larger number to allow more\n"
    )


def test_a_problem_inside_an_archive_is_placed_in_the_text_inside(tmp_path: Path) -> None:
    packed = tmp_path / "net.csv.gz"
    packed.write_bytes(gzip.compress(b"source,target,sign\na,b,1\nb,c,maybe\n"))
    done = invoke("validate", str(packed))
    assert done.returncode == exitcodes.INVALID_INPUT
    assert done.stdout.startswith(f"{packed}:3:5: ")
