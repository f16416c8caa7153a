"""Briefings rendered: HTML (Jinja2, autoescaped, charts embedded) and PDF (WeasyPrint).

``render_html(briefing)`` is one self-contained HTML file; ``render_pdf(html)`` renders it
with WeasyPrint (which needs Pango from the system: ConfigError V111 when it cannot load);
the PDF's closing index lists at most ``PDF_SOURCES`` spans (the HTML lists all);
``write_briefing`` writes ``briefing-<watchlist>-<until>.html`` (and ``.pdf``) to a folder.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from ..errors import ConfigError
from .brief import Briefing
from .charts import mention_chart

__all__ = ["render_html", "render_pdf", "write_briefing", "pdf_available", "TEMPLATES", "PDF_SOURCES"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The PDF's index of sources stops here (every item still links its first sources); the HTML
# lists every source span. 8,000 links take WeasyPrint longer than the rest of the briefing.
PDF_SOURCES = 1000


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                       lstrip_blocks=True)


def render_html(brief: Briefing, sources_limit: int | None = None) -> str:
    """The briefing as one HTML file; ``sources_limit`` caps the closing index of sources."""
    charts = {e["id"]: mention_chart(e["name"], e["days"], e["counts"], brief.since)
              for e in brief.entities}
    sources = brief.sources
    return _env().get_template("brief.html").render(
        b=brief, charts=charts, sources=sources[:sources_limit], all_sources=len(sources))


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """The HTML as PDF (WeasyPrint); ConfigError V111 when the renderer is unavailable."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise ConfigError(f"the PDF renderer (WeasyPrint) cannot load: {exc}", code="V111",
                          stage="brief") from exc
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def write_briefing(brief: Briefing, out_dir: str | Path, pdf: bool = False) -> list[Path]:
    """Write the briefing's HTML (and PDF) to ``out_dir``; the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"briefing-{brief.watchlist}-{brief.until}"
    paths = [stem.with_suffix(".html")]
    paths[0].write_text(render_html(brief), encoding="utf-8")
    if pdf:
        paths.append(stem.with_suffix(".pdf"))
        paths[1].write_bytes(render_pdf(render_html(brief, PDF_SOURCES)))
    return paths
