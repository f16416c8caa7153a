"""Ingest over HTTP: behind the token, capped in size, through the real pipeline."""
from __future__ import annotations

import pytest

from test_web import ERROR_KEYS, Client

TOKEN = "s3cret-token"
TEXT = ("Заголовок: Мер Житомира відкрив новий міст\n\n"
        "Міський голова Житомира Сергій Сухомлин відкрив новий міст через річку Тетерів. "
        "«Міст простоїть щонайменше сто років», — заявив Сухомлин журналістам.")


def make_app(tmp_path, run_resources, pipeline, **settings):
    from vezha.settings import load_settings
    from vezha.store import open_store
    from vezha.web import create_app
    url = f"sqlite:///{tmp_path / 'ingest.db'}"
    store = open_store(url, lemmatize=run_resources["morph"].lemma)
    app = create_app(load_settings(env={}, db_url=url, **settings), store)
    app.state.ctx._run = (pipeline, run_resources)      # the session's, not loaded again
    return app


@pytest.fixture
def app(tmp_path, run_resources, pipeline):
    return make_app(tmp_path, run_resources, pipeline, api_token=TOKEN, max_request_bytes=20_000)


def upload(client, token, body=TEXT.encode(), name="mist.txt", **kw):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/ingest", headers=headers,
                       files={"files": (name, body, "text/plain")}, **kw)


@pytest.mark.parametrize("token, status, code", [
    (None, 401, "V106"),
    ("wrong", 401, "V106"),
])
def test_writes_need_the_token(app, token, status, code):
    r = upload(Client(app), token)
    assert r.status_code == status and r.json()["error"]["code"] == code
    assert set(r.json()["error"]) == ERROR_KEYS


def test_writes_are_disabled_without_a_token(tmp_path, run_resources, pipeline):
    app = make_app(tmp_path, run_resources, pipeline)
    r = upload(Client(app), "anything")
    assert r.status_code == 403 and r.json()["error"]["code"] == "V107"
    assert "Writes are disabled" in Client(app).get("/ingest").text


def test_request_bodies_are_capped(app):
    r = upload(Client(app), TOKEN, body=b"x" * 30_000)
    assert r.status_code == 413 and r.json()["error"]["code"] == "V205"


def test_upload_is_analysed_stored_and_searchable(app):
    client = Client(app)
    report = upload(client, TOKEN).json()
    assert report["stored"] == 1 and report["failed"] == 0 and report["quotes"] >= 1
    hits = client.get("/api/search?q=міст").json()["hits"]
    assert len(hits) == 1
    article = client.get(f"/api/articles/{hits[0]['article_id']}").json()
    assert any("Сухомлин" in q["speaker_name"] for q in article["quotes"])
    again = upload(client, TOKEN).json()
    assert again["stored"] == 0 and again["skipped"] == 1


def test_html_form_takes_the_token_as_a_field(app):
    client = Client(app, {"accept": "text/html"})
    r = client.post("/ingest", data={"token": TOKEN},
                    files={"files": ("mist.txt", TEXT.encode(), "text/plain")})
    assert r.status_code == 200 and "stored 1" in r.text
    bad = client.post("/ingest", data={"token": "nope"},
                      files={"files": ("mist.txt", TEXT.encode(), "text/plain")})
    assert bad.status_code == 401 and "V106" in bad.text


def test_private_urls_are_refused_and_reported(app):
    r = Client(app).post("/api/ingest", headers={"authorization": f"Bearer {TOKEN}"},
                         data={"urls": "http://127.0.0.1:9/feed.xml"})
    report = r.json()
    assert r.status_code == 200 and report["failed"] == 1
    assert report["failures"][0]["code"] == "V214"


def test_nothing_to_ingest_is_a_bad_request(app):
    r = Client(app).post("/api/ingest", headers={"authorization": f"Bearer {TOKEN}"},
                         data={"urls": " "})
    assert r.status_code == 422 and r.json()["error"]["code"] == "V105"


def test_chunked_bodies_are_capped_while_read(app):
    """No Content-Length: the cap holds while the body streams in."""
    async def body():
        yield b'--zz\r\nContent-Disposition: form-data; name="urls"\r\n\r\n'
        for _ in range(50):
            yield b"x" * 1000
    r = Client(app).post("/api/ingest", content=body(),
                         headers={"authorization": f"Bearer {TOKEN}",
                                  "content-type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "V205"
