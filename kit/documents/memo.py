"""The memo (muistio): a Word document of the evening, in the evening's language.

People are named only where their consent allows (`consent.memo`); no person's e-mail or
phone ever appears. Everything else people typed goes in as plain text.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Optional

from babel.numbers import format_decimal

from kit.documents import charts
from kit.core import ops
from kit.documents.docx_fill import Filler, open_template
from kit.i18n import N_, language, translator
from kit.i18n.dates import long_date
from kit.core.model import Evening
from kit.resources import TEMPLATES

DEFAULT_TEMPLATE = TEMPLATES / "memo.docx"
NAMED_PEOPLE_LIMIT = 200


@dataclass
class Memo:
    data: bytes
    filename: str
    warnings: list[str]


def default_filename(ev: Evening, lang: str) -> str:
    _ = translator(lang)
    stem = f"{ev.evening.date or ''} {_('Memo')} {ev.evening.title}".strip()
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "", stem)
    return re.sub(r"\s+", " ", stem)[:120].strip() + ".docx"


def present_people(ev: Evening) -> tuple[list[str], int]:
    """Names that may appear (consent.memo), and how many others came without being named."""
    present = [p for p in ev.participants if p.attended]
    named = sorted(p.name for p in present if p.consent.memo)
    return named, len(present) - len(named)


def build_memo(ev: Evening, lang: Optional[str] = None, template: Path | str | bytes | None = None) -> Memo:
    lang = language(lang or ev.evening.language)
    _ = translator(lang)
    info = ev.evening
    doc = open_template(template if template is not None else DEFAULT_TEMPLATE)
    values = {"title": info.title, "municipality": info.municipality or "", "date": long_date(info.date, lang),
              "document_type": _("Memo"), "venue": info.venue or "", "theme": info.theme or ""}
    f = Filler(doc, values)
    f.paragraph(f"{_('Memo')}: {info.title}", "Title")

    when = long_date(info.date, lang)
    if info.start:
        when += f", {info.start}–{info.end or ''}".rstrip("–")
    for label, value in ((_("Time"), when), (_("Place"), info.venue), (_("Theme"), info.theme),
                         (_("Facilitator"), info.facilitator)):
        if value:
            f.paragraph(value, bold_prefix=f"{label}: ")

    counts = ops.attendance(ev)
    f.heading(_("Present"))
    f.paragraph(_("{people} participants from {orgs} organisations. {registered} had registered; "
                  "{walk_ins} came without registering.").format(
        people=counts.attended, orgs=counts.organisations, registered=counts.registered, walk_ins=counts.walk_ins))
    present_orgs = sorted({o.name for p in ev.participants if p.attended
                           for o in [ev.organisation(p.organisation_id)] if o})
    if present_orgs:
        f.paragraph(", ".join(present_orgs) + ".", bold_prefix=_("Organisations") + ": ")
    named, unnamed = present_people(ev)
    if named:
        people = ", ".join(named[:NAMED_PEOPLE_LIMIT])
        if unnamed:
            people += " " + _.ngettext("and {n} other", "and {n} others", unnamed).format(n=unnamed)
        f.paragraph(people + ".", bold_prefix=_("Participants") + ": ")

    if ev.agenda:
        f.heading(_("Programme"))
        f.table([_("Time"), _("Item"), _("Minutes")],
                [(a.start or "", a.item, str(a.minutes)) for a in ev.agenda], (2.0, 11.2, 2.8))

    f.heading(_("Matters"))
    if ev.introductions:
        f.heading(_("Introduction round"), 2)
        for intro in ev.introductions:
            org = ev.organisation(intro.organisation_id)
            f.heading(org.name if org else "", 3)
            if intro.summary:
                f.paragraph(intro.summary)
            if intro.wishes:
                f.paragraph(_("Wishes to the municipality") + ":")
                f.bullets(intro.wishes)
    if ev.cafe.tables:
        f.heading(_("Learning café"), 2)
        f.paragraph(_("{tables} tables, {rounds} rounds of {minutes} minutes. The ideas in order of dot votes.").format(
            tables=len(ev.cafe.tables), rounds=ev.cafe.rounds, minutes=ev.cafe.round_minutes))
        for table in ev.cafe.tables:
            f.heading(table.theme, 3)
            ideas = ops.ranked_ideas(ev, table.id)
            if ideas:
                f.table([_("Idea"), _("Dots")], [(i.text, str(i.votes)) for i in ideas], (13.5, 2.5))
            else:
                f.paragraph(_("No ideas were written down."))

    f.heading(_("Agreed matters"))
    if ev.agreements:
        f.table([_("What"), _("Who is responsible"), _("Schedule")],
                [(a.what, a.who or "", long_date(a.due, lang, weekday=False)) for a in ev.agreements],
                (8.5, 4.5, 3.0))
    else:
        f.paragraph(_("Nothing was agreed."))

    f.heading(_("Feedback"))
    average = ops.rating_average(ev)
    if average is None:
        f.paragraph(_("No feedback was given."))
    else:
        f.paragraph(_.ngettext("{n} answer, average {avg} on a scale of 1–5.",
                               "{n} answers, average {avg} on a scale of 1–5.", len(ev.feedback)).format(
            n=len(ev.feedback), avg=format_decimal(round(average, 1), "0.0", locale=lang)))
        f.picture(charts.ratings_chart(ops.rating_counts(ev), _("How many gave each rating")), 11)
        comments = [fb.comment for fb in ev.feedback if fb.comment]
        if comments:
            f.paragraph(_("Comments") + ":")
            f.bullets(comments)

    if ev.next_evening and (ev.next_evening.date or ev.next_evening.theme):
        f.heading(_("Next evening"))
        f.paragraph(", ".join(x for x in (long_date(ev.next_evening.date, lang), ev.next_evening.theme or "") if x))

    f.heading(_("Distribution"))
    f.paragraph(_("Those present and the organisations invited."))
    f.paragraph(", ".join(sorted({o.name for o in ev.organisations})) + ".", bold_prefix=_("Organisations") + ": ")
    if named:
        f.paragraph(", ".join(named) + ".", bold_prefix=_("Participants") + ": ")
    f.finish()

    buf = io.BytesIO()
    doc.core_properties.title = f"{_('Memo')}: {info.title}"[:250]
    doc.core_properties.author = (info.facilitator or "")[:250]
    doc.save(buf)
    return Memo(buf.getvalue(), default_filename(ev, lang), [_(m).format(**p) for m, p in f.warnings])
