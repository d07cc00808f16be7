"""Capture from phones: what a device may do to the open evening, and what it may see.

Everything here is plain Python on the model; `server` puts it on the network. A device's id is
issued by the laptop when the phone joins, signed with a secret kept in the store's settings, and
names its voter: the address it first joined from. Dots and feedback belong to the voter, so a
private tab or cleared storage on the same phone gets its old dots back, not a new set. The ledger
(stored beside the evening, never in the evening file) remembers which ideas a device wrote, where
a voter's dots are and which feedback is theirs, so a host edits only their own ideas and a voter
places at most `votes_per_person` dots.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import socket
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from kit.core import ops
from kit.i18n import N_
from kit.core.model import Evening, Feedback
from kit.core.store import Store

IDEA_MAX = 600  # characters; a phone is for short ideas, the laptop for essays
COMMENT_MAX = 1000
BODY_MAX = 16_384  # bytes per request
INCOMPLETE = N_("The request is incomplete. Reload the page and try again.")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def new_join_code() -> str:
    return f"{secrets.randbelow(10 ** 6):06d}"


def show_code(code: str) -> str:
    """482913 → 482 913: easier to read from the back of a hall."""
    return f"{code[:3]} {code[3:]}"


def code_matches(given: Optional[str], expected: str) -> bool:
    given = re.sub(r"\s", "", given or "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def check_token(value: Any) -> str:
    """Idempotency keys: short random strings a browser made."""
    if not isinstance(value, str) or not _TOKEN.match(value):
        raise ops.InputError(INCOMPLETE)
    return value


_DEVICE = re.compile(r"^([0-9a-f]{10})\.([0-9a-f]{12})\.([0-9a-f]{20})$")  # voter . random . signature
JOIN_AGAIN = N_("This phone must join again. Type the join code.")


class UnknownDevice(ops.InputError):
    """A device id this laptop did not issue for this evening."""


def capture_secret(store: Store) -> str:
    """The key device ids are signed with, made the first time anyone asks; never leaves the laptop."""
    return store.setting("capture_secret") or store.setting_or_set("capture_secret", secrets.token_hex(32))


def _sign(secret: str, *parts: str) -> str:
    return hmac.new(secret.encode(), "|".join(parts).encode(), hashlib.sha256).hexdigest()


def issue_device(secret: str, evening_id: str, address: str) -> str:
    """A new device id; every device from one address has the same voter, so the same dots."""
    voter = _sign(secret, "voter", evening_id, address)[:10]
    nonce = secrets.token_hex(6)
    return f"{voter}.{nonce}.{_sign(secret, 'device', evening_id, voter, nonce)[:20]}"


def check_device(secret: str, evening_id: str, device: object) -> str:
    """The device id if this laptop issued it for this evening; else UnknownDevice."""
    found = _DEVICE.match(device) if isinstance(device, str) else None
    if not found or not hmac.compare_digest(found[3], _sign(secret, "device", evening_id, found[1], found[2])[:20]):
        raise UnknownDevice(JOIN_AGAIN)
    return device


def voter(device: str) -> str:
    """Whose dots and feedback a device's are: the part of its id that names the address it joined from."""
    return device.split(".")[0]


@dataclass
class Ledger:
    ideas: dict[str, str] = field(default_factory=dict)  # idea id → device that wrote it
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # voter → idea id → dots
    feedback: dict[str, int] = field(default_factory=dict)  # voter → index in evening.feedback

    @classmethod
    def from_dict(cls, d: dict) -> "Ledger":
        return cls(dict(d.get("ideas", {})), {k: dict(v) for k, v in d.get("votes", {}).items()},
                   dict(d.get("feedback", {})))

    def to_dict(self) -> dict:
        return {"ideas": self.ideas, "votes": self.votes, "feedback": self.feedback}

    def dots_used(self, ev: Evening, who: str) -> int:
        alive = {i.id for i in ev.cafe.ideas}
        return sum(n for idea_id, n in self.votes.get(who, {}).items() if idea_id in alive)


FIELDS = {  # what each action carries, and of which type: checked before the request reaches a transaction
    "add_idea": {"table": str, "round": int, "text": str},
    "edit_idea": {"idea": str, "text": str},
    "withdraw_idea": {"idea": str},
    "vote": {"idea": str, "step": int},
    "feedback": {"rating": int, "comment": (str, type(None))},
}


def check_body(body: dict) -> None:
    """Refuse a request whose fields have the wrong types (text as a number, a comment as an object, 5.0)."""
    fields = FIELDS.get(body.get("action"))
    if fields is None:
        raise ops.InputError(N_("Unknown action."))
    for name, kind in fields.items():
        value = body.get(name, None if name == "comment" else ...)
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ops.InputError(N_("Choose a rating from 1 to 5.") if name == "rating" else INCOMPLETE)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ops.InputError(INCOMPLETE)
    return value


def _own_idea(ev: Evening, ledger: Ledger, device: str, idea_id: Any) -> str:
    if not isinstance(idea_id, str) or ledger.ideas.get(idea_id) != device:
        raise ops.InputError(N_("Only the device that wrote an idea can change it."))
    ops._idea(ev, idea_id)
    return idea_id


def merge_ideas(ev: Evening, ledger_doc: dict, keep_id: str, other_id: str) -> ops.Removed:
    """Two ideas merged on the laptop: the phones' dots on the other move with its votes to the kept one, so a
    phone can neither place them again nor lose the right to take them back. What moved is kept for Undo."""
    removed = ops.merge_ideas(ev, keep_id, other_id)
    ledger = Ledger.from_dict(ledger_doc)
    moved = {who: dots.pop(other_id) for who, dots in ledger.votes.items() if other_id in dots}
    for who, n in moved.items():
        ledger.votes[who][keep_id] = ledger.votes[who].get(keep_id, 0) + n
    removed.extra.update(moved=moved, author=ledger.ideas.pop(other_id, None))
    _keep(ledger, ledger_doc)
    return removed


def unmerge_ideas(ev: Evening, ledger_doc: dict, removed: ops.Removed) -> None:
    """Undo a merge: the idea, its votes and the phones' dots on it come back."""
    ops.restore(ev, removed)
    ledger, keep_id, idea_id = Ledger.from_dict(ledger_doc), removed.extra["into"], removed.item.id
    for who, n in removed.extra.get("moved", {}).items():
        dots = ledger.votes.setdefault(who, {})
        back = min(n, dots.get(keep_id, 0))  # a dot taken away since stays away
        dots[keep_id] = dots.get(keep_id, 0) - back
        dots[idea_id] = back
    if removed.extra.get("author"):
        ledger.ideas[idea_id] = removed.extra["author"]
    _keep(ledger, ledger_doc)


def _keep(ledger: Ledger, ledger_doc: dict) -> None:
    """The ledger written back into the document the store's transaction saves."""
    ledger_doc.clear()
    ledger_doc.update(ledger.to_dict())


def apply(ev: Evening, ledger: Ledger, device: str, body: dict) -> dict:
    """Carry out one capture action on the evening and the ledger; returns what the device is told."""
    check_body(body)
    action = body.get("action")
    if action == "add_idea":
        table, text = body.get("table"), ops.clean(body.get("text"), IDEA_MAX)
        idea = ops.add_idea(ev, table if isinstance(table, str) else "", _int(body.get("round")), text)
        ledger.ideas[idea.id] = device
        return {"idea": idea.id}
    if action == "edit_idea":
        ops.edit_idea(ev, _own_idea(ev, ledger, device, body.get("idea")), ops.clean(body.get("text"), IDEA_MAX))
        return {"idea": body["idea"]}
    if action == "withdraw_idea":
        idea_id = _own_idea(ev, ledger, device, body.get("idea"))
        ops.remove_idea(ev, idea_id)
        del ledger.ideas[idea_id]
        for dots in ledger.votes.values():
            dots.pop(idea_id, None)
        return {"idea": idea_id}
    if action == "vote":
        idea_id, step = body.get("idea"), _int(body.get("step"))
        if not isinstance(idea_id, str) or step not in (1, -1):
            raise ops.InputError(INCOMPLETE)
        ops._idea(ev, idea_id)
        mine = ledger.votes.setdefault(voter(device), {})
        if step == 1 and ledger.dots_used(ev, voter(device)) >= ev.cafe.votes_per_person:
            raise ops.InputError(N_("You have placed all your dots ({n}). Take one away to move it."),
                                 n=ev.cafe.votes_per_person)
        if step == -1 and not mine.get(idea_id):
            raise ops.InputError(N_("You have no dot on that idea."))
        mine[idea_id] = mine.get(idea_id, 0) + step
        ops.vote(ev, idea_id, step)
        return {"votes": next(i.votes for i in ev.cafe.ideas if i.id == idea_id)}
    if action == "feedback":
        rating = body.get("rating")
        if isinstance(rating, bool) or rating not in (1, 2, 3, 4, 5):
            raise ops.InputError(N_("Choose a rating from 1 to 5."))
        given = Feedback(rating=rating, comment=ops.optional(body.get("comment"), COMMENT_MAX))
        index = ledger.feedback.get(voter(device))
        if index is not None and index < len(ev.feedback):
            ev.feedback[index] = given  # a second send changes one's own feedback, never adds another
        else:
            ledger.feedback[voter(device)] = len(ev.feedback)
            ev.feedback.append(given)
        return {}
    raise ops.InputError(N_("Unknown action."))


def change(device: str, body: dict) -> Callable[[Evening, dict], dict]:
    """The function `Store.capture_change` runs inside its transaction."""
    def run(ev: Evening, ledger_doc: dict) -> dict:
        ledger = Ledger.from_dict(ledger_doc)
        response = apply(ev, ledger, device, body)
        _keep(ledger, ledger_doc)
        return response
    return run


def join_code(store: Store, evening_id: str) -> str:
    """The evening's join code, made the first time anyone asks."""
    return store.setting(f"join_code:{evening_id}") or store.setting_or_set(f"join_code:{evening_id}",
                                                                             new_join_code())


def voters(store: Store, evening_id: str) -> int:
    """How many phones have placed at least one dot this evening."""
    ledger = Ledger.from_dict(store.capture_ledger(evening_id))
    return sum(1 for dots in ledger.votes.values() if any(dots.values()))


def change_join_code(store: Store, evening_id: str) -> str:
    """A new code; devices holding the old one are refused from their next request on."""
    code = new_join_code()
    store.set_setting(f"join_code:{evening_id}", code)
    return code


def public_state(ev: Evening, ledger: Ledger, device: str, revision: int) -> dict:
    """What a device sees: tables, rounds and ideas, its own marks — no names, e-mails or consents."""
    mine = ledger.votes.get(voter(device), {})
    index = ledger.feedback.get(voter(device))
    feedback = ev.feedback[index] if index is not None and index < len(ev.feedback) else None
    return {
        "evening": {"id": ev.id, "title": ev.evening.title, "language": ev.evening.language},
        "revision": revision,
        "rounds": ev.cafe.rounds,
        "round": ev.cafe.current_round,
        "votes_per_person": ev.cafe.votes_per_person,
        "votes_left": max(0, ev.cafe.votes_per_person - ledger.dots_used(ev, voter(device))),
        "tables": [{"id": t.id, "theme": t.theme} for t in ev.cafe.tables],
        "ideas": [{"id": i.id, "table": i.table_id, "round": i.round, "text": i.text, "votes": i.votes,
                   "mine": ledger.ideas.get(i.id) == device, "my_votes": mine.get(i.id, 0)}
                  for i in ev.cafe.ideas],
        "feedback": None if feedback is None else {"rating": feedback.rating, "comment": feedback.comment or ""},
    }


class RateLimiter:
    """Token buckets by key: `rate` requests a second on average, bursts up to `burst`."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.buckets: dict[str, tuple[float, float]] = {}

    def _tokens(self, key: str, now: float) -> float:
        tokens, then = self.buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - then) * self.rate)

    def blocked(self, key: str, now: Optional[float] = None) -> bool:
        return self._tokens(key, time.monotonic() if now is None else now) < 1

    def allow(self, key: str, now: Optional[float] = None) -> bool:
        now = time.monotonic() if now is None else now
        tokens = self._tokens(key, now)
        if len(self.buckets) > 10_000:  # a flood of made-up keys must not grow memory without end
            self.buckets.clear()
        if tokens < 1:
            self.buckets[key] = (tokens, now)
            return False
        self.buckets[key] = (tokens - 1, now)
        return True


def lan_address() -> str:
    """This laptop's address on the local network (Wi-Fi or a phone's hotspot); no packet is sent."""
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                address = s.getsockname()[0]
                if not address.startswith("127."):
                    return address
        except OSError:
            continue
    try:
        return next(a for *_x, (a, *_p) in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
                    if not a.startswith("127."))
    except (OSError, StopIteration):
        return "127.0.0.1"


def qr_svg(text: str) -> str:
    """A QR code as inline SVG, drawn by the `qrcode` library."""
    import qrcode
    import qrcode.image.svg
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")
