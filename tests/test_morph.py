"""Morphology: context disambiguation picks the right lemma where the uk dictionary is ambiguous."""
import pytest

from vezha.morph import load_morph


@pytest.fixture(scope="module")
def morph():
    return load_morph()


@pytest.mark.parametrize("prev, word, lang, lemma", [
    ("у", "Мінську", "uk", "мінськ"),            # proper noun over the adjective "мінський"
    ("з", "Мінськом", "uk", "мінськ"),
    ("до", "Білорусі", "uk", "білорусь"),
    ("словами", "Жданова", "uk", "жданов"),      # genitive after a governing noun, not fem. nominative
    ("думку", "Петренка", "uk", "петренко"),
    ("", "Путіна", "uk", "путін"),
    ("проти", "України", "uk", "україна"),
    ("", "заявив", "uk", "заявити"),
    ("", "заявила", "uk", "заявити"),
    ("", "Аналітики", "uk", "аналітик"),
    ("в", "Минске", "ru", "минск"),
    ("", "сказал", "ru", "сказать"),
    ("по", "словам", "ru", "слово"),
])
def test_best_reading_gives_the_lemma_in_context(morph, prev, word, lang, lemma):
    assert morph.best(word, lang, prev=prev).normal_form == lemma


@pytest.mark.parametrize("word, sentence_start, pos", [
    ("За", True, "PREP"),          # sentence-initial function word stays a function word
    ("Про", True, "NOUN"),         # not the abbreviation ПРО: no Abbr reading for mixed case
])
def test_sentence_start_is_not_taken_for_a_proper_name(morph, word, sentence_start, pos):
    a = morph.best(word, "uk", sentence_start=sentence_start)
    assert a.pos == pos and "Abbr" not in a.grammemes


@pytest.mark.parametrize("word, grammemes, expected", [
    ("Мінську", {"nomn"}, "мінськ"),
    ("Організації", {"nomn"}, "організація"),
])
def test_inflect_puts_a_word_in_the_asked_case(morph, word, grammemes, expected):
    assert morph.inflect(word, "uk", grammemes, reading=morph.best(word, "uk", prev="у")) == expected


def test_parses_are_cached_and_adapted(morph):
    first = morph.parses("Білорусі", "uk")
    assert first is morph.parses("білорусі", "uk")
    assert all(type(a).__module__ == "vezha.morph" for a in first)


def test_morph_pickles_for_workers(morph):
    import pickle
    clone = pickle.loads(pickle.dumps(morph))
    assert clone.lemma("Києва", "uk") == "київ"


@pytest.mark.parametrize("word, lemma, pos", [
    ("польські", "польський", "ADJF"),      # lower case: an adjective, not a surname
    ("українські", "український", "ADJF"),
])
def test_a_lowercase_word_is_not_read_as_a_name(morph, word, lemma, pos):
    a = morph.best(word, "uk")
    assert (a.normal_form, a.pos) == (lemma, pos) and not {"Surn", "Name"} & a.grammemes
