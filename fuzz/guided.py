"""Coverage-guided fuzzing with atheris (libFuzzer) over one target's parser, optional.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python -m fuzz.guided --target html --corpus /tmp/corpus-html -- -atheris_runs=20000 -timeout=10

Arguments after ``--`` go to libFuzzer (``-atheris_runs``, ``-max_total_time``, ``-timeout``
for hangs, ``-artifact_prefix`` for where crashers go). ``--corpus`` starts libFuzzer from
``--seeds`` inputs of the seeded generator (written there when the folder is empty). As in ``python -m fuzz run``, a
``VezhaError`` refusing the input is an answer; any other exception, or V216/V301, is a crash.
"""
from __future__ import annotations

import argparse
import sys

TARGET_NAMES = ("decode", "text", "html", "feed", "jsonl", "times", "quotes", "pipeline")


def _warm(target, ctx) -> None:
    """Import and load what the target uses (so that instrument_all covers it)."""
    import random
    for i in range(3):
        try:
            target.run(target.make(random.Random(i)), ctx)
        except Exception:  # noqa: BLE001 - warming up only
            pass


def _seed(target, folder: str, count: int) -> None:
    """Generated inputs as libFuzzer's starting corpus (structure random bytes rarely reach)."""
    from pathlib import Path
    from . import gen
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    if not any(path.iterdir()):
        for i in range(count):
            (path / f"seed-{i:05d}").write_bytes(target.make(gen.rng_for(0, i, target.name)))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m fuzz.guided")
    parser.add_argument("--target", choices=TARGET_NAMES, default="html")
    parser.add_argument("--corpus", default=None, help="folder of seed inputs (filled if empty)")
    parser.add_argument("--seeds", type=int, default=200, help="generated seed inputs")
    args, libfuzzer = parser.parse_known_args()
    import atheris
    with atheris.instrument_imports(include=["vezha"]):   # Vezha's own code, imported here first
        import vezha.ingest  # noqa: F401
        import vezha.text  # noqa: F401
        import vezha.times  # noqa: F401
        import vezha.quotes  # noqa: F401
        import vezha.speakers  # noqa: F401
        from vezha.errors import VezhaError
        from vezha.settings import load_settings
        from .runner import BUG_CODES
        from .targets import TARGETS, Context
    target, ctx = TARGETS[args.target], Context(load_settings(env={}))
    _warm(target, ctx)
    if args.corpus:
        _seed(target, args.corpus, args.seeds)
        libfuzzer = [*libfuzzer, args.corpus]

    def one_input(data: bytes) -> None:
        try:
            target.run(data, ctx)
        except VezhaError as err:
            if err.code in BUG_CODES:
                raise

    atheris.Setup([sys.argv[0], *[a for a in libfuzzer if a != "--"]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
