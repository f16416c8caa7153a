"""The Store: one object over one database, opened (and migrated to head) by ``open_store``."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Iterator

from alembic import command as alembic_command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, insert, select, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import StoreError
from ..model import Doc, Failure, SearchHit
from . import fts, postgres, read, schema, sqlite
from .rows import dumps
from .write import doc_id, write_docs

__all__ = ["Store", "open_store", "upgrade", "transaction", "MIGRATIONS", "now"]

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
DIALECTS: dict[str, ModuleType] = {"sqlite": sqlite, "postgresql": postgres}
DRIVERS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}    # the first one is the default


def now() -> str:
    """The current UTC time as stored: ISO 8601 to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Articles and their analyses in one database. Every write of an article is one transaction.

    ``engine`` and the tables (``store.tables.articles`` ...) are public for query modules.
    ``lemmatize`` (e.g. ``Morph.lemma``) reads search queries and docs without tokens.
    """

    tables = schema

    def __init__(self, engine: Engine, dialect: ModuleType,
                 lemmatize: fts.Lemmatize | None = None) -> None:
        self.engine = engine
        self.dialect = dialect
        self.lemmatize = lemmatize

    # --- runs and failures
    def begin_run(self, command: str, inputs: Iterable[str]) -> int:
        row = {"command": command, "inputs_json": dumps(list(inputs)), "status": "running",
               "started_at": now(), "counts_json": "{}"}
        with self._write("begin a run") as conn:
            return conn.execute(insert(schema.runs).values(row)).inserted_primary_key[0]

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        values = {"status": status, "finished_at": now(), "counts_json": dumps(counts)}
        with self._write("finish a run") as conn:
            conn.execute(update(schema.runs).where(schema.runs.c.id == run_id).values(values))

    def record_failure(self, failure: Failure, run_id: int | None = None) -> None:
        row = {"run_id": run_id, "source": failure.source, "code": failure.code,
               "stage": failure.stage, "message": failure.message,
               "article_id": failure.article_id, "created_at": now()}
        with self._write("record a failure") as conn:
            conn.execute(insert(schema.failures).values(row))

    def failures(self, run_id: int | None = None) -> list[Failure]:
        with self._read() as conn:
            return [f for _, f in read.read_failures(conn, run_id)]

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        with self._read() as conn:
            return read.read_runs(conn, limit)

    # --- documents
    def has_article(self, article_id: str, content_hash: str) -> bool:
        query = select(schema.articles.c.id).where(schema.articles.c.id == article_id,
                                                   schema.articles.c.content_hash == content_hash)
        with self._read() as conn:
            return conn.execute(query).first() is not None

    def stored_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """The content hash of each of ``ids`` that is stored (one query per 500 ids)."""
        ids, found = sorted(set(ids)), {}
        column = schema.articles.c
        with self._read() as conn:
            for i in range(0, len(ids), 500):
                query = select(column.id, column.content_hash).where(column.id.in_(ids[i:i + 500]))
                found.update(dict(conn.execute(query).all()))
        return found

    def save_doc(self, doc: Doc, run_id: int | None = None) -> None:
        """Store ``doc`` in one transaction, replacing whatever was stored under its id."""
        self.save_docs([doc], run_id=run_id)

    def save_docs(self, docs: Iterable[Doc], run_id: int | None = None) -> int:
        """Store a batch of docs in ONE transaction (all or none); returns how many."""
        docs = list(docs)
        with self._write(f"save {doc_id(docs[0]) if docs else 'nothing'}") as conn:
            write_docs(conn, self.dialect, docs, run_id=run_id, now=now(),
                       lemmatize=self.lemmatize)
        return len(docs)

    def get_doc(self, article_id: str) -> Doc | None:
        with self._read() as conn:
            return read.read_doc(conn, article_id)

    # --- queries
    def search(self, query: str, *, language: str | None = None, limit: int = 20,
               offset: int = 0) -> list[SearchHit]:
        """Articles whose lemmas match every word of ``query``, best first."""
        languages = (language,) if language in fts.QUERY_LANGUAGES else fts.QUERY_LANGUAGES
        groups = fts.query_groups(query, self.lemmatize, languages)
        if not groups:
            return []
        match = self.dialect.fts_expression(groups)
        terms = {t for group in groups for t in group}
        with self._read() as conn:
            rows = self.dialect.fts_search(conn, match, language=language, limit=limit,
                                           offset=offset)
            return [self._hit(read.read_light_doc(conn, aid), score, terms) for aid, score in rows]

    def _hit(self, doc: Doc, score: float, terms: set[str]) -> SearchHit:
        text, start, marks = fts.snippet(doc, terms, self.lemmatize)
        a = doc.article
        return SearchHit(article_id=a.id, title=a.title, snippet=text, score=round(score, 4),
                         published=a.published, language=a.language, start=start, marks=marks)

    def stats(self) -> dict[str, Any]:
        with self._read() as conn:
            return read.read_stats(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions
    def _write(self, what: str):
        return transaction(self.engine, what, write=True)

    def _read(self):
        return transaction(self.engine, "read", write=False)


@contextmanager
def transaction(engine: Engine, what: str, *, write: bool) -> Iterator[Connection]:
    """One transaction; database errors become StoreError (V503 for writes, V501 for reads)."""
    try:
        with engine.connect() as conn:
            conn.execution_options(vezha_write=write)
            with conn.begin():
                yield conn
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot {what}: {reason}", code="V503" if write else "V501",
                         source=engine.url.render_as_string(hide_password=True)) from exc


def open_store(url: str, *, lemmatize: fts.Lemmatize | None = None) -> Store:
    """Open the database at ``url`` (SQLAlchemy form) and bring its schema to head."""
    parsed, dialect = _dialect(url)
    try:
        engine = create_engine(parsed)
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise StoreError(f"cannot open the database: {exc}", code="V501",
                         source=parsed.render_as_string(hide_password=True)) from exc
    dialect.configure(engine)
    upgrade(engine)
    return Store(engine, dialect, lemmatize)


def _dialect(url: str) -> tuple[URL, ModuleType]:
    """The URL with its driver made explicit (``postgresql://`` means psycopg 3) and its module."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}", code="V505", source=url) from exc
    name, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if name not in DIALECTS:
        raise StoreError(f"{name} is not supported; use sqlite:///path.db or "
                         "postgresql+psycopg://user:password@host/database", code="V505",
                         source=url)
    if "+" in parsed.drivername and driver not in DRIVERS[name]:
        raise StoreError(f"driver {driver} is not supported; use {name}+{DRIVERS[name][0]}://",
                         code="V505", source=url)
    return parsed.set(drivername=f"{name}+{DRIVERS[name][0]}"), DIALECTS[name]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the packaged Alembic migrations up to ``revision`` in one transaction."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    source = engine.url.render_as_string(hide_password=True)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            alembic_command.upgrade(config, revision)
    except CommandError as exc:
        raise StoreError(f"schema cannot be brought to {revision}: {exc}", code="V502",
                         source=source) from exc
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot open the database: {reason}", code="V501",
                         source=source) from exc
