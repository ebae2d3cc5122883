"""Importers: inputs other than a scenario file, made into scenarios.

`edgelist` (signed edge lists, the form published networks take), `actorfile` (names, kinds,
capabilities and tags for an imported network's actors), `eventdata` (GDELT, ICEWS and CSV
event files, read a line at a time) and `eventdata_ties` (those events into decayed, signed
ties). "Event data" always means these records of what happened; a what-if "event" is a
scenario's named change (`engine/events.py`).
"""
