"""The screens, one module each; a notebook calls `show(name)`."""
from __future__ import annotations

from typing import Optional

from kit.core.store import Store, open_store
from kit.i18n import UserError
from .base import Screen, Unavailable
from .cafe import CafeScreen
from .checkin import CheckinScreen
from .introductions import IntroductionsScreen
from .present import PresentScreen
from .register import RegisterScreen
from .report import ReportScreen
from .start import StartScreen
from .summary import SummaryScreen

SCREEN_CLASSES: dict[str, type[Screen]] = {cls.name: cls for cls in (
    StartScreen, CheckinScreen, IntroductionsScreen, CafeScreen, SummaryScreen, ReportScreen, RegisterScreen,
    PresentScreen)}


def open_screen(name: str, store: Optional[Store] = None, lang: Optional[str] = None) -> Screen | Unavailable:
    """Build a screen on the store in KIT_DB (a region's database) or KIT_DATA (or the default folder) and start
    its live refresh; when the store cannot be opened, a page that says why (Voilà would show no reason)."""
    try:
        store = store or open_store()
    except UserError as err:
        return Unavailable(err, lang)
    return SCREEN_CLASSES[name](store, lang).start_watching()
