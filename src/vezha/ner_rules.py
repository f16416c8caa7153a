"""The rules of the ``ner`` stage after the CRF (see ``vezha.ner``), each a short function.

Spans here are token chunks ``(first token, last token, type)`` of one sentence, except in
``propagate`` (character spans over the whole article) and ``strip_quotes`` (characters).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import takewhile
from typing import Any, Mapping, Sequence

from .kb import match_phrases
from .model import Doc, Token
from .ner_features import QUOTES, capitalised_mid

__all__ = ["ENTITY_TYPES", "UNSURE_O", "unsure", "trim", "initials", "close_quotes", "kb_matches",
           "merge_kb", "chunks", "propagate", "one_type", "type_probabilities", "strip_quotes", "drop_final_dot",
           "dotted_names"]

Chunk = tuple[int, int, str]

ENTITY_TYPES = ("PER", "ORG", "LOC", "PRO", "EVT")
UNSURE_O = 0.7      # measured on the held-out topics: 0.5 and 0.7 both help, 0.7 most
TRAILING_POS = frozenset({"PREP", "CONJ", "PRCL"})
TRAILING_WORDS = frozenset({"з", "із", "до", "в", "у", "на", "і", "й", "та", "за", "від", "для", "по", "о",
                            "и", "с", "к", "от", "из", "а", "або", "или", "чи", "не"})
OPENING_QUOTES = frozenset("«„“")
CLOSING_QUOTES = {"«": "»", "„": "“”", "“": "”"}
STRAIGHT_QUOTES = frozenset("\"'")
# Type pairs that annotators use either way for one name: the kb rule leaves these to the CRF.
KB_EITHER_WAY = ({"ORG", "LOC"},)
# Abbreviations whose dot NER-UK leaves out of a name ("Донецька обл" + "."; 7 of 9 in training).
DOT_OUTSIDE = ("обл.",)


def unsure(ner: Any, tokens: Sequence[Token], labels: list[str]) -> list[str]:
    """Rule ``unsure``: a capitalised word mid-sentence that the CRF left outside any name with
    P(O) < ``UNSURE_O`` takes its most probable type (the CRF spreads an unseen name's
    probability over four types, so O wins alone: "як easyJet, Ryanair, IAG")."""
    out = list(labels)
    for k in range(1, len(out)):
        if out[k] == "O" and capitalised_mid(tokens, k) and ner.tagger.marginal("O", k) < UNSURE_O:
            probs = ner.probabilities(k)
            best = max(ENTITY_TYPES, key=probs.__getitem__)
            out[k] = ("I-" if out[k - 1][2:] == best else "B-") + best
    return out


def trim(tokens: Sequence[Token], chunk: Chunk) -> Chunk:
    """Rule ``trim``: a name does not end in a lowercase preposition or conjunction, nor in a
    number after one ("Генштабу ЗСУ з 1 до" -> "Генштабу ЗСУ"; "Північний потік 2" stays)."""
    i, j, t = chunk
    while j > i:
        if _trailing(tokens[j]):
            j -= 1
        elif tokens[j].text.isdigit() and j - 1 > i and _trailing(tokens[j - 1]):
            j -= 2
        else:
            break
    return i, j, t


def _trailing(tok: Token) -> bool:
    low = tok.text.lower()
    return tok.text == low and (tok.pos in TRAILING_POS or low in TRAILING_WORDS)


def initials(tokens: Sequence[Token], found: list[Chunk]) -> list[Chunk]:
    """Rule ``initials``: "Т. Мей" is one person: an initial and its dot join the name after it."""
    out: list[Chunk] = []
    for i, j, t in found:
        while t == "PER" and i >= 1 and _initial(tokens[i - 1]) and tokens[i - 1].text.endswith("."):
            i -= 1
        prev = out[-1] if out else None
        if (prev and t == prev[2] == "PER" and prev[1] + 1 >= i
                and all(_initial(tokens[k]) for k in range(prev[0], prev[1] + 1))):
            out[-1] = (prev[0], j, t)
        else:
            out.append((i, j, t))
    return out


def _initial(tok: Token) -> bool:
    """"Т", "Т." or "." (the dot of an initial)."""
    return tok.text == "." or len(tok.text.rstrip(".")) == 1 and tok.text[:1].isupper()


def close_quotes(tokens: Sequence[Token], chunk: Chunk) -> Chunk:
    """Rule ``close quotes``: a name that opens a quote it does not close takes the closing
    quote right after it ("ТОВ «Авангард 10" + "»" -> "ТОВ «Авангард 10»")."""
    i, j, t = chunk
    if j + 1 < len(tokens) and _open_quote(tokens[i:j + 1]) and _closes(_open_quote(tokens[i:j + 1]), tokens[j + 1].text):
        return i, j + 1, t
    return chunk


def _open_quote(tokens: Sequence[Token]) -> str:
    """The quote left open at the end of ``tokens`` ("" if none)."""
    stack: list[str] = []
    for tok in tokens:
        q = tok.text
        if stack and _closes(stack[-1], q):
            stack.pop()
        elif q in OPENING_QUOTES or q in STRAIGHT_QUOTES:
            stack.append(q)
    return stack[-1] if stack else ""


def _closes(opening: str, q: str) -> bool:
    return q in CLOSING_QUOTES.get(opening, opening if opening in STRAIGHT_QUOTES else "")


def drop_final_dot(text: str, start: int, end: int) -> int:
    """Rule ``final dot``: the end of a name that ends in "обл." without its dot."""
    return end - 1 if text[start:end].endswith(DOT_OUTSIDE) else end


def kb_matches(tokens: Sequence[Token], phrases: dict[tuple[str, ...], str],
               lengths: Mapping[str, int] | None = None) -> list[Chunk]:
    """Knowledge-base aliases found in the sentence, as token spans (see ``kb.match_phrases``;
    ``lengths``: ``kb.phrase_lengths`` of ``phrases``)."""
    words = [k for k, t in enumerate(tokens) if t.text[:1].isalnum() or any(c.isalnum() for c in t.text)]
    caps = [tokens[k].text[:1].isupper() or tokens[k].text[:1].isdigit() for k in words]
    if not any(caps):
        return []
    lemmas = [(tokens[k].lemma or tokens[k].text).lower() for k in words]
    return [(words[i], words[j], t) for i, j, t in match_phrases(lemmas, caps, phrases, lengths=lengths)]


def merge_kb(crf: list[Chunk], kb: list[Chunk], tokens: Sequence[Token]) -> list[Chunk]:
    """Rule ``kb``: a multi-word alias replaces the CRF spans it overlaps (unless one contains
    it); a one-word alias is added mid-sentence, or retypes a CRF span of exactly that word,
    except the pairs of ``KB_EITHER_WAY``, which annotators label either way (ЄС, США, Євросоюз
    are ORG or LOC: left to the CRF)."""
    out = list(crf)
    for i, j, t in kb:
        over = [c for c in out if c[0] <= j and c[1] >= i]
        exact = len(over) == 1 and over[0][:2] == (i, j)
        retype = exact and ("PER" in (t, over[0][2]) or {t, over[0][2]} not in KB_EITHER_WAY)
        inside = any(c[0] <= i and c[1] >= j for c in over) and not exact
        if (j > i and not inside) or retype or (not over and i > 0):
            out = [c for c in out if c not in over] + [(i, j, t)]
    return sorted(out)


def chunks(labels: Sequence[str]) -> list[Chunk]:
    """(first token, last token, type) of each BIO chunk; an I- that does not continue a chunk starts one."""
    out: list[list[Any]] = []
    prev = "O"
    for k, lab in enumerate(labels):
        if lab != "O" and lab[0] == "I" and prev != "O" and prev[2:] == lab[2:]:
            out[-1][1] = k
        elif lab != "O":
            out.append([k, k, lab[2:]])
        prev = lab
    return [(i, j, t) for i, j, t in out]


def type_probabilities(ner: Any, i: int, j: int) -> dict[str, float]:
    """The mean over tokens ``i``..``j`` of the last tagged sentence of P(in a name of each type),
    from the CRF's marginals of B- at the first token and I- after it (each marginal costs)."""
    known, marginal, n = ner.tagger.labels(), ner.tagger.marginal, j - i + 1
    out = {}
    for t in ENTITY_TYPES:
        b, inside = f"B-{t}", f"I-{t}"
        p = marginal(b, i) if b in known else 0.0
        if inside in known:
            p += sum(marginal(inside, k) for k in range(i + 1, j + 1))
        out[t] = p / n
    return out


def one_type(found: list[tuple[int, int, str]], keys: list[tuple[str, ...]],
             probs: list[dict[str, float]], by_kb: Sequence[bool] = ()) -> list[tuple[int, int, str]]:
    """Rule ``one type per article``: the mentions of one name (same lemmas) take the type with
    the most probability summed over all of them (the CRF types "Ryanair" ORG in one sentence and
    PRO in the next; the article means one thing); a one-word name that is the last word of a
    person's name in the article votes with that name's mentions too ("Тереза Мей" ... "Мей").
    A name the knowledge base typed (``by_kb``, rule ``kb``) keeps that type for all its mentions
    ("HIMARS" is PRO however the CRF leans)."""
    total: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    seen: Counter = Counter()
    known = {k: t for (_, _, t), k, kb in zip(found, keys, by_kb) if kb}
    for (s, e, t), key, p in zip(found, keys, probs):
        total[key].update(p)
        seen[key] += 1
        if len(key) > 1 and t == "PER":
            total[key[-1:]].update(p)
            seen[key[-1:]] += 1
    return [(s, e, known.get(k) or (max(ENTITY_TYPES, key=total[k].__getitem__) if seen[k] > 1 else t))
            for (s, e, t), k in zip(found, keys)]


def propagate(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rule ``one sense per article``: other untagged occurrences of a tagged name (same lemmas,
    capitalised) get its most frequent type ("Ryanair" tagged once -> every "Ryanair"); the
    surname of a tagged full name counts as a name of its own ("Терезы Мэй" -> "Мэй")."""
    tokens = [t for s in doc.sentences for t in s.tokens]
    votes, covered = _votes(tokens, found)
    at: dict[str, list[int]] = defaultdict(list)
    for k, t in enumerate(tokens):
        if t.text[:1].isupper():
            at[t.lemma.lower()].append(k)
    out = []
    for key, counter in sorted(votes.items(), key=lambda kv: -len(kv[0])):
        n = len(key)
        for k in at.get(key[0], ()):
            span = range(k, k + n)
            if (k + n <= len(tokens) and not covered.intersection(span)
                    and tuple(tokens[x].lemma.lower() for x in span) == key):
                out.append((tokens[k].start, tokens[k + n - 1].end, counter.most_common(1)[0][0]))
                covered.update(span)
    return out


def _votes(tokens: list[Token], found: list[tuple[int, int, str]]) -> tuple[dict, set[int]]:
    """Types voted for each tagged name (as a tuple of lemmas) and the tokens already tagged."""
    starts = {t.start: k for k, t in enumerate(tokens)}
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    surnames: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    covered: set[int] = set()
    for start, end, typ in found:
        idx = list(takewhile(lambda k: tokens[k].end <= end, range(starts.get(start, len(tokens)), len(tokens))))
        covered.update(idx)
        if idx and tokens[idx[0]].text[:1].isupper():
            votes[tuple(tokens[k].lemma.lower() for k in idx)][typ] += 1
            if typ == "PER" and len(idx) > 1 and tokens[idx[-1]].text[:1].isupper():
                surnames[(tokens[idx[-1]].lemma.lower(),)]["PER"] += 1
    for key, counter in surnames.items():
        votes.setdefault(key, counter)
    return votes, covered


def dotted_names(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Rule ``dotted name``: a quoted name with a full stop inside, which the sentence splitter
    cut in two ("«Наші гроші. Львів»", "«Главком. Новини»"), is one name of its first part's type."""
    out: list[tuple[int, int, str]] = []
    for span in sorted(found):
        if out and _dotted(text, out[-1], span):
            out[-1] = (out[-1][0], span[1], out[-1][2])
        else:
            out.append(span)
    return out


def _dotted(text: str, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    (s0, e0, _), (s1, e1, _) = first, second
    gap = text[e0:s1]
    dot = text[e0 - 1:e0] == "." or gap[:1] == "."
    return (dot and s0 > 0 and text[s0 - 1] in OPENING_QUOTES and e1 < len(text) and text[e1] in "»“”\""
            and 0 < len(gap.lstrip(".")) <= 2 and gap.lstrip(".").isspace())


def strip_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave an unbalanced quote character at either edge out of a span."""
    span = text[start:end]
    if len(span) > 1 and span[0] in QUOTES and not any(ch in QUOTES for ch in span[1:]):
        start += 1
    elif len(span) > 1 and span[-1] in QUOTES and not any(ch in QUOTES for ch in span[:-1]):
        end -= 1
    return start, end
