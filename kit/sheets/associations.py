"""The association register: the municipality's list of associations, kept across evenings.

Imported from CSV/XLSX as Excel in Finland writes it, or from an evening file; duplicates
merge by normalised name ("ry", "r.y.", "rf", case and spaces ignored) without losing any
e-mail or phone number.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Optional

from kit.core import evening_file
from kit.i18n import N_
from kit.core.store import Store
from kit.sheets.reader import Table, cell, find_columns, read_table, valid_email, yes

COLUMNS = {
    "name": ("Nimi", "Yhdistys", "Järjestö", "Yhdistyksen nimi", "Name", "Organisation", "Namn", "Förening"),
    "email": ("Sähköposti", "S-posti", "Email", "E-mail", "E-post", "Epost"),
    "phone": ("Puhelin", "Puh", "Puhelinnumero", "Phone", "Telefon", "Tel"),
    "kind": ("Toimiala", "Laji", "Tyyppi", "Kind", "Type", "Typ", "Verksamhet"),
    "public": ("Julkinen", "Julkaistaan", "Saa julkaista", "Public", "Offentlig", "Får publiceras"),
}
_SUFFIX = re.compile(r"\b(r\.?\s?y|r\.?\s?f)\.?$")


def normalise(name: str) -> str:
    """'Kajaanin Martat r.y.' and 'KAJAANIN  MARTAT RY' are the same association."""
    text = " ".join(name.casefold().replace("’", "'").split())
    text = _SUFFIX.sub("", text).strip(" ,.-")
    return re.sub(r"[^\w]+", " ", text).strip()


@dataclass
class Entry:
    name: str
    kind: str = ""
    email: str = ""
    phone: str = ""
    public_contact: bool = False
    other_contacts: list[str] = field(default_factory=list)  # further e-mails and phones seen for it


@dataclass
class Plan:
    columns: dict[str, Optional[int]]
    header: list[str]
    rows: list[tuple[int, Entry]]
    problems: list[tuple[int, str, dict]]  # rows not read, and rows read with something left out
    encoding: str
    skipped: int = 0


def plan(raw: bytes, columns: Optional[dict[str, Optional[int]]] = None) -> Plan:
    """Read and map a file without storing anything: the preview a person checks first."""
    table: Table = read_table(raw)
    mapping = columns or find_columns(table.header, COLUMNS)
    rows, problems, skipped = [], [], 0
    if mapping.get("name") is None:
        problems.append((1, N_("No column for the name was found; choose it from the list."), {}))
        return Plan(mapping, table.header, [], problems, table.encoding)
    for number, row in table.rows:
        name = " ".join(cell(row, mapping["name"]).split())
        if not name:
            problems.append((number, N_("Row {row}: the name is empty."), {"row": number}))
            skipped += 1
            continue
        email = cell(row, mapping.get("email"))
        if email and not valid_email(email):
            problems.append((number, N_("Row {row}: “{value}” is not an e-mail address; the row was imported "
                                        "without it."), {"row": number, "value": email[:60]}))
            email = ""
        rows.append((number, Entry(name=name[:200], kind=cell(row, mapping.get("kind"))[:100], email=email,
                                   phone=cell(row, mapping.get("phone"))[:40],
                                   public_contact=yes(cell(row, mapping.get("public"))))))
    return Plan(mapping, table.header, rows, problems, table.encoding, skipped)


def merge(entries: dict[str, dict], incoming: Entry, public_known: bool = True) -> str:
    """Merge one entry into the register; returns 'added' or 'merged'."""
    key = normalise(incoming.name)
    if key not in entries:
        entries[key] = asdict(incoming)
        return "added"
    old = entries[key]
    for attr in ("email", "phone"):
        new = getattr(incoming, attr)
        if new and not old.get(attr):
            old[attr] = new
        elif new and new.casefold() != old[attr].casefold() and new not in old["other_contacts"]:
            old["other_contacts"].append(new)
    for extra in incoming.other_contacts:
        if extra not in old["other_contacts"] and extra not in (old.get("email"), old.get("phone")):
            old["other_contacts"].append(extra)
    old["kind"] = old.get("kind") or incoming.kind
    if public_known:
        old["public_contact"] = incoming.public_contact
    return "merged"


def import_plan(store: Store, p: Plan) -> dict[str, int]:
    public_known = p.columns.get("public") is not None

    def apply(entries: dict[str, dict]) -> dict[str, int]:
        counts = {"added": 0, "merged": 0}
        for _number, entry in p.rows:
            counts[merge(entries, entry, public_known)] += 1
        return counts
    return store.change_register(apply)


def import_evening_file(store: Store, raw: bytes) -> dict[str, int]:
    ev = evening_file.from_bytes(raw)
    entries = [Entry(name=o.name, kind=o.kind or "", email=o.email or "", phone=o.phone or "",
                     public_contact=o.public_contact) for o in ev.organisations]
    return import_plan(store, Plan({"public": 0}, [], [(0, e) for e in entries], [], "utf-8"))
