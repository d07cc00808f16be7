"""Finnish, Swedish and English through gettext catalogs (kit/i18n/locale/LANG.po).

Message ids are English; `fi` is the default language. Catalogs are read with
Babel at first use, so a municipality can edit a .po file without a build step.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

from kit.resources import LOCALE

LANGUAGES = ("fi", "sv", "en")

LOCALE_DIR = LOCALE
DEFAULT_LANGUAGE = "fi"
Translate = Callable[[str], str]


class UserError(ValueError):
    """Something a person can put right; `text(_)` says what, in their language."""

    def __init__(self, msgid: str, **params: object):
        self.msgid, self.params = msgid, params
        super().__init__(msgid.format(**params))

    def text(self, _: Translate) -> str:
        return _(self.msgid).format(**self.params)


def N_(msgid: str) -> str:
    """Marks a message for extraction; translated later where it is shown."""
    return msgid


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    po = LOCALE_DIR / f"{lang}.po"
    if not po.exists():
        return {}
    from babel.messages.pofile import read_po
    with po.open("rb") as f:
        cat = read_po(f)
    return {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}


def language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translator(lang: str | None) -> Translate:
    table = catalog(language(lang))

    def _(msgid: str) -> str:
        return table.get(msgid, msgid)
    return _
