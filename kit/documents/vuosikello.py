"""The annual clock (vuosikello): the year's association work as a round chart and a list.

The liaison keeps it as a CSV file (date;end;title;kind), e.g. in Excel. Events in the same
week are flagged: the seeds use the clock to keep things from piling up.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date as Date, timedelta
from pathlib import Path
from typing import Optional

from babel.dates import format_date
from matplotlib.figure import Figure

from kit.i18n import N_, translator
from kit.sheets.reader import TableError, cell, find_columns, read_table

KINDS = {  # kind: (label, colour)
    "evening": (N_("Association evening"), "#0b5cad"),
    "letter": (N_("Association letter"), "#1e8449"),
    "grant": (N_("Grant deadline"), "#c0392b"),
    "report": (N_("Welfare report"), "#8e44ad"),
    "table": (N_("Partnership table"), "#e67e22"),
    "invite": (N_("Invitation or reminder"), "#17a2b8"),
    "other": (N_("Other"), "#7f8c8d"),
}
COLUMNS = {"date": ("date", "päivä", "pvm", "alkaa", "datum"), "end": ("end", "loppuu", "päättyy", "slut"),
           "title": ("title", "asia", "otsikko", "nimi", "rubrik"), "kind": ("kind", "laji", "tyyppi", "typ")}
KIND_ALIASES = {"ilta": "evening", "järjestöilta": "evening", "kirje": "letter", "järjestökirje": "letter",
                "avustus": "grant", "avustushaku": "grant", "hyte": "report", "hyvinvointikertomus": "report",
                "kumppanuuspöytä": "table", "pöytä": "table", "muu": "other", "kväll": "evening", "brev": "letter",
                "bidrag": "grant", "rapport": "report", "bord": "table", "annat": "other"}


@dataclass(frozen=True)
class Event:
    start: Date
    end: Date
    title: str
    kind: str


@dataclass
class Clock:
    events: list[Event]
    problems: list[tuple[int, str, dict]]  # (row number, msgid, params) of rows that could not be read


def _date(text: str) -> Date:
    text = text.strip()
    if "." in text:  # 15.3.2027, as Excel in Finland writes it
        d, m, y = (int(x) for x in text.split("."))
        return Date(y, m, d)
    return Date.fromisoformat(text)


def read_clock(source: Path | str | bytes) -> Clock:
    """Read the calendar file; rows that cannot be read are listed, the rest kept."""
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        table = read_table(raw)
    except TableError as err:
        return Clock([], [(1, err.msgid, err.params)])
    column = find_columns(table.header, COLUMNS)
    if column["date"] is None or column["title"] is None:
        return Clock([], [(1, N_("The first row should name the columns: date;end;title;kind"), {})])
    events, problems = [], []
    for number, row in table.rows:
        try:
            start = _date(cell(row, column["date"]))
            end = _date(cell(row, column["end"])) if cell(row, column["end"]) else start
        except ValueError:
            problems.append((number, N_("Row {row}: the date should look like 2027-03-15 or 15.3.2027."), {"row": number}))
            continue
        title = cell(row, column["title"])
        if not title:
            problems.append((number, N_("Row {row}: the title is missing."), {"row": number}))
            continue
        kind = cell(row, column["kind"]).casefold()
        kind = kind if kind in KINDS else KIND_ALIASES.get(kind, "other")
        events.append(Event(start, max(start, end), title[:200], kind))
    return Clock(sorted(events, key=lambda e: e.start), problems)


def with_evenings(clock: Clock, evenings: list[tuple[str, str]], invite_days: tuple[int, int]) -> Clock:
    """The calendar plus the stored evenings (date, title) and the days to send their invitation and reminder."""
    events = list(clock.events)
    known = {(e.start, e.kind) for e in events}
    for day, title in evenings:
        start = Date.fromisoformat(day)
        if (start, "evening") not in known:
            events.append(Event(start, start, title, "evening"))
        for days_before in invite_days:
            events.append(Event(start - timedelta(days=days_before), start - timedelta(days=days_before),
                                f"✉ {title}", "invite"))
    return Clock(sorted(events, key=lambda e: e.start), clock.problems)


def overlaps(events: list[Event]) -> list[list[Event]]:
    """Groups of two or more events that fall in the same ISO week."""
    weeks: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        day = event.start
        while day <= event.end:
            weeks.setdefault(day.isocalendar()[:2], [])
            if event not in weeks[day.isocalendar()[:2]]:
                weeks[day.isocalendar()[:2]].append(event)
            day += timedelta(days=1)
    return [group for _week, group in sorted(weeks.items()) if len(group) > 1]


def _angle(day: Date) -> float:
    """Clockwise from the top, January at twelve o'clock."""
    start = Date(day.year, 1, 1)
    length = (Date(day.year + 1, 1, 1) - start).days
    return math.pi / 2 - 2 * math.pi * (day - start).days / length


def clock_chart(clock: Clock, year: int, lang: str = "fi", today: Optional[Date] = None, dark: bool = False,
                fmt: str = "png") -> bytes:
    _ = translator(lang)
    fg, bg, grid = ("#f2f2f2", "#161616", "#444") if dark else ("#1a1a1a", "#ffffff", "#d0d0d0")
    fig = Figure(figsize=(8, 8), dpi=100, facecolor=bg)
    ax = fig.add_subplot(projection="polar")
    ax.set_facecolor(bg)
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.set_ylim(0, len(KINDS) + 1.2)
    ax.set_yticks([])
    ax.spines["polar"].set_color(grid)
    months = [Date(year, m, 1) for m in range(1, 13)]
    ax.set_xticks([2 * math.pi * ((d - Date(year, 1, 1)).days + 15) / 365 for d in months],
                  [format_date(d, "LLLL", locale=lang).capitalize() for d in months], color=fg, fontsize=11)
    for d in months:
        theta = 2 * math.pi * (d - Date(year, 1, 1)).days / 365
        ax.plot([theta, theta], [0.6, len(KINDS) + 1.2], color=grid, linewidth=0.8)
    ax.grid(False)
    legend: list[tuple[str, str]] = []
    flagged = {e for group in overlaps([e for e in clock.events if e.start.year == year]) for e in group}
    circle = [2 * math.pi * k / 180 for k in range(181)]
    for ring, (kind, (label, colour)) in enumerate(reversed(KINDS.items()), start=1):  # evenings outermost
        ax.plot(circle, [ring] * len(circle), color=grid, linewidth=0.6, zorder=1)
        mine = [e for e in clock.events if e.kind == kind and e.start.year == year]
        for e in mine:
            a = 2 * math.pi * (e.start - Date(year, 1, 1)).days / 365
            b = 2 * math.pi * ((e.end - Date(year, 1, 1)).days + 1) / 365
            if e.end > e.start:  # an arc, drawn through many points so it follows the ring
                arc = [a + (b - a) * k / 40 for k in range(41)]
                ax.plot(arc, [ring] * len(arc), color=colour, linewidth=7, solid_capstyle="round", zorder=2)
            ax.scatter([a], [ring], s=140, color=colour, edgecolors="#ff1744" if e in flagged else bg,
                       linewidths=3 if e in flagged else 1, zorder=3)
        legend.append((f"{_(label)} ({len(mine)})", colour))
    for label, colour in reversed(legend):
        ax.scatter([], [], s=90, color=colour, label=label)
    if today and today.year == year:
        t = 2 * math.pi * (today - Date(year, 1, 1)).days / 365
        ax.plot([t, t], [0, len(KINDS) + 1.2], color=fg, linewidth=2.5)
        ax.annotate(_("Today"), (t, 0.3), color=fg, fontsize=11, fontweight="bold", ha="center", va="center",
                    bbox={"boxstyle": "round", "facecolor": bg, "edgecolor": fg})
    if flagged:
        ax.scatter([], [], s=90, color=bg, edgecolors="#ff1744", linewidths=3, label=_("Same week as another"))
    ax.set_title(_("Annual clock {year}").format(year=year), color=fg, fontsize=16, fontweight="bold", pad=24)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=3, frameon=False, labelcolor=fg, fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, facecolor=bg)
    return buf.getvalue()


def event_label(event: Event, lang: str) -> str:
    when = format_date(event.start, "d.M." if lang != "en" else "d MMM", locale=lang)
    if event.end != event.start:
        when += "–" + format_date(event.end, "d.M." if lang != "en" else "d MMM", locale=lang)
    return when
