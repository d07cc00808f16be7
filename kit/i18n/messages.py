"""Keeps the gettext catalogs in step with the code: `python -m kit.i18n.messages`.

Extracts every `_()` / `N_()` message from kit/, adds new ones to each
catalog (untranslated), drops vanished ones (git keeps them), and reports what is missing.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from kit.i18n import LOCALE_DIR

PACKAGE = Path(__file__).parent.parent  # the whole kit
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}


def extracted() -> Catalog:
    template = Catalog(project="jarjestoilta-kit", charset="utf-8")
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python"), ("phones/page/**.html", "jinja2.ext:babel_extract")], keywords=KEYWORDS):
        template.add(message, locations=[(filename, lineno)])
    return template


def untranslated(lang: str) -> list[str]:
    with (LOCALE_DIR / f"{lang}.po").open("rb") as f:
        catalog = read_po(f)
    def translated(msgid: str | tuple[str, str]) -> bool:
        found = catalog.get(msgid)
        strings = found.string if found else ""
        return all(strings) if isinstance(strings, tuple) else bool(strings)
    return [m.id for m in extracted() if m.id and not translated(m.id)]


def update(lang: str) -> None:
    path = LOCALE_DIR / f"{lang}.po"
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="jarjestoilta-kit", charset="utf-8")
    created = catalog.creation_date  # kept, so that a run without new messages changes no file
    catalog.update(extracted(), no_fuzzy_matching=True)
    catalog.creation_date = created
    with path.open("wb") as f:
        write_po(f, catalog, omit_header=False, sort_output=False, width=120, include_previous=False,
                 ignore_obsolete=True, no_location=True)


if __name__ == "__main__":
    for code in ("fi", "sv", "en"):
        update(code)
        missing = untranslated(code) if code != "en" else []
        print(f"{code}: {len(missing)} untranslated", *missing[:20], sep="\n  " if missing else " ")
    sys.exit(0)
