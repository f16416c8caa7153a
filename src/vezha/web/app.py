"""The web application: ``create_app(settings, store=None)`` builds the FastAPI app.

Pages (``web/pages.py``) are server-rendered Jinja2 templates with autoescape on, each with a
``.json`` twin; REST routes under ``/api`` (``web/api.py``, ``web/ingest.py``) are described by
the OpenAPI document at ``/api/openapi.json``. Every error, 404 and 422 included, is the one
JSON shape ``{"error": VezhaError.as_dict()}`` (or an HTML page saying the same). Responses
carry a Content-Security-Policy that allows only this server's own scripts and styles.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from ..errors import ConfigError, VezhaError
from ..settings import Settings
from . import alerts, api, geo, ingest, pages
from .common import Context, error_response
from .cache import SearchCache
from .limits import BodyLimit, SecurityHeaders
from .ratelimit import RateLimit

__all__ = ["create_app", "graph_lib", "STATIC"]

STATIC = Path(__file__).resolve().parent / "static"


def graph_lib() -> Path:
    """vis-network as shipped by the pyvis package (never copied into this repository)."""
    import pyvis
    return sorted(Path(pyvis.__file__).resolve().parent.glob("lib/vis-9.*"))[-1]


def create_app(settings: Settings, store: Any = None) -> FastAPI:
    """The app over ``store`` (default: the database of ``settings.db_url``, opened here)."""
    app = FastAPI(title="Vezha", version=_version(), openapi_url="/api/openapi.json",
                  docs_url=None, redoc_url=None,
                  description="Who said what, about whom, when: the read API is open; "
                              "writes need `Authorization: Bearer <api_token>`.")
    app.state.ctx = Context(settings, store if store is not None else _open(settings))
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(SearchCache, seconds=settings.search_cache_seconds)
    app.add_middleware(RateLimit, per_second=settings.rate_limit_per_second,
                       burst=settings.rate_limit_burst)     # outermost: every request counts
    app.mount("/static/lib", StaticFiles(directory=graph_lib()), name="lib")
    app.mount("/static/leaflet", StaticFiles(directory=geo.leaflet_lib()), name="leaflet")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (api, ingest, pages, alerts, geo):
        app.include_router(module.router)
    _handlers(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(VezhaError)
    async def vezha_error(request: Request, exc: VezhaError):
        return error_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return error_response(request, ConfigError(_explain(exc), code="V105",
                                                   source=str(request.url.path)))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        code = "V108" if exc.status_code in (404, 405) else "V105"
        err = ConfigError(str(exc.detail), code=code, source=str(request.url.path))
        return error_response(request, err, status=exc.status_code)


def _explain(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else e.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def _open(settings: Settings):
    from ..pipeline import load_resources
    from ..store import open_store
    morph = load_resources(settings, frozenset({"morph"})).get("morph")
    return open_store(settings.db_url, lemmatize=morph.lemma if morph else None)


def _version() -> str:
    from .. import __version__
    return __version__
