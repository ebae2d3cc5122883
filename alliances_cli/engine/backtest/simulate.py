"""Series with a known answer, to check that the backtest finds skill where there is some and
none where there is none.

- `triads`: constrained triad dynamics (Antal, Krapivsky & Redner, Phys. Rev. E 72, 036121,
  2005) on a complete graph, from two camps with some signs flipped. An update picks an
  unbalanced triangle at random, then one of its ties, and flips that tie when it leaves
  fewer unbalanced triangles in the network (when as many, half the time). With
  probability `noise` an update flips a random tie instead, so the series never settles.
  Frustrated ties sit in unbalanced triangles, so they flip back: the skill to find.
- `random`: the same first network; between slices each tie flips with probability `rate`,
  whatever the balance: the backtest must find no skill.

Both return the ties of each slice as {(a, b): sign} with a < b, actors named a01, a02, ...
"""

from __future__ import annotations

import random
from itertools import combinations

Signs = dict[tuple[str, str], int]

DYNAMICS = ("triads", "random")


def actor_names(actors: int) -> list[str]:
    width = len(str(actors))
    return [f"a{i + 1:0{width}d}" for i in range(actors)]


def _first(actors: int, rng: random.Random, disorder: float) -> Signs:
    """Two camps (each actor's drawn at random), friends within and enemies across, with
    each tie's sign then flipped with probability `disorder`."""
    names = actor_names(actors)
    camp = {a: rng.random() < 0.5 for a in names}
    return {
        (a, b): (1 if camp[a] == camp[b] else -1) * (-1 if rng.random() < disorder else 1)
        for a, b in combinations(names, 2)
    }


def triads(
    actors: int = 16,
    slices: int = 16,
    *,
    seed: int = 0,
    updates: int | None = None,
    noise: float = 0.3,
    disorder: float = 0.1,
) -> list[Signs]:
    """`slices` snapshots of constrained triad dynamics, `updates` updates apart (default:
    one per ten ties), from two camps with a share `disorder` of their ties' signs flipped."""
    rng = random.Random(seed)
    signs = _first(actors, rng, disorder)
    names = actor_names(actors)
    pairs = list(signs)
    every = updates if updates is not None else max(1, len(pairs) // 10)

    def sign(a: str, b: str) -> int:
        return signs[(a, b) if a < b else (b, a)]

    found = [dict(signs)]
    for _ in range(slices - 1):
        for _ in range(every):
            if rng.random() < noise:
                pair = pairs[rng.randrange(len(pairs))]
                signs[pair] = -signs[pair]
                continue
            triangle = _unbalanced(signs, names, rng)
            if triangle is None:
                continue
            a, b, c = triangle
            x, y = rng.choice([(a, b), (a, c), (b, c)])
            # Flipping x-y turns each of its triangles from balanced to not, or back.
            unbalanced = sum(
                signs[x, y] * sign(x, z) * sign(y, z) < 0 for z in names if z not in (x, y)
            )
            change = (actors - 2 - unbalanced) - unbalanced
            if change < 0 or (change == 0 and rng.random() < 0.5):
                signs[x, y] = -signs[x, y]
        found.append(dict(signs))
    return found


def _unbalanced(
    signs: Signs, names: list[str], rng: random.Random, tries: int = 1000
) -> tuple[str, str, str] | None:
    """A random unbalanced triangle, drawn by rejection (None if `tries` draws find none)."""
    for _ in range(tries):
        a, b, c = sorted(rng.sample(names, 3))
        if signs[a, b] * signs[a, c] * signs[b, c] < 0:
            return a, b, c
    return None


def flips(
    actors: int = 16, slices: int = 16, *, seed: int = 0, rate: float = 0.05, disorder: float = 0.1
) -> list[Signs]:
    """`slices` snapshots in which each tie flips with probability `rate` between slices,
    from the same first network as `triads`."""
    rng = random.Random(seed)
    signs = _first(actors, rng, disorder)
    found = [dict(signs)]
    for _ in range(slices - 1):
        signs = {pair: -s if rng.random() < rate else s for pair, s in signs.items()}
        found.append(dict(signs))
    return found


def series(dynamic: str, *, seed: int = 0, actors: int = 16, slices: int = 16) -> list[Signs]:
    """A generated series by name: "triads" or "random"."""
    if dynamic == "triads":
        return triads(actors, slices, seed=seed)
    if dynamic == "random":
        return flips(actors, slices, seed=seed)
    raise ValueError(f"unknown dynamic {dynamic!r}; use one of: {', '.join(DYNAMICS)}")


def as_csv(signs: Signs) -> str:
    """One slice as a signed edge list (source,target,sign)."""
    rows = ["source,target,sign", *(f"{a},{b},{s}" for (a, b), s in sorted(signs.items()))]
    return "\n".join(rows) + "\n"
