import multiprocessing
import sqlite3

import pytest

from kit.core import ops
from kit.i18n import translator
from kit.core.store import SCHEMA_VERSION, EveningNotFound, Store


def new(store: Store, title: str = "Ilta") -> str:
    ev = ops.new_evening(title, "2026-11-24", "fi", translator("fi"), {e.id for e in store.evenings()})
    store.put(ev)
    return ev.id


def test_a_saved_input_is_there_for_a_new_connection(tmp_path):
    first = Store(tmp_path)
    eid = new(first)
    table = first.change(eid, ops.add_table, "Tilat")
    first.change(eid, ops.add_idea, table.id, 1, "Koulut auki iltaisin")
    # no close(), no flush: as if the kernel died right after pressing Enter
    second = Store(tmp_path)
    assert [i.text for i in second.load(eid).cafe.ideas] == ["Koulut auki iltaisin"]


def test_every_change_bumps_the_revision(store):
    eid = new(store)
    before = store.revision(eid)
    store.change(eid, ops.add_walk_in, "Aino", "Martat")
    assert store.revision(eid) == before + 1


def test_a_refused_change_stores_nothing(store):
    eid = new(store)
    before = store.load(eid), store.revision(eid)
    with pytest.raises(ops.InputError):
        store.change(eid, ops.add_idea, "no-such-table", 1, "idea")
    assert (store.load(eid), store.revision(eid)) == before


def test_unknown_evening(store):
    with pytest.raises(EveningNotFound):
        store.change("nope", ops.vote, "i1")


def test_store_uses_wal_and_full_sync(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_current_evening_is_chosen_or_newest(store):
    a = new(store, "A")
    b = ops.new_evening("B", "2027-01-10", "fi", translator("fi"), set())
    store.put(b)
    assert store.current_evening() == b.id
    store.set_setting("current_evening", a)
    assert store.current_evening() == a


def _add_ideas(path: str, eid: str, table_id: str, worker: int, count: int) -> None:
    s = Store(path)
    for n in range(count):
        s.change(eid, ops.add_idea, table_id, 1, f"w{worker}-{n}")


def test_several_processes_writing_at_once_lose_nothing(tmp_path):
    store = Store(tmp_path)
    eid = new(store)
    table = store.change(eid, ops.add_table, "Pöytä")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_ideas, args=(str(tmp_path), eid, table.id, w, 40)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    texts = sorted(i.text for i in store.load(eid).cafe.ideas)
    assert texts == sorted(f"w{w}-{n}" for w in range(4) for n in range(40))
    assert len({i.id for i in store.load(eid).cafe.ideas}) == 160


def test_schema_version_is_recorded(tmp_path):
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / "kit.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"evenings", "settings", "register", "capture_ledger", "capture_requests"} <= tables
