"""Run the times stage over a gold file and score it with the shared scorer.

Usage: .venv/bin/python benchmarks/times_eval.py [GOLD] [--split dev|hold] [--verbose]
Writes the filtered gold and the predictions to /tmp/vezha-times-{gold,pred}.jsonl, then runs
``python3 ../shared/eval/score_times.py`` on them.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from vezha.model import Article
from vezha.morph import load_morph
from vezha.text import segment
from vezha.times import load_dates, parse_times

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "golden" / "times" / "self.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score_times.py"


def predict(docs: list[dict]) -> list[dict]:
    morph, dates = load_morph(), load_dates()
    out = []
    for d in docs:
        lang = d.get("language") or ("ru" if "-ru-" in d["id"] or "/ru/" in d["id"] else "uk")
        sents = tuple(segment(d["text"], morph, lang))
        times = parse_times(d["text"], sents, d.get("published"), dates)
        out.append({"id": d["id"], "text": d["text"],
                    "times": [{"start": t.start, "end": t.end, "value": t.value, "rule": t.rule} for t in times]})
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    split = next((argv[i + 1] for i, a in enumerate(argv) if a == "--split" and i + 1 < len(argv)), None)
    args = [a for a in args if a != split]
    gold = [json.loads(x) for x in Path(args[0] if args else GOLD).read_text(encoding="utf-8").splitlines() if x]
    if split:
        gold = [d for d in gold if d["id"].startswith(split + "-")]
    gold_path, pred_path = Path("/tmp/vezha-times-gold.jsonl"), Path("/tmp/vezha-times-pred.jsonl")
    gold_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
    pred_path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in predict(gold)),
                         encoding="utf-8")
    flags = [a for a in argv if a in ("--verbose", "--json")]
    return subprocess.call([sys.executable, str(SCORER), str(gold_path), str(pred_path), *flags])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
