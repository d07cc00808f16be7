"""Network metrics across evenings (the Eurajoki model's indicators) and the attendance forecast."""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Optional

import pandas as pd
from matplotlib.figure import Figure

from kit.core import ops
from kit.i18n import translator
from kit.core.model import Evening

DEFAULT_TURNOUT = 4 / 3  # the seeds' rule of thumb: about one third more than registered


@dataclass
class EveningFigures:
    evening_id: str
    date: str
    title: str
    registered: int
    attended: int
    walk_ins: int
    organisations: int
    new_organisations: int
    returning_organisations: int
    people_in_network: int  # different people who have taken part so far
    ideas: int
    agreements: int


def network(evenings: list[Evening]) -> list[EveningFigures]:
    """Figures per evening in date order; 'new' means not seen at any earlier evening."""
    seen_orgs: set[str] = set()
    seen_people: set[str] = set()
    rows = []
    for ev in sorted(evenings, key=lambda e: e.evening.date or ""):
        counts = ops.attendance(ev)
        present = [p for p in ev.participants if p.attended]
        orgs = {ops.normalised_name(o.name) for p in present for o in [ev.organisation(p.organisation_id)] if o}
        seen_people |= {ops.normalised_name(p.email or p.name) for p in present}
        rows.append(EveningFigures(ev.id, ev.evening.date or "", ev.evening.title, counts.registered, counts.attended,
                                   counts.walk_ins, len(orgs), len(orgs - seen_orgs), len(orgs & seen_orgs),
                                   len(seen_people), len(ev.cafe.ideas), len(ev.agreements)))
        seen_orgs |= orgs
    return rows


def turnout_ratio(evenings: list[Evening]) -> tuple[float, int]:
    """Attended ÷ registered over past evenings that took registrations, and how many evenings that is."""
    past = [(ops.attendance(e).attended, ops.attendance(e).registered) for e in evenings]
    past = [(a, r) for a, r in past if r > 0]
    if not past:
        return DEFAULT_TURNOUT, 0
    return sum(a for a, _r in past) / sum(r for _a, r in past), len(past)


def forecast(registered: int, history: list[Evening]) -> tuple[int, float, int]:
    """(expected people, the ratio used, how many past evenings it was learned from)."""
    ratio, n = turnout_ratio(history)
    return round(registered * ratio), ratio, n


def metrics_frame(evenings: list[Evening], lang: str = "fi") -> pd.DataFrame:
    _ = translator(lang)
    labels = {"date": _("Date"), "title": _("Evening"), "registered": _("Registered"), "attended": _("Here"),
              "walk_ins": _("Came without registering"), "organisations": _("Organisations"),
              "new_organisations": _("New organisations"), "returning_organisations": _("Returning organisations"),
              "people_in_network": _("People in the network"), "ideas": _("Ideas"), "agreements": _("Agreements")}
    rows = [{label: getattr(r, key) for key, label in labels.items()} for r in network(evenings)]
    return pd.DataFrame(rows, columns=list(labels.values()))


def metrics_chart(evenings: list[Evening], lang: str = "fi", dark: bool = False) -> bytes:
    """Two panels: people (registered, here, in the network) and organisations (new, returning) per evening."""
    _ = translator(lang)
    rows = network(evenings)
    fg, bg = ("#f2f2f2", "#161616") if dark else ("#1a1a1a", "#ffffff")
    fig = Figure(figsize=(10, 4.2), dpi=100, facecolor=bg)
    people, orgs = fig.subplots(1, 2)
    x = list(range(len(rows)))
    ticks = [r.date[:7] for r in rows]
    for ax in (people, orgs):
        ax.set_facecolor(bg)
        ax.tick_params(colors=fg)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(fg)
        ax.set_xticks(x, ticks, rotation=30, ha="right")
    people.plot(x, [r.registered for r in rows], "o--", color="#8e8e8e", label=_("Registered"))
    people.plot(x, [r.attended for r in rows], "o-", color="#0b5cad", label=_("Here"), linewidth=2.5)
    people.plot(x, [r.people_in_network for r in rows], "s-", color="#1e8449", label=_("People in the network"))
    people.set_title(_("People"), color=fg)
    orgs.bar(x, [r.returning_organisations for r in rows], color="#0b5cad", label=_("Returning organisations"))
    orgs.bar(x, [r.new_organisations for r in rows], bottom=[r.returning_organisations for r in rows],
             color="#f1a208", label=_("New organisations"))
    orgs.set_title(_("Organisations"), color=fg)
    for ax in (people, orgs):
        ax.legend(frameon=False, labelcolor=fg, fontsize=9, loc="upper left")
        ax.set_ylim(bottom=0)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=bg)
    return buf.getvalue()


def year_of(evening: Evening) -> Optional[int]:
    return int(evening.evening.date[:4]) if evening.evening.date else None
