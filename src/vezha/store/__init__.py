"""The store: SQLite by default (PostgreSQL later) behind one interface; tables in ``schema``."""
