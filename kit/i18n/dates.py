"""Dates as people in Finland read and write them, in the user's language."""
from __future__ import annotations

from datetime import date as Date
from typing import Optional

from babel.dates import format_date


def long_date(value: Optional[str], lang: str, weekday: bool = True) -> str:
    """'tiistai 24.11.2026' / 'tisdag 24.11.2026' / 'Tuesday 24 November 2026' from '2026-11-24'."""
    if not value:
        return ""
    pattern = "d MMMM yyyy" if lang == "en" else "d.M.yyyy"
    return format_date(Date.fromisoformat(value), ("EEEE " if weekday else "") + pattern, locale=lang)


def short_date(iso: Optional[str]) -> str:
    """2027-03-31 as people write it in Finland: 31.3.2027 (the forms accept it back)."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(day)}.{int(month)}.{year}"
