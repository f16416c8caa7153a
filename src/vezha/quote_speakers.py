"""The speaker of each quote rule's match: subject before a cue, speaker and channel after it,
"за словами X", "за даними X" and source chains ("повідомляє Y з посиланням на X").
"""
from __future__ import annotations

from . import cues
from .model import Quote, Speaker
from .quote_text import CLAUSE_END, Context, is_cue, phrase_at
from .speaker_phrases import phrases, speaker_after, speaker_before, speaker_in, to_speaker

__all__ = ["according_speaker", "after_speaker", "subject_speaker", "source_of", "subjects_of",
           "CHAIN"]

CHAIN = ("з посиланням на", "со ссылкой на")


def according_speaker(ctx: Context, i: int) -> Speaker | None:
    """The speaker of 'за словами X,' / 'на його думку,' / 'за даними X,' at word ``i``."""
    n = phrase_at(ctx, i, cues.ACCORDING_TO + cues.SOURCE_PHRASES)
    for k in range(i, i + n):
        w = ctx.words[k]
        if w.text.lower() in cues.PRONOUNS:
            typ = "ORG" if cues.PRONOUNS[w.text.lower()] == "plur" else "PER"
            return Speaker(name=w.text, type=typ, start=w.start, end=w.end, resolved_from="pronoun")
    u1 = ctx.unit_of(i)[1]
    comma = next((j for j in range(i + n, u1) if ctx.words[j].text == ","), u1)
    return speaker_in(ctx, i + n, comma)


def after_speaker(ctx: Context, k: int) -> tuple[Speaker | None, tuple[Speaker, ...]]:
    """Speaker and source chain after cue ``k``: '– сказав X, пише Y', 'повідомляє Y з посиланням на X'."""
    u1 = ctx.unit_of(k)[1]
    first = speaker_after(ctx, k, u1)
    chain = next((j for j in range(k + 1, u1) if phrase_at(ctx, j, CHAIN)), None)
    if chain is not None and first is not None:
        found = phrases(ctx, chain + phrase_at(ctx, chain, CHAIN), u1)
        inner = to_speaker(ctx, found[0]) if found else _raw_name(ctx, chain + 3, u1)
        if inner is not None:
            return inner, (first,)
    later = next((j for j in range(k + 1, u1) if ctx.words[j - 1].text == "," and is_cue(ctx, j)), None)
    via = speaker_after(ctx, later, u1) if later is not None else None
    return first, (via,) if via is not None else ()


def _raw_name(ctx: Context, a: int, b: int) -> Speaker | None:
    """Words up to the clause end as an organisation name ("з посиланням на euronews")."""
    words = [w for w in ctx.words[a:b] if w.text[:1].isalnum()]
    end = next((k for k in range(a, b) if ctx.words[k].text in CLAUSE_END), b)
    words = [w for w in ctx.words[a:end] if w.text[:1].isalnum()]
    if not words or len(words) > 4:
        return None
    s, e = words[0].start, words[-1].end
    return Speaker(ctx.text[s:e], type="ORG", start=s, end=e, resolved_from="organisation")


def subject_speaker(ctx: Context, u0: int, i: int, found: list[Quote]) -> Speaker | None:
    """The subject of cue ``i``; else the speaker of the sentence's previous quote ('утім додав')."""
    speaker = speaker_before(ctx, u0, i)
    if speaker is not None:
        return speaker
    lo, hi = ctx.words[u0].start, ctx.words[i].start
    same = [q for q in found if lo <= q.cue_start < hi and q.speaker is not None]
    return max(same, key=lambda q: q.cue_start).speaker if same else None


def source_of(ctx: Context, u0: int) -> tuple[Speaker, ...]:
    """'За даними телеканалу, X заявив ...': the channel of X's words."""
    if not phrase_at(ctx, u0, cues.SOURCE_PHRASES):
        return ()
    speaker = according_speaker(ctx, u0)
    return (speaker,) if speaker is not None else ()


def subjects_of(ctx: Context, u0: int, end: int) -> tuple[Speaker, ...]:
    """'Аналітики посилаються на зведення X, в яких стверджується': the analysts, as the channel."""
    found = [p for p in phrases(ctx, u0, end) if p.kind != "document" and not p.prep]
    speaker = to_speaker(ctx, found[0]) if found else None
    return (speaker,) if speaker is not None else ()
