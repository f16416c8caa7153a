"""Watchlists, alerts and briefings: rules over what Vezha extracts, evaluated as articles arrive.

* ``rules`` — the YAML/TOML form of a watchlist (``parse_watchlist``);
* ``resolve`` / ``evaluate`` / ``change`` / ``burst`` / ``history`` — names to entity ids and
  rules to hits (entity, speaker about entity, event with place or participant, claim repeats
  and contradictions, bursts);
* ``watcher`` — the post-save step of ingestion that records alerts;
* ``webhook`` / ``atom`` / ``present`` — delivery;
* ``brief`` / ``charts`` / ``render`` — daily briefings as HTML and PDF.
"""
from .evaluate import Evidence, Hit
from .rules import Rule, Watchlist, parse_watchlist
from .watcher import Watcher, load_watcher

__all__ = ["Evidence", "Hit", "Rule", "Watchlist", "parse_watchlist", "Watcher", "load_watcher"]
