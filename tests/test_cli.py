"""The command line through click's CliRunner: every command, its --json twin, exit statuses."""
from __future__ import annotations

import json

import pytest

from conftest import write_texts
from click.testing import CliRunner

import vezha.runner as runner_module
from vezha.cli import App, cli
from vezha.export import CONTRACT_KEYS
from vezha.settings import describe_settings

TEXTS = {
    "kyiv.txt": "Мер Києва Віталій Кличко заявив, що укриття в столиці працюють цілодобово.",
    "minsk.txt": "Опозиція вимагає відставки Лукашенка. Переговори з Лукашенком зірвалися.",
}


@pytest.fixture
def corpus(tmp_path):
    return write_texts(tmp_path / "news", TEXTS)


@pytest.fixture
def vezha(tmp_path, run_resources, pipeline):
    """Run ``vezha ARGS`` on a fresh database with the session's resources."""
    db = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*args: str):
        app = App(resources=run_resources, pipeline=pipeline)
        return CliRunner().invoke(cli, ["--db", db, *map(str, args)], obj=app)
    return run


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_ingest_prints_what_it_stored(vezha, corpus):
    result = vezha("ingest", corpus)
    assert result.exit_code == 0, result.output
    assert "stored 2 articles" in result.stdout


def test_ingest_again_stores_nothing_new(vezha, corpus):
    vezha("ingest", corpus)
    (report,) = json_lines(vezha("ingest", corpus, "--json").stdout)
    assert (report["stored"], report["skipped"], report["failed"]) == (0, 2, 0)


def test_ingest_with_bad_inputs_exits_1_and_lists_them(vezha, corpus):
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    result = vezha("ingest", corpus, corpus / "missing.txt")
    assert result.exit_code == 1
    assert "[V202]" in result.stderr and "[V201]" in result.stderr and "missing.txt" in result.stderr
    failures = json_lines(vezha("failures", "--json").stdout)
    assert sorted(f["code"] for f in failures) == ["V201", "V202"]
    assert "V202" in vezha("failures", "--run", "1").stdout
    assert vezha("failures", "--run", "99", "--json").stdout == ""


def test_ingest_interrupted_exits_130(vezha, corpus, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(runner_module, "ingest_into", interrupted)
    result = vezha("ingest", corpus)
    assert result.exit_code == 130 and "interrupted" in result.stderr


@pytest.mark.parametrize("as_json", [False, True])
def test_search_finds_inflected_forms(vezha, corpus, as_json):
    vezha("ingest", corpus)
    result = vezha("search", "Лукашенко", *(["--json"] if as_json else []))
    assert result.exit_code == 0
    if as_json:
        (hit,) = json_lines(result.stdout)
        assert hit["article_id"] and "[Лукашенка]" in hit["marked"]
    else:
        assert "[Лукашенка]" in result.stdout


def test_search_without_hits_says_so(vezha, corpus):
    vezha("ingest", corpus)
    result = vezha("search", "жирафа")
    assert result.exit_code == 0 and "no matches" in result.stderr


def test_show_prints_a_stored_article(vezha, corpus):
    vezha("ingest", corpus)
    (hit,) = json_lines(vezha("search", "Кличко", "--json").stdout)
    (record,) = json_lines(vezha("show", hit["article_id"], "--json").stdout)
    assert record["article_id"] == hit["article_id"] and record["id"] == "kyiv.txt"
    assert set(CONTRACT_KEYS) <= set(record)
    assert "Кличко" in vezha("show", hit["article_id"]).stdout


@pytest.mark.parametrize("args", [("show", "nope"), ("show", "nope", "--json")])
def test_show_unknown_article_exits_6_with_the_code(vezha, args):
    result = vezha(*args)
    assert result.exit_code == 6 and "V504" in result.stderr and "nope" in result.stderr
    if "--json" in args:
        assert json_lines(result.stdout)[0]["error"]["code"] == "V504"


def test_stats_counts_the_store(vezha, corpus):
    vezha("ingest", corpus)
    (figures,) = json_lines(vezha("stats", "--json").stdout)
    assert figures["counts"]["articles"] == 2 and figures["languages"] == {"uk": 2}
    assert figures["last_run"]["status"] == "done"
    assert "articles  2" in vezha("stats").stdout


def test_settings_lists_every_setting(vezha):
    rows = json_lines(vezha("settings", "--json").stdout)
    assert [r["name"] for r in rows] == [name for name, _, _ in describe_settings()]
    assert "max_file_bytes" in vezha("settings").stdout


def test_analyze_prints_one_contract_line_per_document(vezha, corpus):
    result = vezha("analyze", corpus / "kyiv.txt", "--jsonl", "--published", "2023-03-02")
    assert result.exit_code == 0, result.output
    (record,) = json_lines(result.stdout)
    assert tuple(record) == CONTRACT_KEYS
    assert (record["id"], record["language"], record["published"]) == ("kyiv.txt", "uk",
                                                                       "2023-03-02")


def test_analyze_folder_gives_relative_ids_and_a_summary(vezha, corpus):
    records = json_lines(vezha("analyze", corpus, "--jsonl", "--debug").stdout)
    assert sorted(r["id"] for r in records) == sorted(TEXTS)
    assert "minsk.txt  uk" in vezha("analyze", corpus).stdout


def test_analyze_seed_article(vezha, shared_dir):
    result = vezha("analyze", shared_dir / "seed" / "article-000.txt", "--jsonl")
    assert result.exit_code == 0, result.output
    (record,) = json_lines(result.stdout)
    assert record["language"] == "uk" and record["id"] == "article-000.txt"
    assert set(CONTRACT_KEYS) <= set(record)
    assert isinstance(record["entities"], list) and isinstance(record["quotes"], list)


@pytest.mark.parametrize("args, status", [
    (("analyze", "x.txt", "--published", "yesterday"), 2),
    (("analyze", "missing.txt"), 1),
    (("--db", "postgresql://h/db", "stats"), 6),
    (("nosuchcommand",), 2),
])
def test_exit_status_rule(vezha, args, status):
    assert vezha(*args).exit_code == status


def test_bad_settings_file_exits_2(vezha, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("db_url = [", encoding="utf-8")
    result = vezha("--config", bad, "stats")
    assert result.exit_code == 2 and "V103" in result.stderr


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_batch_commands_document_the_exit_status(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert "Exit status" in result.stdout and "130" in result.stdout


def test_readme_demo_ingests_every_sample_without_failure(vezha):
    from test_cli_docs import ROOT, demo_folders
    result = vezha("ingest", *(ROOT / folder for folder in demo_folders()))
    assert result.exit_code == 0, result.output
    (figures,) = json_lines(vezha("stats", "--json").stdout)
    assert figures["counts"]["articles"] >= 8 and figures["counts"]["failures"] == 0


def test_ingest_force_replaces_stored_articles(vezha, corpus):
    vezha("ingest", corpus)
    (report,) = json_lines(vezha("ingest", corpus, "--force", "--json").stdout)
    assert (report["stored"], report["skipped"]) == (2, 0)
    (figures,) = json_lines(vezha("stats", "--json").stdout)
    assert figures["counts"]["articles"] == 2


def test_runs_lists_each_run_with_its_status(vezha, corpus):
    vezha("ingest", corpus)
    vezha("ingest", corpus)
    rows = json_lines(vezha("runs", "--json").stdout)
    assert [(r["id"], r["status"], r["counts"]["stored"]) for r in rows] == [(2, "done", 0),
                                                                              (1, "done", 2)]
    assert "done" in vezha("runs", "--limit", "1").stdout
