"""Charts as PNG bytes, drawn with matplotlib's object API (no pyplot state, safe in any kernel)."""
from __future__ import annotations

import io

from matplotlib.figure import Figure

# One palette for every chart, so a kind of thing keeps its colour from the screen to the report
BLUE, GREEN, RED, ORANGE, YELLOW, AMBER, PURPLE, TEAL, GREY = (
    "#0b5cad", "#1e8449", "#c0392b", "#e67e22", "#f1c40f", "#f1a208", "#8e44ad", "#17a2b8", "#7f8c8d")


def ink(dark: bool) -> tuple[str, str]:
    """(text and lines, background): dark for a dim hall, light for paper."""
    return ("#f2f2f2", "#161616") if dark else ("#1a1a1a", "#ffffff")


def to_bytes(fig: Figure, fmt: str = "png") -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, facecolor=fig.get_facecolor())
    return buf.getvalue()


def ratings_chart(counts: dict[int, int], title: str, dark: bool = False) -> bytes:
    """Bars for ratings 1–5: how many gave each."""
    fg, bg = ink(dark)
    fig = Figure(figsize=(5, 2.6), dpi=110, facecolor=bg)
    ax = fig.add_subplot()
    ax.set_facecolor(bg)
    ratings = list(range(1, 6))
    values = [counts.get(r, 0) for r in ratings]
    bars = ax.bar([str(r) for r in ratings], values, color=[RED, ORANGE, YELLOW, "#7fb800", GREEN])
    ax.bar_label(bars, labels=[str(v) if v else "" for v in values], color=fg, fontsize=12)
    ax.set_title(title, color=fg, fontsize=13)
    ax.tick_params(colors=fg, labelsize=12)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(fg)
    ax.set_ylim(0, max(values + [1]) * 1.25)
    fig.tight_layout()
    return to_bytes(fig)
