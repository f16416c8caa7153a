"""Full-text search over lemmas, the pure part: what gets indexed, what a query means, snippets.

An article is indexed as the lowercased lemmas of its tokens (the text stage's ``Token.lemma``,
else the token text) plus the lemmas of its title; a query's words are lemmatised with the same
morphology, so "Лукашенко" finds "Лукашенка" and "Лукашенком". A snippet is cut from the
original text: the sentence with the most matched words, with their offsets.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from ..model import Doc, Token

__all__ = ["Lemmatize", "doc_lemmas", "title_lemmas", "query_groups", "snippet", "snippet_of", "words",
           "QUERY_LANGUAGES", "SNIPPET_CHARS"]

Lemmatize = Callable[[str, str], str]   # (word, language) -> lemma, e.g. Morph.lemma
Span = tuple[int, int]                  # a sentence: (start, end)
Word = tuple[int, int, str, str]        # a token: (start, end, text, lemma)

WORD = re.compile(r"\w+(?:['-]\w+)*")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
QUERY_LANGUAGES = ("uk", "ru")      # a query without a language is read as both
SNIPPET_CHARS = 300                  # longest snippet; longer sentences are cut around the marks
WINDOW = 120                         # context either side of a match when there are no sentences


def normalise(word: str) -> str:
    """Lowercase with one apostrophe, so index and query tokenise alike."""
    return word.translate(APOSTROPHES).lower()


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word of ``text``, apostrophes normalised."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text.translate(APOSTROPHES))]


def doc_lemmas(doc: Doc, lemmatize: Lemmatize | None = None) -> str:
    """The indexed body column: one lemma per token (or per word when there are no tokens)."""
    tokens = [t for s in doc.sentences for t in s.tokens]
    if tokens:
        return " ".join(_token_lemma(t) for t in tokens if WORD.search(t.text))
    language = doc.article.language
    return " ".join(_lemma(w, language, lemmatize) for _, _, w in words(doc.text))


def title_lemmas(doc: Doc, lemmatize: Lemmatize | None = None) -> str:
    """The indexed title column."""
    language = doc.article.language
    return " ".join(_lemma(w, language, lemmatize) for _, _, w in words(doc.article.title or ""))


def query_groups(query: str, lemmatize: Lemmatize | None = None,
                 languages: Sequence[str] = QUERY_LANGUAGES) -> list[list[str]]:
    """One group of alternatives per query word: the word itself and its lemma in each language."""
    groups = []
    for _, _, word in words(query):
        forms = {normalise(word)} | {_lemma(word, lang, lemmatize) for lang in languages}
        groups.append(sorted(forms))
    return groups


def snippet(doc: Doc, terms: Iterable[str], lemmatize: Lemmatize | None = None
            ) -> tuple[str, int, tuple[tuple[int, int], ...]]:
    """(snippet text, its start in the doc text, marks relative to the snippet) for ``terms``."""
    spans = [(s.start, s.end) for s in doc.sentences]
    tokens = [(t.start, t.end, t.text, t.lemma) for s in doc.sentences for t in s.tokens]
    return snippet_of(doc.text, doc.article.language, spans, tokens, terms, lemmatize)


def snippet_of(text: str, language: str, sentences: Sequence[Span], tokens: Sequence[Word],
               terms: Iterable[str], lemmatize: Lemmatize | None = None
               ) -> tuple[str, int, tuple[tuple[int, int], ...]]:
    """``snippet`` over plain tuples: sentence (start, end) and token (start, end, text, lemma)
    spans, so a search page need not build a Doc of every hit."""
    terms = set(terms)
    spans = _matches(text, language, tokens, terms, lemmatize)
    if not spans:
        end = min(len(text), SNIPPET_CHARS)
        return text[:end], 0, ()
    start, end = _window(sentences, spans)
    marks = tuple((s - start, e - start) for s, e in spans if s >= start and e <= end)
    return text[start:end], start, marks


def _matches(text: str, language: str, tokens: Sequence[Word], terms: set[str],
             lemmatize: Lemmatize | None) -> list[tuple[int, int]]:
    if tokens:
        # lowercase only (normalising every token cost more than the rest of a search page):
        # a token's apostrophes matter only when a term has one
        fold = normalise if any("'" in t for t in terms) else str.lower
        return [(s, e) for s, e, word, lemma in tokens
                if fold(lemma or word) in terms or fold(word) in terms]
    return [(s, e) for s, e, w in words(text)
            if normalise(w) in terms or _lemma(w, language, lemmatize) in terms]


def _window(sentences: Sequence[Span], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The sentence holding the most matches (earliest on a tie), cut to SNIPPET_CHARS."""
    best = max(sentences, key=lambda s: (_count(s, spans), -s[0]), default=None)
    if best is None or _count(best, spans) == 0:
        first = spans[0][0]
        return max(0, first - WINDOW), first + WINDOW
    b_start, b_end = best
    first = next(s for s, e in spans if s >= b_start and e <= b_end)
    start = max(b_start, min(first - WINDOW, b_end - SNIPPET_CHARS))
    return start, min(b_end, start + SNIPPET_CHARS)


def _count(sentence: Span, spans: list[tuple[int, int]]) -> int:
    start, end = sentence
    return sum(1 for s, e in spans if s >= start and e <= end)


def _token_lemma(token: Token) -> str:
    return normalise(token.lemma or token.text)


def _lemma(word: str, language: str, lemmatize: Lemmatize | None) -> str:
    if lemmatize is None or language not in QUERY_LANGUAGES:
        return normalise(word)
    return normalise(lemmatize(word, language) or word)
