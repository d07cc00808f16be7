"""The live evening: what the projector shows now, who is speaking, and the running timers.

Kept in the store beside the evening (not in the evening file: it is the state of a room, not of a
record), so every tab, the projector and a restarted `kit start` see the same speaker and time.
Timers count on the wall clock: a timer started in one process is read in another.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from kit.core.model import Evening
from kit.core.ops import speaking_order
from kit.core.timer import Countdown

# What the projector can show, in the order of an evening. "break" shows the break timer.
PHASES = ("welcome", "introductions", "cafe", "break", "voting", "summary", "feedback", "closing")
PHASE_OF_AGENDA_KIND = {"introductions": "introductions", "cafe": "cafe", "summary": "summary",
                        "feedback": "feedback", "break": "break"}
TIMERS = {"speaker": 120.0, "cafe": 20 * 60.0, "break": 15 * 60.0}  # default lengths in seconds


@dataclass
class LiveState:
    phase: str = "welcome"
    agenda_index: Optional[int] = None  # the programme item now
    speaker: Optional[str] = None  # organisation id of the one speaking
    votes_revealed: bool = False
    dark: bool = False  # the projector's theme
    timers: dict[str, Countdown] = field(default_factory=dict)

    def timer(self, name: str) -> Countdown:
        """Timer `name` as stored, or a new one of its default length; store it back with `self.timers[name] = …`."""
        return self.timers.get(name) or Countdown(TIMERS[name])

    def to_dict(self) -> dict:
        return {"phase": self.phase, "agenda_index": self.agenda_index, "speaker": self.speaker,
                "votes_revealed": self.votes_revealed, "dark": self.dark, "timers": {k: c.to_dict() for k, c in self.timers.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> "LiveState":
        timers = {k: Countdown(v["seconds"], ends_at=v.get("ends_at"), left=v.get("left")) for k, v in (data.get("timers") or {}).items() if k in TIMERS}
        phase = data.get("phase") if data.get("phase") in PHASES else "welcome"
        return cls(phase=phase, agenda_index=data.get("agenda_index"), speaker=data.get("speaker"),
                   votes_revealed=bool(data.get("votes_revealed")), dark=bool(data.get("dark")), timers=timers)


def speaker(live: LiveState, ev: Evening) -> Optional[str]:
    """The organisation speaking now: the one chosen, else the first present who has not spoken, else the first."""
    order = [o.id for o in speaking_order(ev)]
    if live.speaker in order:
        return live.speaker
    heard = {i.organisation_id for i in ev.introductions}
    return next((o for o in order if o not in heard), order[0] if order else None)


# Changes: each runs inside Store.change_live, in one transaction, with the evening as it is stored.
def set_phase(live: LiveState, ev: Evening, phase: str) -> None:
    if phase not in PHASES:
        raise KeyError(phase)
    live.phase = phase
    index = next((i for i, item in enumerate(ev.agenda) if PHASE_OF_AGENDA_KIND.get(item.kind) == phase), None)
    if index is not None:
        live.agenda_index = index


def set_agenda_now(live: LiveState, ev: Evening, index: Optional[int]) -> None:
    """The programme item now; the projector follows its kind (a talk or coffee shows the welcome)."""
    if index is not None and not 0 <= index < len(ev.agenda):
        return
    live.agenda_index = index
    live.phase = PHASE_OF_AGENDA_KIND.get(ev.agenda[index].kind, "welcome") if index is not None else "welcome"


def set_speaker(live: LiveState, ev: Evening, org_id: Optional[str]) -> None:
    """A new speaker gets a fresh speaker timer of the same length; choosing the same one changes nothing."""
    if org_id == live.speaker or (org_id is not None and ev.organisation(org_id) is None):
        return
    first, live.speaker = live.speaker is None, org_id
    if first:  # the speaker shown by default is now chosen: their running time goes on
        return
    c = live.timer("speaker")
    c.reset()
    live.timers["speaker"] = c


def timer_action(live: LiveState, ev: Evening, name: str, action: str, seconds: Optional[float] = None) -> None:
    """start, pause, toggle, reset (optionally to a new length) or add `seconds` to timer `name`."""
    c = live.timer(name)
    if action == "toggle":
        action = "pause" if c.running else "start"
    if action == "start":
        c.start()
    elif action == "pause":
        c.pause()
    elif action == "reset":
        c.reset(seconds)
    elif action == "add":
        c.add(seconds or 0)
    else:
        raise KeyError(action)
    live.timers[name] = c


def reveal_votes(live: LiveState, ev: Evening, revealed: bool) -> None:
    live.votes_revealed = revealed


def set_dark(live: LiveState, ev: Evening, dark: bool) -> None:
    live.dark = dark
