"""Finnish, Swedish and English through gettext catalogs (kit/i18n/locale/LANG.po).

Message ids are English; `fi` is the default language. Catalogs are read with
Babel at first use, so a municipality can edit a .po file without a build step.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kit.resources import LOCALE

LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}  # each in its own language

LOCALE_DIR = LOCALE
DEFAULT_LANGUAGE = "fi"


@dataclass(frozen=True)
class Message:
    """One thing to tell a person, translated where it is shown (screen, terminal, document, phone).

    `msgid` is the English text with {named} values, or a (singular, plural) pair from `N_plural` that counts
    `params["n"]`; `where` (a row, a field of a file) goes before the text."""
    msgid: str | tuple[str, str]
    params: dict[str, Any] = field(default_factory=dict)
    where: str = ""

    def text(self, _: Translator) -> str:
        if isinstance(self.msgid, tuple):
            said = _.ngettext(*self.msgid, self.params["n"]).format(**self.params)
        else:
            said = _(self.msgid).format(**self.params)
        return f"{self.where}: {said}" if self.where else said


def message(msgid: str | tuple[str, str], **params: Any) -> Message:
    return Message(msgid, params)


class UserError(ValueError):
    """The root of every error a person can put right; `text(_)` says what, in their language.

    Raised by the kit and caught where a person is told (a screen's message line, the terminal, a phone's
    answer). The kinds: `ops.InputError` (typed input; `StaleEdit` a form older than the store),
    `evening_file.EveningFileError` (an evening file, every problem found), `reader.TableError` (a
    spreadsheet), `docx_fill.TemplateError` and `invite.MessageTemplateError` (a template), `store.StoreError`,
    `store.EveningExists`, `store.EveningNotFound`, `phones.server.Refused` and `cli.Failure`. Anything else
    that escapes is a bug, shown as one."""

    def __init__(self, msgid: str | tuple[str, str], **params: Any):
        self.messages = [Message(msgid, params)]
        super().__init__(Message(msgid, params).text(translator("en")))  # logs and tracebacks

    def text(self, _: Translator) -> str:
        return "\n".join(m.text(_) for m in self.messages)


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


def user_language() -> str:
    """The terminal's language (LANG=fi_FI.UTF-8 → fi), English when it is none of ours."""
    for var in ("KIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in LANGUAGES:
            return code
    return "en"


def translator(lang: str | None) -> Translator:
    return Translator(language(lang))
