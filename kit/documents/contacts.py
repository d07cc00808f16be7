"""The contact list participants may receive: only what consent and `public_contact` allow."""
from __future__ import annotations

import csv
import io

from kit.documents.cells import csv_text
from kit.i18n import translator
from kit.core.model import Evening


def contact_rows(ev: Evening) -> list[tuple[str, str, str]]:
    """(name, organisation, e-mail): people with consent.contact_list, organisations with public_contact."""
    rows = []
    for person in ev.participants:
        if person.consent.contact_list and person.email:
            org = ev.organisation(person.organisation_id)
            rows.append((person.name, org.name if org else "", person.email))
    for org in ev.organisations:
        if org.public_contact and org.email:
            rows.append(("", org.name, org.email))
    return sorted(rows, key=lambda r: (r[1].casefold(), r[0].casefold()))


def contacts_csv(ev: Evening, lang: str | None = None) -> bytes:
    """UTF-8 with BOM and semicolons: what Excel in Finland opens without asking."""
    _ = translator(lang or ev.evening.language)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Name"), _("Organisation"), _("E-mail")])
    writer.writerows([csv_text(cell) for cell in row] for row in contact_rows(ev))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
