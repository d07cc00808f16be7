"""Finnish, Swedish and English through gettext catalogs (kit/i18n/locale/LANG.po).

Message ids are English; `fi` is the default language. Catalogs are read with
Babel at first use, so a municipality can edit a .po file without a build step.
"""
from __future__ import annotations

from functools import lru_cache

from kit.resources import LOCALE

LANGUAGES = ("fi", "sv", "en")

LOCALE_DIR = LOCALE
DEFAULT_LANGUAGE = "fi"


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


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted message for extraction; `_.ngettext(*it, n)` translates it where it is shown."""
    return singular, plural


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    """Translations by message id; a plural message is keyed by (singular, plural) with one string per form."""
    po = LOCALE_DIR / f"{lang}.po"
    if not po.exists():
        return {}
    from babel.messages.pofile import read_po
    with po.open("rb") as f:
        cat = read_po(f)
    return {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy and all(m.string)}


def language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


class Translator:
    """`_(msgid)` translates a message; `_.ngettext(singular, plural, n)` one that counts something."""

    def __init__(self, lang: str):
        self.lang = lang
        self.table = catalog(lang)

    def __call__(self, msgid: str) -> str:
        found = self.table.get(msgid, msgid)
        return found if isinstance(found, str) else msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Finnish, Swedish and English have the same two forms: one, and everything else (0 too)
        form = 0 if n == 1 else 1
        found = self.table.get((singular, plural))
        return found[form] if isinstance(found, tuple) else (singular, plural)[form]


Translate = Translator


def translator(lang: str | None) -> Translator:
    return Translator(language(lang))
