"""Quote rules of the sentence: direct speech by its marks, indirect speech by its cue.

Each rule is ``rule(ctx, found) -> list[Quote]``; ``found`` holds what earlier rules found.
"""
from __future__ import annotations

from . import cues
from .model import Quote
from .quote_text import Context, content_end, cue_words, is_cue, make, phrase_at, word_at
from .quote_speakers import according_speaker, after_speaker, source_of, subject_speaker, subjects_of
from .speaker_phrases import phrases, to_speaker

__all__ = ["direct_after_cue", "direct_before_cue", "lost_opening", "according_to", "cue_that",
           "passive_that", "trailing_cue_at", "next_clause", "content_start", "phrase_span", "QUOTE_MARKS"]

QUOTE_MARKS = "\"«»„“”"
THAT = frozenset({"що", "что", "як", "как", "that"})
ABOUT = frozenset({"про", "на", "о", "об"})
# First words of the phrase cues: according_to looks further only at these.
PHRASE_OPENERS = frozenset(p.split()[0] for p in cues.ACCORDING_TO + cues.SOURCE_PHRASES if p.split())


# --- direct speech ----------------------------------------------------------------------------

def direct_after_cue(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'він сказав таку фразу: "..."', 'заявив про "..."', 'підкресливши, що "..."', 'За словами X, "..."'."""
    out = []
    for o, c in ctx.pairs:
        i = word_at(ctx, o) - 1
        if i < 0:
            continue
        u0 = ctx.unit_of(i)[0]
        k = _cue_before(ctx, u0, i)
        if k is not None:
            out.append(make(ctx, o, c + 1, "direct", ctx.words[k], subject_speaker(ctx, u0, k, found), "direct_after_cue"))
        elif i > u0 and ctx.words[i].text == "," and phrase_at(ctx, u0, cues.ACCORDING_TO):
            out.append(make(ctx, o, c + 1, "direct", phrase_span(ctx, u0), according_speaker(ctx, u0),
                            "direct_after_according"))
    return out


def _cue_before(ctx: Context, u0: int, i: int) -> int | None:
    """The cue that introduces a quote opening after word ``i``: 'сказав:', 'заявив, що', 'сказав таку фразу:'."""
    k = i
    while k > u0 and i - k < 6 and ctx.lows[k] in (":", ",", "що", "что", "про", "те", "о"):
        k -= 1
    if ctx.words[i].text == ":":
        k = next((j for j in range(k, max(u0, k - 4) - 1, -1) if is_cue(ctx, j)), k)
    if k < i and is_cue(ctx, k) and ctx.lows[k] not in cues.PASSIVE_CUES:
        return k
    return None


def direct_before_cue(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'"...", – сказав він', '«...», – йдеться в доповіді'."""
    out = []
    for o, c in ctx.pairs:
        if any(q.start <= o + 1 and c <= q.end for q in found) or not _opens_clause(ctx, o):
            continue
        k = trailing_cue_at(ctx, word_at(ctx, c + 1))
        if k is not None:
            speaker, via = after_speaker(ctx, k)
            out.append(make(ctx, o, c + 1, "direct", ctx.words[k], speaker, "direct_before_cue", via))
    return out


def _opens_clause(ctx: Context, o: int) -> bool:
    """A quote that opens its sentence or follows ':' / a dash, not a fragment inside one."""
    i = word_at(ctx, o)
    return i == ctx.unit_of(i)[0] or ctx.words[i - 1].text in ":" + cues.DASHES + ".!?"


def lost_opening(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'..., – розповів він.' with the opening mark lost: back to the paragraph start."""
    out = []
    for i, w in enumerate(ctx.words):
        if w.text not in cues.DASHES or i == 0 or ctx.words[i - 1].text not in ',"»”':
            continue
        k = trailing_cue_at(ctx, i - (ctx.words[i - 1].text != ","))
        if k is None or any(q.cue_start == ctx.words[k].start for q in found):
            continue
        if ctx.lows[k] in cues.PASSIVE_CUES and ctx.words[i - 1].text == ",":
            continue        # "..., — говорится в заявлении": a trailing cue of one sentence
        start = _paragraph_start(ctx, ctx.words[i - 1].start, found)
        speaker, via = after_speaker(ctx, k)
        out.append(make(ctx, start, ctx.words[i - 1].start + (ctx.words[i - 1].text != ","), "direct",
                        ctx.words[k], speaker, "lost_opening", via))
    return out


def trailing_cue_at(ctx: Context, i: int) -> int | None:
    """Index of the cue in ', – сказав X' starting at word ``i`` (comma and dash optional)."""
    j = i
    while j < len(ctx.words) and j - i < 3 and ctx.words[j].text in "," + cues.DASHES:
        j += 1
    inside = i > 1 and ctx.words[i - 2].text == ","          # English: '"We will stay," said May'
    if j < len(ctx.words) and (j > i or inside) and is_cue(ctx, j) and ctx.words[j].text[:1].islower():
        return j
    return None


def _paragraph_start(ctx: Context, pos: int, found: list[Quote]) -> int:
    start = ctx.text.rfind("\n", 0, pos) + 1
    while start > 1 and ctx.text[start:pos].lstrip()[:1] in cues.DASHES and ctx.text[start:pos].strip():
        start = ctx.text.rfind("\n", 0, start - 1) + 1
    before = [q.end for q in found if start <= q.end <= pos and q.parent < 0
              and not any(o <= q.start and q.end <= c + 1 for o, c in ctx.pairs if o < pos)]
    return max([start, _after_attribution(ctx, start, pos)] + before)


def _after_attribution(ctx: Context, start: int, pos: int) -> int:
    """The end of the last earlier sentence of the stretch that names a source ("Об этом сообщает X.")."""
    last = ctx.unit_of(word_at(ctx, pos))[0]
    out = start
    for u0, u1 in ctx.units:
        if ctx.words[u0].start >= start and u1 <= last and any(is_cue(ctx, j) for j in range(u0, u1)):
            out = ctx.words[u1 - 1].end
    return out


# --- indirect speech --------------------------------------------------------------------------

def according_to(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'За словами X, <content>', 'На його думку, <content>', 'За даними X, <content>'."""
    out = []
    for i in range(len(ctx.words)):
        if ctx.lows[i] in PHRASE_OPENERS:
            out += _according_at(ctx, i, found)
    return out


def _according_at(ctx: Context, i: int, found: list[Quote]) -> list[Quote | None]:
    """The quote the phrase cue opening at word ``i`` introduces, up to the sentence's end."""
    n = phrase_at(ctx, i, cues.ACCORDING_TO)
    source = not n and phrase_at(ctx, i, cues.SOURCE_PHRASES)
    if not (n or source) or not _clause_start(ctx, i):
        return []
    u1 = ctx.unit_of(i)[1]
    comma = next((j for j in range(i + 1, u1) if ctx.words[j].text == ","), None)
    if comma is None or (source and any(is_cue(ctx, j) and content_start(ctx, j) is not None
                                        for j in range(comma, u1))):
        return []
    if any(q.cue_start == ctx.words[i].start for q in found):
        return []
    return [make(ctx, ctx.words[comma].end, content_end(ctx, u1), "indirect", phrase_span(ctx, i),
                 according_speaker(ctx, i), "source_phrase" if source else "according_to")]


def phrase_span(ctx: Context, i: int) -> tuple[int, int]:
    """The characters of the phrase cue at word ``i`` ("За його словами")."""
    n = max(phrase_at(ctx, i, cues.ACCORDING_TO + cues.SOURCE_PHRASES), 1)
    return ctx.words[i].start, ctx.words[i + n - 1].end


def _clause_start(ctx: Context, i: int) -> bool:
    """Where a phrase cue may open: a sentence or clause start, or a capital after lost text."""
    return i == ctx.unit_of(i)[0] or ctx.words[i - 1].text in ",.\n" or ctx.words[i].text[:1].isupper()


def cue_that(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'X заявив, що <content>', 'X заявила про <content>', 'X вважає: <content>'."""
    out: list[Quote] = []
    for i in cue_words(ctx):
        if ctx.lows[i] in cues.PASSIVE_CUES:
            continue
        start = content_start(ctx, i)
        if start is None:
            continue
        u0, u1 = ctx.unit_of(i)
        speaker = subject_speaker(ctx, u0, i, found + [q for q in out if q])
        end = next_clause(ctx, start, u1)
        via = source_of(ctx, u0)
        out.append(make(ctx, ctx.words[start].start, end, "indirect", ctx.words[i], speaker, "cue_that", via))
    return out


def passive_that(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'..., в яких стверджується, що <content>': the speaker is the body named before."""
    out = []
    for i, w in enumerate(ctx.words):
        if ctx.lows[i] not in cues.PASSIVE_CUES:
            continue
        start = content_start(ctx, i)
        if start is None:
            continue
        u0, u1 = ctx.unit_of(i)
        named = [p for p in phrases(ctx, u0, i) if p.kind in ("name", "organisation", "person", "document")]
        if not named:
            continue
        speaker = to_speaker(ctx, named[-1])
        out.append(make(ctx, ctx.words[start].start, next_clause(ctx, start, u1), "indirect", w,
                        speaker, "passive_that", subjects_of(ctx, u0, named[-1].start)))
    return out


def content_start(ctx: Context, i: int) -> int | None:
    """The first word of the content after cue ``i``: after 'що', ':' or 'про'."""
    u1 = ctx.unit_of(i)[1]
    nxt = [ctx.lows[j] for j in range(i + 1, min(u1, i + 3))]
    if (ctx.words[i].lemma in cues.NAMING_VERBS or ctx.lows[i].startswith("назва")) and len(nxt) == 2:
        return i + 1
    if len(nxt) == 2 and _about_prep(ctx, i, nxt[0]) and nxt[1] not in ("це", "этом"):
        return content_start(ctx, i + 2) if nxt[1] == "те" else i + 2
    for j in range(i + 1, min(u1, i + 12)):
        t = ctx.lows[j]
        if (t in THAT and ctx.words[j - 1].text in (",", ctx.words[i].text)) or t == ":":
            return j + 1 if j + 1 < u1 else None
        if t in ".;!?" or (t == "," and (j + 1 >= u1 or ctx.lows[j + 1] not in THAT | {"те"})):
            return None
    return None


def _about_prep(ctx: Context, i: int, prep: str) -> bool:
    """'заявила про X', 'наголосив на X' (only "наголосити" takes "на"); not after '» –' (a trailing cue)."""
    if prep not in ABOUT or (i > 0 and ctx.words[i - 1].text in cues.DASHES + ","):
        return False
    if prep == "на":
        return ctx.lows[i].startswith(("наголо", "акцент", "настаи", "наполя"))
    return _says_about(ctx, i)


def _says_about(ctx: Context, i: int) -> bool:
    w = ctx.words[i]
    return (w.lemma or "") in cues.ABOUT_VERBS or w.text.lower().startswith(cues.ABOUT_STEMS)


def next_clause(ctx: Context, start: int, u1: int) -> int:
    """Content ends at the sentence end or before ', <cue>' / '– <cue>' opening a new clause."""
    for j in range(start + 1, u1):
        if ctx.words[j].text in "," + cues.DASHES and j + 1 < u1:
            k = j + 1 + (ctx.words[j + 1].text in cues.DASHES or ctx.lows[j + 1] in ("утім", "але", "а", "і", "та"))
            if k < u1 and is_cue(ctx, k) and ctx.words[k].text[:1].islower():
                return ctx.words[j].start
        if ctx.words[j].text == ":" and j + 1 < u1 and ctx.words[j + 1].text in QUOTE_MARKS:
            return ctx.words[j].start
    return content_end(ctx, u1)
