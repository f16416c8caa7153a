"""The store: SQLite by default (PostgreSQL later) behind one interface.

``open_store(url)`` opens a database and migrates it to head; the ``Store`` it returns saves
and rebuilds Docs, records runs and failures, searches lemmas and counts. Tables are in
``vezha.store.schema``; SQLite-only SQL lives in ``vezha.store.sqlite``.
"""
from .store import Store, open_store

__all__ = ["Store", "open_store"]
