"""The scenarios that ship with alliances, found both in a wheel and in a source checkout."""

from __future__ import annotations

from pathlib import Path

DEFAULT = "mosul-aleppo-2016"


def shipped(inside: str, checkout: str) -> Path:
    """A file or folder a wheel carries inside the package (`alliances_cli/<inside>`); an
    editable install runs from the checkout, where it sits at `<checkout>` from the top."""
    package = Path(__file__).resolve().parent.parent
    found = package / inside
    return found if found.exists() else package.parent / checkout


def scenario_dir() -> Path:
    """Where the bundled scenario files are (`scenarios/` at the top of a checkout)."""
    return shipped("scenarios", "scenarios")


def bundled() -> dict[str, Path]:
    """Bundled scenario name -> path, sorted by name."""
    folder = scenario_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def resolve(name_or_path: str | None) -> str:
    """The path to read: an existing file, a bundled scenario's name, or the default."""
    if name_or_path is None:
        return str(bundled().get(DEFAULT, scenario_dir() / f"{DEFAULT}.yaml"))
    if name_or_path == "-" or Path(name_or_path).exists():
        return name_or_path
    found = bundled().get(name_or_path)
    return str(found) if found else name_or_path
