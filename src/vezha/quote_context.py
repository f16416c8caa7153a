"""Quote rules that look beyond the sentence: trailing cues, "Про це ...", headlines, bullets.

Each rule is ``rule(ctx, found) -> list[Quote]``; ``found`` holds what earlier rules found.
"""
from __future__ import annotations

import dataclasses
import re

from . import cues
from .model import Quote, Speaker
from .quote_rules import content_start
from .quote_text import Context, content_end, cue_words, hedges, is_cue, make, phrase_at, word_at
from .speaker_names import name_key
from .quote_speakers import after_speaker
from .speaker_phrases import PERSON_TYPES, phrases, speaker_before, speaker_in

__all__ = ["trailing_cue", "trailing_subject_cue", "about_this", "headline", "colon_follow",
           "add_channels"]

GERUND = re.compile(r"\w+(?:ючи|ючись|учи|ачи|ячи|вши|вшись)$")
BULLET = re.compile(r"[ \t]*[•●▪◦·*][ \t]*")
TRAILING_MARKS = "," + cues.DASHES          # what stands before a trailing cue ("..., заявив X")


def trailing_cue(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'<content>, заявив X.' and '<a>, зазначає X, <b>.'; a person's words reach back over
    the sentences after their previous quote in the paragraph."""
    out: list[Quote] = []
    for i in cue_words(ctx):            # a trailing cue is a cue word after the first
        if i >= 1 and _is_trailing(ctx, i, found):
            out += _trailing_at(ctx, i, found + [q for q in out if q])
    return out


def _trailing_at(ctx: Context, i: int, found: list[Quote]) -> list[Quote | None]:
    """The quote before the trailing cue word ``i`` and the parenthetical rest after it."""
    u0, u1 = ctx.unit_of(i)
    speaker, via = after_speaker(ctx, i)
    if speaker is None:
        return []
    start = _reach_back(ctx, u0, speaker, found)
    comma = i - 1 if ctx.words[i - 1].text == "," else i - 2
    if speaker.resolved_from not in PERSON_TYPES and any(is_cue(ctx, j) for j in range(u0, comma)):
        return []       # "X заявив ..., повідомляє агенція Reuters": a channel, not a new quote
    cue = ctx.words[i]
    out = [make(ctx, start, ctx.words[comma].start, "indirect", cue, speaker, "trailing_cue", via)]
    rest = word_at(ctx, speaker.end)
    if _parenthetical(ctx, rest, u1):
        out.append(make(ctx, ctx.words[rest].end, content_end(ctx, u1), "indirect", cue, speaker,
                        "parenthetical_cue", via))
    return out


def trailing_subject_cue(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'<content>, May said.' / '<content>, Жданов вважає.': the speaker between comma and cue."""
    out = []
    for u0, u1 in ctx.units:
        k = u1 - 2 if u1 - 2 > u0 and ctx.words[u1 - 1].text in ".!" else u1 - 1
        if k <= u0 + 3 or not is_cue(ctx, k) or any(q.cue_start == ctx.words[k].start for q in found):
            continue
        comma = next((j for j in range(k - 1, max(u0, k - 6), -1) if ctx.words[j].text == ","), None)
        speaker = speaker_before(ctx, comma + 1, k) if comma is not None else None
        if speaker is None or word_at(ctx, speaker.start) != comma + 1:
            continue
        out.append(make(ctx, _after_intro(ctx, u0), ctx.words[comma].start, "indirect", ctx.words[k],
                        speaker, "trailing_subject_cue"))
    return out


def _is_trailing(ctx: Context, i: int, found: list[Quote]) -> bool:
    if ctx.words[i - 1].text not in TRAILING_MARKS or i - ctx.unit_of(i)[0] < 3 or not is_cue(ctx, i):
        return False
    if not ctx.words[i].text[:1].islower() or content_start(ctx, i) is not None:
        return False
    if GERUND.match(ctx.words[i].text) or ctx.words[i].pos == "GRND":
        return False
    return not any(q.cue_start == ctx.words[i].start for q in found)


def _reach_back(ctx: Context, u0: int, speaker, found: list[Quote]) -> int:
    start = ctx.words[u0].start
    start = _after_intro(ctx, u0)
    if speaker.resolved_from not in PERSON_TYPES:
        return start
    para = ctx.text.rfind("\n", 0, start) + 1
    prev = [q for q in found if para <= q.end <= start and q.speaker is not None
            and q.speaker.resolved_from in PERSON_TYPES]
    if not prev:
        return start
    first = ctx.unit_of(word_at(ctx, max(q.end for q in prev)))[1]
    if first >= u0 or any(is_cue(ctx, j) for j in range(first, u0)):
        return start
    return ctx.words[first].start


def _after_intro(ctx: Context, u0: int) -> int:
    if phrase_at(ctx, u0, cues.INTRO_PHRASES + cues.SOURCE_PHRASES):
        u1 = ctx.unit_of(u0)[1]
        comma = next((j for j in range(u0, u1) if ctx.words[j].text == ","), None)
        if comma is not None:
            return ctx.words[comma].end
    return ctx.words[u0].start


def _parenthetical(ctx: Context, rest: int, u1: int) -> bool:
    """'<a>, зазначає телеканал, <b>': more content after the speaker, not a gerund clause."""
    if rest >= u1 - 3 or ctx.words[rest].text != ",":
        return False
    if sum(w.text[:1].isalnum() for w in ctx.words[rest:u1]) < 5:
        return False
    nxt = ctx.words[rest + 1]
    return not is_cue(ctx, rest + 1) and not GERUND.match(nxt.text) and nxt.pos != "GRND"


def about_this(ctx: Context, found: list[Quote]) -> list[Quote]:
    """'<content>. Про це заявив X.': the content is the sentence before."""
    out = []
    for u0, u1 in ctx.units:
        n = phrase_at(ctx, u0, cues.ABOUT_THIS)
        k = next((j for j in range(u0 + n, min(u1, u0 + n + 8)) if is_cue(ctx, j)), None) if n else None
        if k is not None and u0 != 0:
            out += _about_this_at(ctx, u0, n, k, found)
    return out


def _about_this_at(ctx: Context, u0: int, n: int, k: int, found: list[Quote]) -> list[Quote | None]:
    """The sentence before sentence ``u0``, which opens with "Про це" (``n`` words) and has the
    cue word ``k``: the speaker is named between the two, else after the cue."""
    speaker = speaker_before(ctx, u0 + n, k)
    via: tuple = ()
    if speaker is None:
        speaker, via = after_speaker(ctx, k)
    p0, p1 = ctx.unit_of(u0 - 1)
    if p1 - p0 < 4 or "://" in ctx.text[ctx.words[p0].start:ctx.words[p1 - 1].end]:
        return []
    if _attributed(ctx, p0, p1, found):
        return []
    return [make(ctx, _after_intro(ctx, p0), content_end(ctx, p1), "indirect", ctx.words[k],
                 speaker, "about_this", via)]


def _attributed(ctx: Context, p0: int, p1: int, found: list[Quote]) -> bool:
    """The sentence already has a quote or a cue of its own (an intro "Як повідомляв X," aside)."""
    s, e = ctx.words[p0].start, ctx.words[p1 - 1].end
    if any(q.start < e and s < q.end for q in found):
        return True
    first = word_at(ctx, _after_intro(ctx, p0))
    return any(is_cue(ctx, j) and (content_start(ctx, j) is not None or ctx.words[j - 1].text == ",")
               for j in range(first, p1))


def headline(ctx: Context, found: list[Quote]) -> list[Quote]:
    """A title line 'Експерт: <content>' or 'Жданов: <content>'."""
    out = []
    for u0, u1 in ctx.units:
        colon = next((j for j in range(u0 + 1, min(u1, u0 + 4)) if ctx.words[j].text == ":"), None)
        if colon is None or u1 - colon < 4 or not _whole_line(ctx, u0, u1):
            continue
        speaker = speaker_in(ctx, u0, colon) or _surname_of_person(ctx, u0, colon)
        if speaker is None or speaker.resolved_from not in ("person", "role", "organisation"):
            continue
        if speaker.start != ctx.words[u0].start or speaker.end != ctx.words[colon - 1].end:
            continue
        out.append(make(ctx, ctx.words[colon].end, ctx.words[u1 - 1].end, "indirect",
                        ctx.words[colon], speaker, "headline"))
    return out


def _surname_of_person(ctx: Context, u0: int, colon: int):
    """'Мельник: ...' when a person of the article is called "... Мельник"."""
    w = ctx.words[u0]
    if colon != u0 + 1 or not w.text[:1].isupper():
        return None
    people = [p for p in phrases(ctx, 0, len(ctx.words)) if p.kind == "person"]
    if not any(name_key(ctx.words[p.end - 1].text) == name_key(w.text) for p in people):
        return None
    return Speaker(w.text, type="PER", start=w.start, end=w.end, resolved_from="person")


def _whole_line(ctx: Context, u0: int, u1: int) -> bool:
    """Nothing but spaces between the sentence and the line breaks (or text ends) around it."""
    text, s, e = ctx.text, ctx.words[u0].start, ctx.words[u1 - 1].end
    while s > 0 and text[s - 1] in " \t":
        s -= 1
    while e < len(text) and text[e] in " \t":
        e += 1
    return (s == 0 or text[s - 1] == "\n") and (e == len(text) or text[e] == "\n")


def colon_follow(ctx: Context, found: list[Quote]) -> list[Quote]:
    """Attributed words ending in ':' own the quote or the bullet list that follows."""
    out: list[Quote] = []
    for q in list(found):
        after = ctx.text[q.end:q.end + 3].lstrip("\"»” ")
        if not after.startswith(":"):
            continue
        pos = ctx.text.index(":", q.end) + 1
        pair = next(((o, c) for o, c in ctx.pairs if o >= pos and ctx.text[pos:o].strip() == ""), None)
        if pair is not None:
            out.append(_follow(ctx, q, pair[0], pair[1] + 1, "direct", "colon_quote"))
        else:
            out.extend(_bullets(ctx, q, pos, found))
    return out


def _bullets(ctx: Context, q: Quote, pos: int, found: list[Quote]) -> list[Quote]:
    out = []
    for m in re.finditer(r"[^\n]+", ctx.text[pos:]):
        s, e = pos + m.start(), pos + m.end()
        if not m.group().strip():
            continue
        bullet = BULLET.match(m.group())
        if bullet and s > pos:
            out.append(_follow(ctx, q, s + bullet.end(), e, "indirect", "bullets"))
        elif s > pos and not any(f.start < e and s < f.end for f in found):
            break
    return [b for b in out if b is not None]


def _follow(ctx: Context, q: Quote, start: int, end: int, kind: str, rule: str) -> Quote | None:
    made = make(ctx, start, end, kind, (q.cue_start, q.cue_end), q.speaker, rule, q.via)
    return dataclasses.replace(made, hedges=hedges(made.text)) if made else None


def add_channels(ctx: Context, quotes: list[Quote]) -> list[Quote]:
    """'X заявив, що ..., повідомляє агенція Reuters': the outlet becomes the channel (``via``)
    of the quotes of that sentence that have none."""
    out = list(quotes)
    for i in range(1, len(ctx.words)):
        if ctx.words[i - 1].text != "," or not is_cue(ctx, i) or not ctx.words[i].text[:1].islower():
            continue
        speaker, _ = after_speaker(ctx, i)
        if speaker is None or speaker.resolved_from in PERSON_TYPES:
            continue
        lo, hi = ctx.words[ctx.unit_of(i)[0]].start, ctx.words[i].start
        out = [dataclasses.replace(q, via=(speaker,)) if lo <= q.cue_start < hi and not q.via
               and q.speaker != speaker else q for q in out]
    return out
