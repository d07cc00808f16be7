"""A region's figures: each municipality's share of the evenings, participants, organisations, observations and
welfare-report themes, for `kit metrics --region` (CSV or chart) and `kit hyte --region` (a section of the
report)."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd
from babel.numbers import format_decimal
from matplotlib.figure import Figure

from kit.core import ops
from kit.core.model import Evening
from kit.documents.hyte import Item, Theme, items
from kit.documents.metrics import municipality_of
from kit.i18n import translator

MEASURES = ("evenings", "participants", "organisations", "observations")


@dataclass
class Share:
    municipality: str
    evenings: int = 0
    participants: int = 0  # participations: who came, counted at each evening
    organisations: int = 0  # different organisations that took part in the municipality's evenings
    observations: int = 0  # wishes and ideas (the welfare report's items)
    themes: dict[str, int] = field(default_factory=dict)  # observations per theme id


def shares(evenings: list[Evening], themes: tuple[Theme, ...],
           found: Optional[list[Item]] = None) -> list[Share]:
    """One row per municipality, in name order (an evening without one under ""); `found`: items already made."""
    by_evening: dict[str, list[Item]] = {}
    if found is not None:
        for item in found:
            by_evening.setdefault(item.evening_id, []).append(item)
    rows: dict[str, Share] = {}
    orgs: dict[str, set[str]] = {}
    for ev in evenings:
        name = municipality_of(ev)
        row = rows.setdefault(name, Share(name))
        row.evenings += 1
        row.participants += ops.attendance(ev).attended
        orgs.setdefault(name, set()).update(ops.normalised_name(o.name) for p in ev.participants if p.attended
                                            for o in [ev.organisation(p.organisation_id)] if o)
        mine = by_evening[ev.id] if found is not None else items(ev, themes)
        row.observations += len(mine)
        for item in mine:
            if item.theme:
                row.themes[item.theme] = row.themes.get(item.theme, 0) + 1
    for name, row in rows.items():
        row.organisations = len(orgs[name])
    return [rows[name] for name in sorted(rows, key=str.casefold)]


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def percent_text(part: int, whole: int, lang: str) -> str:
    """'14,3 %' in Finnish and Swedish (a decimal comma), '14.3 %' in English."""
    return format_decimal(percent(part, whole), "0.#", locale=lang) + "\u00a0%"


def region_frame(evenings: list[Evening], themes: tuple[Theme, ...], lang: str = "fi") -> pd.DataFrame:
    """A row per municipality and one for the whole region: each measure and theme as a count and a share (%)."""
    _ = translator(lang)
    rows = shares(evenings, themes)
    total = Share(_("Whole region"), *(sum(getattr(r, m) for r in rows) for m in MEASURES))
    used = [t for t in themes if any(t.id in r.themes for r in rows)]
    total.themes = {t.id: sum(r.themes.get(t.id, 0) for r in rows) for t in used}
    labels = {"evenings": _("Evenings"), "participants": _("Participants"), "organisations": _("Organisations"),
              "observations": _("Observations")}
    out = []
    for row in rows + [total]:
        line: dict[str, object] = {_("Municipality"): row.municipality or _("(no municipality)")}
        for m in MEASURES:
            line[labels[m]] = getattr(row, m)
            line[f"{labels[m]} %"] = percent(getattr(row, m), getattr(total, m))
        for t in used:
            line[t.name(lang)] = row.themes.get(t.id, 0)
            line[f"{t.name(lang)} %"] = percent(row.themes.get(t.id, 0), total.themes[t.id])
        out.append(line)
    return pd.DataFrame(out)


def region_chart(evenings: list[Evening], themes: tuple[Theme, ...], lang: str = "fi") -> bytes:
    """Each measure and theme as a bar of 100 %, split by municipality: every municipality's share at a glance."""
    _ = translator(lang)
    rows = shares(evenings, themes)
    used = [t for t in themes if any(t.id in r.themes for r in rows)]
    bars = [(_("Evenings"), [r.evenings for r in rows]), (_("Participants"), [r.participants for r in rows]),
            (_("Organisations"), [r.organisations for r in rows]), (_("Observations"), [r.observations for r in rows])]
    bars += [(t.name(lang), [r.themes.get(t.id, 0) for r in rows]) for t in used]
    fig = Figure(figsize=(10, 1.6 + 0.45 * len(bars)), dpi=100, facecolor="#ffffff")
    ax = fig.subplots()
    colours = ["#0b5cad", "#f1a208", "#1e8449", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400", "#2c3e50",
               "#27ae60", "#e84393", "#6c5ce7"]
    y = list(range(len(bars)))[::-1]
    left = [0.0] * len(bars)
    for i, row in enumerate(rows):
        widths = [percent(values[i], sum(values)) for _label, values in bars]
        ax.barh(y, widths, left=left, color=colours[i % len(colours)], label=row.municipality or _("(no municipality)"))
        for yy, x0, w in zip(y, left, widths):
            if w >= 6:
                ax.text(x0 + w / 2, yy, f"{w:.0f} %", ha="center", va="center", color="white", fontsize=8)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(y, [label for label, _values in bars])
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("Share of the region (%)"))
    ax.set_title(_("Each municipality's share of the region"))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.4 / len(bars)),
              ncol=min(5, max(1, len(rows))))
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=fig.get_facecolor())
    return buf.getvalue()
