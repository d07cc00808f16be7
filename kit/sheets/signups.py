"""Registrations from a form tool's export (CSV/XLSX) into an evening's participants."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kit.core import ops
from kit.i18n import N_, Message, message
from kit.core.model import Consent, Evening, Participant
from kit.sheets.reader import cell, find_columns, read_table, yes

COLUMNS = {
    "name": ("Nimi", "Koko nimi", "Name", "Full name", "Namn"),
    "first": ("Etunimi", "First name", "Förnamn"),
    "last": ("Sukunimi", "Last name", "Efternamn"),
    "organisation": ("Järjestö", "Yhdistys", "Organisaatio", "Edustamasi yhdistys", "Organisation", "Förening"),
    "email": ("Sähköposti", "S-posti", "Email", "E-mail", "E-post"),
    "diet": ("Ruokavalio", "Erityisruokavalio", "Allergiat", "Diet", "Kost", "Specialdiet"),
    "memo": ("Nimen saa mainita muistiossa", "Nimi muistioon", "Muistio", "Name in memo", "Namn i minnesanteckningar",
             "minnesanteckning"),
    "contact": ("Sähköpostin saa jakaa", "Yhteystietojen jakaminen", "Yhteystiedot", "Share e-mail",
                "E-post får delas", "saa jakaa", "får delas", "may be shared"),
    "consent": ("Suostumus", "Luvat", "Consent", "Samtycke"),
}
_MEMO_WORDS = ("muistio", "memo", "minnes")
_CONTACT_WORDS = ("sähköpost", "yhteystie", "e-mail", "email", "contact", "kontakt", "e-post")


@dataclass
class Registration:
    row: int
    name: str
    organisation: str
    email: str
    diet: str
    consent: Consent


def read_registrations(raw: bytes) -> tuple[list[Registration], list[Message]]:
    table = read_table(raw, COLUMNS)  # a form tool's export may have a title above its header
    col = find_columns(table.header, COLUMNS)
    found, problems = [], []
    if col["name"] is None and col["first"] is None:
        return [], [message(N_("No column for the name was found."))]
    for number, row in table.rows:
        name = cell(row, col["name"]) or f"{cell(row, col['first'])} {cell(row, col['last'])}".strip()
        if not name:
            problems.append(message(N_("Row {row}: the name is empty."), row=number))
            continue
        email = cell(row, col["email"])
        if email and not ops.valid_email(email):
            problems.append(message(N_("Row {row}: “{value}” is not an e-mail address; the row was imported "
                                        "without it."), row=number, value=email[:60]))
            email = ""
        words = cell(row, col["consent"]).casefold()
        consent = Consent(memo=yes(cell(row, col["memo"])) or any(w in words for w in _MEMO_WORDS),
                          contact_list=yes(cell(row, col["contact"])) or any(w in words for w in _CONTACT_WORDS))
        found.append(Registration(number, " ".join(name.split())[:200], cell(row, col["organisation"])[:200],
                                  email, cell(row, col["diet"])[:200], consent))
    return found, problems


def add_registrations(ev: Evening, registrations: list[Registration]) -> dict[str, int]:
    """Merge into the evening: the same e-mail or name updates that person; others are added."""
    counts = {"added": 0, "updated": 0}
    for reg in registrations:
        person: Optional[Participant] = next(
            (p for p in ev.participants if (reg.email and (p.email or "").casefold() == reg.email.casefold())
             or ops.normalised_name(p.name) == ops.normalised_name(reg.name)), None)
        if person is None:
            person = Participant(id=ops.new_id("p-", {p.id for p in ev.participants}), name=reg.name)
            ev.participants.append(person)
            counts["added"] += 1
        else:
            counts["updated"] += 1
        person.registered = True
        person.email = reg.email or person.email
        person.diet = reg.diet or person.diet
        person.consent = reg.consent
        if reg.organisation:
            person.organisation_id = ops.find_or_add_organisation(ev, reg.organisation).id
    return counts


def diets(ev: Evening) -> dict[str, int]:
    """Special diets of those registered, for the coffee order: {'gluteeniton': 3, ...}."""
    counts: dict[str, int] = {}
    for p in ev.participants:
        if p.registered and p.diet:
            for part in p.diet.replace(";", ",").split(","):
                key = part.strip().casefold()
                if key and key not in ("-", "ei", "none", "nej", "ei ole"):
                    counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
