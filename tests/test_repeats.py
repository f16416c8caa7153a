"""Who repeated it: a quote carried by several outlets is one entry with every source and the
first to publish it; reprinted stories are stored as one group. SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from vezha.model import Article, Doc, Quote, Speaker
from vezha.store import open_store
from vezha.store.repeats import (quote_similarity, quote_words, repeated_quotes, story_groups,
                                 update_story_groups)

from conftest import EXAMPLES
from test_dedup import reprint, rewrite

QUOTE = "Росіяни не мають тут сил для глибокого прориву, вони намагаються розтягнути оборону"
SHORTER = "Росіяни не мають тут сил для глибокого прориву"
OTHER = "Ми отримаємо нові системи протиповітряної оборони до кінця року"


def doc(aid: str, outlet: str, published: str, quotes: list[tuple[str, str, str]],
        text: str | None = None) -> Doc:
    """An article of ``outlet`` carrying (speaker, entity id, quote text) quotes."""
    body = text or " ".join(f"«{q}», – заявив {s}." for s, _, q in quotes)
    found, at = [], 0
    for speaker, eid, q in quotes:
        start = body.index(q, at) if q in body else 0
        found.append(Quote(start, start + len(q), q, "direct", Speaker(speaker, eid), "заявив"))
        at = start
    article = Article(id=aid, text=body, source=f"{aid}.txt", outlet=outlet, published=published,
                      url=f"https://{outlet}/{aid}", language="uk", content_hash=aid)
    return Doc(article=article, quotes=tuple(found))


def test_a_quote_repeated_across_outlets_is_shown_once_with_its_first_source(store):
    store.save_docs([
        doc("late", "radio.example", "2024-05-03", [("Тарас Гнатюк", "Q-gn", QUOTE)]),
        doc("first", "news.example", "2024-05-01", [("Тарас Гнатюк", "Q-gn", QUOTE)]),
        doc("short", "tv.example", "2024-05-02", [("Гнатюк", "Q-gn", SHORTER)]),
        doc("alone", "tv.example", "2024-05-02", [("Ігнат", "Q-ign", OTHER)]),
    ])
    (entry,) = repeated_quotes(store)
    assert entry.first.article_id == "first" and entry.text == QUOTE
    assert [s.article_id for s in entry.sources] == ["first", "short", "late"]
    assert entry.outlets == ("news.example", "radio.example", "tv.example")
    assert entry.speaker_id == "Q-gn"


def test_the_same_words_from_another_speaker_are_another_quote(store):
    store.save_docs([
        doc("a", "news.example", "2024-05-01", [("Тарас Гнатюк", "Q-gn", QUOTE)]),
        doc("b", "radio.example", "2024-05-02", [("Юрій Ігнат", "Q-ign", QUOTE)]),
    ])
    assert repeated_quotes(store) == []
    assert len(repeated_quotes(store, min_sources=1)) == 2


def test_speakers_without_entity_ids_match_by_name(store):
    store.save_docs([
        doc("a", "news.example", "2024-05-01", [("Тарас Гнатюк", "", QUOTE)]),
        doc("b", "radio.example", "2024-05-02", [("тарас  Гнатюк", "", QUOTE)]),
    ])
    (entry,) = repeated_quotes(store, speaker="Тарас Гнатюк")
    assert len(entry.sources) == 2


@pytest.mark.parametrize("a, b, expected", [
    (QUOTE, QUOTE, 1.0),
    (QUOTE, SHORTER, 1.0),          # an excerpt of the quote
    (QUOTE, OTHER, 0.0),
    ("Так", "Ні", 0.0),             # too short to compare by overlap
])
def test_quote_similarity(a, b, expected):
    assert quote_similarity(quote_words(a), quote_words(b)) == pytest.approx(expected, abs=0.1)


def test_reprints_and_rewrites_are_stored_as_one_story(store):
    raw = (EXAMPLES / "articles" / "kharkiv-front.txt").read_text(encoding="utf-8")
    other = (EXAMPLES / "articles" / "sanctions-mfa.txt").read_text(encoding="utf-8")
    store.save_docs([doc("copy", "b.example", "2024-05-02", [], reprint(raw)),
                     doc("orig", "a.example", "2024-05-01", [], raw),
                     doc("redo", "c.example", "2024-05-03", [], rewrite(raw)),
                     doc("else", "d.example", "2024-05-01", [], other)])
    (group,) = update_story_groups(store)
    assert group.first == "orig" and [a for a, _ in group.members] == ["orig", "copy", "redo"]
    assert story_groups(store) == [group]
    update_story_groups(store)          # recomputing replaces, never duplicates
    assert story_groups(store) == [group]


def test_vezha_repeats_and_stories_commands(tmp_path):
    import json
    from click.testing import CliRunner
    from vezha.cli import cli
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    raw = (EXAMPLES / "articles" / "kharkiv-front.txt").read_text(encoding="utf-8")
    with open_store(url) as opened:
        opened.save_docs([doc("a", "news.example", "2024-05-01", [("Гнатюк", "Q-gn", QUOTE)], raw),
                          doc("b", "radio.example", "2024-05-02", [("Гнатюк", "Q-gn", QUOTE)],
                              reprint(raw))])
    runner = CliRunner()
    repeats = runner.invoke(cli, ["--db", url, "repeats", "--json"])
    stories = runner.invoke(cli, ["--db", url, "stories", "--json"])
    assert repeats.exit_code == 0 and stories.exit_code == 0, repeats.output + stories.output
    (quote,) = [json.loads(line) for line in repeats.output.splitlines()]
    (group,) = [json.loads(line) for line in stories.output.splitlines()]
    assert quote["first"]["article_id"] == "a" and quote["outlets"] == ["news.example",
                                                                        "radio.example"]
    assert group["first"] == "a" and [m[0] for m in group["members"]] == ["a", "b"]


def _scan(rows):
    """The reference: each quote joins the first earlier cluster whose first quote it matches."""
    from vezha.store.repeats import SIMILAR
    clusters = []
    for row in sorted(rows, key=lambda r: (r["published"] or "9999", r["article_id"])):
        words = quote_words(row["text"])
        home = next((c for c in clusters if quote_similarity(c[0], words) >= SIMILAR), None)
        if home is None:
            clusters.append((words, [row]))
        else:
            home[1].append(row)
    return [[r["article_id"] for r in members] for _, members in clusters]


@pytest.mark.parametrize("seed", range(12))
def test_the_indexed_clusters_are_those_of_comparing_every_quote(seed):
    """``_cluster`` finds candidates by prefix filtering: the same clusters as the full scan,
    on random quotes of 1 to 9 words from a small vocabulary (many near matches)."""
    import random
    from vezha.store.repeats import _cluster
    rng = random.Random(seed)
    vocab = [f"слово{k}" for k in range(12 + seed)]
    rows = [{"article_id": f"a{k:03d}", "published": f"2024-05-{rng.randint(1, 28):02d}",
             "text": " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 9))),
             "start": 0, "end": 1, "speaker_name": "X", "speaker_entity_id": "Q-x",
             "outlet": None, "url": None, "title": None} for k in range(150)]
    assert [[s.article_id for s in q.sources] for q in _cluster(rows)] == _scan(rows)
