"""Quote attribution on the reference article and the dev set, scored by score_quotes.py.

    .venv/bin/python benchmarks/quotes_eval.py [seed|dev|all] [--verbose] [--no-entities] [--debug]

Runs the pipeline (text, entities when their model is there, quotes, speakers, claims) over
the raw files the gold was made from, writes contract JSONL to /tmp/vezha-quotes-<set>.jsonl
and prints the scorer's figures.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vezha import claims, quotes, speakers, text
from vezha.export import doc_to_record, to_jsonl
from vezha.model import Article
from vezha.pipeline import build_pipeline, load_resources
from vezha.settings import load_settings

SHARED = Path(os.environ.get("VEZHA_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
GOLD = {"seed": SHARED / "eval/gold/seed.jsonl", "dev": SHARED / "eval/gold/quotes-dev.jsonl"}


def raw_path(shared: Path, record: dict) -> Path:
    """The file a gold record was made from."""
    if record.get("source", "").startswith("data/"):
        return shared / record["source"]
    return shared / record.get("source", "seed/article-000.txt")


def entity_stages(use: bool) -> list:
    if not use:
        return []
    try:
        from vezha import baseform, link, ner
        return [ner.STAGE, baseform.STAGE, link.STAGE]
    except Exception:  # noqa: BLE001 - entities not built yet: run without them
        return []


def predict(shared: Path, gold: Path, out: Path, *, entities: bool = True, debug: bool = False) -> Path:
    settings = load_settings(env={}, shared_dir=str(shared), debug_rules=debug)
    stages = [text.STAGE, *entity_stages(entities), quotes.STAGE, speakers.STAGE, claims.STAGE]
    pipe = build_pipeline(stages)
    try:
        res = load_resources(settings, pipe.resources)
    except Exception:  # noqa: BLE001 - no NER model: fall back to the rules alone
        pipe = build_pipeline([text.STAGE, quotes.STAGE, speakers.STAGE, claims.STAGE])
        res = load_resources(settings, pipe.resources)
    with open(out, "w", encoding="utf-8") as fh:
        for line in gold.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            body = raw_path(shared, record).read_text(encoding="utf-8")
            art = Article(id=record["id"], text=body, source=record["id"], language="uk",
                          published=record.get("published"))
            doc = pipe(art, res)
            fh.write(to_jsonl(doc_to_record(doc, record["id"], debug=debug)) + "\n")
    return out


def score(gold: Path, pred: Path, verbose: bool = False) -> dict:
    cmd = [sys.executable, str(SHARED / "eval/score_quotes.py"), str(gold), str(pred), "--json"]
    if verbose:
        subprocess.run(cmd[:-1] + ["--verbose"], check=True)
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def main(argv: list[str]) -> int:
    which = [a for a in argv if not a.startswith("--")] or ["all"]
    sets = ["seed", "dev"] if which[0] == "all" else which
    for name in sets:
        pred = predict(SHARED, GOLD[name], Path(f"/tmp/vezha-quotes-{name}.jsonl"),
                       entities="--no-entities" not in argv, debug="--debug" in argv)
        result = score(GOLD[name], pred, "--verbose" in argv)
        q, t = result["quote"], result["token"]
        print(f"{name}: quote P {q['p']:.3f} R {q['r']:.3f} F1 {q['f']:.3f} ({q['gold']} gold, "
              f"{q['predicted']} predicted)  token F1 {t['f']:.3f}  span F1 {result['span']['f']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
