"""Build examples/gold/samples.jsonl from the readable annotations in annotations.py.

    .venv/bin/python examples/gold/build_gold.py          # rewrite samples.jsonl
    .venv/bin/python examples/gold/build_gold.py --check  # exit 1 when it is stale

The text of a sample is the plain article text: title, blank line, body (paragraphs separated
by a blank line, list items as "  • ..." lines). For articles/*.txt that is the file itself; for
the HTML, feed and JSONL samples it is written out in gold/text/<id>.txt.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
sys.path.insert(0, str(HERE))

from annotations import SAMPLES, SPEAKERS, E, Q, Sample, T  # noqa: E402

__all__ = ["load_text", "find_words", "parse_entities", "parse_quotes", "parse_times",
           "build_record",
           "build_all", "GOLD_PATH"]

GOLD_PATH = HERE / "samples.jsonl"
ENTITY_TYPES = ("PER", "ORG", "LOC", "PRO", "EVT")
QUOTE_KINDS = ("direct", "indirect", "mixed")


def text_path(sample: Sample) -> Path:
    if sample.source.startswith("articles/"):
        return EXAMPLES / sample.source
    return HERE / "text" / f"{sample.id}.txt"


def load_text(sample: Sample) -> str:
    return text_path(sample).read_text(encoding="utf-8").rstrip("\n")


def find_words(text: str, surface: str) -> list[int]:
    """Starts of the whole-word occurrences of surface in text."""
    pattern = r"(?<!\w)" + re.escape(surface) + r"(?!\w)"
    return [m.start() for m in re.finditer(pattern, text)]


def pick(starts: list[int], nth: tuple[int, ...], what: str) -> list[int]:
    if not starts:
        raise ValueError(f"not found in text: {what!r}")
    if not nth:
        return starts
    if max(nth) >= len(starts):
        raise ValueError(f"{what!r} occurs {len(starts)} times, asked for {nth}")
    return [starts[i] for i in nth]


def entity_spans(text: str, entity: E) -> list[dict]:
    if entity.type not in ENTITY_TYPES:
        raise ValueError(f"bad entity type {entity.type} for {entity.surface!r}")
    starts = pick(find_words(text, entity.surface), entity.nth, entity.surface)
    return [{"start": s, "end": s + len(entity.surface), "text": entity.surface,
             "type": entity.type, "lemma": entity.lemma or entity.surface} for s in starts]


def overlaps(span: dict, taken: list[dict]) -> bool:
    return any(span["start"] < t["end"] and t["start"] < span["end"] for t in taken)


def parse_entities(text: str, entities: tuple[E, ...]) -> list[dict]:
    """Every entity span; when two overlap, the longer one wins."""
    return longest_first([span for e in entities for span in entity_spans(text, e)])


def longest_first(candidates: list[dict]) -> list[dict]:
    """Keep the longest of overlapping spans, in text order."""
    candidates.sort(key=lambda s: (s["start"] - s["end"], s["start"]))
    taken: list[dict] = []
    for span in candidates:
        if not overlaps(span, taken):
            taken.append(span)
    return sorted(taken, key=lambda s: s["start"])


def time_spans(text: str, time: T) -> list[dict]:
    starts = pick(find_words(text, time.surface), time.nth, time.surface)
    return [{"start": s, "end": s + len(time.surface), "text": time.surface,
             "value": time.value} for s in starts]


def parse_times(text: str, times: tuple[T, ...]) -> list[dict]:
    """Every time expression with its value; when two overlap, the longer one wins."""
    return longest_first([span for t in times for span in time_spans(text, t)])


def quote_span(text: str, quote: Q) -> dict:
    if quote.kind not in QUOTE_KINDS:
        raise ValueError(f"bad quote kind {quote.kind} for {quote.text[:40]!r}")
    if quote.speaker not in SPEAKERS:
        raise ValueError(f"speaker without aliases: {quote.speaker}")
    starts = [m.start() for m in re.finditer(re.escape(quote.text), text)]
    start = pick(starts, (quote.nth,), quote.text[:60])[0]
    return {"start": start, "end": start + len(quote.text), "text": quote.text,
            "speaker": quote.speaker, "aliases": SPEAKERS[quote.speaker], "kind": quote.kind,
            "cue": quote.cue, "optional": quote.optional}


def parse_quotes(text: str, quotes: tuple[Q, ...]) -> list[dict]:
    return sorted((quote_span(text, q) for q in quotes), key=lambda q: q["start"])


def build_record(sample: Sample) -> dict:
    text = load_text(sample)
    return {"id": sample.id, "source": f"examples/{sample.source}", "language": sample.language,
            "published": sample.published, "text": text,
            "entities": parse_entities(text, sample.entities),
            "quotes": parse_quotes(text, sample.quotes),
            "times": parse_times(text, sample.times)}


def build_all() -> str:
    lines = [json.dumps(build_record(s), ensure_ascii=False) for s in SAMPLES]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    built = build_all()
    if "--check" in argv:
        current = GOLD_PATH.read_text(encoding="utf-8") if GOLD_PATH.exists() else ""
        if current != built:
            sys.stderr.write(f"{GOLD_PATH} is stale: run build_gold.py\n")
            return 1
        return 0
    GOLD_PATH.write_text(built, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
