"""The text stage's output against an earlier version's, document by document, exactly.

    .venv/bin/python benchmarks/tokens_check.py [--old REV] [--shared ../shared] [--limit N]
                                                [--fuzz N]

Documents: the bundled samples (``examples/articles``, ``examples/pages``, read as the pipeline
reads them), ``../shared/seed/article-000.txt`` and the texts of ``../shared/data`` (ner-uk,
bsnlp raw uk and ru), read in place and never copied. Each document is segmented by
``src/vezha/text.py`` as of ``--old`` (default ``HEAD``, loaded from git) and as it is in the
working tree; sentences (spans, language) and tokens (every field) must be equal. Every
sentence, and every run of its chunks starting and ending at a random chunk (seeded), also
goes through ``vezha.tokens.word_spans`` and the library on its own, and when it is taken by
chunks, each chunk is tokenized in its frame too (whatever the cache holds). ``--fuzz N`` adds N
random texts of the characters and pieces the library's rules look at: their tokens as above,
their sentences against ``tokenize_sents_with_spans``. Prints the counts and every difference;
exits 1 on one.
"""
from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = ("uk_two", "ru_two", "en_two")


def old_text_module(rev: str):
    """``vezha/text.py`` at ``rev`` as the module ``vezha._text_old``."""
    source = subprocess.run(["git", "show", f"{rev}:src/vezha/text.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("vezha._text_old", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "vezha"
    exec(compile(source, f"{rev}:text.py", "exec"), module.__dict__)
    return module


def sources(shared: Path) -> list[Path]:
    found = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    found += sorted((ROOT / "examples" / "pages").glob("*.html"))
    found += sorted((shared / "seed").glob("*.txt"))
    found += sorted((shared / "data" / "ner-uk").rglob("*.txt"))
    found += sorted(p for p in (shared / "data" / "bsnlp").rglob("*.txt") if "raw" in p.parts)
    return found


def articles(paths: list[Path]):
    from vezha.ingest import iter_articles
    from vezha.langid import load_langid
    from vezha.model import Article
    from vezha.settings import load_settings
    settings = load_settings(env={})
    for item in iter_articles([str(p) for p in paths], settings, langid=load_langid(settings)):
        if isinstance(item, Article):
            yield item


def stress(sentence: str, rng: random.Random) -> list[str]:
    """The sentence and a random run of its chunks."""
    words = sentence.split(" ")
    i = rng.randrange(len(words))
    j = rng.randrange(i, len(words)) + 1
    return [sentence, " ".join(words[i:j]).strip()]


def span_problems(sentence: str) -> list[str]:
    """How ``word_spans``, and the chunks each tokenized in its frame, disagree with the library
    on ``sentence``."""
    from vezha import tokens
    library = tokens.library_spans(sentence)
    problems = [] if tokens.word_spans(sentence) == library else ["DIFFERENT SPANS"]
    if tokens.chunkable(sentence):
        spans: list | None = []
        for start, key in tokens.chunk_keys(sentence):
            found = tokens.framed_spans(*key)
            if found is None:          # a token across the frame
                spans = None
                break
            spans.extend((start + s, start + e) for s, e in found)
        if spans != library:
            problems.append("DIFFERENT FRAMES")
    return problems


def split_problems(block: str, code: str) -> list[str]:
    from tokenize_uk import tokenize_sents_with_spans
    from vezha.sentences import sentence_spans
    library = [(s, e) for _, s, e in tokenize_sents_with_spans(block, language_code=code)]
    return [] if sentence_spans(block, code) == library else ["DIFFERENT SENTENCES"]


# Random text for --fuzz: the characters and pieces tokenize-uk's rules look at.
FUZZ_PIECES = (list("аеіоуятдпчзвнмсркйлгбхцєїґАБКМТЖПІОДЛЄЇҐabcXYZ0123456789") * 2
               + list(".....!?…,,;:-–—'’ʼ‘‚‑\"«»„“”()[]{}<>›%№/+#_*IVX¹²°$€₴=§~×|&\u0301")
               + [" "] * 30 + ["\n", "\t", "\u00a0", "\r\n", "  ", "\u202f", "\u2029", "\u00ad",
                               "\u200b", "]]", "<0}", "{0>", "OK.", "www.x.ua", "a@b.ua", "\ue110"]
               + "т д п ін ч зв і й в у та тис арт губ нар млн млрд кв куб см м р рр ст ред авт "
                 "Ман Сіті лат проф акад вул о ім Дж Ол Св чл -кор пн -зах с -г Л/ДНР с/г 5 000 "
                 "2024р мо тре бо net ua Київ Коваль Жданова".split())


def fuzz_text(rng: random.Random) -> str:
    return "".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(1, 40))).strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", default="HEAD", help="git revision of the reference text.py")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder")
    ap.add_argument("--limit", type=int, default=0, help="documents at most (0: all)")
    ap.add_argument("--fuzz", type=int, default=0, help="random texts to check too (seeded)")
    args = ap.parse_args(argv)
    from vezha import text, tokens
    from vezha.morph import load_morph
    old, morph, rng = old_text_module(args.old), load_morph(), random.Random(7)
    paths = sources(Path(args.shared))
    counts = dict(documents=0, sentences=0, tokens=0, spans=0, chunked=0, differences=0)
    for article in articles(paths[:args.limit] if args.limit else paths):
        a = list(old.segment(article.text, morph, article.language, article.paragraphs))
        b = list(text.segment(article.text, morph, article.language, article.paragraphs))
        if a != b:
            counts["differences"] += 1
            print(f"DIFFERENT: {article.source}")
        counts["documents"] += 1
        counts["sentences"] += len(b)
        counts["tokens"] += sum(len(s.tokens) for s in b)
        for s in b:
            for piece in stress(article.text[s.start:s.end], rng):
                counts["spans"] += 1
                counts["chunked"] += tokens.chunkable(piece)
                for problem in span_problems(piece):
                    counts["differences"] += 1
                    print(f"{problem} in {article.source}: {piece!r}")
    for _ in range(args.fuzz):
        piece = fuzz_text(rng)
        counts["fuzzed"] = counts.get("fuzzed", 0) + 1
        for problem in span_problems(piece) + split_problems(piece, rng.choice(CODES)):
            counts["differences"] += 1
            print(f"{problem} in fuzz: {piece!r}")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 1 if counts["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
