"""Ingest over HTTP: upload files or submit URLs and feeds, behind the API token.

``POST /api/ingest`` wants ``Authorization: Bearer <api_token>``; the HTML form at ``/ingest``
sends the token as a form field (a browser form cannot set the header). With an empty
``api_token`` setting writes are disabled (V107). Bodies are capped by ``max_request_bytes``
(``limits.BodyLimit``). Uploaded files go to a temporary folder under their own base names
and, with the URLs, through ``vezha.runner.ingest_into``: the run report comes back.
"""
from __future__ import annotations

import hmac
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Request, UploadFile

from ..errors import ConfigError
from .common import Context, ctx, render

__all__ = ["router", "check_token", "run_ingest", "MAX_URLS"]

router = APIRouter()
MAX_URLS = 200
SAFE_NAME = re.compile(r"[^\w.\-]+")


def check_token(context: Context, given: str | None) -> None:
    """Raise V107 when writes are disabled, V106 when ``given`` is not the token."""
    token = context.settings.api_token
    if not token:
        raise ConfigError("writes are disabled: set the api_token setting", code="V107",
                          stage="http")
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise ConfigError("missing or wrong API token", code="V106", stage="http")


def _bearer(header: str | None) -> str | None:
    scheme, _, value = (header or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def run_ingest(context: Context, files: list[UploadFile], urls: str) -> dict[str, Any]:
    """Store the uploads and fetch the URLs (one per line); the run report as a dict."""
    from ..runner import ingest_into
    links = [u.strip() for u in urls.splitlines() if u.strip()]
    if len(links) > MAX_URLS:
        raise ConfigError(f"at most {MAX_URLS} URLs per request", code="V105", stage="http")
    files = [f for f in files if f.filename]
    if not links and not files:
        raise ConfigError("nothing to ingest: give files or URLs", code="V105", stage="http")
    pipeline, resources = context.run_resources()
    with tempfile.TemporaryDirectory(prefix="vezha-upload-") as tmp:
        paths = [_save(Path(tmp), i, f) for i, f in enumerate(files)]
        report = ingest_into(context.store, paths + links, context.settings, resources,
                             pipeline=pipeline, on_stored=_watcher(context, resources))
    return {"run_id": report.run_id, "status": report.status, **report.counts(),
            "failures": [_failure(f) for f in report.failures]}


def _watcher(context: Context, resources: Any):
    """The active watchlists' rules on what is stored (``vezha.watch``), or None."""
    from ..watch.watcher import load_watcher
    from ..watch.webhook import webhook_deliverer
    return load_watcher(context.store, context.settings, kb=resources.get("kb"),
                        deliver=webhook_deliverer(context.settings))


def _failure(f: Any) -> dict[str, str]:
    return {"source": Path(f.source).name if "://" not in f.source else f.source,
            "code": f.code, "stage": f.stage, "message": f.message}


def _save(folder: Path, i: int, upload: UploadFile) -> str:
    name = SAFE_NAME.sub("_", Path(upload.filename or "upload").name)[-100:] or "upload"
    path = folder / f"{i:03d}-{name}"
    path.write_bytes(upload.file.read())
    return str(path)


@router.get("/ingest", include_in_schema=False)
@router.get("/ingest.json", include_in_schema=False)
def ingest_form(request: Request):
    return render(request, "ingest.html", {"enabled": bool(ctx(request).settings.api_token),
                                           "report": None})


@router.post("/ingest", include_in_schema=False)
def ingest_page(request: Request, token: Annotated[str, Form()] = "",
                files: Annotated[list[UploadFile], File()] = [],   # noqa: B006 (FastAPI default)
                urls: Annotated[str, Form()] = ""):
    context = ctx(request)
    check_token(context, token)
    report = run_ingest(context, files, urls)
    return render(request, "ingest.html", {"enabled": True, "report": report})


@router.post("/api/ingest", tags=["write"],
             summary="Ingest uploaded files and URLs (needs Authorization: Bearer <api_token>)")
def ingest_api(request: Request, authorization: Annotated[str | None, Header()] = None,
               files: Annotated[list[UploadFile], File()] = [],   # noqa: B006
               urls: Annotated[str, Form(description="URLs or feeds, one per line")] = ""):
    context = ctx(request)
    check_token(context, _bearer(authorization))
    return render(request, "", run_ingest(context, files, urls))
