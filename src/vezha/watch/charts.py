"""Mention charts for briefings (matplotlib, Agg backend): one small SVG per watched entity.

The chart shows mentions per day over the baseline days and the window, the window shaded.
It is returned as a ``data:image/svg+xml;base64`` URI, so the HTML stays one file and the
PDF renderer draws it as vector graphics.
"""
from __future__ import annotations

import base64
import io
from typing import Sequence

__all__ = ["mention_chart", "SIZE"]

SIZE = (6.0, 1.6)           # inches
COLOUR = "#3b6ea8"


def mention_chart(name: str, days: Sequence[str], counts: Sequence[int], since: str) -> str:
    """A bar chart of ``counts`` per day as an SVG data URI."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    fig = Figure(figsize=SIZE)
    ax = fig.add_subplot()
    ax.bar(range(len(days)), counts, color=COLOUR, width=0.8)
    first = next((i for i, d in enumerate(days) if d >= since), len(days))
    ax.axvspan(first - 0.5, len(days) - 0.5, color="#f3d27a", alpha=0.35, lw=0)
    ax.set_xticks([0, first, len(days) - 1] if days else [])
    ax.set_xticklabels([days[0], days[first] if first < len(days) else "", days[-1]]
                       if days else [], fontsize=7)
    ax.set_title(f"{name}: mentions per day", fontsize=8, loc="left")
    ax.tick_params(axis="y", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
