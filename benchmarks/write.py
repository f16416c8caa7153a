"""The store's write path alone: CPU ms per article of ``prepare_doc`` and ``Store.save_docs``.

    .venv/bin/python benchmarks/write.py [--copies 10] [--db sqlite|postgresql|URL] [--profile]

``pipeline.py``'s corpus is read and analysed once (not timed); then, on an empty store,
every doc is prepared (``prepare_doc``: rows and lemmas, what a Dask worker does) and the
prepared docs are saved in batches of ``batch_size`` (what the Dask client's writer does),
twice: ``new`` (an empty store) and ``again`` (the same ids stored: old rows deleted, counts
moved by the difference). ``postgresql`` uses ``$VEZHA_TEST_PG_URL`` or the local server of
``.ci/run`` (a database of its own, dropped at the end). CPU time of this process only
(``time.process_time``; the database server's is not counted, so for ``postgresql`` the
wall-clock figures, ``new wall`` and ``again wall``, tell more). ``--profile`` prints cProfile's top functions of the ``new`` pass.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import corpus, write_corpus   # noqa: E402  (same corpus)

PG_LOCAL = "postgresql+psycopg://vezha:vezha@localhost:5432/vezha_test"


def analyse(folder: Path):
    """The corpus's docs, analysed by the default pipeline; and the lemmatiser."""
    from vezha.ingest import iter_articles
    from vezha.model import Article
    from vezha.pipeline import default_pipeline
    from vezha.runner import load_run_resources
    from vezha.settings import load_settings
    settings = load_settings(env={})
    pipeline = default_pipeline()
    resources = load_run_resources(settings, pipeline)
    docs = [pipeline(item, resources) for item in
            iter_articles([str(folder)], settings, langid=resources["langid"])
            if isinstance(item, Article)]
    return docs, resources["morph"].lemma, settings.batch_size


def timed(docs, lemmatize, url: str, size: int, profiler=None) -> dict[str, float]:
    from vezha.store import open_store
    from vezha.store.write import prepare_doc
    n, out = len(docs), {}
    start = time.process_time()
    prepared = [prepare_doc(d, lemmatize) for d in docs]
    out["prepare"] = 1000 * (time.process_time() - start) / n
    with open_store(url, lemmatize=lemmatize) as store:
        for name in ("new", "again"):
            batches = [[dict(p) for p in prepared[i:i + size]] for i in range(0, n, size)]
            for b in batches:        # save_docs updates the article rows it is given
                for p in b:
                    p["rows"] = {k: [dict(r) for r in v] for k, v in p["rows"].items()}
            if profiler is not None and name == "new":
                profiler.enable()
            start, wall = time.process_time(), time.perf_counter()
            for batch in batches:
                store.save_docs(batch, run_id=None)
            out[name] = 1000 * (time.process_time() - start) / n
            out[f"{name} wall"] = 1000 * (time.perf_counter() - wall) / n
            if profiler is not None and name == "new":
                profiler.disable()
    return out


class _PgDatabase:
    """A database of its own on the PostgreSQL server, dropped on exit."""

    def __init__(self, base: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        self.admin = create_engine(base, isolation_level="AUTOCOMMIT")
        self.name = f"vezha_bench_{uuid.uuid4().hex[:8]}"
        self.url = make_url(base).set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        from sqlalchemy import text
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.url

    def __exit__(self, *exc: object) -> None:
        from sqlalchemy import text
        from sqlalchemy.exc import SQLAlchemyError
        for _ in range(10):         # an autovacuum worker may still be connected a moment
            try:
                with self.admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}"'))
                break
            except SQLAlchemyError:
                time.sleep(1)
        self.admin.dispose()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=10, help="copies of each sample (default 10)")
    ap.add_argument("--db", default="sqlite", help="sqlite, postgresql or a database URL")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is kept (3)")
    ap.add_argument("--profile", action="store_true", help="cProfile the first 'new' pass")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    profiler = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "corpus").mkdir()
        write_corpus(corpus(args.copies), Path(tmp) / "corpus")
        docs, lemmatize, size = analyse(Path(tmp) / "corpus")
        runs = []
        for i in range(args.repeat):
            if args.db == "postgresql":
                with _PgDatabase(os.environ.get("VEZHA_TEST_PG_URL") or PG_LOCAL) as url:
                    runs.append(timed(docs, lemmatize, url, size, profiler if i == 0 else None))
            else:
                url = f"sqlite:///{tmp}/write-{i}.db" if args.db == "sqlite" else args.db
                runs.append(timed(docs, lemmatize, url, size, profiler if i == 0 else None))
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    if args.json:
        print(json.dumps({"docs": len(docs), "db": args.db, "ms_per_article": best}))
        return 0
    print(f"{len(docs)} documents, batches of {size}, {args.db}: CPU ms per article, best of "
          f"{args.repeat}: " + ", ".join(f"{k} {v:.2f}" for k, v in best.items()))
    if profiler is not None:
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats("tottime").print_stats(40)
        print(buf.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
