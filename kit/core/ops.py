"""Every change a screen or the CLI makes to an evening: small functions on the model.

Screens call them through `Store.change(evening_id, op, ...)`, so each one runs
inside a single transaction. Text from people is cleaned here (`clean`, the one
cleaner that phones, screens and imports share) and otherwise kept as typed.
"""
from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import date as Date, datetime, timedelta
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

from kit.i18n import N_, Translate, UserError
from kit.core.model import (AGENDA_KINDS, LANGUAGES, AgendaItem, Agreement, CafeTable, Consent, Evening,
                    EveningInfo, Feedback, Idea, Introduction, NextEvening, Organisation, Participant)

NAME_MAX = 200
TEXT_MAX = 2000
AGENDA_MINUTES_OK = (140, 190)  # "about 2.5–3 hours", with ten minutes' slack either way
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# embeddings, overrides and isolates can turn "gnp.exe" into "exe.png" on the projector; text needs none of them
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
COMBINING_MAX = 3  # marks on one letter: enough for Vietnamese or Hindi, too few to smear over other lines
_BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800")  # letters and symbols that draw nothing
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class InputError(UserError):
    """A person's input that cannot be stored."""


class StaleEdit(InputError):
    """The form was filled in from older data than is stored now: nothing is overwritten."""


STALE = N_("Someone changed this at the same time. The newer version is shown now: check it and save again.")


def unchanged(now: Any, before: Any) -> None:
    """Refuse to overwrite what changed since the form was filled (before=None: no check)."""
    if before is not None and now != before:
        raise StaleEdit(STALE)


@dataclass
class Removed:
    """What a delete took away, so that undo puts it back exactly (same id, place and votes)."""
    kind: str  # participant, wish, idea, agreement, agenda, merged (an idea merged into another)
    index: int
    item: Any
    owner: Optional[str] = None  # the organisation of a wish
    extra: dict = field(default_factory=dict)  # what else pointed at it (a table's host, a wish's theme)


def restore(ev: Evening, removed: Removed) -> None:
    """Undo a delete."""
    if removed.kind == "participant":
        ev.participants.insert(removed.index, removed.item)
        for table_id in removed.extra.get("hosts", []):
            if ev.table(table_id) is not None:
                ev.table(table_id).host_id = removed.item.id
        for org_id in removed.extra.get("speaker_of", []):
            if ev.introduction(org_id) is not None:
                ev.introduction(org_id).speaker_id = removed.item.id
    elif removed.kind == "wish":
        intro = _introduction(ev, removed.owner or "")
        intro.wishes.insert(removed.index, removed.item)
        theme = removed.extra.get("theme")
        if theme is not None or removed.index < len(intro.wish_themes):  # themes are kept only as far as set
            intro.wish_themes += [None] * (removed.index - len(intro.wish_themes))
            intro.wish_themes.insert(removed.index, theme)
    elif removed.kind in ("idea", "merged"):
        _table(ev, removed.item.table_id)
        ev.cafe.ideas.insert(removed.index, removed.item)
        kept = next((i for i in ev.cafe.ideas if i.id == removed.extra.get("into")), None)
        if kept is not None:  # the votes the merge added go back with the idea
            kept.votes = max(0, kept.votes - removed.item.votes)
    elif removed.kind == "agreement":
        ev.agreements.insert(removed.index, removed.item)
    elif removed.kind == "agenda":
        ev.agenda.insert(removed.index, removed.item)
        retime(ev)


def clean(text: Any, limit: int = TEXT_MAX, required: bool = True) -> str:
    """Text as a person typed it, minus what no document can hold or what would deface the projector."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise InputError(N_("Write text here."))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _BIDI.sub("", _CONTROL.sub("", text))
    text = _cap_marks(text).strip()
    if not visible(text):
        text = ""
    if required and not text:
        raise InputError(N_("Write something first."))
    if len(text) > limit:
        raise InputError(N_("The text is too long ({n} characters, at most {limit})."), n=len(text), limit=limit)
    return text


def _cap_marks(text: str) -> str:
    out, marks = [], 0
    for c in text:
        marks = marks + 1 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me") else 0
        if marks <= COMBINING_MAX:
            out.append(c)
    return "".join(out)


def visible(text: str) -> bool:
    """Whether the text draws anything: a letter, digit, punctuation or symbol (not only spaces or zero-width)."""
    return any(unicodedata.category(c)[0] in "LNPS" and c not in _BLANK_LETTERS for c in text)


def optional(text: Optional[str], limit: int = NAME_MAX) -> Optional[str]:
    return clean(text, limit, required=False) or None


def check_date(value: Optional[str]) -> Optional[str]:
    """A date as people write it in Finland (3.12.2026, 03.12.2026) or as 2026-12-03; stored as the latter."""
    value = (value or "").strip()
    if not value:
        return None
    finnish = _FINNISH_DATE.match(value)
    if finnish:
        day, month, year = finnish.groups()
        value = f"{year}-{int(month):02d}-{int(day):02d}"
    try:
        if _DATE.match(value):
            Date.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise InputError(N_("Write the date like 3.12.2026."))


def check_time(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip().replace(".", ":")
    if len(value) == 4 and value[1] == ":":
        value = "0" + value
    if not value:
        return None
    if not _TIME.match(value):
        raise InputError(N_("Write the time like 17:30."))
    return value


def new_id(prefix: str, taken: set[str]) -> str:
    while True:
        candidate = f"{prefix}{secrets.token_hex(3)}"
        if candidate not in taken:
            return candidate


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# The evening itself
def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "ilta"


DEFAULT_AGENDA = [  # (item, kind, minutes): the seeds' usual evening, 3 hours
    (N_("Coffee and introduction round"), "introductions", 40),
    (N_("The municipality's talk"), "talk", 15),
    (N_("Learning café"), "cafe", 75),
    (N_("Summary and what we agreed"), "summary", 30),
    (N_("Feedback and next evening"), "feedback", 20),
]


def new_evening(title: str, date: str, language: str, _: Translate, taken: set[str],
                start: str = "17:30", municipality: Optional[str] = None) -> Evening:
    title = clean(title, NAME_MAX)
    date = check_date(date) or Date.today().isoformat()
    evening_id = free_id(f"{slug(municipality or title)}-{date[:7]}", taken)
    info = EveningInfo(id=evening_id, title=title, municipality=optional(municipality), date=date,
                       start=check_time(start), language=language if language in LANGUAGES else "fi")
    ev = Evening(info, agenda=[AgendaItem(_(item), minutes, kind) for item, kind, minutes in DEFAULT_AGENDA])
    retime(ev)
    return ev


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is not taken yet."""
    evening_id, n = base, 2
    while evening_id in taken:
        evening_id, n = f"{base[:70]}-{n}", n + 1
    return evening_id


def update_info(ev: Evening, before: Optional[dict[str, Optional[str]]] = None, **fields: Optional[str]) -> None:
    """Save the evening's details; `before` holds the values the form was filled with."""
    info = ev.evening
    if before is not None:
        unchanged({k: getattr(info, k) for k in before}, before)
    for key, value in fields.items():
        if key in ("date",):
            setattr(info, key, check_date(value))
        elif key in ("start", "end"):
            setattr(info, key, check_time(value))
        elif key == "language":
            info.language = value if value in LANGUAGES else info.language
        elif key == "title":
            info.title = clean(value, NAME_MAX)
        elif key in ("municipality", "venue", "theme", "facilitator", "registration"):
            setattr(info, key, optional(value))
        else:
            raise KeyError(key)
    retime(ev)


# Agenda
def retime(ev: Evening) -> None:
    """Give each agenda item the clock time it starts at, from the evening's start."""
    if not ev.evening.start:
        return
    clock = datetime.strptime(ev.evening.start, "%H:%M")
    for item in ev.agenda:
        item.start = clock.strftime("%H:%M")
        clock += timedelta(minutes=item.minutes)
    ev.evening.end = clock.strftime("%H:%M") if ev.agenda else ev.evening.end


def agenda_minutes(ev: Evening) -> int:
    return sum(item.minutes for item in ev.agenda)


def agenda_warning(minutes: int) -> Optional[str]:
    low, high = AGENDA_MINUTES_OK
    if minutes < low:
        return N_("The programme is short: {h} h {m} min. An evening usually takes 2.5–3 hours.")
    if minutes > high:
        return N_("The programme is long: {h} h {m} min. An evening usually takes 2.5–3 hours.")
    return None


def _minutes(value: Any) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise InputError(N_("Minutes should be a whole number.")) from None
    if not 0 < minutes <= 600:
        raise InputError(N_("Minutes should be between 1 and 600."))
    return minutes


def set_agenda_item(ev: Evening, index: Optional[int], item: str, kind: str, minutes: Any,
                    before: Optional[tuple[str, str, int]] = None) -> None:
    """Change item `index` (as it was: `before`), or add a new item at the end when index is None."""
    entry = AgendaItem(clean(item, NAME_MAX), _minutes(minutes), kind if kind in AGENDA_KINDS else "other")
    if index is None:
        ev.agenda.append(entry)
    else:
        if not 0 <= index < len(ev.agenda):
            raise StaleEdit(STALE)
        old = ev.agenda[index]
        unchanged((old.item, old.kind, old.minutes), before)
        ev.agenda[index] = entry
    retime(ev)


def remove_agenda_item(ev: Evening, index: int) -> Removed:
    if not 0 <= index < len(ev.agenda):
        raise StaleEdit(STALE)
    removed = Removed("agenda", index, ev.agenda.pop(index))
    retime(ev)
    return removed


def move_agenda_item(ev: Evening, index: int, step: int) -> None:
    target = index + step
    if 0 <= target < len(ev.agenda):
        ev.agenda[index], ev.agenda[target] = ev.agenda[target], ev.agenda[index]
        retime(ev)


def current_agenda_index(ev: Evening, now: datetime) -> Optional[int]:
    clock = now.strftime("%H:%M")
    current = None
    for i, item in enumerate(ev.agenda):
        if item.start and item.start <= clock:
            current = i
    if current is not None and ev.evening.end and clock >= ev.evening.end:
        return None
    return current


# Check-in
class Attendance(NamedTuple):
    registered: int
    attended: int
    walk_ins: int
    no_shows: int
    organisations: int


def attendance(ev: Evening) -> Attendance:
    people = ev.participants
    present = [p for p in people if p.attended]
    return Attendance(registered=sum(p.registered for p in people), attended=len(present),
                      walk_ins=sum(p.attended and not p.registered for p in people),
                      no_shows=sum(p.registered and not p.attended for p in people),
                      organisations=len({p.organisation_id for p in present if p.organisation_id}))


def normalised_name(name: str) -> str:
    return " ".join(name.casefold().split())


def find_or_add_organisation(ev: Evening, name: str) -> Organisation:
    name = clean(name, NAME_MAX)
    for org in ev.organisations:
        if normalised_name(org.name) == normalised_name(name):
            return org
    org = Organisation(id=new_id("o-", {o.id for o in ev.organisations}), name=name, kind="association")
    ev.organisations.append(org)
    return org


EMAIL = re.compile(r"^[^@\s;,<>]+@[^@\s;,<>]+\.[^@\s;,<>]+$")


def valid_email(value: str) -> bool:
    return bool(EMAIL.match(value))


def checked_email(email: str) -> Optional[str]:
    """An e-mail address typed at the door: it goes to the contact list and the memo's recipients."""
    email = email.strip()
    if email and not valid_email(email):
        raise InputError(N_("“{email}” is not an e-mail address; write it like aino@example.fi."), email=email[:60])
    return email or None


def add_walk_in(ev: Evening, name: str, organisation: str = "", email: str = "",
                memo: bool = False, contact_list: bool = False) -> Participant:
    """Someone at the door. One who registered (the same name, and organisation if both have one) is marked here
    instead of being listed twice; one already marked here is refused."""
    name, email_given = clean(name, NAME_MAX), checked_email(email)
    for person in ev.participants:
        org = ev.organisation(person.organisation_id)
        if normalised_name(person.name) == normalised_name(name) and (
                not org or not organisation.strip() or normalised_name(org.name) == normalised_name(organisation)):
            if person.attended:
                raise InputError(N_("{name} is already on the list as here."), name=person.name)
            person.attended = True
            person.email = person.email or email_given
            person.consent.memo |= memo
            person.consent.contact_list |= contact_list
            if organisation.strip() and not org:
                person.organisation_id = find_or_add_organisation(ev, organisation).id
            return person
    person = Participant(id=new_id("p-", {p.id for p in ev.participants}), name=name, email=email_given,
                         registered=False, attended=True, consent=Consent(memo=memo, contact_list=contact_list))
    if organisation.strip():
        person.organisation_id = find_or_add_organisation(ev, organisation).id
    ev.participants.append(person)
    return person


def edit_participant(ev: Evening, person_id: str, name: str, organisation: str, email: str,
                     before: Optional[tuple[str, str, str]] = None) -> None:
    """Correct a name, organisation or e-mail; `before` is what the form showed. An organisation left with no
    one and no introduction (a misspelt name just corrected at the door) is dropped, so the memo does not list it."""
    person = _person(ev, person_id)
    org = ev.organisation(person.organisation_id)
    unchanged((person.name, org.name if org else "", person.email or ""), before)
    person.name, person.email = clean(name, NAME_MAX), checked_email(email)
    person.organisation_id = find_or_add_organisation(ev, organisation).id if organisation.strip() else None
    door_made = org is not None and org.id.startswith("o-")  # invited or registered organisations stay listed
    if door_made and not any(p.organisation_id == org.id for p in ev.participants) and \
            not any(i.organisation_id == org.id for i in ev.introductions):
        ev.organisations.remove(org)


def remove_participant(ev: Evening, person_id: str) -> Removed:
    person = _person(ev, person_id)
    removed = Removed("participant", ev.participants.index(person), person, extra={
        "hosts": [t.id for t in ev.cafe.tables if t.host_id == person_id],
        "speaker_of": [i.organisation_id for i in ev.introductions if i.speaker_id == person_id]})
    for table in ev.cafe.tables:
        if table.host_id == person_id:
            table.host_id = None
    for intro in ev.introductions:
        if intro.speaker_id == person_id:
            intro.speaker_id = None
    ev.participants.remove(person)
    return removed


def set_attended(ev: Evening, person_id: str, attended: bool) -> None:
    _person(ev, person_id).attended = attended


def set_consent(ev: Evening, person_id: str, memo: Optional[bool] = None,
                contact_list: Optional[bool] = None) -> None:
    consent = _person(ev, person_id).consent
    if memo is not None:
        consent.memo = memo
    if contact_list is not None:
        consent.contact_list = contact_list


def _person(ev: Evening, person_id: str) -> Participant:
    person = ev.participant(person_id)
    if person is None:
        raise InputError(N_("That person is no longer on the list."))
    return person


# Introduction round
def speaking_order(ev: Evening) -> list[Organisation]:
    """Organisations present tonight; those with an introduction first, in the order they spoke."""
    present = {p.organisation_id for p in ev.participants if p.attended}
    spoken = [ev.organisation(i.organisation_id) for i in ev.introductions]
    spoken_ids = {o.id for o in spoken if o}
    waiting = [o for o in ev.organisations if o.id in present and o.id not in spoken_ids]
    return [o for o in spoken if o] + waiting


def _introduction(ev: Evening, org_id: str) -> Introduction:
    if ev.organisation(org_id) is None:
        raise InputError(N_("That organisation is no longer on the list."))
    intro = ev.introduction(org_id)
    if intro is None:
        speakers = [p.id for p in ev.participants if p.organisation_id == org_id and p.attended]
        intro = Introduction(organisation_id=org_id, speaker_id=speakers[0] if speakers else None)
        ev.introductions.append(intro)
    return intro


def save_summary(ev: Evening, org_id: str, summary: str, before: Optional[str] = None) -> None:
    intro = _introduction(ev, org_id)
    unchanged(intro.summary, before)
    intro.summary = clean(summary, TEXT_MAX, required=False)


def add_wish(ev: Evening, org_id: str, text: str) -> None:
    _introduction(ev, org_id).wishes.append(clean(text))


def _wish_index(intro: Introduction, index: int, before: Optional[str]) -> int:
    if not 0 <= index < len(intro.wishes) or (before is not None and intro.wishes[index] != before):
        raise StaleEdit(STALE)
    return index


def edit_wish(ev: Evening, org_id: str, index: int, text: str, before: Optional[str] = None) -> None:
    intro = _introduction(ev, org_id)
    intro.wishes[_wish_index(intro, index, before)] = clean(text)


def remove_wish(ev: Evening, org_id: str, index: int, before: Optional[str] = None) -> Removed:
    intro = _introduction(ev, org_id)
    _wish_index(intro, index, before)
    theme = intro.wish_theme(index)
    if index < len(intro.wish_themes):
        del intro.wish_themes[index]
    return Removed("wish", index, intro.wishes.pop(index), owner=org_id, extra={"theme": theme})


def set_idea_theme(ev: Evening, idea_id: str, theme: Optional[str]) -> None:
    """A person's choice of welfare-report theme for an idea (None clears it)."""
    _idea(ev, idea_id).hyte_theme = theme or None


def set_wish_theme(ev: Evening, org_id: str, index: int, theme: Optional[str]) -> None:
    intro = _introduction(ev, org_id)
    if not 0 <= index < len(intro.wishes):
        raise InputError(N_("That wish is no longer there."))
    intro.wish_themes += [None] * (len(intro.wishes) - len(intro.wish_themes))
    intro.wish_themes[index] = theme or None


# Learning café
def set_cafe(ev: Evening, rounds: Any, round_minutes: Any) -> None:
    rounds, round_minutes = _minutes(rounds), _minutes(round_minutes)
    if rounds > 20:
        raise InputError(N_("At most 20 rounds."))
    if any(i.round > rounds for i in ev.cafe.ideas):
        raise InputError(N_("Some ideas were written in a later round; keep at least that many rounds."))
    ev.cafe.rounds, ev.cafe.round_minutes = rounds, round_minutes
    ev.cafe.current_round = min(ev.cafe.current_round, rounds)


def set_votes_per_person(ev: Evening, number: Any) -> None:
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 20:
        raise InputError(N_("Dots per person: a whole number from 1 to 20."))
    ev.cafe.votes_per_person = number


def set_round(ev: Evening, number: int) -> None:
    ev.cafe.current_round = max(1, min(int(number), ev.cafe.rounds))


def add_table(ev: Evening, theme: str, host_id: Optional[str] = None) -> CafeTable:
    table = CafeTable(id=new_id("t-", {t.id for t in ev.cafe.tables}), theme=clean(theme, NAME_MAX),
                      host_id=host_id if ev.participant(host_id) else None)
    ev.cafe.tables.append(table)
    return table


def update_table(ev: Evening, table_id: str, theme: str, host_id: Optional[str]) -> None:
    table = _table(ev, table_id)
    table.theme = clean(theme, NAME_MAX)
    table.host_id = host_id if ev.participant(host_id) else None


def remove_table(ev: Evening, table_id: str) -> None:
    if any(i.table_id == table_id for i in ev.cafe.ideas):
        raise InputError(N_("This table already has ideas; it cannot be removed."))
    ev.cafe.tables = [t for t in ev.cafe.tables if t.id != table_id]


def _table(ev: Evening, table_id: str) -> CafeTable:
    table = ev.table(table_id)
    if table is None:
        raise InputError(N_("That table is no longer there."))
    return table


def add_idea(ev: Evening, table_id: str, round_number: int, text: str) -> Idea:
    _table(ev, table_id)
    if not 1 <= round_number <= ev.cafe.rounds:
        raise InputError(N_("There is no round {n}."), n=round_number)
    idea = Idea(id=new_id("i-", {i.id for i in ev.cafe.ideas}), table_id=table_id, round=round_number,
                text=clean(text), created=now_iso())
    ev.cafe.ideas.append(idea)
    return idea


def _idea(ev: Evening, idea_id: str) -> Idea:
    idea = next((i for i in ev.cafe.ideas if i.id == idea_id), None)
    if idea is None:
        raise InputError(N_("That idea is no longer there."))
    return idea


def edit_idea(ev: Evening, idea_id: str, text: str, before: Optional[str] = None) -> None:
    idea = _idea(ev, idea_id)
    unchanged(idea.text, before)
    idea.text = clean(text)


def remove_idea(ev: Evening, idea_id: str) -> Removed:
    idea = _idea(ev, idea_id)
    index = ev.cafe.ideas.index(idea)
    return Removed("idea", index, ev.cafe.ideas.pop(index))


def move_idea(ev: Evening, idea_id: str, table_id: str) -> None:
    """An idea written at the wrong table goes where it belongs, votes and all."""
    _table(ev, table_id)
    _idea(ev, idea_id).table_id = table_id


def merge_ideas(ev: Evening, keep_id: str, other_id: str) -> Removed:
    """Two ideas saying the same: the other's votes move to the kept one, and the other goes (Undo splits them)."""
    if keep_id == other_id:
        raise InputError(N_("Choose two different ideas."))
    keep, other = _idea(ev, keep_id), _idea(ev, other_id)
    keep.votes += other.votes
    index = ev.cafe.ideas.index(other)
    ev.cafe.ideas.remove(other)
    return Removed("merged", index, other, extra={"into": keep_id})


def vote(ev: Evening, idea_id: str, step: int = 1) -> int:
    idea = _idea(ev, idea_id)
    idea.votes = max(0, idea.votes + step)
    return idea.votes


def ranked_ideas(ev: Evening, table_id: Optional[str] = None) -> list[Idea]:
    ideas = [i for i in ev.cafe.ideas if table_id is None or i.table_id == table_id]
    return sorted(ideas, key=lambda i: (-i.votes, i.created or "", i.id))


# Summary
def add_agreement(ev: Evening, what: str, who: str = "", due: str = "") -> Agreement:
    agreement = Agreement(id=new_id("a-", {a.id for a in ev.agreements}), what=clean(what),
                          who=optional(who), due=check_date(due))
    ev.agreements.append(agreement)
    return agreement


def _agreement(ev: Evening, agreement_id: str) -> Agreement:
    found = next((a for a in ev.agreements if a.id == agreement_id), None)
    if found is None:
        raise InputError(N_("That agreement is no longer there."))
    return found


def edit_agreement(ev: Evening, agreement_id: str, what: str, who: str, due: str,
                   before: Optional[tuple[str, str, str]] = None) -> None:
    agreement = _agreement(ev, agreement_id)
    unchanged((agreement.what, agreement.who or "", agreement.due or ""), before)
    agreement.what, agreement.who, agreement.due = clean(what), optional(who), check_date(due)


def remove_agreement(ev: Evening, agreement_id: str) -> Removed:
    agreement = _agreement(ev, agreement_id)
    index = ev.agreements.index(agreement)
    return Removed("agreement", index, ev.agreements.pop(index))


def add_feedback(ev: Evening, rating: Any, comment: str = "") -> None:
    if rating not in (1, 2, 3, 4, 5):
        raise InputError(N_("Choose a rating from 1 to 5."))
    ev.feedback.append(Feedback(rating=rating, comment=optional(comment, TEXT_MAX)))


def set_next_evening(ev: Evening, date: str, theme: str) -> None:
    date_value, theme_value = check_date(date), optional(theme)
    ev.next_evening = NextEvening(date_value, theme_value) if date_value or theme_value else None


class Figures(NamedTuple):
    organisations: int
    participants: int
    ideas: int
    wishes: int
    votes: int
    agreements: int


def figures(ev: Evening) -> Figures:
    present = attendance(ev)
    return Figures(organisations=present.organisations, participants=present.attended,
                   ideas=len(ev.cafe.ideas), wishes=sum(len(i.wishes) for i in ev.introductions),
                   votes=sum(i.votes for i in ev.cafe.ideas), agreements=len(ev.agreements))


def rating_counts(ev: Evening) -> dict[int, int]:
    return {r: sum(f.rating == r for f in ev.feedback) for r in range(1, 6)}


def rating_average(ev: Evening) -> Optional[float]:
    return sum(f.rating for f in ev.feedback) / len(ev.feedback) if ev.feedback else None


