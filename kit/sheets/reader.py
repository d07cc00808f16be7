"""Reading the lists people really have: CSV as Excel in Finland writes it, or .xlsx.

CSV may be UTF-8 (with or without BOM) or Windows-1252, separated by ; , or tab.
Columns are found by their header, in Finnish, Swedish or English.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Sequence

from kit.core import ops
from kit.i18n import N_, UserError

MAX_ROWS = 20_000
SPARE_ROWS = 1_000  # empty rows and titles a sheet may have besides its rows
MAX_COLUMNS = 60
MAX_BYTES = 10 * 2**20  # a register of thousands of associations is well under 1 MB
MAX_UNPACKED = 20 * 2**20  # unpacked .xlsx; a register of 5,000 associations is about 3 MB
CELL_MAX = 2000  # characters kept of one cell


class TableError(UserError):
    """A file that cannot be read as a table."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    encoding: str = ""
    header_row: int = 1


def decode(raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def read_table(raw: bytes, wanted: Optional[dict[str, tuple[str, ...]]] = None) -> Table:
    """The file's rows under its header: the first filled row, or, given the `wanted` columns, the row among the
    first few that names most of them (offices put a title and a note above it)."""
    if not raw.strip():
        raise TableError(N_("The file is empty."))
    if len(raw) > MAX_BYTES:
        raise TableError(N_("The file is too large ({mb} MB)."), mb=len(raw) // 2**20)
    if raw[:2] == b"PK":  # a zip: .xlsx, or a broken one
        return _table(_read_xlsx(raw), "xlsx", wanted)
    text, encoding = decode(raw)
    if "\x00" in text[:1000]:
        raise TableError(N_("This is not a CSV or Excel file."))
    sample = text[:5000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _table(_bounded(reader), encoding, wanted)
    except csv.Error:  # a cell over the csv module's limit (131,072 characters), or a stray NUL
        raise TableError(N_("Row {row} cannot be read: a cell is too long. Is this the right file?"),
                         row=reader.line_num) from None


def _bounded(rows: Iterable[Sequence[Any]]) -> list[list[str]]:
    """Rows as text, read one by one and given up at the row limit, so a huge file is refused early."""
    out = []
    for row in rows:
        if len(out) >= MAX_ROWS + SPARE_ROWS:
            raise TableError(N_("The file has over {limit} rows; at most {limit} can be read at once."),
                             limit=MAX_ROWS)
        out.append([_text(v) for v in row[:MAX_COLUMNS]])
    return out


def _text(value: Any) -> str:
    """A cell as the spreadsheet shows it: 405551234 formatted '0## ### ####' is 040 555 1234, 12.0 is 12."""
    fmt = ""
    if hasattr(value, "value"):  # an openpyxl cell, with its number format
        fmt, value = getattr(value, "number_format", None) or "", value.value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and re.fullmatch(r"[0#][0# -]*", fmt):
        return _digits_in(value, fmt)
    return "" if value is None else str(value).strip()


def _digits_in(number: int, pattern: str) -> str:
    """An integer in a digit pattern ('000 000 0000', '0## ### ####'), filled from the right as Excel does."""
    digits, out = list(str(number)), []
    for ch in reversed(pattern):
        if ch in "0#":
            out.append(digits.pop() if digits else ("0" if ch == "0" else ""))
        else:
            out.append(ch)
    return ("".join(digits) + "".join(reversed(out))).strip(" -")


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    try:
        unpacked = sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except (zipfile.BadZipFile, ValueError):
        raise TableError(N_("The file could not be read as an Excel workbook (.xlsx).")) from None
    if unpacked > MAX_UNPACKED:  # sizes from the zip's directory: a "zip bomb" is refused before it is opened
        raise TableError(N_("The workbook unpacks to {mb} MB; at most {limit} MB can be read."),
                         mb=unpacked // 2**20, limit=MAX_UNPACKED // 2**20)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        return _bounded(book.worksheets[0].iter_rows(max_col=MAX_COLUMNS))
    except TableError:
        raise
    except Exception:  # openpyxl raises many types for files that are not workbooks
        raise TableError(N_("The file could not be read as an Excel workbook (.xlsx).")) from None


HEADER_SEARCH = 15  # filled rows at the top of a sheet where its header may be


def _table(rows: list[list[str]], encoding: str, wanted: Optional[dict[str, tuple[str, ...]]] = None) -> Table:
    numbered = [(n, row) for n, row in enumerate(rows, start=1)]
    filled = [(n, row) for n, row in numbered if any(cell for cell in row)]
    if not filled:
        raise TableError(N_("The file has no rows."))
    if len(filled) > MAX_ROWS:
        raise TableError(N_("The file has over {limit} rows; at most {limit} can be read at once."),
                         limit=MAX_ROWS)
    at = 0
    if wanted:  # the row naming most wanted columns (a title names one at most); the first on a tie
        scores = [sum(i is not None for i in find_columns(row, wanted).values()) for _n, row in filled[:HEADER_SEARCH]]
        at = max(range(len(scores)), key=lambda i: (scores[i], -i))
    (header_row, header), body = filled[at], filled[at + 1:]
    return Table([h.strip() for h in header], body, encoding, header_row=header_row)


def _norm(text: str) -> str:
    return re.sub(r"[^a-zåäö0-9]", "", text.casefold())


def find_columns(header: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, Optional[int]]:
    """Which column holds each wanted field, by header names (case and punctuation ignored).

    Exact names win; then a header that contains a name ('Nimeni saa mainita muistiossa' holds
    'muistio'). A column serves one field only.
    """
    normalised = [_norm(h) for h in header]
    options = {key: [_norm(n) for n in names] for key, names in wanted.items()}
    found: dict[str, Optional[int]] = {key: None for key in wanted}
    taken: set[int] = set()
    for key in wanted:
        found[key] = next((i for i, h in enumerate(normalised) if h in options[key] and i not in taken), None)
        if found[key] is not None:
            taken.add(found[key])
    for key in wanted:
        if found[key] is None:
            found[key] = next((i for i, h in enumerate(normalised) if i not in taken
                               and any(o in h for o in options[key] if len(o) > 4)), None)
            if found[key] is not None:
                taken.add(found[key])
    return found


def cell(row: list[str], index: Optional[int]) -> str:
    """A cell's text through ops.clean, the cleaner typed text goes through (long cells are cut, not refused)."""
    if index is None or index >= len(row):
        return ""
    return ops.clean(row[index][:CELL_MAX], CELL_MAX, required=False)


YES = {"kyllä", "k", "joo", "x", "1", "true", "yes", "y", "ja", "j", "on", "✓", "kyllä/ja"}


def yes(value: str) -> bool:
    return value.strip().casefold() in YES
