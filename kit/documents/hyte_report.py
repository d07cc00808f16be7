"""Input for the welfare report (hyvinvointikertomus): a Word draft section and an .xlsx of items.

Everything is grouped by theme; every item stands under exactly one theme (or under
"other observations" when nothing matched). No person is named: only organisations.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Iterable, Optional, TypeVar

import pandas as pd

from kit.core import ops
from kit.documents.cells import text_not_formulas
from kit.documents.docx_fill import Filler, open_template, xml_safe
from kit.documents.hyte import Item, Theme, items, load_themes, suggest, theme_by_id
from kit.i18n import Translator, language, translator
from kit.i18n.dates import long_date
from kit.documents.metrics import municipality_of
from kit.documents.region import MEASURES, percent_text, shares
from kit.core.model import Evening
from kit.resources import TEMPLATES

DEFAULT_TEMPLATE = TEMPLATES / "hyte.docx"
QUOTE_MAX = 300
REGION_TOP = 20  # a region's report: the most-dotted observations and the newest measures per theme (the .xlsx has all)
T = TypeVar("T")
TABLE_PT = 9
# cm, 16.6 in all: at 9 pt "Painopistealue", "Arviointimittari" and 31.12.2025 fit whole
MEASURE_WIDTHS = (3.3, 1.5, 3.9, 3.1, 2.1, 2.7)


def all_items(evenings: Iterable[Evening], themes: tuple[Theme, ...]) -> list[Item]:
    return [item for ev in evenings for item in items(ev, themes)]


def theme_label(themes: tuple[Theme, ...], theme: Optional[str], lang: str) -> str:
    known = theme_by_id(themes, theme)
    return known.name(lang) if known else (theme or "")


def items_frame(evenings: list[Evening], themes: tuple[Theme, ...], lang: str) -> pd.DataFrame:
    _ = translator(lang)
    titles = {ev.id: ev.evening.title for ev in evenings}
    rows = [{_("Evening"): titles[i.evening_id], _("Date"): i.date, _("Kind"): _("Wish") if i.kind == "wish" else _("Idea"),
             _("Organisation"): xml_safe(i.organisation), _("Table"): xml_safe(i.table), _("Text"): xml_safe(i.text),
             _("Dots"): i.votes,
             _("Theme"): theme_label(themes, i.theme, lang),
             _("Theme chosen by"): _("a person") if i.confirmed else (_("suggestion") if i.theme else ""),
             _("Matched words"): ", ".join(i.words)} for i in all_items(evenings, themes)]
    return pd.DataFrame(rows, columns=[_("Evening"), _("Date"), _("Kind"), _("Organisation"), _("Table"), _("Text"),
                                       _("Dots"), _("Theme"), _("Theme chosen by"), _("Matched words")])


def build_xlsx(evenings: list[Evening], lang: str, data_dir: Optional[Path] = None) -> bytes:
    buf = io.BytesIO()
    frame = items_frame(evenings, load_themes(data_dir), lang)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=translator(lang)("Items")[:31])
        sheet = writer.sheets[translator(lang)("Items")[:31]]
        for column, width in zip("ABCDEFGHIJ", (28, 11, 8, 30, 28, 70, 7, 32, 14, 24)):
            sheet.column_dimensions[column].width = width
        text_not_formulas(sheet)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    return buf.getvalue()


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX else text[:QUOTE_MAX - 1].rstrip() + "…"


def _grouped(found: list[Item]) -> list[tuple[str, list[Item]]]:
    """Items that say the same thing, together: one quote, every organisation that said it, the dots summed."""
    groups: dict[str, list[Item]] = {}
    for item in found:
        groups.setdefault(_quote(item.text), []).append(item)
    return sorted(groups.items(), key=lambda g: (-sum(i.votes for i in g[1]), -len(g[1]), g[0]))


@dataclass
class Measure:
    """One agreement, however many evenings carried it: the newest evening's responsible and schedule."""
    what: str
    who: str
    due: Optional[str]
    theme: Optional[str]
    dates: list[str]  # the evenings it came from


def measures(evenings: list[Evening], themes: tuple[Theme, ...]) -> list[Measure]:
    """Agreements once each (the same words, ignoring case and spaces), in the order they were first made."""
    found: dict[str, Measure] = {}
    for ev in sorted(evenings, key=lambda e: e.evening.date or ""):
        for a in ev.agreements:
            key = " ".join(a.what.casefold().split())
            if key not in found:
                found[key] = Measure(a.what, "", None, suggest(f"{a.what} {a.who or ''}", themes,
                                                                 ev.evening.language).theme, [])
            found[key].who, found[key].due = a.who or "", a.due
            if ev.evening.date and ev.evening.date not in found[key].dates:
                found[key].dates.append(ev.evening.date)
    return list(found.values())


def _cut(rows: list[T], region: bool, newest: bool = False) -> tuple[list[T], int]:
    """A region's report shows REGION_TOP of a list (the first, or the newest last ones), and how many are left out."""
    hidden = max(len(rows) - REGION_TOP, 0) if region else 0
    if not hidden:
        return rows, 0
    return (rows[-REGION_TOP:] if newest else rows[:REGION_TOP]), hidden


def _more(f: Filler, _: Translator, n: int) -> None:
    f.paragraph(_.ngettext("…and {n} more under this theme: the items' Excel list (--xlsx) has every one.",
                           "…and {n} more under this theme: the items' Excel list (--xlsx) has every one.", n)
                .format(n=n))


def build_report(evenings: list[Evening], lang: Optional[str] = None, template: Path | str | bytes | None = None,
                 data_dir: Optional[Path] = None, today: Optional[Date] = None,
                 region: bool = False) -> tuple[bytes, list[str]]:
    """The draft section as .docx bytes, and any warnings about the template; `region`: evenings of several
    municipalities, with each municipality's share of the evenings, participants, organisations and themes."""
    evenings = sorted(evenings, key=lambda e: e.evening.date or "")
    lang = language(lang or (evenings[0].evening.language if evenings else None))
    _ = translator(lang)
    today = today or Date.today()
    themes = load_themes(data_dir)
    found = all_items(evenings, themes)
    municipality = next((e.evening.municipality for e in evenings if e.evening.municipality), "")
    by_municipality = shares(evenings, themes, found) if region else []
    if region:
        municipality = _.ngettext("{n} municipality", "{n} municipalities", len(by_municipality)).format(
            n=len(by_municipality))
    dates = [e.evening.date for e in evenings if e.evening.date]
    period = f"{long_date(dates[0], lang, False)}–{long_date(dates[-1], lang, False)}" if dates else ""
    doc = open_template(template if template is not None else DEFAULT_TEMPLATE)
    f = Filler(doc, {"title": _("Associations' observations for the welfare report"), "municipality": municipality,
                     "date": long_date(today.isoformat(), lang, False), "document_type": _("Welfare report input"),
                     "venue": "", "theme": ""})
    f.paragraph(_("Associations' observations for the welfare report"), "Title")
    f.paragraph(_("A draft section from {n} association evenings ({period}). It gathers what the associations "
                  "said: the wishes of the introduction round and the ideas of the learning café with their dot "
                  "votes, grouped by welfare-report theme.").format(n=len(evenings), period=period))
    f.paragraph(_("Where nobody chose a theme, the kit suggested one from the words of the text; those are marked "
                  "“suggestion” and worth a look by the working group."))

    if region:
        f.heading(_("Municipalities' shares"))
        totals = [sum(getattr(r, m) for r in by_municipality) for m in MEASURES]
        f.table([_("Municipality"), _("Evenings"), _("Participants"), _("Organisations"), _("Observations")],
                [(r.municipality or _("(no municipality)"),
                  *(f"{getattr(r, m)} ({percent_text(getattr(r, m), t, lang)})" for m, t in zip(MEASURES, totals)))
                 for r in by_municipality], (4.6, 3.0, 3.0, 3.0, 3.0), TABLE_PT)
    agreed = measures(evenings, themes)
    order = sorted({i.theme for i in found if i.theme},
                   key=lambda t: (-sum(i.votes for i in found if i.theme == t), theme_label(themes, t, lang)))
    for theme in order:
        mine = sorted((i for i in found if i.theme == theme), key=lambda i: (-i.votes, i.date, i.text))
        orgs = sorted({i.organisation for i in mine if i.organisation})
        f.heading(theme_label(themes, theme, lang))
        f.paragraph(_.ngettext("{n} observation, {votes} dots in all.", "{n} observations, {votes} dots in all.",
                               len(mine)).format(n=len(mine), votes=sum(i.votes for i in mine)))
        if region:
            total = sum(r.themes.get(theme, 0) for r in by_municipality)
            f.paragraph(", ".join(f"{r.municipality or _('(no municipality)')} {r.themes[theme]} "
                                  f"({percent_text(r.themes[theme], total, lang)})"
                                  for r in by_municipality if r.themes.get(theme)),
                        bold_prefix=_("By municipality") + ": ")
        if orgs:
            f.paragraph(", ".join(orgs), bold_prefix=_("Raised by") + ": ")
        f.heading(_("Strengths, concerns and proposals"), 2)
        grouped, hidden = _cut(_grouped(mine), region)
        for quote, said in grouped:
            sources = sorted({i.organisation or i.table for i in said if i.organisation or i.table})
            details = [", ".join(sources)] if sources else []
            if any(i.kind == "idea" for i in said):
                dots = sum(i.votes for i in said)
                details.append(_.ngettext("{n} dot", "{n} dots", dots).format(n=dots))
            if not all(i.confirmed for i in said):
                details.append(_("suggestion"))
            f.paragraph(f"“{quote}” — {' · '.join(details)}", "List Bullet")
        if hidden:
            _more(f, _, hidden)
        f.heading(_("Proposed measures"), 2)
        rows = [(theme_label(themes, theme, lang), "", _("{measure} (agreed {dates})").format(
                    measure=m.what, dates=", ".join(long_date(d, lang, False) for d in m.dates))
                 if len(evenings) > 1 else m.what,  # from one evening, its date is the report's
                 m.who, long_date(m.due, lang, False), "") for m in agreed if m.theme == theme]
        rows, hidden = _cut(rows, region, newest=True)
        f.table([_("Focus area"), _("Goal"), _("Measure"), _("Responsible"), _("Schedule"), _("Indicator")],
                rows or [(theme_label(themes, theme, lang), "", "", "", "", "")], MEASURE_WIDTHS, TABLE_PT)
        if not rows:
            f.paragraph(_("No agreement yet: for the working group to fill in."))
        if hidden:
            _more(f, _, hidden)

    unthemed = [i for i in found if not i.theme]
    if unthemed:
        f.heading(_("Other observations"))
        for quote, said in _grouped(unthemed):  # all of them, also for a region: few, and each needs a person's look
            sources = sorted({i.organisation or i.table for i in said if i.organisation or i.table})
            f.paragraph(f"“{quote}” — {', '.join(sources)}", "List Bullet")

    f.heading(_("Cooperation with associations"))
    if not region:  # a region's evenings are counted per municipality above
        f.table([_("Evening"), _("Date"), _("Participants"), _("Organisations"), _("Ideas"), _("Agreements")],
                [(ev.evening.title, long_date(ev.evening.date, lang, False), str(ops.attendance(ev).attended),
                  str(ops.attendance(ev).organisations), str(len(ev.cafe.ideas)), str(len(ev.agreements)))
                 for ev in evenings], (5.0, 2.2, 2.1, 2.1, 1.6, 3.5), TABLE_PT)
    reached = {ops.normalised_name(o.name) for ev in evenings for p in ev.participants if p.attended
               for o in [ev.organisation(p.organisation_id)] if o}
    f.paragraph(_("{orgs} different organisations took part; {people} participations in all.").format(
        orgs=len(reached), people=sum(ops.attendance(ev).attended for ev in evenings)))
    if agreed and region:
        f.heading(_("Agreements and their state"), 2)
        state = []
        for row in by_municipality:
            mine_agreed = measures([e for e in evenings if municipality_of(e) == row.municipality], themes)
            late = sum(bool(m.due and m.due < today.isoformat()) for m in mine_agreed)
            state.append((row.municipality or _("(no municipality)"), str(len(mine_agreed)), str(late),
                          str(len(mine_agreed) - late)))
        f.table([_("Municipality"), _("Agreements"), _("due date passed"), _("in progress")], state,
                (6.0, 3.6, 3.4, 3.6), TABLE_PT)
    elif agreed:
        f.heading(_("Agreements and their state"), 2)
        f.table([_("What"), _("Responsible"), _("Schedule"), _("State")],
                [(m.what, m.who, long_date(m.due, lang, False),
                  _("due date passed") if m.due and m.due < today.isoformat() else _("in progress"))
                 for m in agreed], (8.0, 3.6, 2.4, 2.6), TABLE_PT)
    f.finish()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), [_(m).format(**p) for m, p in f.warnings]

