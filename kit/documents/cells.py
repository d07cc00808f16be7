"""Cells written from people's text: text a spreadsheet shows, never a formula it runs.

An idea such as `=HYPERLINK("http://x","click")` must reach Excel or LibreOffice as the text typed.
"""
from __future__ import annotations

from typing import Any

# what Excel and LibreOffice read as the start of a formula (the fullwidth forms too, which Excel folds)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(value: Any) -> Any:
    """A CSV cell: text that would start a formula gets a leading apostrophe, as OWASP advises."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def text_not_formulas(sheet: Any) -> None:
    """Every cell openpyxl took for a formula (text starting with '=') is written as text, marked as such."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
                cell.quotePrefix = True  # Excel keeps it text even when someone edits the cell
