"""Settings, declared once: name, default and help.

Loaded in order defaults → settings file (TOML) → environment (``VEZHA_<NAME>``) → flags,
into one frozen ``Settings`` object that is passed down; nothing reads globals.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "describe_settings", "DEFAULT_DB"]

DEFAULT_DB = "sqlite:///vezha.db"


def _s(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str = _s(DEFAULT_DB, "Database URL (SQLAlchemy form): sqlite:///path.db or postgresql+psycopg://...")
    max_file_bytes: int = _s(50_000_000, "Largest input file or fetched page, in bytes; larger ones fail with V205.")
    max_html_nodes: int = _s(200_000, "Most HTML elements a page may have; more fails with V215.")
    max_feed_items: int = _s(5_000, "Most items read from one feed.")
    max_doc_seconds: float = _s(60.0, "Time limit for analysing one document (V302 past it).")
    max_request_bytes: int = _s(20_000_000, "Largest request body the HTTP API accepts.")
    rate_limit_per_second: float = _s(50.0, "HTTP requests a second one client address may make on average (a write counts 10); past it 429 with V112; 0 disables.")
    rate_limit_burst: int = _s(200, "Requests one client address may make at once before rate_limit_per_second applies.")
    search_cache_seconds: float = _s(60.0, "Seconds the web app serves a repeated search from memory (a write through the app empties it); 0 disables.")
    fetch_timeout: float = _s(20.0, "Seconds before a URL fetch gives up.")
    fetch_max_redirects: int = _s(5, "Most redirects a URL fetch follows.")
    fetch_allow_private: bool = _s(False, "Allow fetching loopback, private and link-local addresses.")
    user_agent: str = _s("Vezha/0.1 (+https://github.com/vezha-osint/vezha)", "User-Agent of URL fetches.")
    kb_from_store: bool = _s(True, "Grow the knowledge base with the entities the store holds when a run starts; off makes an article's analysis independent of what is stored (reproducible runs).")
    model_dir: str = _s("", "Folder of trained models; empty means the models shipped in the package.")
    shared_dir: str = _s("../shared", "Folder of the shared corpora used by `vezha train` and the quality gate.")
    api_token: str = _s("", "Token that write endpoints of the HTTP API require; empty disables writes.")
    debug_rules: bool = _s(False, "Record which rule decided each segment, quote and time value.")
    batch_size: int = _s(50, "Documents written to the store in one transaction during batch runs.")
    alert_webhook_url: str = _s("", "URL that new alerts are POSTed to as JSON after each stored article; empty disables.")
    alert_webhook_retries: int = _s(3, "Retries of a webhook delivery that failed (connection error, 429, 5xx).")
    public_url: str = _s("http://127.0.0.1:8000", "Base URL of the web app, for links in alerts, feeds and briefings.")


def describe_settings() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting, in declaration order."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]


def load_settings(path: str | os.PathLike[str] | None = None,
                  env: Mapping[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Defaults, then the TOML file at ``path`` (or ``VEZHA_CONFIG``), then ``VEZHA_*``, then overrides."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    file = path or env.get("VEZHA_CONFIG")
    if file:
        values.update(_read_file(Path(file)))
    for f in fields(Settings):
        key = f"VEZHA_{f.name.upper()}"
        if key in env:
            values[f.name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**{k: _coerce(k, v) for k, v in values.items()})


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read settings file: {exc}", code="V103", source=str(path)) from exc
    return dict(data.get("vezha", data))


def _coerce(name: str, value: Any) -> Any:
    known = {f.name: f for f in fields(Settings)}
    if name not in known:
        raise ConfigError(f"unknown setting {name!r}; known: {', '.join(known)}", code="V101")
    kind = type(known[name].default)
    try:
        if kind is bool and isinstance(value, str):
            if value.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError(value)
            return value.lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name} wants {kind.__name__}, got {value!r}", code="V102") from exc


def replace(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with some values changed (and checked)."""
    return dataclasses.replace(settings, **{k: _coerce(k, v) for k, v in changes.items()})
