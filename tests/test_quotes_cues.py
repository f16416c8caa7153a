"""The cue lexicon (vezha.cues): every tense, gender and number of a listed verb is a cue."""
from __future__ import annotations

import pytest

from vezha.cues import is_cue_word


@pytest.mark.parametrize("lang,words", [
    ("uk", "заявив заявила заявили заявило заявляє заявляють заявлятиме заявивши"),
    ("uk", "сказав сказала сказали каже кажуть"),
    ("uk", "наголосив наголосила наголошує наголошують"),
    ("uk", "вважає вважають вважав переконаний переконана переконані"),
    ("uk", "повідомив повідомила повідомляє повідомляють стверджує стверджується йдеться"),
    ("ru", "заявил заявила заявили заявляет заявляют"),
    ("ru", "сказал сказала говорит говорят считает считают сообщил сообщает сообщается"),
])
def test_forms_of_listed_verbs_are_cues_without_a_lemma(lang, words):
    assert [w for w in words.split() if not is_cue_word(w, "", lang)] == []


@pytest.mark.parametrize("word,lemma", [("заявила", "заявити"), ("пояснили", "пояснити"),
                                        ("отметил", "отметить")])
def test_a_lemma_of_the_lexicon_makes_a_cue(word, lemma):
    assert is_cue_word(word, lemma, "ru" if word.endswith("л") else "uk")


@pytest.mark.parametrize("word", ["заява", "заяви", "повідомлення", "додатково", "сказання", "нагадаємо",
                                  "скажімо", "Київ", "говорити"])
def test_nouns_adverbs_and_markers_are_not_cues(word):
    assert not is_cue_word(word, "", "uk")
