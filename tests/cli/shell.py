"""Helpers the command-line tests share: published networks, documented tables, terminals."""

from __future__ import annotations

import os
from pathlib import Path

# Every command that prints results, with arguments that make it succeed.
COMMANDS = {
    "show": ["show"],
    "whatif": ["whatif", "mosul-aleppo-2016", "turkey-exclusion", "sanctions-relief"],
    "events": ["events"],
    "sweep": ["sweep", "--max-events", "2"],
    "robust": ["robust", "--samples", "50", "--actor", "turkey"],
    "levers": ["levers", "--move", "turkey", "--to", "us", "--theater", "aleppo"],
    "scenarios": ["scenarios"],
    "actors": ["actors"],
    "ties": ["ties"],
}


def many_events_scenario(events: int = 14) -> str:
    actors = [f"a{i}" for i in range(24)]
    lines = ["id: big", "title: big", "actors:"]
    lines += [f"  - {{id: {a}}}" for a in actors]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(actors)}]}}", "ties:"]
    for i, a in enumerate(actors):
        for j in range(i + 1, len(actors)):
            stance = 0.7 if (i % 3) == (j % 3) else -0.6
            lines.append(f"  - {{between: [{a}, {actors[j]}], stance: {stance}}}")
    lines.append("events:")
    for k in range(events):
        lines.append(f"  - {{id: e{k}, do: [{{shift: [a{k}, a{k + 1}], by: 0.5}}]}}")
    return "\n".join(lines) + "\n"


class Terminal:
    """A pseudo-terminal read while a command runs (a full terminal buffer would stop it)."""

    def __init__(self, columns: int = 0, rows: int = 0) -> None:
        import threading

        self.leader, self.follower = os.openpty()
        if columns and rows:
            import fcntl
            import struct
            import termios

            size = struct.pack("HHHH", rows, columns, 0, 0)
            fcntl.ioctl(self.follower, termios.TIOCSWINSZ, size)
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._drain)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:  # the terminal is closed and drained
                return
            if not chunk:
                return
            self.chunks.append(chunk)

    def shown(self) -> str:
        """Close the terminal; what it showed."""
        os.close(self.follower)
        self.reader.join(timeout=10)
        os.close(self.leader)
        return b"".join(self.chunks).decode()


def dense_network(tmp_path: Path, actors: int, ties: int, seed: int) -> Path:
    """Random +-1 ties: the hardest hand-sized views for the exact search."""
    import random

    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < ties:
        a, b = sorted(rng.sample(range(actors), 2))
        pairs.add((a, b))
    path = tmp_path / f"dense{actors}.csv"
    rows = [f"x{a},x{b},{rng.choice([1, -1])}" for a, b in sorted(pairs)]
    path.write_text("source,target,sign\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path
