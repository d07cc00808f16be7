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
from typing import NamedTuple, Optional

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


class _Said(NamedTuple):
    """What a copy in one direction says for each outcome (the other direction's words differ)."""
    copied: str  # the receiving side had no such evening
    same: str  # both sides already have this version
    updated: str  # the receiving side's copy was still the base
    refused: str  # the receiving side changed since the base, and the sending side did not


def _copy(source: Store, target: Store, local: Store, key: str, evening_id: str, said: _Said) -> tuple[str, dict]:
    """Copy one evening from source to target unless the target's copy changed since the base (local keeps it)."""
    ev = source.load(evening_id)
    sent = digest(ev)
    base: Optional[str] = local.setting(key) or None
    params = {"id": evening_id}
    if not target.exists(evening_id):
        target.put(ev, replace=False)
        local.set_setting(key, sent)
        return said.copied, params
    there = digest(target.load(evening_id))
    if there == sent:
        local.set_setting(key, sent)
        return said.same, params
    if there == base:
        target.change(evening_id, _replace, there, ev)
        local.set_setting(key, sent)
        return said.updated, params
    if sent == base:
        raise SyncRefused(said.refused, **params)
    raise SyncRefused(N_("{id} was changed both on this laptop and in the regional store since they last agreed. "
                         "Nothing was sent or taken, and nothing is merged: compare the two with `kit export` "
                         "(with and without --db), keep one, and import it into the other place with --replace."),
                      **params)


def push(local: Store, remote: Store, evening_id: str) -> tuple[str, dict]:
    """Send the laptop's evening to the region; (message, params) of what was done."""
    if remote.municipality and not (local.load(evening_id).evening.municipality or "").strip():
        def own(e: Evening) -> None:  # every evening in a region belongs to a municipality: the laptop's copy too
            e.evening.municipality = remote.municipality
        local.change(evening_id, own)
    return _copy(local, remote, local, _base_key(remote, evening_id), evening_id, _Said(
        N_("{id}: sent to the regional store."),
        N_("{id}: the regional store already has this version; nothing was sent."),
        N_("{id}: the changes were sent to the regional store."),
        N_("{id}: the regional store's copy changed since it was last sent from here, and this laptop's did not. "
           "Nothing was sent; take the newer copy with `kit pull {id}`.")))


def pull(local: Store, remote: Store, evening_id: str) -> tuple[str, dict]:
    """Bring the region's evening to the laptop; (message, params) of what was done."""
    return _copy(remote, local, local, _base_key(remote, evening_id), evening_id, _Said(
        N_("{id}: brought from the regional store."),
        N_("{id}: this laptop already has the regional store's version; nothing was changed."),
        N_("{id}: the regional store's changes were brought to this laptop."),
        N_("{id}: this laptop's copy has changes that were not sent, and the regional store's did not change. "
           "Nothing was taken; send them with `kit push {id}`.")))

