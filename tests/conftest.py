"""One conftest: shared fixtures. Heavy resources are session fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT.parent / "shared").resolve()
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def write_texts(folder: Path, texts: dict[str, str]) -> Path:
    """A folder of UTF-8 text files, one per (name, body) of ``texts``."""
    folder.mkdir(parents=True)
    for name, body in texts.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


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
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except SQLAlchemyError:         # PostgreSQL < 13 or a lingering client: leave it
            pass
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



@pytest.fixture
def store(store_url):
    """An empty store on SQLite and on PostgreSQL (tests that need a lemmatiser or stored
    documents override it)."""
    from vezha.store import open_store
    with open_store(store_url) as opened:
        yield opened

# --- web UI and HTTP API (tests/test_web*.py, tests/test_e2e*.py) ----------------------------

WEB_TOKEN = "test-token-1234"


def hostile_doc():
    """An article whose every field tries to inject markup: <script>, onerror=, javascript: links."""
    from vezha.model import Article, Claim, Doc, Entity, Mention, Quote, Segment, Speaker
    text = ('Реклама <script>alert("a")</script> тут.\n\n'
            'Увага <img src=x onerror=alert(1)> та <a href="javascript:alert(2)">посилання</a>.\n\n'
            '«<b>Жирний</b> текст небезпечний», — заявив Іван <script>Петренко</script>.')
    promo_end = text.index("\n\n")
    q_start, q_end = text.index("«"), text.index("»") + 1
    n_start = text.index("Іван")
    speaker = Speaker(name='<img src=y onerror=alert(4)>', entity_id="javascript:alert(5)")
    article = Article(id="evil-1", text=text, source="evil.jsonl#1",
                      title='<script>alert(7)</script> Небезпечний заголовок',
                      url="javascript:alert(8)", outlet='<i onmouseover=alert(9)>outlet</i>',
                      published="2024-02-02", language="uk", content_hash="evil",
                      segments=(Segment(0, promo_end, "promo", "promo_ad"),
                                Segment(promo_end + 2, len(text), "body")))
    return Doc(
        article=article,
        mentions=(Mention(n_start, len(text) - 1, text[n_start:-1], "<script>", "Іван Петренко",
                          "javascript:alert(3)"),),
        entities=(Entity("javascript:alert(3)", '<script>alert(6)</script>', "PER"),),
        quotes=(Quote(q_start, q_end, text[q_start:q_end], "direct", speaker, "заявив"),),
        claims=(Claim("evil-1:0", "evil-1", "javascript:alert(5)", speaker.name, q_start, q_end,
                      text[q_start:q_end], "direct", "заявив", about=("javascript:alert(3)",),
                      published="2024-02-02"),))


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, run_resources, pipeline):
    """A store with the bundled examples ingested and one hostile article (read-only use!)."""
    from vezha.runner import ingest_into
    from vezha.settings import load_settings
    from vezha.store import open_store
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    store = open_store(url, lemmatize=run_resources["morph"].lemma)
    folders = [EXAMPLES / f for f in ("articles", "pages", "feeds", "dumps")]
    ingest_into(store, folders, load_settings(env={}, db_url=url), run_resources, pipeline=pipeline)
    store.save_doc(hostile_doc())
    yield store
    store.close()


@pytest.fixture(scope="session")
def web_app(web_store):
    """The web app over ``web_store``, with an API token."""
    from vezha.settings import load_settings
    from vezha.web import create_app
    settings = load_settings(env={}, db_url="sqlite://", api_token=WEB_TOKEN)
    return create_app(settings, web_store)


# --- watchlists and alerts (tests/test_watch*.py, test_alerts*.py, test_brief*.py) ------------

WATCH_TEXTS = {     # our own sentences, with matches planted for examples/watchlists/belarus.yaml
    "minsk-a": ("2023-02-01", "Перша газета", """Лукашенко: Білорусь не вступить у війну

Самопроголошений президент Білорусі Олександр Лукашенко заявив, що Білорусь не планує вступати у війну проти України.

Лукашенко також заявив, що ОДКБ має посилити свою роль у регіоні.

Вчора російські війська завдали удару по аеродрому в Мачулищах під Мінськом. Росія перекинула літак А-50 до Білорусі."""),
    "minsk-b": ("2023-02-01", "Друга газета", """Лукашенко: Білорусь не вступить у війну

Самопроголошений президент Білорусі Олександр Лукашенко заявив, що Білорусь не планує вступати у війну проти України.

Лукашенко також заявив, що ОДКБ має посилити свою роль у регіоні.

Вчора російські війська завдали удару по аеродрому в Мачулищах під Мінськом. Росія перекинула літак А-50 до Білорусі.

Читайте нас у соцмережах."""),
    "turn": ("2023-02-03", "Третя газета", """Лукашенко змінив тон

Олександр Лукашенко заявив, що Білорусь вступить у війну проти України, якщо буде потрібно.

Синоптики обіцяють сонячну погоду."""),
}


@pytest.fixture(scope="session")
def watch_docs(run_resources, pipeline):
    """The planted articles of WATCH_TEXTS analysed once: {id: Doc}."""
    from vezha.model import Article
    docs = {}
    for aid, (published, outlet, text) in WATCH_TEXTS.items():
        article = Article(id=aid, text=text, source=f"{aid}.txt", title=text.split("\n")[0],
                          outlet=outlet, published=published, language="uk", content_hash=aid)
        docs[aid] = pipeline(article, run_resources)
    return docs
