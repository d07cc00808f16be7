"""The evening file `jarjestoilta/1`: validated import, exact export.

Validation collects every problem as a `Message(msgid, params, where=path)` so the
message can be shown in the user's language; nothing is stored unless the
whole file is valid.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Optional

from kit.core import ops
from kit.i18n import N_, Message, Translator, UserError, translator
from kit.core.model import (AGENDA_KINDS, LANGUAGES, AgendaItem, Agreement, Cafe, CafeTable, Consent,
                    Evening, EveningInfo, Feedback, Idea, Introduction, NextEvening,
                    Organisation, Participant)

FORMAT = "jarjestoilta/1"
MAX_FILE_BYTES = 50 * 1024 * 1024
TEXT_MAX = 100_000  # characters in one field of a file; the screens allow far less
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")  # safe in a URL and a file name: no "/", "..", space


class EveningFileError(UserError):
    """Every problem found in an evening file, each a Message whose `where` is the field (participants[2].name)."""

    def __init__(self, problems: list[Message]):
        self.messages = problems
        ValueError.__init__(self, self.text(translator("en")))  # logs and tracebacks

    def text(self, _: Translator, most: int = 5) -> str:
        lines = [p.text(_) for p in self.messages[:most]]
        if len(self.messages) > most:
            lines.append(_("…and {n} more problems").format(n=len(self.messages) - most))
        return "\n".join(lines)

    @property
    def problems(self) -> list[Message]:
        return self.messages


class _Reader:
    """Reads one JSON tree, noting problems instead of raising at the first."""

    def __init__(self, clean: bool = False) -> None:
        self.problems: list[Message] = []
        self.clean = clean  # text from outside goes through ops.clean, as typed text does

    def problem(self, path: str, msgid: str, **params: Any) -> None:
        self.problems.append(Message(msgid, params, path))

    def obj(self, value: Any, path: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, N_("should be an object {{…}}"))
            return {}
        return value

    def items(self, d: dict, key: str, path: str) -> list[tuple[str, dict]]:
        value = d.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{path}{key}", N_("should be a list […]"))
            return []
        out = []
        for i, item in enumerate(value):
            p = f"{path}{key}[{i}]"
            if isinstance(item, dict):
                out.append((p, item))
            else:
                self.problem(p, N_("should be an object {{…}}"))
        return out

    def text(self, d: dict, key: str, path: str, required: bool = False) -> Optional[str]:
        value = d.get(key)
        if value is None:
            if required:
                self.problem(f"{path}.{key}", N_("is missing"))
            return None
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", N_("should be text"))
            return None
        if self.clean:
            try:
                value = ops.clean(value, TEXT_MAX, required=False)
            except ops.InputError as err:
                self.problems += [replace(m, where=f"{path}.{key}") for m in err.messages]
                return None
        if required and not value.strip():
            self.problem(f"{path}.{key}", N_("is empty"))
        return value

    def pattern(self, d: dict, key: str, path: str, regex: re.Pattern, example: str) -> Optional[str]:
        value = self.text(d, key, path)
        if value is not None and not regex.match(value):
            self.problem(f"{path}.{key}", N_("should look like {example}, not “{value}”"),
                         example=example, value=value[:40])
        return value

    def date(self, d: dict, key: str, path: str) -> Optional[str]:
        return self.pattern(d, key, path, _DATE, "2026-11-24")

    def time(self, d: dict, key: str, path: str) -> Optional[str]:
        return self.pattern(d, key, path, _TIME, "17:30")

    def flag(self, d: dict, key: str, path: str) -> bool:
        value = d.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(f"{path}.{key}", N_("should be true or false"))
            return False
        return value

    def number(self, d: dict, key: str, path: str, low: int, high: int, default: Optional[int] = None) -> int:
        value = d.get(key)
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(f"{path}.{key}", N_("should be a whole number from {low} to {high}"), low=low, high=high)
            return default if default is not None else low
        return value

    def choice(self, d: dict, key: str, path: str, allowed: tuple[str, ...], default: str) -> str:
        value = d.get(key)
        if value is None:
            return default
        if value not in allowed:
            self.problem(f"{path}.{key}", N_("should be one of {allowed}"), allowed=", ".join(allowed))
            return default
        return value

    def unique_ids(self, d: dict, key: str, path: str) -> list[tuple[str, dict, str]]:
        out, seen = [], set()
        for p, item in self.items(d, key, path):
            ident = self.text(item, "id", p, required=True)
            if ident is None:
                continue
            if ident in seen:
                self.problem(f"{p}.id", N_("“{id}” is used twice"), id=ident)
            seen.add(ident)
            out.append((p, item, ident))
        return out

    def ref(self, d: dict, key: str, path: str, known: set[str], required: bool = False) -> Optional[str]:
        value = self.text(d, key, path, required)
        if value is not None and value not in known:
            self.problem(f"{path}.{key}", N_("points at “{id}”, which is not in the file"), id=value[:40])
        return value


def from_dict(doc: Any, clean: bool = False) -> Evening:
    """Build an Evening from a parsed `jarjestoilta/1` document, or raise EveningFileError.

    `clean` passes every text through ops.clean: for files from outside, not for the store's own documents.
    """
    r = _Reader(clean)
    if not isinstance(doc, dict):
        raise EveningFileError([Message(N_("The file is not an evening file: it should be a JSON object."))])
    if doc.get("format") != FORMAT:
        r.problem("format", N_("should be “{expected}”, not “{value}”"),
                  expected=FORMAT, value=str(doc.get("format"))[:40])
    ev = r.obj(doc.get("evening"), "evening")
    if "evening" not in doc:
        r.problem("evening", N_("is missing"))
    info = EveningInfo(
        id=r.text(ev, "id", "evening", required=True) or "",
        title=r.text(ev, "title", "evening") or "",
        municipality=r.text(ev, "municipality", "evening"),
        date=r.date(ev, "date", "evening"),
        start=r.time(ev, "start", "evening"),
        end=r.time(ev, "end", "evening"),
        venue=r.text(ev, "venue", "evening"),
        theme=r.text(ev, "theme", "evening"),
        language=r.choice(ev, "language", "evening", LANGUAGES, "fi"),
        facilitator=r.text(ev, "facilitator", "evening"),
        registration=r.text(ev, "registration", "evening"),
    )
    if clean and info.id and not ID.match(info.id):
        r.problem("evening.id", N_("should be at most 80 letters a–z, digits, “-”, “_” or “.”, "
                                   "not “{value}”"), value=info.id[:40])
    agenda = [AgendaItem(item=r.text(a, "item", p, required=True) or "",
                         minutes=r.number(a, "minutes", p, 0, 24 * 60),
                         kind=r.choice(a, "kind", p, AGENDA_KINDS, "other"),
                         start=r.time(a, "start", p))
              for p, a in r.items(doc, "agenda", "")]
    orgs = [Organisation(id=i, name=r.text(o, "name", p, required=True) or "",
                         kind=r.text(o, "kind", p), email=r.text(o, "email", p),
                         public_contact=r.flag(o, "public_contact", p), phone=r.text(o, "phone", p))
            for p, o, i in r.unique_ids(doc, "organisations", "")]
    org_ids = {o.id for o in orgs}
    people = []
    for p, d, i in r.unique_ids(doc, "participants", ""):
        consent = r.obj(d.get("consent"), f"{p}.consent")
        people.append(Participant(
            id=i, name=r.text(d, "name", p, required=True) or "",
            organisation_id=r.ref(d, "organisation_id", p, org_ids), email=r.text(d, "email", p),
            registered=r.flag(d, "registered", p), attended=r.flag(d, "attended", p),
            consent=Consent(memo=r.flag(consent, "memo", f"{p}.consent"),
                            contact_list=r.flag(consent, "contact_list", f"{p}.consent")),
            phone=r.text(d, "phone", p), diet=r.text(d, "diet", p)))
    person_ids = {x.id for x in people}
    intros = []
    for p, d in r.items(doc, "introductions", ""):
        raw_wishes = d.get("wishes")
        if raw_wishes is not None and not isinstance(raw_wishes, list):
            r.problem(f"{p}.wishes", N_("should be a list […]"))
            raw_wishes = []
        wishes = []
        for wi, w in enumerate(raw_wishes or []):
            if isinstance(w, str):
                wishes.append(w)
            else:
                r.problem(f"{p}.wishes[{wi}]", N_("should be text"))
        themes = d.get("wish_themes") or []
        if not isinstance(themes, list) or not all(t is None or isinstance(t, str) for t in themes):
            r.problem(f"{p}.wish_themes", N_("should be a list […]"))
            themes = []
        intros.append(Introduction(organisation_id=r.ref(d, "organisation_id", p, org_ids, required=True) or "",
                                   speaker_id=r.ref(d, "speaker_id", p, person_ids),
                                   summary=r.text(d, "summary", p) or "", wishes=wishes,
                                   wish_themes=themes[:len(wishes)]))
    cafe_doc = r.obj(doc.get("cafe"), "cafe")
    rounds = r.number(cafe_doc, "rounds", "cafe", 1, 20, default=3)
    tables = [CafeTable(id=i, theme=r.text(t, "theme", p, required=True) or "",
                        host_id=r.ref(t, "host_id", p, person_ids))
              for p, t, i in r.unique_ids(cafe_doc, "tables", "cafe.")]
    table_ids = {t.id for t in tables}
    ideas = [Idea(id=i, table_id=r.ref(d, "table_id", p, table_ids, required=True) or "",
                  round=r.number(d, "round", p, 1, rounds), text=r.text(d, "text", p, required=True) or "",
                  votes=r.number(d, "votes", p, 0, 1_000_000, default=0),
                  hyte_theme=r.text(d, "hyte_theme", p), created=r.text(d, "created", p))
             for p, d, i in r.unique_ids(cafe_doc, "ideas", "cafe.")]
    cafe = Cafe(rounds=rounds, round_minutes=r.number(cafe_doc, "round_minutes", "cafe", 1, 240, default=20),
                tables=tables, ideas=ideas,
                current_round=r.number(cafe_doc, "current_round", "cafe", 1, rounds, default=1),
                votes_per_person=r.number(cafe_doc, "votes_per_person", "cafe", 1, 20, default=3))
    agreements = [Agreement(id=i, what=r.text(d, "what", p, required=True) or "",
                            who=r.text(d, "who", p), due=r.date(d, "due", p))
                  for p, d, i in r.unique_ids(doc, "agreements", "")]
    feedback = [Feedback(rating=r.number(d, "rating", p, 1, 5), comment=r.text(d, "comment", p))
                for p, d in r.items(doc, "feedback", "")]
    nxt = None
    if doc.get("next_evening") is not None:
        n = r.obj(doc.get("next_evening"), "next_evening")
        nxt = NextEvening(date=r.date(n, "date", "next_evening"), theme=r.text(n, "theme", "next_evening"))
    if r.problems:
        raise EveningFileError(r.problems)
    return Evening(info, agenda, orgs, people, intros, cafe, agreements, feedback, nxt)


def to_dict(e: Evening) -> dict:
    """The evening as a `jarjestoilta/1` document, keys in the contract's order."""
    i = e.evening

    def maybe(d: dict, **extra: Any) -> dict:
        d.update({k: v for k, v in extra.items() if v is not None})
        return d

    return {
        "format": FORMAT,
        "evening": maybe({"id": i.id, "title": i.title, "municipality": i.municipality, "date": i.date,
                          "start": i.start, "end": i.end, "venue": i.venue, "theme": i.theme,
                          "language": i.language, "facilitator": i.facilitator}, registration=i.registration),
        "agenda": [{"start": a.start, "minutes": a.minutes, "item": a.item, "kind": a.kind} for a in e.agenda],
        "organisations": [maybe({"id": o.id, "name": o.name, "kind": o.kind, "email": o.email,
                                 "public_contact": o.public_contact}, phone=o.phone) for o in e.organisations],
        "participants": [maybe({"id": p.id, "name": p.name, "organisation_id": p.organisation_id,
                                "email": p.email, "registered": p.registered, "attended": p.attended,
                                "consent": {"memo": p.consent.memo, "contact_list": p.consent.contact_list}},
                               phone=p.phone, diet=p.diet) for p in e.participants],
        "introductions": [maybe({"organisation_id": x.organisation_id, "speaker_id": x.speaker_id,
                                 "summary": x.summary, "wishes": list(x.wishes)},
                                wish_themes=list(x.wish_themes) if any(x.wish_themes) else None)
                          for x in e.introductions],
        "cafe": {"rounds": e.cafe.rounds, "round_minutes": e.cafe.round_minutes,
                 "tables": [{"id": t.id, "theme": t.theme, "host_id": t.host_id} for t in e.cafe.tables],
                 "ideas": [{"id": d.id, "table_id": d.table_id, "round": d.round, "text": d.text,
                            "votes": d.votes, "hyte_theme": d.hyte_theme, "created": d.created}
                           for d in e.cafe.ideas],
                 "current_round": e.cafe.current_round, "votes_per_person": e.cafe.votes_per_person},
        "agreements": [{"id": a.id, "what": a.what, "who": a.who, "due": a.due} for a in e.agreements],
        "feedback": [{"rating": f.rating, "comment": f.comment} for f in e.feedback],
        "next_evening": None if e.next_evening is None else
        {"date": e.next_evening.date, "theme": e.next_evening.theme},
    }


def dumps(e: Evening) -> str:
    return json.dumps(to_dict(e), ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> Evening:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise EveningFileError([Message(N_("The file is not valid JSON (line {line}, column {col})."),
                                        {"line": err.lineno, "col": err.colno})]) from None
    except RecursionError:
        raise EveningFileError([Message(N_("The file is nested too deeply to be an evening file."))]) from None
    except ValueError:  # a number of thousands of digits
        raise EveningFileError([Message(N_("The file has a number too long to read."))]) from None
    return from_dict(doc, clean=True)


def read(path: Path | str) -> Evening:
    """Read an evening file; every failure is an EveningFileError with a readable message."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise EveningFileError([Message(N_("The file is too large ({mb} MB)."),
                                            {"mb": path.stat().st_size // 2**20})])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise EveningFileError([Message(N_("File not found: {path}"), {"path": str(path)})]) from None
    except (IsADirectoryError, PermissionError):
        raise EveningFileError([Message(N_("Cannot read the file: {path}"), {"path": str(path)})]) from None
    return from_bytes(raw)


def from_bytes(raw: bytes) -> Evening:
    """An uploaded or read file's bytes: UTF-8 (with or without BOM) JSON."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EveningFileError([Message(N_("The file is not UTF-8 text. Save it as UTF-8 and try again."))]) from None
    return loads(text)


def write(e: Evening, path: Path | str) -> None:
    Path(path).write_text(dumps(e), encoding="utf-8")
