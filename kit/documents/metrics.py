"""Network metrics across evenings (the Eurajoki model's indicators) and the attendance forecast."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from typing import Optional

import pandas as pd
from babel.dates import format_date
from matplotlib.figure import Figure

from kit.core import ops
from kit.documents.charts import AMBER, BLUE, GREEN, GREY, ink, to_bytes
from kit.i18n import translator
from kit.core.model import Evening

DEFAULT_TURNOUT = 4 / 3  # the seeds' rule of thumb: about one third more than registered


@dataclass
class EveningFigures:
    municipality: str  # "" when figures are counted across municipalities
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


def network(evenings: list[Evening], per_municipality: bool = True) -> list[EveningFigures]:
    """Figures per evening, by municipality and in date order; 'new' means not seen at an earlier evening
    of the same municipality (of any, with per_municipality=False)."""
    groups: dict[str, list[Evening]] = {}
    for ev in evenings:
        groups.setdefault(municipality_of(ev) if per_municipality else "", []).append(ev)
    return [row for name in sorted(groups) for row in _growth(name, groups[name])]


def municipality_of(ev: Evening) -> str:
    return (ev.evening.municipality or "").strip()


def _growth(municipality: str, evenings: list[Evening]) -> list[EveningFigures]:
    seen_orgs: set[str] = set()
    seen_people: set[str] = set()
    rows = []
    for ev in sorted(evenings, key=lambda e: e.evening.date or ""):
        counts = ops.attendance(ev)
        present = [p for p in ev.participants if p.attended]
        orgs = {ops.normalised_name(o.name) for p in present for o in [ev.organisation(p.organisation_id)] if o}
        seen_people |= {ops.normalised_name(p.email or p.name) for p in present}
        rows.append(EveningFigures(municipality, ev.id, ev.evening.date or "", ev.evening.title, counts.registered,
                                   counts.attended, counts.walk_ins, len(orgs), len(orgs - seen_orgs),
                                   len(orgs & seen_orgs), len(seen_people), len(ev.cafe.ideas), len(ev.agreements)))
        seen_orgs |= orgs
    return rows


def turnout_ratio(evenings: list[Evening]) -> tuple[float, int]:
    """Attended ÷ registered over past evenings that took registrations, and how many evenings that is."""
    past = [(ops.attendance(e).attended, ops.attendance(e).registered) for e in evenings]
    past = [(a, r) for a, r in past if r > 0]
    if not past:
        return DEFAULT_TURNOUT, 0
    return sum(a for a, _r in past) / sum(r for _a, r in past), len(past)


def forecast(registered: int, history: list[Evening], municipality: Optional[str] = None) -> tuple[int, float, int]:
    """(expected people, the ratio used, how many past evenings it was learned from); with a municipality,
    learned from that municipality's evenings only."""
    if municipality is not None:
        history = [e for e in history if ops.normalised_name(municipality_of(e)) == ops.normalised_name(municipality)]
    ratio, n = turnout_ratio(history)
    return round(registered * ratio), ratio, n


def metrics_frame(evenings: list[Evening], lang: str = "fi", per_municipality: bool = True) -> pd.DataFrame:
    _ = translator(lang)
    labels = {"municipality": _("Municipality"), "date": _("Date"), "title": _("Evening"),
              "registered": _("Registered"), "attended": _("Here"),
              "walk_ins": _("Came without registering"), "organisations": _("Organisations"),
              "new_organisations": _("New organisations"), "returning_organisations": _("Returning organisations"),
              "people_in_network": _("People in the network"), "ideas": _("Ideas"), "agreements": _("Agreements")}
    if not per_municipality:
        del labels["municipality"]
    rows = [{label: getattr(r, key) for key, label in labels.items()} for r in network(evenings, per_municipality)]
    return pd.DataFrame(rows, columns=list(labels.values()))


def metrics_chart(evenings: list[Evening], lang: str = "fi", dark: bool = False, per_municipality: bool = True) -> bytes:
    return to_bytes(metrics_figure(evenings, lang, dark, per_municipality))


def metrics_figure(evenings: list[Evening], lang: str = "fi", dark: bool = False,
                   per_municipality: bool = True) -> Figure:
    """Per municipality, a row of two panels: people (registered, here, in the network) and organisations
    (new, returning) per evening. Evenings are labelled by their date, so two in one month stay apart."""
    _ = translator(lang)
    rows = network(evenings, per_municipality)
    names = list(dict.fromkeys(r.municipality for r in rows)) or [""]
    fg, bg = ink(dark)
    fig = Figure(figsize=(10, 1.0 + 3.6 * len(names)), dpi=100, facecolor=bg)
    panels = fig.subplots(len(names), 2, squeeze=False)
    for (people, orgs), name in zip(panels, names):
        mine = [r for r in rows if r.municipality == name]
        x = list(range(len(mine)))
        for ax in (people, orgs):
            ax.set_facecolor(bg)
            ax.tick_params(colors=fg)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            for side in ("left", "bottom"):
                ax.spines[side].set_color(fg)
            ax.set_xticks(x, [format_date(Date.fromisoformat(r.date), "d.M.yyyy", locale=lang) if r.date else r.title
                              for r in mine], rotation=30, ha="right")
            pad = max(0, 3 - len(mine)) / 2  # one evening's bar no wider than one of three
            ax.set_xlim(-0.6 - pad, len(mine) - 0.4 + pad)  # room at each end: bars stay inside the frame
        people.plot(x, [r.registered for r in mine], "o--", color=GREY, label=_("Registered"))
        people.plot(x, [r.attended for r in mine], "o-", color=BLUE, label=_("Here"), linewidth=2.5)
        people.plot(x, [r.people_in_network for r in mine], "s-", color=GREEN, label=_("People in the network"))
        orgs.bar(x, [r.returning_organisations for r in mine], width=0.6, color=BLUE,
                 label=_("Returning organisations"))
        orgs.bar(x, [r.new_organisations for r in mine], width=0.6, bottom=[r.returning_organisations for r in mine],
                 color=AMBER, label=_("New organisations"))
        place = f"{name}: " if name else ""
        people.set_title(place + _("People"), color=fg)
        orgs.set_title(place + _("Organisations"), color=fg)
        for ax, values in ((people, [max(r.registered, r.attended, r.people_in_network) for r in mine]),
                           (orgs, [r.organisations for r in mine])):
            ax.legend(frameon=False, labelcolor=fg, fontsize=9, loc="upper left")
            ax.set_ylim(0, max(values + [1]) * 1.45)  # room above the highest for the legend
    fig.tight_layout()
    return fig
