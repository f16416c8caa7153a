"""Vezha's exceptions, in one place, with stable codes.

The tree::

    VezhaError                       exit 1
    ├── ConfigError        V1xx      exit 2   bad settings, flags or files of settings
    ├── IngestError        V2xx      exit 3   an input could not be read or parsed
    ├── ExtractError       V3xx      exit 4   a pipeline stage failed on a document
    ├── ModelError         V4xx      exit 5   a model or resource is missing or broken
    └── StoreError         V5xx      exit 6   the database refused or is inconsistent

Every error carries a stable ``code`` (``V201``), the ``source`` it concerns (path, URL,
document id) and the ``stage``; ``str(err)`` names all three and the reason. Errors become
output only at the edges: a CLI exit status, the API's JSON error, a failure row in a batch.
"""
from __future__ import annotations

__all__ = [
    "VezhaError", "ConfigError", "IngestError", "ExtractError", "ModelError", "StoreError",
    "CODES", "describe",
]

# Stable codes. Never renumber; add new ones at the end of their block.
CODES: dict[str, str] = {
    # configuration
    "V101": "unknown setting",
    "V102": "invalid value for a setting",
    "V103": "settings file could not be read",
    "V104": "pipeline is not well formed (a stage needs what no earlier stage provides)",
    "V105": "invalid request: a parameter or body the HTTP API cannot accept",
    "V106": "missing or wrong API token",
    "V107": "writes are disabled: the api_token setting is empty",
    "V108": "no such page or endpoint",
    "V109": "the Dask scheduler could not be started or reached (vezha batch --scheduler)",
    "V110": "watchlist is not valid (its YAML/TOML form, a rule's kind, keys or names)",
    "V111": "the PDF renderer (WeasyPrint and its system libraries) is not available",
    "V112": "too many requests from one address (the rate_limit_per_second setting); retry later",
    # ingestion
    "V201": "input not found",
    "V202": "input is empty",
    "V203": "input is binary, not text",
    "V204": "input could not be decoded as text",
    "V205": "input is larger than the size limit",
    "V206": "HTML page has no extractable main text",
    "V207": "feed could not be parsed",
    "V208": "feed item is broken",
    "V209": "JSONL line is not valid JSON",
    "V210": "JSONL record lacks text or html",
    "V211": "URL could not be fetched",
    "V212": "URL fetch timed out",
    "V213": "unsupported input type",
    "V214": "URL refused by the fetch policy",
    "V215": "input has too many HTML nodes",
    "V216": "input could not be read (an I/O error or an unexpected reader failure)",
    # extraction
    "V301": "a pipeline stage failed on a document",
    "V302": "document took longer than the time limit",
    "V303": "the batch worker analysing the document died or was lost (vezha batch)",
    # models and resources
    "V401": "model file not found; train it first",
    "V402": "model file is corrupt or of another version",
    "V403": "training data not found",
    # store
    "V501": "database could not be opened",
    "V502": "database schema is out of date; run migrations",
    "V503": "database write failed",
    "V504": "record not found",
    "V505": "unsupported database URL",
}


def describe(code: str) -> str:
    """The one-line meaning of a stable error code."""
    return CODES.get(code, "unknown error")


class VezhaError(Exception):
    """Base of every Vezha error: a stable code, what it concerns and why."""

    exit_code = 1
    default_code = "V301"

    def __init__(self, reason: str, *, code: str | None = None, source: str = "",
                 stage: str = "", doc_id: str = "") -> None:
        self.code = code or self.default_code
        self.reason = reason
        self.source = source
        self.stage = stage
        self.doc_id = doc_id
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.source or self.doc_id
        head = f"[{self.code}] {where}: " if where else f"[{self.code}] "
        stage = f" (stage: {self.stage})" if self.stage else ""
        return f"{head}{self.reason}{stage}"

    def as_dict(self) -> dict[str, str]:
        """The one JSON error shape used by the CLI's --json output and the HTTP API."""
        return {"code": self.code, "error": type(self).__name__, "message": self.reason,
                "meaning": describe(self.code), "source": self.source, "stage": self.stage}


class ConfigError(VezhaError):
    exit_code = 2
    default_code = "V102"


class IngestError(VezhaError):
    exit_code = 3
    default_code = "V213"


class ExtractError(VezhaError):
    exit_code = 4
    default_code = "V301"


class ModelError(VezhaError):
    exit_code = 5
    default_code = "V401"


class StoreError(VezhaError):
    exit_code = 6
    default_code = "V503"
