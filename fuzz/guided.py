"""Coverage-guided fuzzing with atheris (libFuzzer) over one target's parser, optional.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python -m fuzz.guided --target html -- -atheris_runs=20000 -timeout=10 -max_len=20000 CORPUS_DIR

Arguments after ``--`` go to libFuzzer (``-atheris_runs``, ``-max_total_time``, ``-timeout``
for hangs, ``-artifact_prefix`` for where crashers go, corpus folders). The seed inputs
are the seeded generator's (``--seeds N`` of them). As in ``python -m fuzz run``, a
``VezhaError`` refusing the input is an answer; any other exception, or V216/V301, is a crash.
"""
from __future__ import annotations

import argparse
import sys

from vezha.errors import VezhaError

from .runner import BUG_CODES
from .targets import TARGETS, Context


def _warm(target, ctx) -> None:
    """Import and load what the target uses (so that instrument_all covers it)."""
    import random
    for i in range(3):
        try:
            target.run(target.make(random.Random(i)), ctx)
        except Exception:  # noqa: BLE001 - warming up only
            pass


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m fuzz.guided")
    parser.add_argument("--target", choices=list(TARGETS), default="html")
    args, libfuzzer = parser.parse_known_args()
    import atheris
    from vezha.settings import load_settings
    target, ctx = TARGETS[args.target], Context(load_settings(env={}))
    _warm(target, ctx)
    atheris.instrument_all()        # every Python function loaded so far: ours and the parsers'

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
