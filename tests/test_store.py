"""The store's guarantees, on both engines: the laptop's SQLite and the region's PostgreSQL (a throwaway
cluster from tests/pg.py; skipped with the reason where its server is not installed)."""
import multiprocessing
import sqlite3
import threading
import time

import pytest

from kit.core import ops
from kit.i18n import translator
from kit.core.live import LiveState
from kit.core.store import SCHEMA_VERSION, EveningExists, EveningNotFound, Store, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """(db URL or None, data folder): what open_store is given for each engine."""
    if request.param == "sqlite":
        return None, str(tmp_path / "data")
    return request.getfixturevalue("pg_url"), str(tmp_path / "data")


@pytest.fixture
def store(target):
    s = open_store(*target)
    yield s
    s.close()


def new(store: Store, title: str = "Ilta") -> str:
    ev = ops.new_evening(title, "2026-11-24", "fi", translator("fi"), {e.id for e in store.evenings()})
    store.put(ev)
    return ev.id


def test_a_saved_input_is_there_for_a_new_connection(store):
    eid = new(store)
    table = store.change(eid, ops.add_table, "Tilat")
    store.change(eid, ops.add_idea, table.id, 1, "Koulut auki iltaisin")
    # no close(), no flush: as if the kernel died right after pressing Enter
    second = store.reopen()
    assert [i.text for i in second.load(eid).cafe.ideas] == ["Koulut auki iltaisin"]
    second.close()


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
    assert store.revision("nope") == 0 and not store.exists("nope")


def test_an_input_is_on_disk_when_the_call_returns(store):
    if isinstance(store, Store) and hasattr(store, "db"):
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2
    else:  # the test cluster turns synchronous_commit off for speed; the kit's sessions turn it back on
        with store.pool.connection() as conn:
            assert conn.execute("SHOW synchronous_commit").fetchone()[0] == "on"


def test_current_evening_is_chosen_or_newest(store):
    a = new(store, "A")
    b = ops.new_evening("B", "2027-01-10", "fi", translator("fi"), set())
    undated = ops.new_evening("C", "", "fi", translator("fi"), set())
    undated.evening.date = None
    store.put(b)
    store.put(undated)
    assert [e.id for e in store.evenings()] == [b.id, a, undated.id]  # newest first, undated last
    assert store.current_evening() == b.id
    store.set_setting("current_evening", a)
    assert store.current_evening() == a


def test_an_evening_is_replaced_only_when_asked(store):
    eid = new(store)
    ev = store.load(eid)
    ev.evening.title = "Toinen"
    with pytest.raises(EveningExists):
        store.put(ev, replace=False)
    assert store.load(eid).evening.title == "Ilta"
    store.put(ev)
    assert store.load(eid).evening.title == "Toinen" and store.revision(eid) == 2


def test_settings_first_one_wins(store):
    assert store.setting("x", "none") == "none"
    assert store.setting_or_set("x", "a") == "a"
    assert store.setting_or_set("x", "b") == "a"
    store.set_setting("x", "c")
    assert store.setting("x") == "c"


def test_live_state_moves_the_revision(store):
    eid = new(store)
    before = store.revision(eid)

    def speak(live: LiveState, ev, who: str) -> str:
        live.phase = "introductions"
        return who
    assert store.change_live(eid, speak, "o1") == "o1"
    assert store.live(eid).phase == "introductions" and store.revision(eid) == before + 1


def test_a_phones_request_is_stored_once_with_its_ledger(store):
    eid = new(store)
    table = store.change(eid, ops.add_table, "Tilat")

    def add(ev, ledger):
        idea = ops.add_idea(ev, table.id, 1, "Sali")
        ledger.setdefault("ideas", {})[idea.id] = "phone-a"
        return {"idea": idea.id}

    def broken(ev, ledger):
        ops.add_idea(ev, table.id, 1, "half")
        ledger["broken"] = True
        raise ops.InputError("Write something first.")
    first = store.capture_change(eid, "key-1", add)
    revision = store.revision(eid)
    assert store.capture_change(eid, "key-1", add) == (first[0], True)  # a retry: the first answer, no change
    assert store.revision(eid) == revision
    results = store.capture_batch(eid, [("key-2", broken), ("key-3", add)])
    assert isinstance(results[0], ops.InputError) and results[1][1] is False
    assert [i.text for i in store.load(eid).cafe.ideas] == ["Sali", "Sali"]
    assert "broken" not in store.capture_ledger(eid) and len(store.capture_ledger(eid)["ideas"]) == 2
    store.delete(eid)
    assert store.capture_ledger(eid) == {} and not store.exists(eid)
    store.put(ops.new_evening("Ilta", "2026-11-24", "fi", translator("fi"), set()))
    assert store.capture_change(eid, "key-1", lambda ev, ledger: {"ok": 1}) == ({"ok": 1}, False)  # answers went too


def test_the_register_keeps_what_a_change_leaves(store):
    def fill(entries):
        entries["martat"] = {"name": "Martat", "email": "m@example.org"}
        entries["vpk"] = {"name": "VPK"}
        return 2
    assert store.change_register(fill) == 2
    store.change_register(lambda entries: entries.pop("vpk"))
    assert store.register() == [{"name": "Martat", "email": "m@example.org"}]


def test_a_stale_form_is_refused_not_lost(store):
    """Two liaisons on the same evening: the second save, made from a form filled before the first, is refused."""
    eid = new(store)
    other = store.reopen()
    shown = {"title": store.load(eid).evening.title}
    other.change(eid, ops.update_info, shown, title="Ensimmäisen muutos")
    with pytest.raises(ops.StaleEdit):
        store.change(eid, ops.update_info, shown, title="Toisen muutos")
    assert store.load(eid).evening.title == "Ensimmäisen muutos"
    other.close()


def _add_ideas(target: tuple, eid: str, table_id: str, worker: int, count: int) -> None:
    s = open_store(*target)
    for n in range(count):
        s.change(eid, ops.add_idea, table_id, 1, f"w{worker}-{n}")
    s.close()


def test_several_processes_writing_at_once_lose_nothing(store, target):
    eid = new(store)
    table = store.change(eid, ops.add_table, "Pöytä")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_ideas, args=(target, eid, table.id, w, 40)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(60)
        assert p.exitcode == 0
    texts = sorted(i.text for i in store.load(eid).cafe.ideas)
    assert texts == sorted(f"w{w}-{n}" for w in range(4) for n in range(40))
    assert len({i.id for i in store.load(eid).cafe.ideas}) == 160


def test_a_change_locks_its_evening_only(store):
    """PostgreSQL: a slow change on one evening holds a row lock; another evening is changed meanwhile, and a
    second change of the same evening waits for it and then sees it (SQLite has one writer: skipped)."""
    if not hasattr(store, "pool"):
        pytest.skip("SQLite serialises all writers by design")
    slow, quick = new(store, "A"), new(store, "B")
    inside, release = threading.Event(), threading.Event()

    def hold(ev):
        ev.evening.title = "A muutettu"
        inside.set()
        release.wait(10)

    worker = threading.Thread(target=store.change, args=(slow, hold))
    worker.start()
    assert inside.wait(10)
    other = store.reopen()
    t0 = time.monotonic()
    other.change(quick, ops.update_info, title="B muutettu")
    assert time.monotonic() - t0 < 2  # not blocked by the other evening's transaction
    waiting = threading.Thread(target=other.change, args=(slow, ops.update_info), kwargs={"title": "A2"})
    waiting.start()
    time.sleep(0.3)
    assert waiting.is_alive()  # the same evening waits for the first change
    release.set()
    worker.join(10)
    waiting.join(10)
    assert store.load(slow).evening.title == "A2" and store.revision(slow) == 3
    other.close()


def test_sqlite_schema_version_is_recorded(tmp_path):
    Store(tmp_path).close()
    db = sqlite3.connect(tmp_path / "kit.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"evenings", "settings", "register", "capture_ledger", "capture_requests"} <= tables
