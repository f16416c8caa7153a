"""Which inputs a source argument stands for, and which reader each gets."""
from __future__ import annotations

from pathlib import Path

from ..errors import IngestError

__all__ = ["expand", "is_url", "kind_of", "EXTENSIONS"]

EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
URL_SCHEMES = ("http://", "https://")


def is_url(source: str) -> bool:
    return source.lower().startswith(URL_SCHEMES)


def kind_of(path: Path) -> str:
    """The reader for a file by its extension; ``sniff`` means: look at the content."""
    return EXTENSIONS.get(path.suffix.lower(), "sniff")


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def expand(source: str) -> list[tuple[Path, str]]:
    """(path, path relative to the argument) of each file: the file itself, or a folder's
    files, recursively, sorted, hidden ones skipped. IngestError V201 when nothing is there;
    V213 for a URL scheme other than http(s)."""
    if "://" in source:
        raise IngestError("only http(s) URLs are supported", code="V213", source=source)
    root = Path(source)
    if root.is_file():
        return [(root, root.name)]
    if not root.is_dir():
        raise IngestError("no such file or folder", code="V201", source=source)
    files = (p for p in sorted(root.rglob("*")) if p.is_file())
    return [(p, p.relative_to(root).as_posix()) for p in files if not _hidden(p.relative_to(root))]
