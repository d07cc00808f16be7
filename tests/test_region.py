"""A region on PostgreSQL: municipalities kept apart by the database itself, the coordinator's reading of all,
and schema upgrades (a throwaway cluster from tests/pg.py)."""
from __future__ import annotations

import psycopg
import pytest

from kit.core import ops, pgstore
from kit.core.store import EveningNotFound, StoreError, open_store
from kit.i18n import translator
from kit.screens import SCREEN_CLASSES
from kit.screens.start import StartScreen

from .test_screens import all_html, find


@pytest.fixture
def region(pg_url, pg_region):
    """Stores of the Testikunta liaison, an Oulu liaison and a coordinator, on an emptied region."""
    cluster, admin = pg_region
    pgstore.add_member(admin, "kit_test_oulu", "Oulu")
    pgstore.add_member(admin, "kit_test_coordinator", coordinator=True)
    stores = {"own": open_store(pg_url), "oulu": open_store(cluster.url("kit_tests", "kit_test_oulu")),
              "coordinator": open_store(cluster.url("kit_tests", "kit_test_coordinator"))}
    yield stores
    for s in stores.values():
        s.close()


def evening(title: str, municipality: str | None = None, date: str = "2026-11-24"):
    return ops.new_evening(title, date, "fi", translator("fi"), set(), municipality=municipality)


def test_a_liaison_sees_and_changes_only_their_municipality(region):
    own, oulu = region["own"], region["oulu"]
    mine, theirs = evening("Meidän ilta"), evening("Oulun ilta", "Oulu")
    theirs.evening.id = mine.id  # the same id in two municipalities: two evenings
    own.put(mine)
    oulu.put(theirs)
    assert own.load(mine.id).evening.title == "Meidän ilta" and own.load(mine.id).evening.municipality == "Testikunta"
    assert oulu.load(mine.id).evening.title == "Oulun ilta"
    oulu.change(mine.id, ops.update_info, title="Oulun muutos")
    assert own.load(mine.id).evening.title == "Meidän ilta" and [e.title for e in own.evenings()] == ["Meidän ilta"]
    own.change_register(lambda entries: entries.update(martat={"name": "Martat"}))
    assert oulu.register() == [] and own.register() == [{"name": "Martat"}]
    own.set_setting("live_evening", mine.id)
    assert oulu.setting("live_evening") == ""


def test_hand_written_sql_through_the_kits_own_connection_cannot_reach_another_municipality(region):
    own, oulu = region["own"], region["oulu"]
    oulu.put(evening("Oulun ilta", "Oulu"))
    oulu.change_register(lambda entries: entries.update(vpk={"name": "Oulun VPK"}))
    own.put(evening("Meidän ilta"))
    with own.pool.connection() as conn:
        assert conn.execute("SELECT municipality FROM evenings").fetchall() == [("Testikunta",)]
        assert conn.execute("SELECT count(*) FROM evenings WHERE municipality = 'Oulu'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM register").fetchone()[0] == 0
        conn.execute("SET app.municipality = 'Oulu'")  # a setting the session makes up changes nothing
        assert conn.execute("SELECT count(*) FROM evenings").fetchone()[0] == 1
        assert conn.execute("UPDATE evenings SET doc = doc WHERE municipality = 'Oulu'").rowcount == 0
        assert conn.execute("DELETE FROM evenings WHERE municipality = 'Oulu'").rowcount == 0
        for forbidden in ("SET ROLE kit_coordinator", "SET SESSION AUTHORIZATION kit_test_oulu",
                          "SELECT * FROM kit_members", "ALTER TABLE evenings DISABLE ROW LEVEL SECURITY",
                          "INSERT INTO evenings (municipality, id, doc) VALUES ('Oulu', 'x', '{}')",
                          "UPDATE evenings SET municipality = 'Oulu'", "ALTER TABLE evenings NO FORCE ROW LEVEL SECURITY"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(forbidden)
    assert [e.title for e in oulu.evenings()] == ["Oulun ilta"] and oulu.register() == [{"name": "Oulun VPK"}]


def test_an_evening_of_another_municipality_is_refused_with_a_message(region):
    with pytest.raises(StoreError) as refused:
        region["own"].put(evening("Väärä", "Oulu"))
    assert "Oulu" in refused.value.text(translator("en")) and region["own"].evenings() == []
    ev = evening("Oma")
    region["own"].put(ev)
    with pytest.raises(StoreError):
        region["own"].change(ev.id, ops.update_info, municipality="Oulu")
    assert region["own"].load(ev.id).evening.municipality == "Testikunta"


def test_the_coordinator_reads_every_municipality_and_changes_none(region):
    region["own"].put(evening("Meidän ilta"))
    region["oulu"].put(evening("Oulun ilta", "Oulu", "2026-10-01"))
    coordinator = region["coordinator"]
    assert coordinator.municipality is None and coordinator.coordinator
    assert [e.title for e in coordinator.evenings()] == ["Meidän ilta", "Oulun ilta"]
    assert [e.evening.municipality for e in coordinator.load_all()] == ["Oulu", "Testikunta"]
    assert [e.evening.municipality for e in coordinator.load_all(2025)] == []
    eid = coordinator.evenings()[0].id
    with pytest.raises(StoreError) as refused:
        coordinator.change(eid, ops.update_info, title="Koordinaattorin muutos")
    assert "coordinator" in refused.value.text(translator("en"))
    with coordinator.pool.connection() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE evenings SET doc = doc")
    with pytest.raises(EveningNotFound):
        coordinator.load("no-such")


def test_two_municipalities_evenings_of_the_same_title_and_month_stay_apart_for_the_coordinator(region):
    for liaison in ("own", "oulu"):
        screen = StartScreen(region[liaison], "fi")
        find(screen.root, "kit-new-title")[0].value = "Järjestöilta"
        find(screen.root, "kit-new-date")[0].value = "24.11.2026"
        find(screen.root, "kit-create")[0].click()
    coordinator = region["coordinator"]
    ids = [e.id for e in coordinator.evenings()]
    assert len(set(ids)) == 2
    assert sorted(coordinator.load(i).evening.municipality for i in ids) == ["Oulu", "Testikunta"]


def test_the_coordinator_opens_either_of_two_municipalities_evenings_of_the_same_id(region):
    own, oulu, coordinator = region["own"], region["oulu"], region["coordinator"]
    mine, theirs = evening("Meidän ilta"), evening("Oulun ilta", "Oulu")
    theirs.evening.id = mine.id  # laptops name evenings by their title: pushed, two municipalities' ids meet
    own.put(mine)
    oulu.put(theirs)
    own.set_setting("current_evening", mine.id)
    start = StartScreen(coordinator, "fi")
    pick = find(start.root, "kit-evening-pick")[0]
    assert sorted(label for label, _key in pick.options) == ["24.11.2026 Meidän ilta (Testikunta)",
                                                                  "24.11.2026 Oulun ilta (Oulu)"]
    for title in ("Oulun ilta", "Meidän ilta", "Oulun ilta"):
        pick.value = next(key for label, key in pick.options if title in label)
        assert start.ev.evening.title == title
        for name, screen_class in SCREEN_CLASSES.items():  # each screen is a kernel of its own: it reads the choice
            screen = screen_class(coordinator, "fi")
            screen.poll()  # as its timer does: the screen then follows the evening it watches
            assert title in all_html(screen.root), name
    assert start.message.value == ""  # choosing is the coordinator's own view: nothing refused
    assert not find(start.root, "kit-create") and not find(start.root, "kit-make-live")  # they only read
    assert own.current_evening() == mine.id and oulu.current_evening() == theirs.id  # the liaisons' views stay
    with pytest.raises(StoreError):
        coordinator.change(pick.value, ops.update_info, title="Koordinaattorin muutos")
    assert oulu.load(theirs.id).evening.title == "Oulun ilta"


def test_the_coordinator_is_told_on_every_screen_that_it_only_reads(region):
    region["own"].put(evening("Meidän ilta"))
    for name, screen_class in SCREEN_CLASSES.items():
        if name == "present":  # the projector's view is the audience's, with nothing to change
            continue
        assert "ei muuta niitä" not in all_html(screen_class(region["own"], "fi").root), name
        assert "ei muuta niitä" in all_html(screen_class(region["coordinator"], "fi").root), name


def test_an_old_database_is_upgraded_and_keeps_its_evenings(pg_cluster):
    admin = pg_cluster.create_database("kit_old")
    with psycopg.connect(admin, autocommit=True) as conn:
        pgstore.migrate(conn, upto=1)  # as an earlier kit left it: no date column
        conn.execute("INSERT INTO kit_members VALUES ('kit_test_old', 'Vanhakunta')")
        conn.execute("INSERT INTO evenings (municipality, id, doc) VALUES ('Vanhakunta', 'vanha-2025-05', %s)",
                     ('{"format": "jarjestoilta/1", "evening": {"id": "vanha-2025-05", "title": "Vanha", '
                      '"municipality": "Vanhakunta", "date": "2025-05-20"}}',))
    assert pgstore.setup(admin) == (1, 3)
    pgstore.add_member(admin, "kit_test_old", "Vanhakunta")
    with psycopg.connect(admin) as conn:
        assert pgstore.schema_version(conn) == pgstore.SCHEMA_VERSION == 3
        assert conn.execute("SELECT date FROM evenings").fetchone()[0] == "2025-05-20"
    store = open_store(pg_cluster.url("kit_old", "kit_test_old"))
    assert [(e.id, e.date) for e in store.evenings()] == [("vanha-2025-05", "2025-05-20")]
    store.close()


def test_a_liaison_cannot_upgrade_the_schema_and_is_told_who_can(pg_cluster):
    admin = pg_cluster.create_database("kit_behind")
    with psycopg.connect(admin, autocommit=True) as conn:
        pgstore.migrate(conn, upto=1)
        conn.execute("INSERT INTO kit_members VALUES ('kit_test_behind', 'Jälkikunta')")
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kit_test_behind') THEN "
                     "CREATE ROLE kit_test_behind LOGIN IN ROLE kit_liaison; END IF; END $$")
    with pytest.raises(StoreError) as refused:
        open_store(pg_cluster.url("kit_behind", "kit_test_behind"))
    assert "kit region setup" in refused.value.text(translator("en"))


def test_a_wrong_address_or_account_is_one_message(pg_cluster, pg_region, monkeypatch, tmp_path):
    with pytest.raises(StoreError) as refused:
        open_store(pg_cluster.url("kit_tests", "nobody_here"))
    assert "cannot be reached" in refused.value.text(translator("en"))
    pgstore.add_member(pg_region[1], "kit_test_nowhere")  # a login role, of no municipality
    with pytest.raises(StoreError) as refused:
        open_store(pg_cluster.url("kit_tests", "kit_test_nowhere"))
    assert "no municipality" in refused.value.text(translator("en"))
    with pytest.raises(StoreError):
        open_store("mysql://somewhere/kit")
    monkeypatch.setenv("KIT_DB", pg_cluster.url("kit_tests", "kit_test_liaison"))
    chosen = open_store(data=tmp_path)
    assert chosen.municipality == "Testikunta" and chosen.data_dir == tmp_path
    chosen.close()
