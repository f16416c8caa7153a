"""`vezha quotes`: stored claims by speaker, subject, date and language, as lines or JSON."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from vezha.cli import App, cli

ARTICLES = {
    "zhdanov.txt": "Військовий експерт Олег Жданов оцінив ситуацію. На його думку, Лукашенко не вступить у війну.",
    "kravchuk.txt": "Ольга Кравчук заявила, що реформа триває.",
}


@pytest.fixture
def vezha(tmp_path, run_resources, pipeline):
    db = f"sqlite:///{tmp_path / 'quotes.db'}"
    folder = tmp_path / "news"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")

    def run(*args: str):
        app = App(resources=run_resources, pipeline=pipeline)
        return CliRunner().invoke(cli, ["--db", db, *map(str, args)], obj=app)
    assert run("ingest", folder).exit_code == 0
    return run


@pytest.mark.parametrize("args,speakers", [
    ((), {"Олег Жданов", "Ольга Кравчук"}),
    (("--speaker", "Жданов"), {"Олег Жданов"}),
    (("--about", "Лукашенко"), {"Олег Жданов"}),
    (("--speaker", "Кравчук", "--lang", "uk"), {"Ольга Кравчук"}),
    (("--speaker", "Кравчук", "--lang", "ru"), set()),
])
def test_quotes_filters(vezha, args, speakers):
    result = vezha("quotes", *args, "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert {r["speaker_name"] for r in rows} == speakers


def test_quotes_prints_one_line_per_claim(vezha):
    result = vezha("quotes", "--speaker", "Жданов")
    assert result.exit_code == 0
    assert "Олег Жданов" in result.output and "«Лукашенко не вступить у війну»" in result.output


def test_quotes_rejects_a_bad_date(vezha):
    assert vezha("quotes", "--from", "вчора").exit_code == 2
