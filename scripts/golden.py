"""Golden outputs: record what every command prints on known inputs, then check it again.

A restructuring must not change one byte of what users see. Record before moving code, check
after every step:

    python scripts/golden.py record /tmp/golden      # at the commit you trust
    python scripts/golden.py check /tmp/golden       # after the change: exit 1 on any difference

Each case runs the installed `alliances` command in a subprocess (no colour, a fixed width)
and keeps its exit code, its stdout and every file it writes. The inputs are the bundled
scenario, the docs' examples and, when `../shared/data/signed-networks` is beside the
checkout, the published networks (Highland tribes, Correlates of War windows).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "signed-networks"
BUNDLED = "scenarios/mosul-aleppo-2016.yaml"
TOY = "docs/examples/toy-straits.yaml"
DATED = "docs/examples/turkey-turns-2016.yaml"
TABLE_FORMATS = ("json", "csv", "markdown", "yaml", "ndjson")


def cases() -> dict[str, list[str]]:
    """Case name -> arguments of `alliances`; `{out}` stands for a file the case writes."""
    found: dict[str, list[str]] = {}
    for name, path in (("bundled", BUNDLED), ("toy", TOY), ("dated", DATED)):
        found[f"show-{name}"] = ["show", path]
        found[f"show-{name}-evidence"] = ["show", path, "--evidence", "-n", "0"]
        found[f"show-{name}-2"] = ["show", path, "--camps", "2"]
        for fmt in TABLE_FORMATS:
            found[f"show-{name}-{fmt}"] = ["show", path, "-f", fmt]
        found[f"ties-{name}"] = ["ties", path, "-f", "csv"]
        found[f"actors-{name}"] = ["actors", path]
        found[f"events-{name}"] = ["events", path]
        found[f"graph-{name}-dot"] = ["graph", path, "-f", "dot", "--overall", "-o", "{out}"]
        found[f"graph-{name}-graphml"] = ["graph", path, "-f", "graphml", "-o", "{out}"]
        found[f"graph-{name}-gexf"] = ["graph", path, "-f", "gexf", "-o", "{out}"]
        found[f"graph-{name}-svg"] = ["graph", path, "--overall", "-o", "{out}.svg"]
        found[f"report-{name}"] = ["report", path, "-s", "50", "-o", "{out}.html"]
        found[f"robust-{name}"] = ["robust", path, "-s", "200", "-j", "1"]
        found[f"robust-{name}-json"] = ["robust", path, "-s", "200", "-j", "1", "-f", "json"]
        found[f"validate-{name}"] = ["validate", path]
    b = BUNDLED
    found["whatif-bundled"] = ["whatif", b, "turkey-exclusion"]
    found["whatif-bundled-two"] = ["whatif", b, "turkey-exclusion", "sanctions-relief"]
    for fmt in TABLE_FORMATS:
        found[f"whatif-bundled-{fmt}"] = ["whatif", b, "turkey-joins-mosul", "-f", fmt]
    found["whatif-bundled-save"] = ["whatif", b, "is-falls-in-iraq", "--save", "{out}.yaml"]
    found["whatif-toy"] = ["whatif", TOY, "both"]
    found["sweep-bundled"] = ["sweep", b, "-j", "1"]
    found["sweep-bundled-json"] = ["sweep", b, "-j", "1", "-f", "json", "-m", "2"]
    found["sweep-toy-csv"] = ["sweep", TOY, "-j", "1", "-f", "csv"]
    found["robust-bundled-actor"] = ["robust", b, "-s", "100", "-j", "1", "--actor", "turkey"]
    found["robust-bundled-bootstrap"] = [
        *("robust", b, "-s", "100", "-j", "1", "--noise", "bootstrap", "-f", "json"),
    ]
    found["robust-bundled-event"] = ["robust", b, "turkey-exclusion", "-s", "100", "-j", "1"]
    found["robust-bundled-heatmap"] = [
        *("robust", b, "-s", "50", "-j", "1", "--heatmap", "{out}.svg"),
    ]
    found["graph-bundled-compare"] = [
        *("graph", b, "turkey-exclusion", "--compare", "-o", "{out}.svg"),
    ]
    found["timeline-dated"] = ["timeline", DATED]
    found["timeline-dated-every"] = ["timeline", DATED, "--every", "3m"]
    found["timeline-dated-json"] = ["timeline", DATED, "--every", "3m", "-f", "json"]
    found["timeline-dated-picture"] = [
        *("timeline", DATED, "--every", "3m", "--picture", "{out}.svg"),
    ]
    found["show-dated-asof"] = ["show", DATED, "--as-of", "2016-06", "-f", "json"]
    found["import-events-gdelt"] = [
        *("import-events", "docs/examples/gdelt-2016.tsv", "-m", "docs/examples/cameo-map.csv"),
    ]
    found["import-events-gdelt-window"] = [
        *("import-events", "docs/examples/gdelt-2016.tsv", "-m", "docs/examples/cameo-map.csv"),
        *("-w", "1m"),
    ]
    found["scenarios"] = ["scenarios"]
    found["schema"] = ["schema"]
    found["help"] = ["--help"]
    for command in ("show", "whatif", "robust", "timeline", "report", "graph", "import-events"):
        found[f"help-{command}"] = [command, "--help"]
    for broken in sorted((ROOT / "tests" / "broken").glob("*.yaml")):
        found[f"validate-broken-{broken.stem}"] = ["validate", str(broken.relative_to(ROOT))]
    if SHARED.is_dir():
        highland = str(SHARED / "highland-tribes.csv")
        found["show-highland"] = ["show", highland]
        found["show-highland-json"] = ["show", highland, "-f", "json"]
        found["show-highland-2"] = ["show", highland, "--camps", "2", "-f", "json"]
        found["import-highland"] = ["import", highland]
        found["robust-highland"] = ["robust", highland, "-s", "100", "-j", "1", "-f", "json"]
        windows = sorted((SHARED / "cow").glob("*.csv"))
        for window in windows[::5]:
            found[f"show-cow-{window.stem}"] = ["show", str(window), "-f", "json"]
            found[f"show-cow-{window.stem}-text"] = ["show", str(window), "--camps", "2"]
        found["timeline-cow"] = ["timeline", *map(str, windows[::4]), "-f", "json"]
        found["timeline-cow-text"] = ["timeline", *map(str, windows[::4])]
    return found


def run(name: str, args: list[str], into: Path) -> None:
    """Run one case; keep its exit code, stdout, stderr and written file under `into/name`."""
    case = into / name
    case.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        argv = [a.replace("{out}", str(out)) for a in args]
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}
        done = subprocess.run(
            ["alliances", *argv], cwd=ROOT, env=env, capture_output=True, timeout=600
        )
        (case / "code").write_text(f"{done.returncode}\n")
        (case / "stdout").write_bytes(done.stdout)
        # Messages name the scratch file; keep them comparable.
        (case / "stderr").write_bytes(done.stderr.replace(scratch.encode(), b"SCRATCH"))
        for written in sorted(Path(scratch).iterdir()):
            data = written.read_bytes().replace(scratch.encode(), b"SCRATCH")
            (case / f"file{written.suffix or '.out'}").write_bytes(data)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    verb, target = argv[0], Path(argv[1])
    found = cases()
    into = target if verb == "record" else Path(tempfile.mkdtemp(prefix="golden-"))
    if verb == "record" and into.exists():
        shutil.rmtree(into)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for future in [pool.submit(run, n, a, into) for n, a in found.items()]:
            future.result()
    if verb == "record":
        print(f"recorded {len(found)} cases in {into}", file=sys.stderr)
        return 0
    expected, actual = digest(target), digest(into)
    differ = sorted(k for k in expected.keys() | actual.keys() if expected.get(k) != actual.get(k))
    for key in differ:
        print(f"differs: {key}  (diff -r {target / key} {into / key})")
    print(f"{len(found)} cases, {len(differ)} files differ", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
