"""Join the BSNLP time gold (ids + offsets + values, no third-party text) with its texts.

* ``dev-offsets.jsonl``: the 20 Ukrainian dev articles of ../shared/eval/gold/quotes-dev.jsonl;
* ``dev-offsets-ru.jsonl``: ten Russian articles of ../shared/data/bsnlp/shared-task (``id`` is
  the path under it; the publication date is the file's third line).

Annotated by hand following TIMES.md; header lines (id, language, ISO date, URL), clock times
and open intervals ("з 2010 року", "до кінця 2019 року") are not annotated.

Usage: .venv/bin/python tests/golden/times/dev_offsets_build.py [--ru] --gold OUT.jsonl
writes the gold with texts (outside the repo) for score_times.py or benchmarks/times_eval.py.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared"
QUOTES_DEV = SHARED / "eval" / "gold" / "quotes-dev.jsonl"
SHARED_TASK = SHARED / "data" / "bsnlp" / "shared-task"


def texts_uk() -> dict[str, str]:
    return {d["id"]: d["text"] for d in map(json.loads, QUOTES_DEV.read_text(encoding="utf-8").splitlines())}


def with_texts(ru: bool = False) -> list[dict]:
    """The gold records of one set with their ``text`` filled in from ../shared."""
    gold = HERE / ("dev-offsets-ru.jsonl" if ru else "dev-offsets.jsonl")
    texts = {} if ru else texts_uk()
    out = []
    for record in map(json.loads, gold.read_text(encoding="utf-8").splitlines()):
        text = (SHARED_TASK / record["id"]).read_text(encoding="utf-8") if ru else texts[record["id"]]
        out.append({**record, "text": text})
    return out


def main(argv: list[str]) -> int:
    if "--gold" not in argv:
        sys.stderr.write(__doc__)
        return 2
    target = Path(argv[argv.index("--gold") + 1])
    docs = with_texts(ru="--ru" in argv)
    target.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    sys.stderr.write(f"{sum(len(d['times']) for d in docs)} expressions in {len(docs)} documents -> {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
