"""What the routes share: the app's context, rendering a page or its JSON twin, errors, paging."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..errors import ConfigError, IngestError, StoreError, VezhaError
from ..settings import Settings

__all__ = ["Context", "ctx", "render", "wants_json", "error_response", "paging", "STATUS",
           "templates"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
# HTTP status of an error, by code, else by class; anything else is a 500.
STATUS = {"V105": 422, "V106": 401, "V107": 403, "V108": 404, "V504": 404, "V205": 413}
CLASS_STATUS = ((ConfigError, 400), (IngestError, 400), (StoreError, 500))


@dataclass
class Context:
    """Settings, the store, and what is loaded on first use (the KB; the ingest pipeline)."""
    settings: Settings
    store: Any
    lock: threading.Lock = field(default_factory=threading.Lock)
    _kb: Any = None
    _run: Any = None

    @property
    def kb(self):
        with self.lock:
            if self._kb is None:
                from ..kb import load_kb
                self._kb = load_kb(self.settings)
            return self._kb

    def run_resources(self):
        """(pipeline, resources) for ingestion, loaded once."""
        with self.lock:
            if self._run is None:
                from ..pipeline import default_pipeline
                from ..runner import load_run_resources
                pipeline = default_pipeline()
                self._run = (pipeline, load_run_resources(self.settings, pipeline))
            return self._run


def ctx(request: Request) -> Context:
    return request.app.state.ctx


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda value: quote(str(value), safe="")
    return env


templates = Jinja2Templates(env=_env())


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/")


def render(request: Request, template: str, data: dict[str, Any], status: int = 200):
    """The page's data as JSON (``.json`` twins and /api routes) or rendered by ``template``."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    context = {"request": request, "data": data, "json_url": json_twin(request)}
    return templates.TemplateResponse(request, template, context, status_code=status)


def json_twin(request: Request) -> str:
    url = request.url
    return str(url.replace(path=(url.path.rstrip("/") or "/index") + ".json"))


def error_response(request: Request, err: VezhaError, status: int | None = None):
    status = status or STATUS.get(err.code) or next(
        (s for cls, s in CLASS_STATUS if isinstance(err, cls)), 500)
    if wants_json(request) or "text/html" not in request.headers.get("accept", "text/html"):
        return JSONResponse({"error": err.as_dict()}, status_code=status)
    body = templates.get_template("error.html").render(
        request=request, error=err.as_dict(), status=status, json_url="")
    return HTMLResponse(body, status_code=status)


def paging(request: Request, data: dict[str, Any], limit: int, offset: int,
           has_more: bool) -> dict[str, Any]:
    """``data`` plus limit, offset and the ``next``/``prev`` links (None at the ends)."""
    url = request.url
    nxt = str(url.include_query_params(offset=offset + limit)) if has_more else None
    prev = str(url.include_query_params(offset=max(0, offset - limit))) if offset else None
    return {**data, "limit": limit, "offset": offset, "next": nxt, "prev": prev}
