"""Synthetic scenarios and signed networks for the benchmarks (deterministic, seeded)."""

from __future__ import annotations

import datetime as dt
import random

from alliances_cli.engine.solver import Edge


def planted(
    actors: int, ties: int | None, flip: float, seed: int, camps: int = 4
) -> tuple[list[str], dict[Edge, float], dict[str, int]]:
    """Camps planted at random, ties positive inside and negative across, `flip` of signs flipped.

    With `ties` None every pair is tied. Weights are uniform in [0.2, 1].
    """
    rng = random.Random(seed)
    nodes = [f"a{i:05d}" for i in range(actors)]
    label = {n: rng.randrange(camps) for n in nodes}
    weights: dict[Edge, float] = {}
    if ties is None:
        pairs = [(a, b) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
    else:
        pairs = []
        seen: set[Edge] = set()
        while len(pairs) < ties:
            a, b = rng.sample(nodes, 2)
            key = (a, b) if a < b else (b, a)
            if key not in seen:
                seen.add(key)
                pairs.append(key)
    for a, b in pairs:
        sign = 1 if label[a] == label[b] else -1
        if rng.random() < flip:
            sign = -sign
        weights[(a, b)] = sign * rng.uniform(0.2, 1.0)
    return nodes, weights, label


def uniform(actors: int, seed: int) -> tuple[list[str], dict[Edge, float]]:
    """Every pair tied, signs and weights uniformly random: the hardest case."""
    rng = random.Random(seed)
    nodes = [f"a{i:03d}" for i in range(actors)]
    weights = {(a, b): rng.uniform(-1, 1) for i, a in enumerate(nodes) for b in nodes[i + 1 :]}
    return nodes, weights


def dense_theaters(actors: int = 90, seed: int = 7) -> str:
    """A scenario of every pair of `actors` tied (random stances and confidences) and three
    theaters of 70-76 of them: issue 34's "a minute where seconds are expected"."""
    rng = random.Random(seed)
    names = [f"a{i:02d}" for i in range(actors)]
    lines = ["id: dense", "title: Dense random", "actors:"]
    lines += [f"  - {{id: {a}}}" for a in names]
    lines.append("theaters:")
    for t in range(3):
        members = sorted(rng.sample(names, rng.randint(70, 76)))
        lines.append(f"  - {{id: t{t}, actors: [{', '.join(members)}]}}")
    lines.append("ties:")
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            stance = rng.choice([-1, -0.6, -0.3, 0.3, 0.6, 1])
            confidence = rng.choice([0.5, 0.8, 1.0])
            lines.append(f"  - {{between: [{a}, {b}], stance: {stance}, confidence: {confidence}}}")
    return "\n".join(lines) + "\n"


def random_theater(actors: int = 40, ties: int = 138, seed: int = 1) -> str:
    """One theater of `actors` with `ties` random ties (stances and confidences as issue 34's
    `robust` case: 40 actors, 138 ties, minutes for `robust -s 1`)."""
    rng = random.Random(seed)
    names = [f"a{i:02d}" for i in range(actors)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    lines = [f"id: r{actors}", f"title: Random {actors}", "actors:"]
    lines += [f"  - {{id: {a}}}" for a in names]
    lines += ["theaters:", f"  - {{id: t, actors: [{', '.join(names)}]}}", "ties:"]
    for a, b in sorted(rng.sample(pairs, ties)):
        stance = rng.choice([-1, -0.6, -0.3, 0.3, 0.6, 1])
        confidence = rng.choice([0.5, 0.8, 1.0])
        lines.append(f"  - {{between: [{a}, {b}], stance: {stance}, confidence: {confidence}}}")
    return "\n".join(lines) + "\n"


def sweep_scenario(actors: int = 50, events: int = 10, seed: int = 1) -> str:
    """A YAML scenario: two theaters of planted camps, and `events` named what-ifs."""
    rng = random.Random(seed)
    ids = [f"a{i:02d}" for i in range(actors)]
    camp = {a: rng.randrange(3) for a in ids}
    lines = ["id: sweep-bench", "title: Sweep benchmark", "actors:"]
    lines += [f"  - {{id: {a}, capability: {1 + rng.randrange(5)}}}" for a in ids]
    half = actors * 2 // 3
    lines += [
        "theaters:",
        f"  - {{id: east, actors: [{', '.join(ids[:half])}]}}",
        f"  - {{id: west, actors: [{', '.join(ids[actors - half :])}]}}",
        "ties:",
    ]
    ties = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if rng.random() < 0.25:
                stance = 0.7 if camp[a] == camp[b] else -0.6
                if rng.random() < 0.1:
                    stance = -stance
                ties.append((a, b))
                lines.append(f"  - {{between: [{a}, {b}], stance: {stance}}}")
    lines.append("events:")
    for k in range(events):
        a, b = ties[rng.randrange(len(ties))]
        kind = k % 3
        if kind == 0:
            op = f"{{shift: [{a}, {b}], by: {rng.choice([-0.8, 0.8])}}}"
        elif kind == 1:
            op = f"{{exclude: {ids[rng.randrange(half)]}, from: east}}"
        else:
            op = f"{{set: [{a}, {b}], stance: {rng.choice(['ally', 'enemy'])}}}"
        lines.append(f"  - {{id: e{k}, do: [{op}]}}")
    return "\n".join(lines) + "\n"


def gdelt_events(path: str, events: int, seed: int = 0, countries: int = 60) -> None:
    """A GDELT 2.0 event file (61 tab-separated columns, the codebook's order) of `events`
    random events among `countries` three-letter codes over 2016, written a line at a time."""
    rng = random.Random(seed)
    codes = [chr(65 + i // 26 % 26) + chr(65 + i % 26) + "X" for i in range(countries)]
    kinds = [("042", 1.9), ("036", 4.0), ("057", 8.0), ("112", -2.0), ("190", -10.0)]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(events):
            day = 1 + rng.randrange(365)
            date = (dt.date(2016, 1, 1) + dt.timedelta(days=day - 1)).strftime("%Y%m%d")
            a, b = rng.sample(codes, 2)
            code, score = kinds[rng.randrange(len(kinds))]
            fields = [""] * 61
            fields[0], fields[1] = str(600_000_000 + i), date
            fields[2], fields[3] = date[:6], date[:4]
            fields[5] = fields[6] = fields[7] = a
            fields[15] = fields[16] = fields[17] = b
            fields[26], fields[29], fields[30] = code, "1", str(score)
            fields[31] = fields[32] = fields[33] = str(1 + rng.randrange(5))
            fields[59] = date + "000000"
            fields[60] = f"https://news.example/{i}"
            out.write("\t".join(fields) + "\n")


def acled_events(path: str, events: int, seed: int = 0, actors: int = 200) -> None:
    """An ACLED-like CSV export (its columns, in its order) of `events` random events among
    `actors` named actors over 2016, a third with an associated actor, a line at a time."""
    rng = random.Random(seed)
    names = [f"Armed group {i} (Country {i % 20})" for i in range(actors)]
    kinds = [
        ("Battles", "Armed clash"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Violence against civilians", "Attack"),
        ("Riots", "Mob violence"),
        ("Strategic developments", "Agreement"),
    ]
    header = (
        "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
        "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
        "civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,"
        "longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp\n"
    )
    with open(path, "w", encoding="utf-8") as out:
        out.write(header)
        for i in range(events):
            day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(366))
            a, b, c = rng.sample(names, 3)
            kind, sub = kinds[rng.randrange(len(kinds))]
            assoc = c if rng.random() < 1 / 3 else ""
            fields = [
                f"XYZ{i}",
                day.isoformat(),
                "2016",
                "1",
                "Political violence",
                kind,
                sub,
                a,
                assoc,
                "2",
                b,
                "",
                "2",
                "22",
                "",
                "368",
                "Middle East",
                "Iraq",
                "Ninewa",
                "Mosul",
                "",
                "Mosul",
                "36.34",
                "43.13",
                "1",
                "Reuters; AFP",
                "International",
                f'"Note {i}, with a comma"',
                str(rng.randrange(10)),
                "",
                "1600000000",
            ]
            out.write(",".join(fields) + "\n")
