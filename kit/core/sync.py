"""Offline first: an evening is run on the laptop, then pushed to the region's store, or pulled back from it.

Each side's evening is compared by a digest of its content. The laptop remembers, per evening and region, the
digest both sides had when they last agreed (the base). A push sends the laptop's copy only when the region's
copy is still the base; a pull takes the region's only when the laptop's is. When both changed since the base
(or there is no base and they differ), nothing is sent or taken: a conflict is refused with a message, never
merged. Pushing or pulling what is already the same changes nothing (no new revision). The replacement itself
runs inside the receiving store's change(): its row lock and a second look at the digest make sure nobody
changed that copy between the comparison and the write.

Only the evening's document travels (the jarjestoilta/1 content); the phones' ledger and the live state stay
with the store that ran the evening.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from typing import Optional

from kit.core import evening_file
from kit.core.model import Evening
from kit.core.store import Store
from kit.i18n import N_, UserError


class SyncRefused(UserError):
    """Nothing was sent or taken; the message says why and what to do."""


def digest(ev: Evening) -> str:
    text = json.dumps(evening_file.to_dict(ev), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _base_key(remote: Store, evening_id: str) -> str:
    return f"synced:{remote.path}:{remote.municipality or ''}:{evening_id}"


def _replace(ev: Evening, expected: str, new: Evening) -> None:
    """Inside the receiving store's transaction: replace the evening if it is still the one compared."""
    if digest(ev) != expected:
        raise SyncRefused(N_("The evening “{id}” changed while it was being compared; nothing was changed. "
                             "Try again."), id=ev.id)
    for f in fields(Evening):
        setattr(ev, f.name, getattr(new, f.name))


def push(local: Store, remote: Store, evening_id: str) -> tuple[str, dict]:
    """Send the laptop's evening to the region; (message, params) of what was done."""
    ev = local.load(evening_id)
    if remote.municipality and not (ev.evening.municipality or "").strip():
        def own(e: Evening) -> None:  # every evening in a region belongs to a municipality: the laptop's copy too
            e.evening.municipality = remote.municipality
        local.change(evening_id, own)
        ev = local.load(evening_id)
    mine, key = digest(ev), _base_key(remote, evening_id)
    base: Optional[str] = local.setting(key) or None
    if not remote.exists(evening_id):
        remote.put(ev, replace=False)
        local.set_setting(key, mine)
        return N_("{id}: sent to the regional store."), {"id": evening_id}
    theirs = digest(remote.load(evening_id))
    if theirs == mine:
        local.set_setting(key, mine)
        return N_("{id}: the regional store already has this version; nothing was sent."), {"id": evening_id}
    if theirs == base:
        remote.change(evening_id, _replace, theirs, ev)
        local.set_setting(key, mine)
        return N_("{id}: the changes were sent to the regional store."), {"id": evening_id}
    if mine == base:
        raise SyncRefused(N_("{id}: the regional store's copy changed since it was last sent from here, and this "
                             "laptop's did not. Nothing was sent; take the newer copy with `kit pull {id}`."),
                          id=evening_id)
    raise _conflict(evening_id)


def pull(local: Store, remote: Store, evening_id: str) -> tuple[str, dict]:
    """Bring the region's evening to the laptop; (message, params) of what was done."""
    ev = remote.load(evening_id)
    theirs, key = digest(ev), _base_key(remote, evening_id)
    base: Optional[str] = local.setting(key) or None
    if not local.exists(evening_id):
        local.put(ev, replace=False)
        local.set_setting(key, theirs)
        return N_("{id}: brought from the regional store."), {"id": evening_id}
    mine = digest(local.load(evening_id))
    if mine == theirs:
        local.set_setting(key, theirs)
        return N_("{id}: this laptop already has the regional store's version; nothing was changed."), \
            {"id": evening_id}
    if mine == base:
        local.change(evening_id, _replace, mine, ev)
        local.set_setting(key, theirs)
        return N_("{id}: the regional store's changes were brought to this laptop."), {"id": evening_id}
    if theirs == base:
        raise SyncRefused(N_("{id}: this laptop's copy has changes that were not sent, and the regional store's "
                             "did not change. Nothing was taken; send them with `kit push {id}`."), id=evening_id)
    raise _conflict(evening_id)


def _conflict(evening_id: str) -> SyncRefused:
    return SyncRefused(N_("{id} was changed both on this laptop and in the regional store since they last agreed. "
                          "Nothing was sent or taken, and nothing is merged: compare the two with `kit export` "
                          "(with and without --db), keep one, and import it into the other place with --replace."),
                       id=evening_id)
