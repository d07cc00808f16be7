"""Personal data handled right: retention, erasure of a person, and a report of what is held.

Organisations are not people: their contact details stay, except an address or phone that
was a person's own. A person's ideas stay too (they were never attributed to anyone); only
the person's own data go: from the store (overwritten, not left in free pages), from the
register, and from the files the kit wrote in `documents/` (a file that names them is deleted:
make the memo or contact list again and it is made without them).
"""
from __future__ import annotations

import email
import email.policy
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from datetime import date as Date
from typing import Optional

from kit.i18n import N_, N_plural, Message, Translate, message
from kit.core.model import Evening
from kit.core.store import Store

DEFAULT_RETENTION_MONTHS = 12


def retention_months(store: Store) -> int:
    try:
        return max(1, int(store.setting("retention_months", str(DEFAULT_RETENTION_MONTHS))))
    except ValueError:
        return DEFAULT_RETENTION_MONTHS


def expires(evening_date: Optional[str], months: int) -> Optional[Date]:
    if not evening_date:
        return None
    d = Date.fromisoformat(evening_date)
    year, month = divmod(d.month - 1 + months, 12)
    return Date(d.year + year, month + 1, min(d.day, 28))


@dataclass
class Removed:
    evening_id: str
    what: list[Message]

    def text(self, _: Translate) -> str:
        return f"{self.evening_id}: " + "; ".join(m.text(_) for m in self.what)


def _erase_contact_details(ev: Evening) -> int:
    n = 0
    for p in ev.participants:
        if p.email or p.phone or p.diet:
            p.email = p.phone = p.diet = None
            n += 1
    return n


def apply_retention(store: Store, today: Optional[Date] = None) -> list[Removed]:
    """Erase people's e-mail, phone and diet from evenings older than the retention setting."""
    today = today or Date.today()
    months = retention_months(store)
    done = []
    for summary in store.evenings():
        end = expires(summary.date, months)
        if end and end <= today:
            ev = store.load(summary.id)
            if any(p.email or p.phone or p.diet for p in ev.participants):
                n = store.change(summary.id, _erase_contact_details)
                done.append(Removed(summary.id, [message(N_plural("contact details of {n} person erased (older than {months} months)",
                                                                "contact details of {n} people erased (older than {months} months)"),
                                                      n=n, months=months)]))
    return done


def erase_person(store: Store, person_id: Optional[str] = None, email: Optional[str] = None) -> list[Removed]:
    """Remove a person from every evening: their entry, consents, and any reference to them."""
    wanted = (email or "").casefold().strip()

    def matches(p) -> bool:
        return (person_id is not None and p.id == person_id) or (bool(wanted) and (p.email or "").casefold() == wanted)

    def erase(ev: Evening) -> list[Message]:
        gone = [p for p in ev.participants if matches(p)]
        ids = {p.id for p in gone}
        what = [message(N_("removed {name} ({id}): name, e-mail, phone, diet, consent"), name=p.name, id=p.id)
                for p in gone]
        ev.participants = [p for p in ev.participants if p.id not in ids]
        speeches = [i for i in ev.introductions if i.speaker_id in ids]
        for intro in speeches:
            intro.speaker_id = None
        if speeches:
            what.append(message(N_plural("no longer named as the speaker of {n} introduction",
                                          "no longer named as the speaker of {n} introductions"), n=len(speeches)))
        tables = [t for t in ev.cafe.tables if t.host_id in ids]
        for table in tables:
            table.host_id = None
        if tables:
            what.append(message(N_plural("no longer named as the host of {n} table",
                                          "no longer named as the host of {n} tables"), n=len(tables)))
        return what

    removed, names, addresses, phones = [], set(), {wanted} - {""}, set()
    for summary in store.evenings():
        found = [p for p in store.load(summary.id).participants if matches(p)]
        if found:
            names |= {p.name for p in found if len(p.name.strip()) >= 4}
            addresses |= {p.email.casefold().strip() for p in found if p.email}
            phones |= {_digits(p.phone) for p in found if p.phone and len(_digits(p.phone)) >= 5}
            removed.append(Removed(summary.id, store.change(summary.id, erase)))

    def drop_from_register(entries: dict[str, dict]) -> int:
        n = 0
        for entry in entries.values():
            mine = [c for c in entry.get("other_contacts", []) if c.casefold() in addresses or _digits(c) in phones]
            entry["other_contacts"] = [c for c in entry.get("other_contacts", []) if c not in mine]
            if (entry.get("email") or "").casefold() in addresses:  # the person was the main contact
                entry["email"], mine = "", mine + ["email"]
            if entry.get("phone") and _digits(entry["phone"]) in phones:
                entry["phone"], mine = "", mine + ["phone"]
            n += bool(mine)
        return n
    if addresses or phones:
        n = store.change_register(drop_from_register)
        if n:
            removed.append(Removed("register", [message(N_plural(
                "the person's address or phone removed from {n} association in the register",
                "the person's address or phone removed from {n} associations in the register"), n=n)]))
    deleted = [path for path in sorted(store.documents().glob("*")) if path.is_file()
               and _mentions(path.read_bytes(), path.name, names | addresses)]
    for path in deleted:
        path.unlink()
    if deleted:
        removed.append(Removed("documents", [message(N_("deleted {name}, which named the person"), name=path.name)
                                             for path in deleted]))
    if removed and not store.scrub():
        removed.append(Removed("kit.sqlite", [message(N_("the kit is open elsewhere: old copies stay in the "
                                                          "database's write-ahead log until it is closed"))]))
    return removed


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone).removeprefix("358").lstrip("0")


def _mentions(data: bytes, name: str, needles: set[str]) -> bool:
    """Whether a file the kit wrote holds any of these (case ignored): text, a Word or Excel file, an e-mail
    with the memo attached."""
    return any(n.casefold() in text.casefold() for text in _texts(data, name) for n in needles if n)


def _texts(data: bytes, name: str) -> list[str]:
    suffix = Path(name).suffix.lower()
    if suffix in (".docx", ".xlsx"):  # the text of each XML part, with the tags (and so Word's runs) joined
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return [html.unescape(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8", "replace")))
                        for n in z.namelist() if n.endswith(".xml")]
        except (zipfile.BadZipFile, OSError):
            pass
    if suffix == ".eml":  # its headers and each part decoded, the attached memo too
        message = email.message_from_bytes(data, policy=email.policy.default)
        texts = ["\n".join(f"{k}: {v}" for k, v in message.items())]
        for part in message.walk():
            if not part.is_multipart():
                texts += _texts(part.get_payload(decode=True) or b"", part.get_filename() or "part.txt")
        return texts
    return [data.decode("utf-8-sig", "replace")]


def privacy_report(store: Store, _: Translate, today: Optional[Date] = None) -> str:
    """What personal data the store holds, why, and until when."""
    today = today or Date.today()
    months = retention_months(store)
    lines = [_("Personal data in {path}").format(path=store.path),
             _("People's contact details are erased {months} months after each evening.").format(months=months), ""]
    for summary in store.evenings():
        ev = store.load(summary.id)
        people = ev.participants
        end = expires(summary.date, months)
        lines.append(f"{summary.id}  {summary.date or ''}  {summary.title}")
        lines.append("  " + _("{n} people: names (to count and welcome them), {email} e-mail addresses and {phone} "
                              "phone numbers (to send the memo), {diet} diets (for the coffee)").format(
            n=len(people), email=sum(bool(p.email) for p in people), phone=sum(bool(p.phone) for p in people),
            diet=sum(bool(p.diet) for p in people)))
        lines.append("  " + _("consent: {memo} allow their name in the memo, {contact} allow sharing their e-mail")
                     .format(memo=sum(p.consent.memo for p in people),
                             contact=sum(p.consent.contact_list for p in people)))
        if end:
            lines.append("  " + (_("contact details to be erased on {date}") if end > today else
                                 _("contact details are due for erasure since {date}")).format(date=end.isoformat()))
    register = store.register()
    lines += ["", _("Association register: {n} organisations (organisations' contact details; "
                    "{public} may be published)").format(n=len(register),
                                                          public=sum(e.get("public_contact", False) for e in register)),
              "  " + _("{email} e-mail addresses, {phone} phone numbers and {other} further contacts; one that is a "
                       "person's own is removed when that person is erased").format(
                  email=sum(bool(e.get("email")) for e in register), phone=sum(bool(e.get("phone")) for e in register),
                  other=sum(len(e.get("other_contacts", [])) for e in register))]
    files = sorted(p.name for p in store.documents().glob("*") if p.is_file())
    lines += ["", _("Files the kit wrote in {path}: {n} (memos, their e-mail drafts, contact lists; they may name "
                    "people). Erasing a person deletes every file that names them.").format(
        path=store.documents(), n=len(files))] + [f"  {name}" for name in files]
    mode = store.data_dir.stat().st_mode & 0o777
    lines += ["", _("The data folder can be read by this user only: {yes_no} (permissions {mode:o}).").format(
        yes_no=_("yes") if not mode & 0o077 else _("no"), mode=mode) + " " + _(store.ERASED)]
    return "\n".join(lines) + "\n"
