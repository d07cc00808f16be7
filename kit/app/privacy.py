"""Personal data handled right: retention, erasure of a person, and a report of what is held.

Organisations are not people: their contact details stay. A person's ideas stay too
(they were never attributed to anyone); only the person's own data go.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from typing import Optional

from kit.i18n import N_, Translate
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
    what: list[tuple[str, dict]]  # (msgid, params), in the user's language when shown

    def text(self, _: Translate) -> str:
        return f"{self.evening_id}: " + "; ".join(_(m).format(**p) for m, p in self.what)


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
                done.append(Removed(summary.id, [(N_("contact details of {n} people erased (older than {months} "
                                                     "months)"), {"n": n, "months": months})]))
    return done


def erase_person(store: Store, person_id: Optional[str] = None, email: Optional[str] = None) -> list[Removed]:
    """Remove a person from every evening: their entry, consents, and any reference to them."""
    wanted = (email or "").casefold().strip()

    def matches(p) -> bool:
        return (person_id is not None and p.id == person_id) or (bool(wanted) and (p.email or "").casefold() == wanted)

    def erase(ev: Evening) -> list[tuple[str, dict]]:
        gone = [p for p in ev.participants if matches(p)]
        ids = {p.id for p in gone}
        what: list[tuple[str, dict]] = [(N_("removed {name} ({id}): name, e-mail, phone, diet, consent"),
                                         {"name": p.name, "id": p.id}) for p in gone]
        ev.participants = [p for p in ev.participants if p.id not in ids]
        speeches = [i for i in ev.introductions if i.speaker_id in ids]
        for intro in speeches:
            intro.speaker_id = None
        if speeches:
            what.append((N_("no longer named as the speaker of {n} introductions"), {"n": len(speeches)}))
        tables = [t for t in ev.cafe.tables if t.host_id in ids]
        for table in tables:
            table.host_id = None
        if tables:
            what.append((N_("no longer named as the host of {n} tables"), {"n": len(tables)}))
        return what

    removed = []
    for summary in store.evenings():
        if any(matches(p) for p in store.load(summary.id).participants):
            removed.append(Removed(summary.id, store.change(summary.id, erase)))
    if wanted:
        def drop_from_register(entries: dict[str, dict]) -> int:
            n = 0
            for entry in entries.values():
                if wanted in (c.casefold() for c in entry.get("other_contacts", [])):
                    entry["other_contacts"] = [c for c in entry["other_contacts"] if c.casefold() != wanted]
                    n += 1
            return n
        if store.change_register(drop_from_register):
            removed.append(Removed("register", [(N_("the address removed from the association register"), {})]))
    return removed


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
                                                          public=sum(e.get("public_contact", False) for e in register))]
    return "\n".join(lines) + "\n"
