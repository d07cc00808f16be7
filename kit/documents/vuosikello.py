"""The annual clock (vuosikello): the year's association work as a round chart and a list.

The liaison keeps it as a CSV file (date;end;title;kind), e.g. in Excel. Events in the same
week are flagged: the seeds use the clock to keep things from piling up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date as Date, timedelta
from pathlib import Path
from typing import Optional

from babel.dates import format_date
from matplotlib.figure import Figure

from kit.documents.charts import BLUE, GREEN, GREY, ORANGE, PURPLE, RED, TEAL, ink, to_bytes
from kit.i18n import N_, Message, message, translator
from kit.sheets.reader import TableError, cell, find_columns, read_table

KINDS = {  # kind: (label, colour)
    "evening": (N_("Association evening"), BLUE),
    "letter": (N_("Association letter"), GREEN),
    "grant": (N_("Grant deadline"), RED),
    "report": (N_("Welfare report"), PURPLE),
    "table": (N_("Partnership table"), ORANGE),
    "invite": (N_("Invitation or reminder"), TEAL),
    "other": (N_("Other"), GREY),
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
    problems: list[Message]  # rows that could not be read


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
        return Clock([], err.messages)
    column = find_columns(table.header, COLUMNS)
    if column["date"] is None or column["title"] is None:
        return Clock([], [message(N_("The first row should name the columns: date;end;title;kind"))])
    events, problems = [], []
    for number, row in table.rows:
        try:
            start = _date(cell(row, column["date"]))
            end = _date(cell(row, column["end"])) if cell(row, column["end"]) else start
        except ValueError:
            problems.append(message(N_("Row {row}: the date should look like 2027-03-15 or 15.3.2027."), row=number))
            continue
        title = cell(row, column["title"])
        if not title:
            problems.append(message(N_("Row {row}: the title is missing."), row=number))
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


LABEL_CHARS = 38  # a label's length on the chart, date included
FLAG = "#ff1744"


def _theta(day: Date, year: int) -> float:
    """Clockwise from the top (the axes turn that way), January at twelve o'clock."""
    return 2 * math.pi * (day - Date(year, 1, 1)).days / 365


def short_label(event: Event, lang: str) -> str:
    """'15.1. Järjestökirje 1/2027': the date and the title, cut to fit the chart (the list has it whole)."""
    when = event_label(event, lang)
    room = LABEL_CHARS - len(when) - 1
    title = event.title if len(event.title) <= room else event.title[:room - 1].rstrip() + "…"
    return f"{when} {title}"


def _spread(targets: list[float], gap: float, low: float, high: float) -> list[float]:
    """Heights (top first) moved apart by at least `gap`, kept between low and high, each near its target."""
    placed: list[float] = []
    for y in targets:
        placed.append(min(y, high if not placed else placed[-1] - gap))
    for i in range(len(placed) - 1, -1, -1):  # pushed back up where the column ran off the bottom
        floor = low if i == len(placed) - 1 else placed[i + 1] + gap
        placed[i] = max(placed[i], floor)
    return placed


def clock_chart(clock: Clock, year: int, lang: str = "fi", today: Optional[Date] = None, dark: bool = False,
                fmt: str = "png") -> bytes:
    return to_bytes(clock_figure(clock, year, lang, today, dark), fmt)


def clock_figure(clock: Clock, year: int, lang: str = "fi", today: Optional[Date] = None,
                 dark: bool = False) -> Figure:
    """The year as a ring per kind of event; every event labelled (date and short title) in a column
    beside the clock, January–June on the right and July–December on the left, joined by a thin line.
    Events in the same week as another have a red ring and a red label."""
    _ = translator(lang)
    fg, bg = ink(dark)
    grid = "#444" if dark else "#d0d0d0"
    events = [e for e in clock.events if e.start.year == year]
    per_side = max(sum(e.start.month <= 6 for e in events), sum(e.start.month > 6 for e in events), 1)
    width, clock_in, top_in, bottom_in = 15, 7.0, 1.0, 0.9  # inches: the figure, the clock, title and legend
    height = max(clock_in + top_in + bottom_in, 0.2 * per_side + top_in + bottom_in)  # a 9 pt line per label
    fig = Figure(figsize=(width, height), dpi=100, facecolor=bg)
    middle = (bottom_in + (height - top_in - bottom_in) / 2) / height
    ax = fig.add_axes((0.5 - clock_in / width / 2, middle - clock_in / height / 2, clock_in / width, clock_in / height),
                      projection="polar")
    column = (clock_in / 2 + 0.75) / width  # the label columns' inner edges, from the middle
    ax.set_facecolor(bg)
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    outer = len(KINDS) + 1.2
    ax.set_ylim(0, outer)
    ax.set_yticks([])
    ax.spines["polar"].set_color(grid)
    months = [Date(year, m, 1) for m in range(1, 13)]
    ax.set_xticks([_theta(d, year) + 2 * math.pi * 15 / 365 for d in months],
                  [format_date(d, "LLL", locale=lang).rstrip(".").capitalize() for d in months], color=fg, fontsize=10)
    ax.tick_params(axis="x", pad=2)
    for d in months:
        ax.plot([_theta(d, year)] * 2, [0.6, outer], color=grid, linewidth=0.8)
    ax.grid(False)
    flagged = {e for group in overlaps(events) for e in group}
    circle = [2 * math.pi * k / 180 for k in range(181)]
    ring_of = {kind: ring for ring, kind in enumerate(reversed(list(KINDS)), start=1)}  # evenings outermost
    for kind, ring in ring_of.items():
        ax.plot(circle, [ring] * len(circle), color=grid, linewidth=0.6, zorder=1)
    spot: dict[Event, tuple[float, float]] = {}
    for kind, ring in ring_of.items():
        previous: Optional[Date] = None
        lift = 0.0
        for e in sorted((e for e in events if e.kind == kind), key=lambda e: e.start):
            # a dot within five days of the one before on its ring moves off the ring, so both show
            lift = (0.32 if lift <= 0 else -0.32) if previous and (e.start - previous).days < 5 else 0.0
            previous = e.start
            a, b = _theta(e.start, year), _theta(e.end, year) + 2 * math.pi / 365
            colour = KINDS[kind][1]
            if e.end > e.start:  # an arc, drawn through many points so it follows the ring
                arc = [a + (b - a) * k / 40 for k in range(41)]
                ax.plot(arc, [ring + lift] * len(arc), color=colour, linewidth=7, solid_capstyle="round", zorder=2)
            ax.scatter([a], [ring + lift], s=120, color=colour, edgecolors=FLAG if e in flagged else bg,
                       linewidths=3 if e in flagged else 1, zorder=3)
            spot[e] = (a, ring + lift)
    # the labels: where each dot is on the figure, then spread in two columns so no two overlap
    to_figure = ax.transData + fig.transFigure.inverted()
    gap = 0.2 / height  # one 9 pt line
    for right in (True, False):
        side = [e for e in events if (e.start.month <= 6) == right]
        side.sort(key=lambda e: -to_figure.transform(spot[e])[1])
        heights = _spread([to_figure.transform(spot[e])[1] for e in side], gap,
                          bottom_in / height, 1 - top_in / height)
        for e, y in zip(side, heights):
            clash = e in flagged
            ax.annotate(short_label(e, lang), spot[e], xytext=(0.5 + column if right else 0.5 - column, y),
                        textcoords="figure fraction", ha="left" if right else "right", va="center", fontsize=9,
                        color=FLAG if clash else fg, fontweight="bold" if clash else "normal",
                        arrowprops={"arrowstyle": "-", "color": KINDS[e.kind][1], "linewidth": 0.8,
                                    "shrinkA": 0, "shrinkB": 4, "alpha": 0.8},
                        annotation_clip=False, zorder=4)
    if today and today.year == year:
        t = _theta(today, year)
        ax.plot([t, t], [0, outer], color=fg, linewidth=2.5)
        ax.annotate(_("Today"), (t, 0.3), color=fg, fontsize=11, fontweight="bold", ha="center", va="center",
                    bbox={"boxstyle": "round", "facecolor": bg, "edgecolor": fg})
    for kind in KINDS:
        count = sum(e.kind == kind for e in events)
        if count:
            ax.scatter([], [], s=70, color=KINDS[kind][1], label=f"{_(KINDS[kind][0])} ({count})")
    if flagged:
        ax.scatter([], [], s=70, color=bg, edgecolors=FLAG, linewidths=3, label=_("Same week as another"))
    fig.suptitle(_("Annual clock {year}").format(year=year), color=fg, fontsize=18, fontweight="bold",
                 y=1 - 0.2 / height, va="top")
    if events:
        fig.legend(loc="lower center", ncol=4, frameon=False, labelcolor=fg, fontsize=9,
                   bbox_to_anchor=(0.5, 0.0))
    return fig


def event_label(event: Event, lang: str) -> str:
    when = format_date(event.start, "d.M." if lang != "en" else "d MMM", locale=lang)
    if event.end != event.start:
        when += "–" + format_date(event.end, "d.M." if lang != "en" else "d MMM", locale=lang)
    return when
