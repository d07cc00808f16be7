"""Writes the register and registration files the way Excel and form tools in Finland write them.

Kept as code so the bytes are exact (BOM, CRLF, Windows-1252); the tests call it into tmp folders.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

REGISTER_ROWS = [  # as a municipality's list really looks: mixed case, ry/r.y., a duplicate, a broken row
    ["Nimi", "Sähköposti", "Puhelin", "Toimiala", "Julkinen"],
    ["Kajaanin Eläkkeensaajat ry", "elakkeensaajat@example.org", "040 123 4567", "eläkeläiset", "kyllä"],
    ["KAJAANIN ELÄKKEENSAAJAT R.Y.", "pj.elakkeensaajat@example.org", "", "", "kyllä"],
    ["Kajaanin Martat ry", "martat@example.org", "", "kotitalous", "x"],
    ["Otanmäen Kyläyhdistys r.y.", "", "044 765 4321", "kylätoiminta", "ei"],
    ["Kajaanin Reserviläiset ry", "reservi(at)example.org", "", "maanpuolustus", "kyllä"],
    ["", "orpo@example.org", "", "", ""],
    ["Kainuun Omaishoitajat ry", "omaishoitajat@example.org", "08 612 3456", "sosiaali- ja terveys", "kyllä"],
    ["Föreningen Norden i Kajana rf", "norden@example.org", "", "kulttuuri", "kyllä"],
    ["Kajaanin Partiolaiset – Kajaanin Sissit ry", "sissit@example.org", "", "nuoret", "Kyllä"],
]
REGISTRATION_ROWS = [
    ["Aikaleima", "Etunimi", "Sukunimi", "Sähköposti", "Edustamasi yhdistys", "Erityisruokavalio",
     "Nimeni saa mainita muistiossa", "Sähköpostini saa jakaa muille osallistujille"],
    ["20.11.2026 9.14", "Aino", "Virtanen", "aino.virtanen@example.org", "Kajaanin Martat ry", "gluteeniton", "Kyllä", "Ei"],
    ["20.11.2026 10.02", "Pekka", "Heikkinen", "pekka@example.org", "Otanmäen Kyläyhdistys ry", "", "Kyllä", "Kyllä"],
    ["21.11.2026 18.40", "Ahmed", "Ali", "ahmed.ali@example.org", "Monikulttuurinen yhdistys ry", "laktoositon, vegaani", "Ei", "Ei"],
    ["22.11.2026 7.55", "", "", "tyhja@example.org", "", "", "", ""],
    ["22.11.2026 8.01", "Åsa", "Öhman", "asa@example", "Föreningen Norden i Kajana rf", "gluteeniton", "Kyllä", "Ei"],
]


def csv_bytes(rows: list[list[str]], encoding: str, delimiter: str = ";", bom: bool = False) -> bytes:
    text = "\r\n".join(delimiter.join(cell for cell in row) for row in rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def xlsx_bytes(rows: list[list[str]], path: Path) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Yhdistykset"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path.read_bytes()


def register_files(folder: Path) -> dict[str, Path]:
    """The same register four ways: UTF-8 with BOM, Windows-1252, comma-separated UTF-8, and .xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"utf8-bom": csv_bytes(REGISTER_ROWS, "utf-8", bom=True), "cp1252": csv_bytes(REGISTER_ROWS, "cp1252"),
             "comma": csv_bytes(REGISTER_ROWS, "utf-8", delimiter=",")}
    out = {}
    for name, data in files.items():
        out[name] = folder / f"rekisteri-{name}.csv"
        out[name].write_bytes(data)
    out["xlsx"] = folder / "rekisteri.xlsx"
    xlsx_bytes(REGISTER_ROWS, out["xlsx"])
    return out


def registration_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "ilmoittautumiset.csv"
    csv_path.write_bytes(csv_bytes(REGISTRATION_ROWS, "utf-8", bom=True))
    xlsx_path = folder / "ilmoittautumiset.xlsx"
    xlsx_bytes(REGISTRATION_ROWS, xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


SWEDISH_OFFICE_TITLE = "Föreningsregister 2026 – Kristinestads stad, bildningsförvaltningen"
SWEDISH_OFFICE_ROWS = [  # as a Swedish-speaking town's office keeps its list: a title, a note, an empty row, sums
    [SWEDISH_OFFICE_TITLE],
    ["Uppdaterad 3.11.2026. Ändringar meddelas till kultursekreteraren."],
    [],
    ["Föreningens namn", "Kontaktperson", "E-postadress", "Telefonnummer", "Verksamhetsområde",
     "Kontaktuppgifter får publiceras", "Medlemmar"],
    ["Kristinestads Marthaförening rf", "Anna Berg", " Marthas@Kristinestad.example ", 405551234, "hem och hushåll",
     "Ja", 85],
    ["Lappfjärds Ungdomsförening r.f.", "Johan Ek", "ungdom@lappfjard.example", "050 123 4567", "ungdom", "Nej", 120],
    ["Tjöck Byaförening", "", "TJOCK.BY@EXAMPLE.FI", 62221234, "byaverksamhet", "J", 40],
    ["Kristinestads Pensionärer rf", "Karl Lund", "pension @krs.example", "", "pensionärer", "K", 210],
    ["Sideby Skytteförening", "", "skytte@sideby.example", 358401112233, "idrott", "E", 30],
    [],
    ["Totalt", "", "", "", "", "", 485],
    ["Obs! Föreningar utan e-post nås via kultursekreteraren."],
]
PHONE_FORMATS = {"D5": "0## ### ####", "D7": "0# ### ####"}  # numbers shown with their leading zero


def swedish_office_register(folder: Path) -> dict[str, Path]:
    """The office's sheet as .xlsx (phones stored as numbers, shown formatted) and as the CSV Excel saves from it."""
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Föreningar"
    for row in SWEDISH_OFFICE_ROWS:
        sheet.append(row)
    sheet.merge_cells("A1:G1")
    for ref, fmt in PHONE_FORMATS.items():
        sheet[ref].number_format = fmt
    xlsx = folder / "foreningsregister.xlsx"
    book.save(xlsx)
    shown = {5: "040 555 1234", 7: "06 222 1234"}
    rows = [[shown.get(n, str(c)) if i == 3 and n in shown else str(c) for i, c in enumerate(row)]
            for n, row in enumerate(SWEDISH_OFFICE_ROWS, start=1)]
    csv_path = folder / "foreningsregister.csv"
    csv_path.write_bytes(csv_bytes(rows, "cp1252"))
    return {"xlsx": xlsx, "csv": csv_path}
