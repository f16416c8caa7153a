"""Build tests/golden/times/self.jsonl from the marked source self.src.txt (exact offsets).

Usage: .venv/bin/python benchmarks/times_gold.py [SRC] [OUT]
A mark is ``[[expression|value]]``; the output is the score_times.py GOLD format.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tests" / "golden" / "times" / "self.src.txt"
OUT = ROOT / "tests" / "golden" / "times" / "self.jsonl"
MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")


def parse_marked(text: str) -> tuple[str, list[dict]]:
    """Plain text and the marked spans with their values."""
    out, times, pos = [], [], 0
    for m in MARK.finditer(text):
        out.append(text[pos:m.start()])
        start = sum(len(x) for x in out)
        out.append(m.group(1))
        times.append({"start": start, "end": start + len(m.group(1)), "value": m.group(2)})
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), times


def build(src: Path) -> list[dict]:
    docs = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc_id, published, marked = line.split("\t")
        text, times = parse_marked(marked)
        docs.append({"id": doc_id, "text": text, "published": None if published == "-" else published,
                     "times": times})
    return docs


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else SRC
    out = Path(argv[1]) if len(argv) > 1 else OUT
    docs = build(src)
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    n = sum(len(d["times"]) for d in docs)
    sys.stderr.write(f"{len(docs)} documents, {n} time expressions -> {out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
