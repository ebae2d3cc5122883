"""ACLED exports and PLOVER/POLECAT records -> `Happening`s, with the scores that sign them.

Both are read a line at a time, like the formats of `eventdata.py`, and give the same records,
so the rule that turns events into ties is the same for every format (`eventdata_ties.py`).

- ACLED CSV exports: one row per event, `event_date` (YYYY-MM-DD or "15 March 2020"),
  `actor1`, `assoc_actor_1`, `actor2`, `assoc_actor_2`, `event_type`, `sub_event_type`,
  `source`, `event_id_cnty`. actor1 and actor2 carry no direction: a row is one event between
  them, scored by its type (`ACLED_SCORES`), and one cooperative event between each actor and
  each of its associated actors (`ASSOCIATED`). Reports: the sources named in `source`.
- PLOVER records (newline-delimited JSON, the PLOVER manual's field names: `id`, `date`,
  `actor` and `recipient` as lists of `{code, name}`, `event`, `mode`, `event_scale`): one
  event per actor and recipient pair, scored by `event_scale` if given, else by its category
  and mode (`PLOVER_SCORES`).
- POLECAT (the PLOVER-coded successor of ICEWS), tab-separated with a header: `Event ID`,
  `Event Date`, `Event Type`, `Event Mode`, `Actor Name`, `Actor Country`, `Recipient Name`,
  `Recipient Country`, scored like PLOVER records.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

from alliances_cli.scenario.importers.eventdata import (
    Happening,
    Tally,
    chain,
    parse_date,
    refuse,
    tab_header,
    tab_rows,
)

#: ACLED event type (and sub-event type) -> score, on PLOVER's -10..+10 scale: each is the
#: PLOVER category and mode that describes it (ASSAULT -9, ASSAULT: Explosives/Aerial -9.5,
#: PROTEST: Riot -7, PROTEST: Demo -5, ASSAULT: Crowd-control -7.5, AGREE +2.5, COERCE:
#: Arrest -7, ASSAULT: Destroy -8.5, MOBILIZE -5.5). 0: no stance (left out, counted).
ACLED_SCORES = {
    "battles": -9.0,
    "explosions/remote violence": -9.5,
    "violence against civilians": -9.0,
    "violence against civilians/abduction/forced disappearance": -8.5,
    "violence against civilians/sexual violence": -8.5,
    "riots": -7.0,
    "protests": -5.0,
    "protests/excessive force against protesters": -7.5,
    "strategic developments": 0.0,
    "strategic developments/agreement": 2.5,
    "strategic developments/arrests": -7.0,
    "strategic developments/looting/property destruction": -8.5,
    "strategic developments/disrupted weapons use": -5.5,
}
#: An actor and each of its associated actors (ACLED's assoc_actor columns): PLOVER SUPPORT.
ASSOCIATED = 5.0

#: PLOVER category (and "CATEGORY: Mode") -> score, from the PLOVER manual's table of
#: conflict-cooperation scores. ACCUSE is -3 (the table prints 3; its modes are -2 to -3.5);
#: the older categories the table lacks take their CAMEO roots' Goldstein scores
#: (INVESTIGATE 09 -2, DEMAND 10 -5, DISAPPROVE 11 -2, FIGHT 19 -10); CRIME has no stance.
PLOVER_SCORES = {
    "AGREE": 2.5,
    "CONSULT": 2.5,
    "CONSULT: VISIT": 4.0,
    "CONSULT: THIRD-PARTY": 1.0,
    "CONSULT: MULTILATERAL": 4.0,
    "CONSULT: PHONE": 1.5,
    "SUPPORT": 5.0,
    "CONCEDE": 4.5,
    "COOPERATE": 9.5,
    "AID": 10.0,
    "RETREAT": 6.5,
    "RETREAT: WITHDRAW": 8.0,
    "RETREAT: RELEASE": 6.5,
    "RETREAT: DISARM": 10.0,
    "RETREAT: CEASEFIRE": 7.5,
    "RETREAT: ACCESS": 6.5,
    "RETREAT: RESIGN": 4.5,
    "REQUEST": 0.0,
    "REQUEST: ASSIST": 0.5,
    "REQUEST: CHANGE": -1.0,
    "REQUEST: YIELD": -1.0,
    "REQUEST: MEET": 0.0,
    "ACCUSE": -3.0,
    "ACCUSE: DISAPPROVE": -2.0,
    "ACCUSE: INVESTIGATE": -3.5,
    "ACCUSE: ALLEGE": -3.5,
    "REJECT": -2.0,
    "REJECT: ASSIST": -1.5,
    "REJECT: CHANGE": -2.0,
    "REJECT: YIELD": -2.0,
    "REJECT: MEET": -2.0,
    "THREATEN": -3.5,
    "THREATEN: RESTRICT": -3.0,
    "THREATEN: TERRITORY": -4.0,
    "PROTEST": -5.0,
    "PROTEST: RIOT": -7.0,
    "PROTEST: HUNGER": -4.5,
    "PROTEST: BOYCOTT": -4.5,
    "PROTEST: OBSTRUCT": -4.5,
    "SANCTION": -6.0,
    "SANCTION: EXPEL": -5.5,
    "MOBILIZE": -5.5,
    "MOBILIZE: TROOPS": -6.5,
    "MOBILIZE: WEAPONS": -6.5,
    "MOBILIZE: MILITIA": -6.0,
    "COERCE": -7.0,
    "COERCE: CENSOR": -6.5,
    "COERCE: CURFEW": -6.5,
    "COERCE: MARTIAL-LAW": -7.5,
    "COERCE: MISINFORMATION": -6.5,
    "ASSAULT": -9.0,
    "ASSAULT: ABDUCT": -8.5,
    "ASSAULT: BEAT": -7.5,
    "ASSAULT: TORTURE": -8.5,
    "ASSAULT: SEXUAL": -8.5,
    "ASSAULT: TARGETED": -9.5,
    "ASSAULT: DESTROY": -8.5,
    "ASSAULT: PRIMITIVE": -8.0,
    "ASSAULT: SUICIDE-ATTACK": -9.5,
    "ASSAULT: AERIAL": -9.5,
    "ASSAULT: DRONE": -9.5,
    "ASSAULT: HEAVY-WEAPONS": -9.5,
    "ASSAULT: CROWD-CONTROL": -7.5,
    "ASSAULT: UNCONVENTIONAL": -10.0,
    "INVESTIGATE": -2.0,
    "DEMAND": -5.0,
    "DISAPPROVE": -2.0,
    "FIGHT": -10.0,
    "CRIME": 0.0,
}


def event_date(text: str) -> str | None:
    """YYYY-MM-DD (or a timestamp starting so), YYYYMMDD, or ACLED's "15 March 2020"."""
    found = parse_date(text)
    if found is not None:
        return found
    try:
        return dt.datetime.strptime(text.strip(), "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def acled_score(event_type: str, sub_event_type: str) -> float | None:
    """The score of an ACLED event type (its sub-type's where that has one); None: unknown."""
    kind = event_type.strip().lower()
    sub = f"{kind}/{sub_event_type.strip().lower()}"
    return ACLED_SCORES.get(sub, ACLED_SCORES.get(kind))


def plover_score(event: str, mode: str = "") -> float | None:
    """The score of a PLOVER category (and mode, where the table has it); None: unknown."""
    category = event.strip().upper()
    return PLOVER_SCORES.get(f"{category}: {mode.strip().upper()}", PLOVER_SCORES.get(category))


def _names(cell: str) -> list[str]:
    """ACLED's associated actors: several in one cell, separated by ';'."""
    return [n.strip() for n in cell.split(";") if n.strip()]


def acled(
    path: str, first: str, stream: IO[str], tally: Tally, skipped: int
) -> Iterator[Happening]:
    delimiter = "\t" if "\t" in first else ";" if first.count(";") > first.count(",") else ","
    header = [f.strip().lower() for f in next(csv.reader([first], delimiter=delimiter))]
    where = {name: i for i, name in enumerate(header)}
    missing = [n for n in ("event_date", "actor1", "actor2", "event_type") if n not in where]
    if missing:
        raise refuse(path, skipped + 1, f"the ACLED header has no {', '.join(missing)} column")
    rows = csv.reader(stream, delimiter=delimiter)
    number = skipped + 1
    width = len(header)
    # Each column's place, or the place of an always-empty cell past the row (`+ [""]`).
    at = {
        key: where.get(key, width)
        for key in (
            "event_id_cnty",
            "event_date",
            "event_type",
            "sub_event_type",
            "actor1",
            "assoc_actor_1",
            "actor2",
            "assoc_actor_2",
            "source",
        )
    }
    dates: dict[str, str | None] = {}
    for fields in rows:
        number = rows.line_num + skipped + 1
        if len(fields) != width:
            if any(f.strip() for f in fields):
                tally.bad(path, number, f"{len(fields)} fields; the header has {width}")
            continue
        fields.append("")
        written = fields[at["event_date"]].strip()
        when = (
            dates[written] if written in dates else dates.setdefault(written, event_date(written))
        )
        if when is None:
            tally.bad(path, number, f"event_date is {written[:20]!r}; not a date")
            continue
        event_type, sub = fields[at["event_type"]].strip(), fields[at["sub_event_type"]].strip()
        score = acled_score(event_type, sub)
        if score is None:
            tally.bad(path, number, f"event_type {event_type[:40]!r} is not ACLED's")
            continue
        tally.formats["acled"] += 1
        ident = fields[at["event_id_cnty"]].strip() or f"line {number}"
        kind = event_type + (f": {sub}" if sub else "")
        source = fields[at["source"]].strip()
        reports = max(1, source.count(";") + 1) if source else 1
        one, two = fields[at["actor1"]].strip(), fields[at["actor2"]].strip()
        yield Happening(number, ident, when, one, two, "", "", score, reports, source, kind)
        for actor, column in ((one, "assoc_actor_1"), (two, "assoc_actor_2")):
            associated = fields[at[column]]
            for partner in _names(associated) if actor and associated else ():
                yield Happening(
                    number,
                    ident,
                    when,
                    actor,
                    partner,
                    "",
                    "",
                    ASSOCIATED,
                    reports,
                    source,
                    f"associated in {kind}",
                )
    tally.lines += number


def _entities(value: Any) -> list[str]:
    """A PLOVER entity list (`[{code, name}]`, a string, or a list of strings) as names."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("code") or item.get("name") or ""
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
    return found


def _first(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def plover(
    path: str, first: str, stream: IO[str], tally: Tally, skipped: int
) -> Iterator[Happening]:
    """PLOVER records, one JSON object a line."""
    number = skipped
    for number, line in enumerate(chain(first, stream), skipped + 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            tally.bad(path, number, "not a JSON object; PLOVER records are one per line")
            continue
        if not isinstance(record, dict):
            tally.bad(path, number, "not a JSON object; PLOVER records are one per line")
            continue
        when = event_date(str(record.get("date", "")))
        if when is None:
            tally.bad(path, number, f"date is {str(record.get('date'))[:20]!r}; not a date")
            continue
        event, mode = _first(record.get("event")), _first(record.get("mode"))
        score = _plover_scale(record.get("event_scale"), event, mode)
        if score is None:
            tally.bad(path, number, f"event {event[:30]!r} is no PLOVER category")
            continue
        tally.formats["plover"] += 1
        ident = str(record.get("id") or f"line {number}")
        kind = event + (f": {mode}" if mode else "")
        for a in _entities(record.get("actor")):
            for b in _entities(record.get("recipient")) or [""]:
                yield Happening(number, ident, when, a, b, "", "", score, 1, "", kind)
    tally.lines += number


def _plover_scale(scale: Any, event: str, mode: str) -> float | None:
    if isinstance(scale, (int, float)) and not isinstance(scale, bool) and -10 <= scale <= 10:
        return float(scale)
    return plover_score(event, mode)


_POLECAT = {
    "event id": "id",
    "event date": "date",
    "event type": "event",
    "event mode": "mode",
    "actor name": "source",
    "actor country": "source_country",
    "recipient name": "target",
    "recipient country": "target_country",
}


def polecat(
    path: str, first: str, stream: IO[str], tally: Tally, skipped: int
) -> Iterator[Happening]:
    """POLECAT's tab-separated release files."""
    width, where = tab_header(first, _POLECAT)
    for number, get in tab_rows(path, width, where, stream, tally, skipped):
        when = event_date(get("date"))
        if when is None:
            tally.bad(path, number, f"Event Date is {get('date')[:20]!r}; not a date")
            continue
        score = plover_score(get("event"), get("mode"))
        if score is None:
            tally.bad(path, number, f"Event Type {get('event')[:30]!r} is no PLOVER category")
            continue
        tally.formats["polecat"] += 1
        kind = get("event") + (f": {get('mode')}" if get("mode") else "")
        yield Happening(
            number,
            get("id") or f"line {number}",
            when,
            get("source"),
            get("target"),
            get("source_country"),
            get("target_country"),
            score,
            1,
            "",
            kind,
        )
