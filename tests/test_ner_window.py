"""The windows the ``ner`` CRF reads: candidates, windows, growth, and the same names as a
reading of whole sentences on self-written text."""
from __future__ import annotations

import dataclasses

import pytest

from vezha import ner, ner_window, text
from vezha.model import Article, Doc, Token


def _toks(words: str, lemmas: dict[str, str] | None = None) -> tuple[Token, ...]:
    out, at = [], 0
    for w in words.split():
        out.append(Token(at, at + len(w), w, (lemmas or {}).get(w, "")))
        at += len(w) + 1
    return tuple(out)


@pytest.mark.parametrize("word, lemma, expected", [
    ("Жданов", "", True), ("ЗСУ", "", True), ("А-50У", "", True), ("2022", "", True), ("«", "", True),
    ("iz.ru", "", True),                     # lowercase Latin: a site or brand name
    ("брексит", "", True),                   # a gazetteer name
    ("уряду", "уряд", True),                 # a lemma the CRF starts names with
    ("заявив", "заявити", False), ("з", "з", False), (",", "", False),
])
def test_candidate_words_start_a_window(word, lemma, expected):
    tok = Token(0, len(word), word, lemma)
    assert ner_window.candidate(tok, {"брексит": "EVT"}, frozenset({"уряд"})) is expected


@pytest.mark.parametrize("flags, expected", [
    ("........", []),
    ("...x....", [1, 2, 3, 4, 5]),           # two before, two after
    ("x......x", [0, 1, 2, 5, 6, 7]),
    ("..x.x...", [0, 1, 2, 3, 4, 5, 6]),     # windows that meet are one
])
def test_windows_hold_each_candidate_with_its_neighbours(flags, expected):
    assert ner_window.windows([f == "x" for f in flags]) == expected


@pytest.mark.parametrize("keep, labels, n, expected", [
    ([2, 3, 4, 5, 6], ["O", "B-ORG", "O", "O", "O"], 8, set()),   # the name ends inside the window
    ([2, 3, 4], ["O", "B-ORG", "I-ORG"], 8, {5, 6}),              # it reaches the last token
    ([2, 3, 4], ["O", "B-ORG", "O"], 8, {5, 6}),                  # or the last but one
    ([2, 3, 4, 5, 6], ["B-ORG", "I-ORG", "O", "O", "O"], 8, {0, 1}),  # it starts at the first token
    ([0, 1, 2], ["B-PER", "I-PER", "I-PER"], 3, set()),           # the sentence ends there
    ([3, 4, 5], ["B-ORG", "I-ORG", "I-ORG"], 10, {1, 2, 6, 7}),
])
def test_a_window_grows_where_a_name_reaches_its_edge(keep, labels, n, expected):
    assert ner_window.grown(keep, labels, n) == expected


class _Tagger:
    """A stand-in CRF: a word is in a name of type ORG if it is capitalised or follows one."""
    def labels(self):
        return ["O", "B-ORG", "I-ORG"]

    def marginal(self, label, k):
        return 0.5


def test_outside_the_windows_every_token_is_outside_a_name():
    toks = _toks("вчора ввечері у місті пройшов дощ , а потім Міністерство закордонних справ")
    seen: list[list[int]] = []

    def features(only):
        seen.append(list(only))
        return [[toks[k].text] for k in only]

    def tag(feats):
        out, prev = [], "O"
        for f in feats:
            w = f[0]
            prev = "B-ORG" if w[0].isupper() else "I-ORG" if prev != "O" and w in ("закордонних", "справ") else "O"
            out.append(prev)
        return out

    labels, view = ner_window.tag_windows(toks, {}, frozenset(), features, tag, _Tagger())
    assert labels[:8] == ["O"] * 8
    assert labels[9:] == ["B-ORG", "I-ORG", "I-ORG"]
    assert seen[0] == [7, 8, 9, 10, 11]                # features computed once per token
    assert view.marginal("O", 0) == 1.0 and view.marginal("B-ORG", 0) == 0.0
    assert view.marginal("B-ORG", 9) == 0.5


SENTENCES = [
    ("Про це розповів військовий експерт Олег Жданов в ефірі 24 Каналу.", "uk"),
    ("Аналітики Інституту з вивчення війни вважають, що наступ можливий наприкінці січня.", "uk"),
    ("Засідання Організації договору про колективну безпеку пройшло у Мінську.", "uk"),
    ("Керівник компанії «Укртрансгаз» подав у відставку, повідомило Міністерство енергетики України.", "uk"),
    ("Представитель Министерства иностранных дел России Мария Захарова заявила об этом в среду.", "ru"),
]


@pytest.mark.parametrize("sentence, lang", SENTENCES)
def test_windows_find_the_names_a_whole_sentence_reading_finds(sentence, lang, resources, monkeypatch):
    doc = text.run(Doc(article=Article(id="t", text=sentence, source="t", language=lang)), resources)
    windowed = ner.recognize(doc, resources["ner"])
    monkeypatch.setattr(ner_window, "windows", lambda flags, before=0, after=0: list(range(len(flags))))
    assert ner.recognize(doc, resources["ner"]) == windowed


def test_shipped_model_has_its_starters(resources):
    starters = resources["ner"].starters
    assert len(starters) > 500 and all(w.islower() for w in starters)


def test_starters_are_read_from_the_model_when_no_file_is_saved(tmp_path, resources):
    tagger = resources["ner"].tagger
    assert ner_window.load_starters(tmp_path / "none.txt", tagger) == ner_window.name_starters(tagger)
    ner_window.save_starters(frozenset({"уряд", "референдум"}), tmp_path / "s.txt")
    assert ner_window.load_starters(tmp_path / "s.txt", tagger) == {"уряд", "референдум"}


@pytest.mark.parametrize("lemmas, caps, expected", [
    (["інститут", "з", "вивчення", "війна", "вважати"], [True, False, False, False, False], [(0, 3, "ORG")]),
    (["генштаб", "зсу", "повідомити"], [True, True, False], [(0, 1, "ORG")]),
    (["зсу", "повідомити"], [True, False], [(0, 0, "ORG")]),
    (["сказати", "інститут"], [False, False], []),           # no match starts at a lowercase word
])
def test_phrase_lengths_find_what_every_length_finds(lemmas, caps, expected):
    from vezha.kb import match_phrases, phrase_lengths
    phrases = {("інститут", "з", "вивчення", "війна"): "ORG", ("генштаб", "зсу"): "ORG", ("зсу",): "ORG"}
    assert match_phrases(lemmas, caps, phrases) == expected
    assert match_phrases(lemmas, caps, phrases, lengths=phrase_lengths(phrases)) == expected
