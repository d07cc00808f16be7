"""The association register: the municipality's list of associations, kept across evenings.

Imported from CSV/XLSX as Excel in Finland writes it, or from an evening file; duplicates
merge by normalised name ("ry", "r.y.", "rf", case and spaces ignored) without losing any
e-mail or phone number.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Callable, Optional

from kit.core import evening_file
from kit.i18n import N_, Message, message
from kit.core.store import Store
from kit.sheets.reader import Table, TableError, cell, find_columns, read_table, yes
from kit.core.ops import valid_email

COLUMNS = {
    "name": ("Nimi", "Yhdistys", "Järjestö", "Yhdistyksen nimi", "Järjestön nimi", "Name", "Organisation",
             "Association", "Namn", "Förening", "Föreningens namn", "Organisationens namn"),
    "email": ("Sähköposti", "S-posti", "Sähköpostiosoite", "Email", "E-mail", "E-mail address", "E-post", "Epost",
              "E-postadress"),
    "phone": ("Puhelin", "Puh", "Puhelinnumero", "Matkapuhelin", "Phone", "Telefon", "Tel", "Telefonnummer", "Mobil"),
    "kind": ("Toimiala", "Laji", "Tyyppi", "Kind", "Type", "Typ", "Verksamhet", "Verksamhetsområde"),
    "public": ("Julkinen", "Julkaistaan", "Saa julkaista", "Yhteystiedot saa julkaista", "Public", "Offentlig",
               "Får publiceras", "Kontaktuppgifter får publiceras"),
}
FIELD_LABELS = {"name": N_("Name"), "email": N_("E-mail"), "phone": N_("Phone"), "kind": N_("Field of activity"),
                "public": N_("Contact may be published")}
_SUFFIX = re.compile(r"\b(r\.?\s?y|r\.?\s?f)\.?$")
# rows that are not associations: sums at the bottom, and notes an office writes under or between the rows
_TOTAL = re.compile(r"^(yhteensä|yht|totalt|total|totals|summa|sammanlagt|antal|lukumäärä|count)\b", re.I)
_NOTE = re.compile(r"^(huom|huomio|obs|nb|note|lähde|källa|päivitetty|uppdaterad|updated|\*)|\.\s+\w", re.I)


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
    problems: list[Message]  # rows not read, and rows read with something left out
    encoding: str
    skipped: int = 0
    header_row: int = 1


def plan(raw: bytes, columns: Optional[dict[str, Optional[int]]] = None) -> Plan:
    """Read and map a file without storing anything: the preview a person checks first."""
    table: Table = read_table(raw, COLUMNS)
    mapping = columns or find_columns(table.header, COLUMNS)
    rows, problems, skipped = [], [], 0
    if mapping.get("name") is None:
        problems.append(message(N_("No column for the name was found; choose it from the list.")))
        return Plan(mapping, table.header, [], problems, table.encoding, header_row=table.header_row)
    for number, row in table.rows:
        name = " ".join(cell(row, mapping["name"]).split())
        filled = [c for c in row if c.strip()]
        if _TOTAL.match(name) or (name and len(filled) == 1 and _NOTE.search(name)):
            problems.append(message(N_("Row {row}: “{value}” is a total or a note, not an association; skipped."),
                                    row=number, value=name[:60]))
            skipped += 1
            continue
        if not name:
            problems.append(message(N_("Row {row}: the name is empty."), row=number))
            skipped += 1
            continue
        email = re.sub(r"\s+", "", cell(row, mapping.get("email"))).removeprefix("mailto:").lower()
        if email and not valid_email(email):
            problems.append(message(N_("Row {row}: “{value}” is not an e-mail address; the row was imported "
                                        "without it."), row=number, value=email[:60]))
            email = ""
        rows.append((number, Entry(name=name[:200], kind=cell(row, mapping.get("kind"))[:100], email=email,
                                   phone=cell(row, mapping.get("phone"))[:40],
                                   public_contact=yes(cell(row, mapping.get("public"))))))
    return Plan(mapping, table.header, rows, problems, table.encoding, skipped, table.header_row)


def mapping_text(p: Plan, _: Callable[[str], str]) -> str:
    """Which column each field was read from, as the CLI shows it before storing anything."""
    used = [f"{_(FIELD_LABELS[key])} ← “{p.header[i]}” ({column_letter(i)})" if i is not None
            else f"{_(FIELD_LABELS[key])} ← –" for key, i in p.columns.items()]
    return _("Header on row {row}: {columns}").format(row=p.header_row, columns="; ".join(used))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def choose_column(header: list[str], chosen: str) -> Optional[int]:
    """A column named by its header (case and punctuation ignored), its letter (C) or number (3); '-' for none."""
    chosen = chosen.strip()
    letters = [column_letter(i) for i in range(len(header))]
    if chosen in ("", "-"):
        return None
    exact = [i for i, h in enumerate(header) if h.strip().casefold() == chosen.casefold()]
    if exact:
        return exact[0]
    if chosen.isdigit() and 0 < int(chosen) <= len(header):
        return int(chosen) - 1
    if chosen.upper() in letters:
        return letters.index(chosen.upper())
    found = find_columns(header, {"x": (chosen,)})["x"]
    if found is None:
        raise TableError(N_("No column “{value}” in the header; the columns are: {columns}"), value=chosen,
                         columns=", ".join(h for h in header if h))
    return found


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
    # an evening file's kind says what sort of group it is ('association', 'informal_group'), not its field
    entries = [Entry(name=o.name, email=o.email or "", phone=o.phone or "", public_contact=o.public_contact)
               for o in ev.organisations]
    return import_plan(store, Plan({"public": 0}, [], [(0, e) for e in entries], [], "utf-8"))
