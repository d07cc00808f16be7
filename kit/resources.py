"""Where the kit's own files are. Everything the kit reads at run time is inside the package, found through
importlib.resources, so an installed wheel works as well as a checkout: the notebooks, templates and sample
evenings (top-level folders mapped into the package by pyproject.toml), Voilà's configuration, the catalogs,
static files and the phones' page."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(package: str) -> Path:
    # Voilà, Word templates and Jinja need real files: the kit is installed unpacked (wheel or editable), never zipped
    return Path(files(package))


KIT = _folder("kit")  # only kit/__init__.py is imported here, so any part of the kit may import this module
NOTEBOOKS = _folder("kit.notebooks")
SAMPLE_DATA = _folder("kit.sample_data")
TEMPLATES = _folder("kit.templates")
MESSAGES = TEMPLATES / "messages"
VOILA_CONFIG = KIT / "app" / "voila"  # voila.json: how the screens are served
LOCALE = KIT / "i18n" / "locale"
SCREEN_CSS = KIT / "screens" / "static" / "kit.css"
PAGE_SCRIPT = KIT / "screens" / "static" / "page.js"
PHONE_PAGE = KIT / "phones" / "page"
HYTE_THEMES = KIT / "documents" / "data" / "hyte_themes.json"
