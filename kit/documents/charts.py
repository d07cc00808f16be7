"""Charts as PNG bytes, drawn with matplotlib's object API (no pyplot state, safe in any kernel)."""
from __future__ import annotations

import io

from matplotlib.figure import Figure


def ratings_chart(counts: dict[int, int], title: str, dark: bool = False) -> bytes:
    """Bars for ratings 1–5: how many gave each."""
    fg, bg = ("#f2f2f2", "#161616") if dark else ("#1a1a1a", "#ffffff")
    fig = Figure(figsize=(5, 2.6), dpi=110, facecolor=bg)
    ax = fig.add_subplot()
    ax.set_facecolor(bg)
    ratings = list(range(1, 6))
    values = [counts.get(r, 0) for r in ratings]
    bars = ax.bar([str(r) for r in ratings], values, color=["#c0392b", "#e67e22", "#f1c40f", "#7fb800", "#1e8449"])
    ax.bar_label(bars, labels=[str(v) if v else "" for v in values], color=fg, fontsize=12)
    ax.set_title(title, color=fg, fontsize=13)
    ax.tick_params(colors=fg, labelsize=12)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(fg)
    ax.set_ylim(0, max(values + [1]) * 1.25)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=bg)
    return buf.getvalue()
