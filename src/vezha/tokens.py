"""Word tokens of a sentence: tokenize-uk's, taken per whitespace-separated chunk from a cache.

tokenize-uk's word tokenizer runs some forty regex substitutions over the whole sentence. Most
of them look at one chunk only ("Жданова," -> "Жданова", ","), so a sentence's tokens are its
chunks' tokens, and chunks repeat by Zipf's law: ``CACHE`` holds them per chunk, never per
sentence. A chunk's tokens are those it gets in its *frame*, the context it has in the sentence
without a neighbour a rule could read (the key of the cache):

* before it: nothing for the sentence's first chunk (rules anchored at the start: a leading
  dash), otherwise the whitespace character that precedes it (some rules take a space or a tab,
  not a line break). The library runs its abbreviation rules only when a dot is not the
  sentence's last character; the last chunk of a sentence with such a dot gets a dot before that
  whitespace, so that those rules run for it as they do for the sentence;
* after it: nothing for the last chunk (rules anchored at the end: "див." ending a sentence),
  otherwise the whitespace character that follows it and a dot (its own dot is not the last).

The frame's dot stands next to whitespace, where no rule matches it, and its tokens are dropped.
The rules that *do* read across whitespace ("і т. д.", "А. Коваль", "Коваль А.", "5 000",
"5 тис. грн", ...) are listed in ``CROSSING`` as how one chunk ends and the next starts, each
wider than the library's rule, never narrower; a sentence with such a pair of neighbours, or a
chunk matching ``UNMODELLED``, is tokenized whole by the library. A new chunk of letters or
digits only (``SIMPLE``) is one token, no rule changes it. A sentence with up to
``FRAMED_MISSES`` other new chunks has them tokenized in their frames; with more, the library
tokenizes the sentence whole (one call instead of many) and each new chunk's share of its
tokens is cached: the same tokens, as the frames give them. ``benchmarks/tokens_check.py``
compares both ways with the library over the samples, the corpora and random text.
"""
from __future__ import annotations

import re
from functools import lru_cache

import tokenize_uk

__all__ = ["word_spans", "chunkable", "library_spans", "framed_spans", "chunk_keys", "crossing",
           "CROSSING", "UNMODELLED", "CACHE"]

CHUNK_CACHE = 100_000
FRAMED_MISSES = 2   # new chunks tokenized in their frames; more: the sentence whole, then shared
CHUNK = re.compile(r"[^ \t\n\r\u00a0]+")   # the whitespace tokenize-uk always splits on, one by one
# The library's "no letter before" lookbehinds also refuse "'" and "-", but its own placeholders
# can stand in their place by then ("-Акад." at the start), so only letters are refused here.
NOT_LETTER = r"(?<![а-яіїєґА-ЯІЇЄҐ\u0301])"

# Rules of tokenize-uk that read across whitespace (the library's pattern in the comment), as
# (how the chunk before ends, how the chunk after starts); "" is any chunk.
CROSSING: dict[str, tuple[str, str]] = {
    "digit groups": (r"\d", r"\d"),                                    # DECIMAL_SPACE_PATTERN
    "n-dash and space": (r"\w–", ""),                                  # N_DASH_SPACE_PATTERN
    "в. о.": (r"[вВу]\.", r"о\."),                                     # ABBR_DOT_VO_PATTERN1
    "к. с.": (r"к\.", r"с\."),                                         # ABBR_DOT_VO_PATTERN2
    "ч. л.": (r"(?:ч|ст)\.", r"л\."),                                  # ABBR_DOT_VO_PATTERN3
    "5 тис.": (r"[0-9IІ]", r"(?:тис|арт)\."),                          # ABBR_DOT_TYS_PATTERN1
    "тис. грн": (r"(?:тис|арт)\.", r"[а-яіїєґ0-9]"),                   # ABBR_DOT_TYS_PATTERN2
    "арт. 5": (r"(?:[Аа]рт|[Мм]ал|[Рр]ис|[Сс]пр)\.№?", r"[№\d]"),      # ABBR_DOT_ART_PATTERN
    "Ман. Сіті": (r"Ман\.", r"(?:Сіті|[Юю]н)"),                        # ABBR_DOT_MAN_PATTERN
    "лат. word": (r"лат\.", r"[a-zA-Z]"),                              # ABBR_DOT_LAT_PATTERN
    "проф. Name": (NOT_LETTER + r"(?:[Аа]кад|[Пп]роф|[Дд]оц|[Аа]сист|[Аа]рх|ап|тов|вул|бул"
                   r"|бульв|о|р|ім|упорядн?|др|[Пп]реп|Ів|Дж|Ол|[сС]вт|Авг)\.",
                   r"[А-ЯІЇЄҐа-яіїєґ]"),                               # ABBR_DOT_PROF_PATTERN
    "губ.": ("", r"губ\."),                                            # ABBR_DOT_GUB_PATTERN
    "А. Коваль": (r"[А-ЯІЇЄҐ]\.", r"[А-ЯІЇЄҐ]"),                       # INITIALS_DOT_PATTERN_SP_*
    "Коваль А.": (r"[а-яіїєґ'’ʼ‘]", r"[А-ЯІЇЄҐ]\."),    # INITIALS_DOT_PATTERN_RSP_* (’ is ' there)
    "кв. м": (r"(?:кв|куб)\.", r"(?:[смкд]|мк)?м"),                    # ABBR_DOT_KUB_SM_PATTERN
    "н. е.": (NOT_LETTER + r"[векнпрстцч]{1,2}\.", r"[екмнпрстч]{1,2}\."),   # ..._2_SMALL_LETTERS
    "і т. д.": (r"[ійву]", r"т\."),                                    # ABBR_DOT_I_T_P, _I_T_CH
    "т. зв.": (r"т\.", r"(?:зв|д|п|ін|ч)\."),                         # ABBR_DOT_T_ZV and the above
    "ред.)": (r"(?:[Рр]ед|[Аа]вт)\.", r"[)\]а-яіїєґ]"),                # ABBR_DOT_RED_AVT_PATTERN
    "м. Київ": (NOT_LETTER + r"м\.", r"[А-ЯІЇЄҐ]"),                    # ABBR_DOT_NON_ENDING_*_2
    "рік нар.": ("", r"нар\."),                                        # ABBR_DOT_NAR_PATTERN_1
    "нар. 1990": (r"нар\.", r"[0-9а-яіїєґ]"),                          # ABBR_DOT_NAR_PATTERN_2
    "млн. грн": (r"(?:млн|млрд)\.", r"[а-яіїєґ]"),                     # INVALID_MLN_DOT_PATTERN
    "та ін.": (r"(?:та|й|і)", r"(?:інш?|под)\."),                      # ABBR_DOT_ENDING_PATTERN
}
# Chunks the frames do not model: whitespace the library does not split on one by one, its own
# placeholder characters, a soft hyphen (it joins a word across a line break), URLs and e-mail
# addresses (found in the whole text).
UNMODELLED = re.compile(r"[^\S \t\n\r\u00a0]|[\ue000-\uf8ff\u00ad@]|http|www|ftp")
# Every rule's start tried in one call (rule i sets group i + 1); ends one by one (faster),
# those ending in a dot only for a chunk that does, an empty one not at all.
STARTS = re.compile("".join(f"(?:(?=({start})))?" for _, start in CROSSING.values()))
ENDS = tuple((1 << i, end.endswith(r"\."), re.compile(f"(?:{end})\\Z"))
             for i, (end, _) in enumerate(CROSSING.values()) if end)
ANY_END = sum(1 << i for i, (end, _) in enumerate(CROSSING.values()) if not end)

# Chunks no rule of the library changes in any frame: letters only or digits only (one token),
# perhaps followed by a comma (a token of its own).
SIMPLE = re.compile(r"(?:[а-яіїєґА-ЯІЇЄҐa-zA-Z]+|[0-9]+)(,?)")

Spans = tuple[tuple[int, int], ...]
Known = tuple[int, int, Spans]       # CROSSING rules a chunk starts / ends with (bits), its spans
Part = tuple[int, tuple[str, str, str], "Known | None"]


class ChunkCache:
    """(chunk, whitespace before, whitespace after) -> ``Known``; emptied when full."""

    def __init__(self, limit: int = CHUNK_CACHE) -> None:
        self.limit, self.known = limit, {}

    def put(self, key: tuple[str, str, str], value: Known) -> None:
        if len(self.known) >= self.limit:
            self.known.clear()
        self.known[key] = value


CACHE = ChunkCache()


def word_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of every word and punctuation token of ``sentence``, exactly as
    ``tokenize_uk.tokenize_words_with_spans`` gives them."""
    parts = _parts(sentence)
    if parts is None:
        return library_spans(sentence)
    missing = sum(known is None for _, _, known in parts)
    if missing > FRAMED_MISSES:
        return _learn(sentence, parts)
    out: list[tuple[int, int]] = []
    for start, key, known in parts:
        spans = known[2] if known else _framed_known(key)
        if spans is None:
            return library_spans(sentence)
        out.extend([(start + s, start + e) for s, e in spans])
    return out


def chunkable(sentence: str) -> bool:
    """Whether ``word_spans`` takes ``sentence`` by its chunks (no ``CROSSING`` pair of
    neighbours, no ``UNMODELLED`` chunk)."""
    return _parts(sentence) is not None


def library_spans(sentence: str) -> list[tuple[int, int]]:
    """tokenize-uk on the whole sentence."""
    return [(s, e) for _, s, e in tokenize_uk.tokenize_words_with_spans(sentence)]


def framed_spans(chunk: str, before: str, after: str) -> Spans | None:
    """The chunk's token spans tokenized in its frame (see the module docstring), or None when
    a token crosses the frame (the frame changed the chunk)."""
    lead, size, spans = len(before), len(chunk), []
    for s, e in library_spans(before + chunk + (after + "." if after else "")):
        s, e = s - lead, e - lead
        if 0 <= s and e <= size:
            spans.append((s, e))
        elif e > 0 and s < size:
            return None
    return tuple(spans)


def chunk_keys(sentence: str) -> list[tuple[int, tuple[str, str, str]]]:
    """(offset, (chunk, before, after)) of every chunk: ``before`` is the whitespace before it
    ("" for the first; a dot and it for a last chunk with a dot in a sentence with a dot before
    its end), ``after`` the whitespace after it ("" for the last)."""
    inner_dot = sentence.find(".", 0, len(sentence) - 1) >= 0
    size, keys = len(sentence), []
    for m in CHUNK.finditer(sentence):
        start, end = m.span()
        chunk = m.group()
        before = sentence[start - 1] if start else ""
        if end == size and inner_dot and before and "." in chunk:
            before = "." + before
        keys.append((start, (chunk, before, sentence[end] if end < size else "")))
    return keys


def crossing(chunk: str) -> tuple[int, int] | None:
    """(bits of the ``CROSSING`` rules the chunk starts with, bits of those it ends with), or
    None for a chunk matching ``UNMODELLED``."""
    if UNMODELLED.search(chunk):
        return None
    starts = STARTS.match(chunk).groups()
    dot = chunk[-1] == "."
    return (sum(1 << i for i, group in enumerate(starts) if group is not None),
            sum((bit for bit, dotted, rule in ENDS if (dot or not dotted) and rule.search(chunk)),
                ANY_END))


def _parts(sentence: str) -> list[Part] | None:
    """Every chunk's offset, key and cached tokens (None: not seen yet); None when the library
    must see the sentence whole."""
    if not sentence or sentence[0].isspace() or sentence[-1].isspace():
        return None
    parts, ends, known_ = [], 0, CACHE.known
    for start, key in chunk_keys(sentence):
        known = known_.get(key) or _simple(key)
        bits = known[:2] if known else _crossing(key[0])
        if bits is None or bits[0] & ends:
            return None
        ends = bits[1]
        parts.append((start, key, known))
    return parts


def _simple(key: tuple[str, str, str]) -> Known | None:
    """A new ``SIMPLE`` chunk's tokens, known without the library (and cached)."""
    simple = SIMPLE.fullmatch(key[0])
    if simple is None or _crossing(key[0]) is None:
        return None
    size = len(key[0])
    spans = ((0, size - 1), (size - 1, size)) if simple.group(1) else ((0, size),)
    CACHE.put(key, (*_crossing(key[0]), spans))
    return CACHE.known[key]


def _framed_known(key: tuple[str, str, str]) -> Spans | None:
    spans = framed_spans(*key)
    if spans is not None:
        CACHE.put(key, (*_crossing(key[0]), spans))
    return spans


def _learn(sentence: str, parts: list[Part]) -> list[tuple[int, int]]:
    """The library's tokens of the whole sentence, each new chunk's share of them cached
    (cheaper than tokenizing many new chunks one by one in their frames)."""
    tokens = library_spans(sentence)
    shares, i = [], 0
    for start, key, known in parts:
        end, share = start + len(key[0]), []
        while i < len(tokens) and tokens[i][1] <= end:
            s, e = tokens[i]
            if s < start:
                return tokens                  # a token across whitespace: nothing to learn
            share.append((s - start, e - start))
            i += 1
        shares.append((key, known, tuple(share)))
    for key, known, share in shares:
        if known is None:
            CACHE.put(key, (*_crossing(key[0]), share))
    return tokens


@lru_cache(maxsize=4096)     # for the chunks of the sentences at hand; CACHE keeps the rest
def _crossing(chunk: str) -> tuple[int, int] | None:
    return crossing(chunk)
