"""Invitations, reminders, the public post, the poster, and the memo's distribution as e-mail drafts.

Texts come from templates/messages/KIND.LANG.txt (Jinja2, plain text): a municipality edits
the wording there. Each e-mail draft (.eml) goes to one association, or to everyone in Bcc,
so nobody sees another's address.
"""
from __future__ import annotations

import io
import re
from datetime import date as Date, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Optional

import qrcode
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from kit.documents.docx_fill import Filler, open_template
from kit.i18n import N_, UserError, language, translator
from kit.documents.memo import DEFAULT_TEMPLATE
from kit.i18n.dates import long_date
from kit.resources import MESSAGES
from kit.core.model import Evening

INVITE_DAYS_BEFORE = 14
REMIND_DAYS_BEFORE = 3


class MessageTemplateError(UserError):
    """A message template with an error in it."""


def send_dates(ev: Evening) -> Optional[tuple[Date, Date]]:
    """When to send the invitation (about 14 days before) and the reminder (3 days before)."""
    if not ev.evening.date:
        return None
    day = Date.fromisoformat(ev.evening.date)
    return day - timedelta(days=INVITE_DAYS_BEFORE), day - timedelta(days=REMIND_DAYS_BEFORE)


def _context(ev: Evening, lang: str, organisation: str = "") -> dict[str, str]:
    info = ev.evening
    _ = translator(lang)
    dates = send_dates(ev)
    register_by = long_date((Date.fromisoformat(info.date) - timedelta(days=5)).isoformat(), lang, False) \
        if info.date else ""
    nxt = ev.next_evening
    return {"title": info.title, "date": long_date(info.date, lang), "start": info.start or "", "end": info.end or "",
            "venue": info.venue or "", "theme": info.theme or "", "municipality": info.municipality or _("The municipality"),
            "facilitator": info.facilitator or "", "organisation": organisation, "register_by": register_by,
            "registration": info.registration or "",
            "invite_on": dates[0].isoformat() if dates else "",
            "next_date": long_date(nxt.date, lang) if nxt and nxt.date else "", "next_theme": nxt.theme or "" if nxt else ""}


def render_message(kind: str, ev: Evening, lang: Optional[str] = None, organisation: str = "",
                   folder: Path = MESSAGES) -> tuple[str, str]:
    """(subject, body) of a message; the template's first line is 'Subject: …' in its language."""
    lang = language(lang or ev.evening.language)
    env = Environment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined, keep_trailing_newline=True,
                      autoescape=False)  # plain text: nothing here is ever read as markup
    name = f"{kind}.{lang}.txt"
    try:
        text = env.get_template(name).render(**_context(ev, lang, organisation))
    except TemplateError as err:
        raise MessageTemplateError(N_("The message template {name} has an error: {error}"), name=name,
                                   error=str(err)[:200]) from None
    first, _sep, body = text.partition("\n")
    if kind == "public" or ":" not in first:
        return "", text.strip() + "\n"
    return first.split(":", 1)[1].strip(), body.lstrip("\n")


def eml(subject: str, body: str, to: list[str] = (), bcc: list[str] = (), attachment: Optional[tuple[str, bytes, str]] = None) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = re.sub(r"[\r\n]+", " ", subject)
    if to:
        msg["To"] = ", ".join(to)
    if bcc:
        msg["Bcc"] = ", ".join(bcc)
    msg["X-Unsent"] = "1"  # mail programs open it as a draft to check and send
    msg.set_content(body)
    if attachment:
        filename, data, mime = attachment
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(msg)


def safe_filename(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-")[:60] or "x"


def invitations(ev: Evening, lang: Optional[str] = None) -> dict[str, bytes]:
    """Every file to send before the evening: {file name: content}."""
    lang = language(lang or ev.evening.language)
    files: dict[str, bytes] = {}
    for org in ev.organisations:
        if not org.email:
            continue
        for kind in ("invitation", "reminder"):
            subject, body = render_message(kind, ev, lang, org.name)
            files[f"{kind}/{safe_filename(org.name)}.eml"] = eml(subject, body, to=[org.email])
    _s, public = render_message("public", ev, lang)
    files["public.txt"] = public.encode("utf-8")
    files["poster.docx"] = poster(ev, lang)
    return files


def poster(ev: Evening, lang: Optional[str] = None) -> bytes:
    """A printable A4 poster in the municipality's memo template: big type, the essentials only."""
    lang = language(lang or ev.evening.language)
    _ = translator(lang)
    info = ev.evening
    doc = open_template(DEFAULT_TEMPLATE)
    f = Filler(doc, {"municipality": info.municipality or "", "document_type": _("Invitation"),
                     "date": long_date(info.date, lang), "title": info.title, "venue": info.venue or "",
                     "theme": info.theme or ""})
    register = _("Register by {date}: {how}").format(date=_context(ev, lang)["register_by"], how=info.registration) \
        if info.registration else ""
    for text, size, bold in ((_("Association evening"), 40, True), (info.title, 30, True),
                             (long_date(info.date, lang), 26, False),
                             (f"{info.start or ''}{'–' + info.end if info.end else ''}", 26, False),
                             (info.venue or "", 24, False), (info.theme or "", 20, False),
                             (_("Associations, clubs and societies are welcome. Coffee is served."), 18, False),
                             (register, 18, True), (info.municipality or "", 18, True)):
        if text:
            p = f.paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(size * 0.6)
            p.runs[-1].font.size, p.runs[-1].bold = Pt(size), bold
        if text and text == register and LINK.match(info.registration or ""):
            p = f.paragraph()  # a phone's camera opens the form from the wall
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run().add_picture(io.BytesIO(qr_png(info.registration)), width=Cm(3.5))
    f.finish()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


LINK = re.compile(r"(https?://|www\.)\S+$", re.IGNORECASE)


def qr_png(text: str) -> bytes:
    buf = io.BytesIO()
    qrcode.make(text, border=2).save(buf)
    return buf.getvalue()


def memo_recipients(ev: Evening) -> list[str]:
    """Organisations' addresses, and those who came and agreed to be named or contacted."""
    people = [p.email for p in ev.participants
              if p.attended and p.email and (p.consent.memo or p.consent.contact_list)]
    orgs = [o.email for o in ev.organisations if o.email]
    return list(dict.fromkeys(orgs + people))


def memo_distribution(ev: Evening, memo_name: str, memo_data: bytes, lang: Optional[str] = None) -> bytes:
    subject, body = render_message("memo", ev, lang)
    return eml(subject, body, bcc=memo_recipients(ev),
               attachment=(memo_name, memo_data,
                           "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
