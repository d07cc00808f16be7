"""The one store: SQLite in a data folder, one JSON document per evening (the laptop's, and the default).

`open_store` chooses the store: a PostgreSQL URL (`--db` or `KIT_DB`) gives the region's store
(kit.core.pgstore, the same public methods), anything else this one.

Every change is one short `BEGIN IMMEDIATE` transaction (read, change, write,
bump the revision), so writes from several kernels serialise cleanly and an
input is on disk (WAL, synchronous=FULL) before the call returns. Live screens
poll `revision()`, a one-row read, to see changes from other tabs.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Concatenate, NamedTuple, Optional, ParamSpec, TypeVar

from kit.core import evening_file
from kit.core.live import LiveState
from kit.core.model import Evening
from kit.i18n import N_, UserError

SCHEMA_VERSION = 4
_MIGRATIONS = {
    1: """
    CREATE TABLE evenings (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        updated TEXT NOT NULL
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    2: """
    CREATE TABLE register (
        norm TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    """,
    3: """
    CREATE TABLE capture_ledger (evening_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE capture_requests (
        key TEXT PRIMARY KEY,
        evening_id TEXT NOT NULL,
        response TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    4: """
    CREATE TABLE live (evening_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    """,
}
P = ParamSpec("P")
T = TypeVar("T")


class EveningNotFound(UserError, KeyError):
    def __init__(self, evening_id: str):
        super().__init__(N_("No evening with the id “{id}”. `kit list` shows the ids."), id=evening_id)


class EveningExists(UserError):
    pass


class StoreError(UserError):
    """The data folder cannot be used."""


class EveningSummary(NamedTuple):
    id: str
    title: str
    date: Optional[str]
    revision: int
    municipality: Optional[str] = None


def default_data_dir() -> Path:
    if os.environ.get("KIT_DATA"):
        return Path(os.environ["KIT_DATA"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "jarjestoilta"


# Set by a region's JupyterHub (kit/app/hub.py) to the municipality its region file gives the user ("" for a
# coordinator); a regional store whose login role the database maps otherwise refuses to open.
EXPECTED_MUNICIPALITY = "KIT_MUNICIPALITY"
# what a coordinator is told: on every screen before they type, and when a change is refused
COORDINATOR_READS_ONLY = N_("A regional coordinator reads every municipality's evenings but changes none; the "
                            "municipality's liaison makes changes.")


def open_store(db: Optional[str] = None, data: Path | str | None = None) -> "Store":
    """The store a command or screen works on: `db` (else `$KIT_DB`) a postgresql:// URL for a region's
    database, else the SQLite file in the data folder `data` (else `$KIT_DATA`, else the default folder)."""
    url = db if db is not None else os.environ.get("KIT_DB", "")
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from kit.core.pgstore import PgStore
        except ImportError:  # the laptop's install has no psycopg
            raise StoreError(N_("A regional database needs the kit's region extra: pip install "
                                "'jarjestoilta-kit[region]'.")) from None
        return PgStore(url, data)
    if url:
        raise StoreError(N_("--db takes a PostgreSQL address (postgresql://…); the laptop's data folder is "
                            "chosen with --data."))
    return Store(data)


class Store:
    # what becomes of erased data in this engine, for the privacy report
    ERASED = N_("Erased data are overwritten in the database file, not left behind in it.")
    municipality: Optional[str] = None  # the tenant of a regional store; a laptop's store has none
    coordinator = False  # a regional coordinator reads every municipality's evenings

    def __init__(self, data_dir: Path | str | None = None):
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = self.data_dir / "kit.sqlite"
        try:
            _private(self.data_dir, 0o700)  # names and addresses: readable by this user only
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # its -wal and -shm get the same
            _private(self.path, 0o600)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA secure_delete=ON")  # what is erased is overwritten, not left in free pages
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self._migrate()
        except sqlite3.OperationalError as err:  # a read-only folder or file, a full disk
            raise StoreError(N_("The data folder {path} cannot be written ({error}). Check its permissions, "
                                "or choose another folder with --data."), path=str(self.data_dir), error=str(err)) \
                from None

    def _migrate(self) -> None:
        with self._write():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for v in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[v].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={v}")

    @contextmanager
    def _write(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def reopen(self) -> "Store":
        """Another connection to the same store (for a writer thread)."""
        return Store(self.data_dir)

    def close(self) -> None:
        self.db.close()

    def scrub(self) -> bool:
        """After an erasure: rebuild the file and empty the write-ahead log, so no old copy of a page stays.

        False when another process (an open `kit start`) kept it from finishing; its next checkpoint does it."""
        try:
            self.db.execute("VACUUM")
            return self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
        except sqlite3.OperationalError:
            return False

    # evenings
    def evenings(self) -> list[EveningSummary]:
        rows = self.db.execute(
            "SELECT id, json_extract(doc, '$.evening.title'), json_extract(doc, '$.evening.date'), revision, "
            "json_extract(doc, '$.evening.municipality') FROM evenings "
            "ORDER BY json_extract(doc, '$.evening.date') DESC, id").fetchall()
        return [EveningSummary(*r) for r in rows]

    def exists(self, evening_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM evenings WHERE id=?", (evening_id,)).fetchone() is not None

    def load(self, evening_id: str) -> Evening:
        row = self.db.execute("SELECT doc FROM evenings WHERE id=?", (evening_id,)).fetchone()
        if row is None:
            raise EveningNotFound(evening_id)
        return evening_file.from_dict(json.loads(row[0]))

    def load_all(self, year: Optional[int] = None) -> list[Evening]:
        """Every evening (of a year), by municipality and date: what regional reports read."""
        rows = self.db.execute("SELECT doc FROM evenings WHERE ifnull(json_extract(doc, '$.evening.date'), '') "
                               "LIKE ? ORDER BY json_extract(doc, '$.evening.municipality'), "
                               "json_extract(doc, '$.evening.date'), id", (f"{year}-%" if year else "%",)).fetchall()
        return [evening_file.from_dict(json.loads(doc)) for (doc,) in rows]

    def revision(self, evening_id: str) -> int:
        row = self.db.execute("SELECT revision FROM evenings WHERE id=?", (evening_id,)).fetchone()
        return row[0] if row else 0

    def put(self, evening: Evening, replace: bool = True) -> None:
        """Store a whole evening (import), replacing one with the same id only if `replace`."""
        doc = _doc(evening)
        with self._write():
            if not replace and self.exists(evening.id):
                raise EveningExists(N_("An evening with the id “{id}” is already stored; it was not replaced."),
                                    id=evening.id)
            self.db.execute(
                "INSERT INTO evenings (id, doc, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET doc=excluded.doc, revision=revision+1, updated=excluded.updated",
                (evening.id, doc, _now()))

    def change(self, evening_id: str, fn: Callable[Concatenate[Evening, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Apply `fn(evening, ...)` in one transaction; if it raises, nothing is stored."""
        with self._write():
            row = self.db.execute("SELECT doc FROM evenings WHERE id=?", (evening_id,)).fetchone()
            if row is None:
                raise EveningNotFound(evening_id)
            evening = evening_file.from_dict(json.loads(row[0]))
            result = fn(evening, *args, **kwargs)
            doc = _doc(evening)
            evening_file.from_dict(json.loads(doc))  # a change never stores an invalid evening
            self.db.execute("UPDATE evenings SET doc=?, revision=revision+1, updated=? WHERE id=?",
                            (doc, _now(), evening_id))
        return result

    def delete(self, evening_id: str) -> None:
        with self._write():
            self.db.execute("DELETE FROM evenings WHERE id=?", (evening_id,))
            self.db.execute("DELETE FROM live WHERE evening_id=?", (evening_id,))
            self.db.execute("DELETE FROM capture_ledger WHERE evening_id=?", (evening_id,))
            self.db.execute("DELETE FROM capture_requests WHERE evening_id=?", (evening_id,))

    # the live evening: phase, speaker, timers (kit.core.live)
    def live(self, evening_id: str) -> LiveState:
        row = self.db.execute("SELECT doc FROM live WHERE evening_id=?", (evening_id,)).fetchone()
        return LiveState.from_dict(json.loads(row[0])) if row else LiveState()

    def change_live(self, evening_id: str, fn: Callable[Concatenate[LiveState, Evening, P], T],
                    *args: P.args, **kwargs: P.kwargs) -> T:
        """Apply `fn(live, evening, ...)` in one transaction; the evening's revision moves, so every screen sees it."""
        with self._write():
            ev = self.load(evening_id)
            live = self.live(evening_id)
            result = fn(live, ev, *args, **kwargs)
            self.db.execute("INSERT INTO live (evening_id, doc) VALUES (?, ?) ON CONFLICT(evening_id) "
                            "DO UPDATE SET doc=excluded.doc", (evening_id, json.dumps(live.to_dict())))
            self.db.execute("UPDATE evenings SET revision=revision+1 WHERE id=?", (evening_id,))
        return result

    # capture from phones: the evening, the ledger of who wrote what, and the requests already answered
    def capture_ledger(self, evening_id: str) -> dict:
        row = self.db.execute("SELECT doc FROM capture_ledger WHERE evening_id=?", (evening_id,)).fetchone()
        return json.loads(row[0]) if row else {}

    def capture_change(self, evening_id: str, key: str, fn: Callable[[Evening, dict], dict]) -> tuple[dict, bool]:
        """Apply `fn(evening, ledger)` once per request key, in one transaction.

        Returns (response, replayed): a retried request gets the first answer back and changes nothing.
        """
        result = self.capture_batch(evening_id, [(key, fn)])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def capture_batch(self, evening_id: str, requests: list[tuple[str, Callable[[Evening, dict], dict]]]
                      ) -> list[tuple[dict, bool] | Exception]:
        """Several phones' requests in one transaction and one disk flush (group commit).

        Each request is applied on its own: one that fails (a UserError, or any other error of a malformed
        request) is undone and returned in its place, the others are kept.
        """
        with self._write():
            row = self.db.execute("SELECT doc FROM evenings WHERE id=?", (evening_id,)).fetchone()
            if row is None:
                raise EveningNotFound(evening_id)
            results, doc, ledger_doc, changed = apply_requests(
                row[0], json.dumps(self.capture_ledger(evening_id)), requests,
                answered=lambda key: (self.db.execute("SELECT response FROM capture_requests WHERE key=?",
                                                      (key,)).fetchone() or (None,))[0],
                record=lambda key, response: self.db.execute(
                    "INSERT INTO capture_requests (key, evening_id, response, at) VALUES (?, ?, ?, ?)",
                    (key, evening_id, response, _now())))
            if changed:
                self.db.execute("UPDATE evenings SET doc=?, revision=revision+1, updated=? WHERE id=?",
                                (doc, _now(), evening_id))
                self.db.execute("INSERT INTO capture_ledger (evening_id, doc) VALUES (?, ?) "
                                "ON CONFLICT(evening_id) DO UPDATE SET doc=excluded.doc", (evening_id, ledger_doc))
        return results

    # the association register, kept across evenings, keyed by normalised name
    def register(self) -> list[dict]:
        return [json.loads(doc) for (doc,) in self.db.execute("SELECT doc FROM register ORDER BY norm")]

    def change_register(self, fn: Callable[[dict[str, dict]], T]) -> T:
        """Apply `fn(entries by normalised name)` in one transaction; entries it adds or changes are stored."""
        with self._write():
            entries = {norm: json.loads(doc) for norm, doc in self.db.execute("SELECT norm, doc FROM register")}
            before = {k: json.dumps(v, sort_keys=True) for k, v in entries.items()}
            result = fn(entries)
            for norm in before.keys() - entries.keys():
                self.db.execute("DELETE FROM register WHERE norm=?", (norm,))
            for norm, entry in entries.items():
                if before.get(norm) != json.dumps(entry, sort_keys=True):
                    self.db.execute("INSERT INTO register (norm, doc, updated) VALUES (?, ?, ?) ON CONFLICT(norm) "
                                    "DO UPDATE SET doc=excluded.doc, updated=excluded.updated",
                                    (norm, json.dumps(entry, ensure_ascii=False), _now()))
        return result

    # settings shared by all screens (current evening, theme)
    def setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write():
            self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    def setting_or_set(self, key: str, value: str) -> str:
        """The stored value, or `value` stored now if there is none (two screens asking at once agree)."""
        with self._write():
            self.db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value))
            return self.db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()[0]

    # files made from the store (memos, contact lists), kept beside it
    def save_output(self, filename: str, data: bytes) -> Path:
        folder = self.documents()
        folder.mkdir(mode=0o700, exist_ok=True)
        _private(folder, 0o700)
        path = folder / Path(filename).name
        with open(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600), "wb") as f:
            f.write(data)
        return path

    def documents(self) -> Path:
        """Where files made from the store (memos, their e-mail drafts, contact lists) are kept."""
        return self.data_dir / "documents"

    def own_file(self, name: str) -> Optional[Path]:
        """A file the municipality put in the data folder (memo-template.docx, hyte-template.docx, …), if there."""
        path = self.data_dir / name
        return path if path.exists() else None

    def live_evening(self) -> Optional[str]:
        """The evening the facilitator made live: the one the phones join and the projector shows."""
        chosen = self.setting("live_evening")
        return chosen if chosen and self.exists(chosen) else None

    def current_evening(self) -> Optional[str]:
        chosen = self.setting("current_evening")
        if chosen and self.exists(chosen):
            return chosen
        listed = self.evenings()
        return listed[0].id if listed else None


def apply_requests(doc: str, ledger_doc: str, requests: list[tuple[str, Callable[[Evening, dict], dict]]],
                   answered: Callable[[str], Optional[str]], record: Callable[[str, str], Any]
                   ) -> tuple[list[tuple[dict, bool] | Exception], str, str, bool]:
    """The phones' requests applied one by one to an evening's stored document and ledger, inside the caller's
    transaction (either engine). `answered(key)` is the stored answer of a retried request, `record(key,
    response)` stores a new one. Returns (a result per request, the document, the ledger, whether they changed).
    """
    results: list[tuple[dict, bool] | Exception] = []
    evening, changed = evening_file.from_dict(json.loads(doc)), False
    for key, fn in requests:
        earlier = answered(key)
        if earlier is not None:
            results.append((json.loads(earlier), True))
            continue
        ledger = json.loads(ledger_doc)
        try:
            response = fn(evening, ledger)
            new_doc = _doc(evening)
            evening = evening_file.from_dict(json.loads(new_doc))  # never store an invalid evening
        except Exception as err:  # a person's mistake or a malformed request: only this one is undone
            results.append(err)
            evening = evening_file.from_dict(json.loads(doc))  # undo this request's partial change
            continue
        doc, ledger_doc, changed = new_doc, json.dumps(ledger), True
        record(key, json.dumps(response))
        results.append((response, False))
    return results, doc, ledger_doc, changed


def _private(path: Path, mode: int) -> None:
    """Tighten permissions of what this user owns (a shared folder someone else owns is left alone)."""
    try:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(mode)
    except OSError:  # a read-only disk: nothing to tighten, and nothing will be written
        pass


def _doc(evening: Evening) -> str:
    """The stored form: compact JSON (the C encoder; the pretty file format is for export)."""
    return json.dumps(evening_file.to_dict(evening), ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
