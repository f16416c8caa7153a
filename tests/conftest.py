"""One conftest: shared fixtures. Heavy resources are session fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or a clean skip when this machine does not have it."""
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared is absent on this machine")
    return SHARED


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    from vezha.settings import load_settings
    return load_settings(env={}, db_url=f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}")


@pytest.fixture(scope="session")
def resources(settings):
    """Every resource of the default pipeline, loaded once for the whole run."""
    from vezha.pipeline import default_pipeline, load_resources
    return load_resources(settings, default_pipeline().resources)


@pytest.fixture(scope="session")
def pipeline():
    from vezha.pipeline import default_pipeline
    return default_pipeline()


@pytest.fixture(scope="session")
def langid(settings):
    """The language identifier (lingua, a few languages preloaded), loaded once."""
    from vezha.langid import load_langid
    return load_langid(settings)


@pytest.fixture(scope="session")
def run_resources(settings, resources, langid):
    """The default pipeline's resources plus langid: what ingest and analyze runs need."""
    from vezha.pipeline import Resources
    return Resources(settings=settings, items={**resources.items, "langid": langid})


# --- store backends: every test that takes ``store_url`` runs on SQLite and on PostgreSQL.
# PostgreSQL: $VEZHA_TEST_PG_URL, else a local server with the role of .ci/run; skipped when
# neither answers. The session gets a database of its own (dropped at the end) when the role
# may create one, and each test starts from an empty schema.
PG_URL_ENV = "VEZHA_TEST_PG_URL"
PG_LOCAL = "postgresql+psycopg://vezha:vezha@localhost:5432/vezha_test"


def _pg_engine(url: str, **kwargs):
    from sqlalchemy import create_engine
    return create_engine(url, connect_args={"connect_timeout": 3}, **kwargs)


@pytest.fixture(scope="session")
def pg_url():
    """A PostgreSQL database URL for this test session, or a clean skip."""
    import os
    import uuid
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError
    base = os.environ.get(PG_URL_ENV) or PG_LOCAL
    admin = _pg_engine(base, isolation_level="AUTOCOMMIT")
    name = f"vezha_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    except SQLAlchemyError as exc:
        if "permission denied" not in str(exc):
            admin.dispose()
            pytest.skip(f"no PostgreSQL server ({PG_URL_ENV} unset or unreachable)")
        url, name = base, None          # no CREATEDB: use the given database itself
    yield url
    if name:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty database: a SQLite file, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vezha.db'}"
    from sqlalchemy import text
    url = request.getfixturevalue("pg_url")
    engine = _pg_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
