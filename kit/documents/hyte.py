"""Welfare-report themes (hyvinvointikertomus): the theme list, and transparent suggestions.

A suggestion says which words matched, is marked as a suggestion, and never replaces a
theme a person chose.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Optional

from kit.core.model import Evening
from kit.resources import HYTE_THEMES

PACKAGE_THEMES = HYTE_THEMES
_WORD = re.compile(r"[\w-]+")
WHO_WEIGHT = 0.5
KINDS = ("stems", "who", "where", "context", "unlike")  # the theme file's lists of stems, as Theme's fields


@dataclass(frozen=True, eq=False)  # hashed by identity: the loaded list is cached
class Theme:
    id: str
    label: dict[str, str]
    stems: dict[str, tuple[str, ...]]
    context: dict[str, tuple[str, ...]]  # words that often only say where or with whom: they decide only alone
    weight: float = 1.0  # what one matching word counts for
    # words that name who an item is for ('nuoret', 'äldre'): an item is labelled by what it asks for, so they
    # count WHO_WEIGHT, less than a word naming an activity or a service, and more than a resource word
    who: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # places where something happens ('uimahalli', 'skolgård') count as who-words do: the swimming hall is where a
    # ramp or a gender-neutral changing room is wanted, not what is asked for
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # words that start like a stem but mean something else ('väntan' is waiting, not 'vän'): they count for nothing,
    # and a stem inside one gives way to it
    unlike: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("fi") or self.id


class Suggestion(NamedTuple):
    theme: Optional[str]
    words: tuple[str, ...]  # the words in the text that matched, to show why


def themes_file(data_dir: Optional[Path] = None) -> Path:
    own = data_dir / "hyte_themes.json" if data_dir else None
    return own if own and own.exists() else PACKAGE_THEMES


def _stems(lists: dict) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(s.casefold() for s in stems) for lang, stems in lists.items()}


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> tuple[Theme, ...]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return tuple(Theme(t["id"], dict(t["label"]), weight=float(t.get("weight", 1)),
                       **{kind: _stems(t.get(kind, {})) for kind in KINDS}) for t in doc["themes"])


def load_themes(data_dir: Optional[Path] = None) -> tuple[Theme, ...]:
    path = themes_file(data_dir)
    return _load(path, path.stat().st_mtime)


def suggest(text: str, themes: tuple[Theme, ...], lang: str = "fi") -> Suggestion:
    """The theme whose matching words weigh most (first listed wins a tie), and those words.

    Words naming who an item is for ('nuoret') count WHO_WEIGHT. Context stems ('koulu', 'kylä', 'yhdessä') count
    only when no other stem matched. Stems with a space match those words in a row ('första hjälp').
    """
    languages = ("fi", "sv") if lang not in ("fi", "sv") else (lang,)
    folded = " ".join(_WORD.findall(text.casefold()))
    words = folded.split() + _phrases(folded, themes, languages)
    for kinds in (("stems", "who", "where"), ("context",)):
        score: dict[str, float] = {}
        matched: dict[str, list[str]] = {}
        for word in words:
            for theme, share in _word_themes(word, themes, languages, kinds):
                score[theme.id] = score.get(theme.id, 0) + share
                matched.setdefault(theme.id, []).append(word)
        if score:
            top = max(score.values())
            first = next(t.id for t in themes if score.get(t.id) == top)  # in list order: the first listed wins a tie
            return Suggestion(first, tuple(matched[first]))
    return Suggestion(None, ())


def _phrases(folded: str, themes: tuple[Theme, ...], languages: tuple[str, ...]) -> list[str]:
    """The phrase stems in the text, each starting a word: 'kalenteri kulttuuri' does not hold 'eri kulttuur'."""
    return [phrase for phrase in _phrase_stems(themes, languages) if f" {phrase}" in f" {folded}"]


@lru_cache(maxsize=16)
def _phrase_stems(themes: tuple[Theme, ...], languages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(stem for t in themes for lang in languages
                 for kind in (t.stems, t.who, t.where, t.context) for stem in kind.get(lang, ()) if " " in stem)


def _weight(theme: Theme, kind: str) -> float:
    """Who- and where-words count WHO_WEIGHT times the theme's weight: a parish hall weighs less than a wish for one."""
    return {"stems": theme.weight, "who": WHO_WEIGHT * theme.weight, "where": WHO_WEIGHT * theme.weight}.get(kind, 1.0)


@lru_cache(maxsize=100_000)
def _word_themes(word: str, themes: tuple[Theme, ...], languages: tuple[str, ...],
                 kinds: tuple[str, ...]) -> tuple[tuple[Theme, float], ...]:
    """The themes one word points at, with what it counts for each; words repeat a lot, so this is worked out once.

    A stem inside a longer matching stem of any kind gives way to it: 'kielikahvila' is not a 'kahvila', 'gemensam'
    not 'ensam'. A word counts once for a theme, by its weightiest stem there. A word pointing at several themes is
    one piece of evidence, so they share it by their weights: 'tanssikahvila' does not outweigh 'muistisairaiden',
    and in 'ensiapukoulutus' the light resource word 'koulutus' takes little from 'ensiapu'.
    """
    found = [(stem, t, kind) for t in themes for kind in KINDS for lang in languages
             for stem in getattr(t, kind).get(lang, ()) if _matches(word, stem)]
    best: dict[Theme, float] = {}
    for stem, theme, kind in found:
        if kind in kinds and not any(stem != other and stem in other for other, _t, _k in found):
            best[theme] = max(best.get(theme, 0.0), _weight(theme, kind))
    total = sum(best.values())
    return tuple((theme, weight * weight / total) for theme, weight in best.items())


def _matches(word: str, stem: str) -> bool:
    """A stem starts the word, or (five letters or more) stands inside a compound: 'kokoontumistiloihin'."""
    return word.startswith(stem) or (len(stem) >= 5 and stem in word)


def theme_by_id(themes: tuple[Theme, ...], theme_id: Optional[str]) -> Optional[Theme]:
    """A theme by id, or by a label a person typed in any language (older files carry free text)."""
    if not theme_id:
        return None
    key = theme_id.casefold().strip()
    for theme in themes:
        if key == theme.id or key in (label.casefold() for label in theme.label.values()):
            return theme
    for theme in themes:  # 'osallisuus' for 'Osallisuus ja vaikuttaminen'
        if any(label.casefold().startswith(key) for label in theme.label.values()):
            return theme
    guess = suggest(key, themes)  # 'lapset ja nuoret' for 'Lapset, nuoret ja perheet'
    return theme_by_id(themes, guess.theme) if guess.theme else None


@dataclass
class Item:
    """One thing associations said (an idea or a wish), with its theme for the report."""
    evening_id: str
    date: str
    kind: str  # "idea" or "wish"
    key: tuple  # (idea id,) or (organisation id, wish index): where to store a chosen theme
    organisation: str
    table: str
    text: str
    votes: int
    theme: Optional[str]  # a theme id, or a person's own theme text the list does not know
    confirmed: bool  # chosen by a person (hyte_theme), not suggested
    words: tuple[str, ...] = ()


def items(evening: Evening, themes: tuple[Theme, ...]) -> list[Item]:
    lang = evening.evening.language
    out = []

    def themed(chosen: Optional[str], text: str) -> tuple[Optional[str], bool, tuple[str, ...]]:
        if chosen:
            known = theme_by_id(themes, chosen)
            return (known.id if known else chosen), True, ()
        guess = suggest(text, themes, lang)
        return guess.theme, False, guess.words

    date = evening.evening.date or ""
    for intro in evening.introductions:
        org = evening.organisation(intro.organisation_id)
        for index, wish in enumerate(intro.wishes):
            theme, confirmed, words = themed(intro.wish_theme(index), wish)
            out.append(Item(evening.id, date, "wish", (intro.organisation_id, index), org.name if org else "", "",
                            wish, 0, theme, confirmed, words))
    for idea in evening.cafe.ideas:
        table = evening.table(idea.table_id)
        theme, confirmed, words = themed(idea.hyte_theme, idea.text)
        out.append(Item(evening.id, date, "idea", (idea.id,), "", table.theme if table else "", idea.text,
                        idea.votes, theme, confirmed, words))
    return out
