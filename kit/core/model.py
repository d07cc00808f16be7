"""The evening's nouns. One model for screens, store, file format and outputs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

AGENDA_KINDS = ("introductions", "talk", "cafe", "summary", "feedback", "break", "other")
from kit.i18n import LANGUAGES  # noqa: F401  (the model speaks these)


@dataclass
class EveningInfo:
    id: str
    title: str = ""
    municipality: Optional[str] = None
    date: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    venue: Optional[str] = None
    theme: Optional[str] = None
    language: str = "fi"
    facilitator: Optional[str] = None
    registration: Optional[str] = None  # kit addition: how to register (a form link, an e-mail address or a phone)


@dataclass
class AgendaItem:
    item: str
    minutes: int
    kind: str = "other"
    start: Optional[str] = None


@dataclass
class Organisation:
    id: str
    name: str
    kind: Optional[str] = None
    email: Optional[str] = None
    public_contact: bool = False
    phone: Optional[str] = None  # kit addition


@dataclass
class Consent:
    memo: bool = False
    contact_list: bool = False


@dataclass
class Participant:
    id: str
    name: str
    organisation_id: Optional[str] = None
    email: Optional[str] = None
    registered: bool = False
    attended: bool = False
    consent: Consent = field(default_factory=Consent)
    phone: Optional[str] = None  # kit addition
    diet: Optional[str] = None  # kit addition: from the registration, for the coffee table


@dataclass
class Introduction:
    organisation_id: str
    speaker_id: Optional[str] = None
    summary: str = ""
    wishes: list[str] = field(default_factory=list)
    wish_themes: list[Optional[str]] = field(default_factory=list)  # kit addition: hyte theme per wish

    def wish_theme(self, index: int) -> Optional[str]:
        return self.wish_themes[index] if index < len(self.wish_themes) else None


@dataclass
class CafeTable:
    id: str
    theme: str
    host_id: Optional[str] = None


@dataclass
class Idea:
    id: str
    table_id: str
    round: int
    text: str
    votes: int = 0
    hyte_theme: Optional[str] = None
    created: Optional[str] = None


@dataclass
class Cafe:
    rounds: int = 3
    round_minutes: int = 20
    tables: list[CafeTable] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    current_round: int = 1  # kit addition: the round the room is in now
    votes_per_person: int = 3  # kit addition: dots each participant may place from a phone


@dataclass
class Agreement:
    id: str
    what: str
    who: Optional[str] = None
    due: Optional[str] = None


@dataclass
class Feedback:
    rating: int
    comment: Optional[str] = None


@dataclass
class NextEvening:
    date: Optional[str] = None
    theme: Optional[str] = None


@dataclass
class Evening:
    evening: EveningInfo
    agenda: list[AgendaItem] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    introductions: list[Introduction] = field(default_factory=list)
    cafe: Cafe = field(default_factory=Cafe)
    agreements: list[Agreement] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    next_evening: Optional[NextEvening] = None

    @property
    def id(self) -> str:
        return self.evening.id

    def organisation(self, org_id: Optional[str]) -> Optional[Organisation]:
        return next((o for o in self.organisations if o.id == org_id), None)

    def participant(self, person_id: Optional[str]) -> Optional[Participant]:
        return next((p for p in self.participants if p.id == person_id), None)

    def table(self, table_id: str) -> Optional[CafeTable]:
        return next((t for t in self.cafe.tables if t.id == table_id), None)

    def introduction(self, org_id: str) -> Optional[Introduction]:
        return next((i for i in self.introductions if i.organisation_id == org_id), None)
