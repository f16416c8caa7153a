"""Near-duplicate stories: reprints and rewrites of our own samples group, other stories do not."""
from __future__ import annotations

import random

import pytest

from vezha.dedup import THRESHOLD, body_text, fingerprint, group_stories, shingles
from vezha.ingest import parse_text
from vezha.model import Article, Segment

from conftest import EXAMPLES

SAMPLES = sorted((EXAMPLES / "articles").glob("*.txt"))
PROMO = "Підписуйтесь на наш Telegram-канал, щоб першими дізнаватися головні новини дня."
RELATED = "Читайте також: Уряд ухвалив бюджет на наступний рік"


def reprint(raw: str) -> str:
    """Another outlet's copy: a new title prefix and other boilerplate around the same body."""
    title, body = raw.split("\n\n", 1)
    return f"Новина дня: {title}\n\n{body}\n\n{PROMO}\n\n{RELATED}\n"


def rewrite(raw: str, seed: int = 1) -> str:
    """A rewrite: the middle paragraphs reordered, the lead sentence edited."""
    title, *paras = raw.split("\n\n")
    middle = paras[1:-1]
    random.Random(seed).shuffle(middle)
    lead = paras[0].replace(".", " – повідомляє джерело редакції.", 1)
    return "\n\n".join([title, lead, *middle, paras[-1]])


def digest(raw: str) -> str:
    """A short digest: the title and the lead only (a different, much smaller text)."""
    title, lead, *_ = raw.split("\n\n")
    return f"{title}\n\n{lead}\n"


VARIANTS = {"original": lambda raw: raw, "reprint": reprint, "rewrite": rewrite}


def corpus() -> dict[tuple[str, str], Article]:
    return {(path.stem, kind): parse_text(make(path.read_text(encoding="utf-8")),
                                          f"{path.stem}-{kind}.txt")
            for path in SAMPLES for kind, make in VARIANTS.items()}


@pytest.fixture(scope="module")
def prints():
    return {key: fingerprint(article) for key, article in corpus().items()}


def similarity(prints, a, b) -> float:
    return prints[a].minhash.jaccard(prints[b].minhash)


@pytest.mark.parametrize("kind, low, high", [
    ("reprint", 0.85, 1.0),     # same body, other boilerplate
    ("rewrite", 0.6, 0.95),     # reordered paragraphs, an edited sentence
])
def test_variants_of_one_story_score_above_the_threshold(prints, kind, low, high):
    for path in SAMPLES:
        score = similarity(prints, (path.stem, "original"), (path.stem, kind))
        assert THRESHOLD < low <= score <= high, (path.stem, kind, score)


def test_different_stories_score_far_below_the_threshold(prints):
    stems = [p.stem for p in SAMPLES]
    for a in stems:
        for b in stems:
            if a < b:
                assert similarity(prints, (a, "original"), (b, "rewrite")) < 0.1


def test_each_story_is_one_group_named_by_its_first_article(prints):
    groups = group_stories(prints.values())
    by_id = {fp.article_id: key for key, fp in prints.items()}
    assert sorted(sorted({by_id[a][0] for a, _ in g.members}) for g in groups) == \
        [[p.stem] for p in SAMPLES]
    assert all(len(g.members) == 3 and g.members[0] == (g.first, 1.0) for g in groups)


def test_the_earliest_published_article_names_the_group():
    raw = SAMPLES[0].read_text(encoding="utf-8")
    late = Article(id="late", text=raw, source="a", published="2024-05-02")
    early = Article(id="early", text=reprint(raw), source="b", published="2024-05-01")
    (group,) = group_stories([fingerprint(late), fingerprint(early)])
    assert group.first == "early" and [a for a, _ in group.members] == ["early", "late"]


def test_a_digest_of_the_lead_only_is_another_text():
    raw = SAMPLES[0].read_text(encoding="utf-8")
    prints = [fingerprint(Article(id=k, text=t, source=k))
              for k, t in (("full", raw), ("digest", digest(raw)))]
    assert group_stories(prints) == []


def test_boilerplate_segments_are_left_out_of_the_body():
    text = "Головна новина дня тут. Реклама: купуйте наші товари."
    article = Article(id="x", text=text, source="x", segments=(
        Segment(0, 23, "body"), Segment(24, len(text), "promo")))
    assert body_text(article).strip() == "Головна новина дня тут."
    assert shingles("Один два три чотири") == {"один два три", "два три чотири"}
    assert shingles("Два слова") == {"два", "слова"}


def test_no_articles_no_groups():
    assert group_stories([]) == []
