"""The region's store: PostgreSQL behind the same interface as the laptop's SQLite `Store`.

Chosen by a database URL (`kit --db postgresql://…` or `KIT_DB`, see `open_store`); the laptop never
imports this module, so it needs neither psycopg nor a server.

Why it is built this way:
- psycopg 3 with psycopg_pool: the maintained PostgreSQL driver, with a pool so the screens, the phones'
  writer thread and the polling `revision()` share a few connections instead of opening one each; plain
  SQL (no ORM): the store is one JSON document per evening plus small side tables, and the SQL that keeps
  the guarantees (row locks, ON CONFLICT, row-level security) is easier to check when it is written out.
- Every change is one transaction. The evening's row is locked with `SELECT … FOR UPDATE` (a row lock,
  not a global one: two municipalities, or two evenings, never wait for each other), changed, and written
  back with its revision bumped, so two liaisons editing the same evening are serialised and neither
  update is lost. The phones' idempotency keys and ledger are written in the same transaction as the
  change they answer.
- Municipalities are tenants, enforced in the database: each login role is mapped to one municipality in
  `kit_members` (by an administrator, `kit region liaison`), and row-level security on every table lets a
  liaison's session see and change only rows of `kit_municipality()`, the municipality of the session's
  *login* role. A setting the session could change (`SET app.municipality`) would not hold against a
  liaison who runs their own SQL in a notebook; the login role cannot be changed from inside the session.
  Members of `kit_coordinator` read every municipality's rows and change none; they keep only their own
  view (which evening they look at) in `viewer_settings`, and name an evening `Municipality/id`, as two
  municipalities' evenings may share an id. The tables are owned by
  the administrator's role and FORCE row-level security, so only a superuser reads around the policies.
- Schema versions are numbered migrations in `kit_schema`, applied in one transaction under an advisory
  lock (two kits starting at once do not both migrate); tests upgrade an old database.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Concatenate, Iterator, Optional, ParamSpec, TypeVar
from urllib.parse import urlsplit

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from kit.core import evening_file
from kit.core.live import LiveState
from kit.core.model import Evening
from kit.core.store import (COORDINATOR_READS_ONLY, EXPECTED_MUNICIPALITY, EveningExists, EveningNotFound,
                            EveningSummary, Store, StoreError, _doc, apply_requests, default_data_dir)
from kit.i18n import N_

P = ParamSpec("P")
T = TypeVar("T")

LIAISON, COORDINATOR = "kit_liaison", "kit_coordinator"  # group roles (NOLOGIN); login roles are made members
TENANT_TABLES = ("evenings", "settings", "register", "capture_ledger", "capture_requests", "live")
_OWN = "municipality text NOT NULL DEFAULT kit_municipality()"
_POLICIES = "".join(f"""
    ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE {t} FORCE ROW LEVEL SECURITY;
    CREATE POLICY own_municipality ON {t} TO {LIAISON}
        USING (municipality = (SELECT kit_municipality())) WITH CHECK (municipality = (SELECT kit_municipality()));
    CREATE POLICY region_reads ON {t} FOR SELECT TO {COORDINATOR} USING (true);
    GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {LIAISON};
    GRANT SELECT ON {t} TO {COORDINATOR};
""" for t in TENANT_TABLES)

SCHEMA_VERSION = 3
MIGRATIONS = {
    # the laptop's tables with a municipality in each key, the tenants, and the policies that keep them apart
    1: f"""
    DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{LIAISON}') THEN CREATE ROLE {LIAISON} NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{COORDINATOR}') THEN
            CREATE ROLE {COORDINATOR} NOLOGIN; END IF;
    END $$;
    CREATE TABLE kit_members (
        role_name text PRIMARY KEY,
        municipality text NOT NULL CHECK (btrim(municipality) <> '')
    );
    -- the municipality of the session's login role; SECURITY DEFINER: liaisons cannot read kit_members itself
    CREATE FUNCTION kit_municipality() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = pg_catalog, public
        AS $f$ SELECT municipality FROM public.kit_members WHERE role_name = session_user $f$;
    CREATE TABLE evenings ({_OWN}, id text NOT NULL, doc jsonb NOT NULL, revision bigint NOT NULL DEFAULT 1,
                           updated timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (municipality, id));
    CREATE TABLE settings ({_OWN}, key text NOT NULL, value text NOT NULL, PRIMARY KEY (municipality, key));
    CREATE TABLE register ({_OWN}, norm text NOT NULL, doc jsonb NOT NULL,
                           updated timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (municipality, norm));
    CREATE TABLE capture_ledger ({_OWN}, evening_id text NOT NULL, doc jsonb NOT NULL,
                                 PRIMARY KEY (municipality, evening_id));
    CREATE TABLE capture_requests ({_OWN}, key text NOT NULL, evening_id text NOT NULL, response jsonb NOT NULL,
                                   at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (municipality, key));
    CREATE TABLE live ({_OWN}, evening_id text NOT NULL, doc jsonb NOT NULL, PRIMARY KEY (municipality, evening_id));
    GRANT SELECT ON kit_schema TO {LIAISON}, {COORDINATOR};
    """ + _POLICIES,
    # the evening's date as a column: lists sort by it and a year's evenings are found by it without parsing docs
    2: """
    ALTER TABLE evenings ADD COLUMN date text GENERATED ALWAYS AS (doc -> 'evening' ->> 'date') STORED;
    CREATE INDEX evenings_by_date ON evenings (municipality, date);
    """,
    # a coordinator's own view (the evening they look at): they change no municipality's settings
    3: f"""
    CREATE TABLE viewer_settings (role_name text NOT NULL DEFAULT session_user, key text NOT NULL,
                                  value text NOT NULL, PRIMARY KEY (role_name, key));
    ALTER TABLE viewer_settings ENABLE ROW LEVEL SECURITY;
    ALTER TABLE viewer_settings FORCE ROW LEVEL SECURITY;
    CREATE POLICY own_view ON viewer_settings TO {COORDINATOR}
        USING (role_name = session_user) WITH CHECK (role_name = session_user);
    GRANT SELECT, INSERT, UPDATE, DELETE ON viewer_settings TO {COORDINATOR};
    """,
}
_MIGRATION_LOCK = 0x6b6974  # "kit": one migration at a time per database


def migrate(conn: psycopg.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Bring the schema to version `upto` in one transaction; the version it was at before."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS kit_schema (version integer NOT NULL)")
        row = conn.execute("SELECT version FROM kit_schema").fetchone()
        before = row[0] if row else 0
        if row is None:
            conn.execute("INSERT INTO kit_schema (version) VALUES (0)")
        for v in range(before + 1, upto + 1):
            conn.execute(MIGRATIONS[v])
            conn.execute("UPDATE kit_schema SET version = %s", (v,))
    return before


def schema_version(conn: psycopg.Connection) -> int:
    if conn.execute("SELECT to_regclass('kit_schema')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT version FROM kit_schema").fetchone()
    return row[0] if row else 0


def redacted(url: str) -> str:
    """The URL without its password, to show to people."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def _connect(url: str, **kwargs: Any) -> psycopg.Connection:
    try:
        return psycopg.connect(url, connect_timeout=10, **kwargs)
    except psycopg.Error as err:
        raise StoreError(N_("The regional database {where} cannot be reached ({error})."), where=redacted(url),
                         error=str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__) from None


# administration: an administrator's URL (the tables' owner, with CREATEROLE), used by `kit region …`
def setup(admin_url: str) -> tuple[int, int]:
    """Create or upgrade the region's schema; (version before, version now)."""
    with _connect(admin_url, autocommit=True) as conn:
        return migrate(conn), SCHEMA_VERSION


def add_member(admin_url: str, role: str, municipality: Optional[str] = None, coordinator: bool = False) -> None:
    """Let the login role `role` (made if missing, without a password: set one as a DBA does) work for one
    municipality, or read the whole region as a coordinator."""
    with _connect(admin_url, autocommit=True) as conn, conn.transaction():
        migrate(conn)
        name = sql.Identifier(role)
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(name))
        if coordinator:
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(COORDINATOR), name))
        if municipality:
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(LIAISON), name))
            conn.execute("INSERT INTO kit_members (role_name, municipality) VALUES (%s, %s) ON CONFLICT (role_name) "
                         "DO UPDATE SET municipality = excluded.municipality", (role, municipality.strip()))


class PgStore(Store):
    ERASED = N_("Erased data are removed from the region's database; the database server clears the old row "
                "versions in its routine maintenance (autovacuum), and its backups keep them as long as the region "
                "keeps backups.")
    """The same public methods as `Store`; documents, templates and pid files stay in a local data folder."""

    def __init__(self, url: str, data_dir: Path | str | None = None, pool_size: int = 4):
        self.url = url
        self.path = redacted(url)  # where the data are, as shown to people (the privacy report)
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            municipality, coordinator = self._check_schema(url)
        except psycopg.errors.InsufficientPrivilege:  # a login role the administrator never added
            municipality, coordinator = None, False
        if not municipality and not coordinator:
            raise StoreError(N_("The database account of {where} belongs to no municipality; the administrator "
                                "adds it with `kit region liaison ROLE MUNICIPALITY`."), where=redacted(url))
        self.municipality: Optional[str] = municipality  # the tenant; None for a coordinator
        self.coordinator = bool(coordinator) and not municipality
        expected = os.environ.get(EXPECTED_MUNICIPALITY)  # what a region's hub says this user works for
        if expected is not None and expected.strip() != (self.municipality or ""):
            raise StoreError(N_("The region file and the regional database disagree about the account of {where} "
                                "(the file: {expected}; the database: {found}); the administrator corrects one of "
                                "them."), where=redacted(url), expected=expected.strip() or "coordinator",
                             found=self.municipality or "coordinator")
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=False, timeout=30,
                                   kwargs={"autocommit": True}, configure=_configure, name="kit")
        self.pool.open(wait=True, timeout=30)

    @staticmethod
    def _check_schema(url: str) -> tuple[Optional[str], bool]:
        """Upgrade the schema if this account may (else say who can); the session's municipality and role."""
        with _connect(url, autocommit=True) as conn:
            if schema_version(conn) < SCHEMA_VERSION:
                try:
                    migrate(conn)
                except psycopg.errors.InsufficientPrivilege:
                    raise StoreError(N_("The regional database needs its schema upgraded to version {version}; its "
                                        "administrator runs `kit region setup --db URL`."),
                                     version=SCHEMA_VERSION) from None
            elif schema_version(conn) > SCHEMA_VERSION:
                raise StoreError(N_("The regional database is of a newer kit (schema version {found}); update the "
                                    "kit first."), found=schema_version(conn))
            return conn.execute("SELECT kit_municipality(), pg_has_role(session_user, %s, 'MEMBER')",
                                (COORDINATOR,)).fetchone()

    def reopen(self) -> "PgStore":
        return PgStore(self.url, self.data_dir)

    def close(self) -> None:
        self.pool.close()

    # the one seam: every statement runs in a transaction on a pooled connection
    @contextmanager
    def _tx(self, write: bool = False) -> Iterator[psycopg.Connection]:
        if write and not self.municipality:
            raise StoreError(COORDINATOR_READS_ONLY)
        try:
            with self.pool.connection() as conn, conn.transaction():
                yield conn
        except psycopg.errors.InsufficientPrivilege as err:  # row-level security or a missing grant
            raise StoreError(N_("The regional database refused this for your account ({error})."),
                             error=str(err).strip().splitlines()[0]) from None
        except psycopg.OperationalError as err:
            raise StoreError(N_("The regional database {where} cannot be reached ({error})."), where=self.path,
                             error=str(err).strip().splitlines()[0] if str(err).strip() else "") from None

    def _mine(self, evening_id: str = "") -> tuple[str, dict[str, Optional[str]]]:
        """The filter that uses each table's key, and its parameters; row-level security holds whether or not it
        is there. A coordinator names one evening 'Municipality/id' (ids have no '/'), as `evenings()` lists it."""
        municipality = self.municipality
        if not municipality and "/" in evening_id:
            municipality, evening_id = evening_id.rsplit("/", 1)
        return ("municipality = %(m)s" if municipality else "true"), {"m": municipality, "id": evening_id}

    def scrub(self) -> bool:
        # the server's autovacuum reclaims dead rows; the kit's role may not VACUUM the owner's tables
        return True

    # evenings
    def evenings(self) -> list[EveningSummary]:
        mine, params = self._mine()
        key = "id" if self.municipality else "municipality || '/' || id"
        with self._tx() as conn:
            rows = conn.execute(f"SELECT {key}, doc -> 'evening' ->> 'title', date, revision, municipality "
                                f"FROM evenings WHERE {mine} ORDER BY date DESC NULLS LAST, id, municipality", params).fetchall()
        return [EveningSummary(*r) for r in rows]

    def exists(self, evening_id: str) -> bool:
        mine, params = self._mine(evening_id)
        with self._tx() as conn:
            return conn.execute(f"SELECT 1 FROM evenings WHERE {mine} AND id = %(id)s", params).fetchone() is not None

    def load(self, evening_id: str) -> Evening:
        mine, params = self._mine(evening_id)
        with self._tx() as conn:
            row = conn.execute(f"SELECT doc::text FROM evenings WHERE {mine} AND id = %(id)s "
                               "ORDER BY municipality LIMIT 1", params).fetchone()
        if row is None:
            raise EveningNotFound(evening_id)
        return evening_file.from_dict(json.loads(row[0]))

    def load_all(self, year: Optional[int] = None) -> list[Evening]:
        mine, params = self._mine()
        where = mine + (" AND date LIKE %(year)s" if year else "")
        with self._tx() as conn:
            docs = conn.execute(f"SELECT doc::text FROM evenings WHERE {where} ORDER BY municipality, date, id",
                                {**params, "year": f"{year}-%"}).fetchall()
        return [evening_file.from_dict(json.loads(doc)) for (doc,) in docs]

    def revision(self, evening_id: str) -> int:
        mine, params = self._mine(evening_id)
        with self._tx() as conn:
            row = conn.execute(f"SELECT revision FROM evenings WHERE {mine} AND id = %(id)s "
                               "ORDER BY municipality LIMIT 1", params).fetchone()
        return row[0] if row else 0

    def _own(self, evening: Evening) -> None:
        """Every evening belongs to a municipality: one without gets the liaison's; another one's is refused."""
        given = (evening.evening.municipality or "").strip()
        if not given:
            evening.evening.municipality = self.municipality
        elif given.casefold() != (self.municipality or "").casefold():
            raise StoreError(N_("The evening “{id}” is {municipality}'s; this account works for {own}."),
                             id=evening.id, municipality=given, own=self.municipality or "")

    def put(self, evening: Evening, replace: bool = True) -> None:
        with self._tx(write=True) as conn:
            self._own(evening)
            values = {"m": self.municipality, "id": evening.id, "doc": _doc(evening)}
            if replace:
                conn.execute("INSERT INTO evenings (municipality, id, doc) VALUES (%(m)s, %(id)s, %(doc)s) "
                             "ON CONFLICT (municipality, id) DO UPDATE SET doc = excluded.doc, "
                             "revision = evenings.revision + 1, updated = now()", values)
            elif conn.execute("INSERT INTO evenings (municipality, id, doc) VALUES (%(m)s, %(id)s, %(doc)s) "
                              "ON CONFLICT (municipality, id) DO NOTHING RETURNING 1", values).fetchone() is None:
                raise EveningExists(N_("An evening with the id “{id}” is already stored; it was not replaced."),
                                    id=evening.id)

    def _locked(self, conn: psycopg.Connection, evening_id: str) -> str:
        """The evening's document, its row locked until the transaction ends (other evenings stay free)."""
        row = conn.execute("SELECT doc::text FROM evenings WHERE municipality = %s AND id = %s FOR UPDATE",
                           (self.municipality, evening_id)).fetchone()
        if row is None:
            raise EveningNotFound(evening_id)
        return row[0]

    def change(self, evening_id: str, fn: Callable[Concatenate[Evening, P], T], *args: P.args,
               **kwargs: P.kwargs) -> T:
        with self._tx(write=True) as conn:
            evening = evening_file.from_dict(json.loads(self._locked(conn, evening_id)))
            result = fn(evening, *args, **kwargs)
            self._own(evening)
            doc = _doc(evening)
            evening_file.from_dict(json.loads(doc))  # a change never stores an invalid evening
            conn.execute("UPDATE evenings SET doc = %s, revision = revision + 1, updated = now() "
                         "WHERE municipality = %s AND id = %s", (doc, self.municipality, evening_id))
        return result

    def delete(self, evening_id: str) -> None:
        with self._tx(write=True) as conn:
            for table, column in (("evenings", "id"), ("live", "evening_id"), ("capture_ledger", "evening_id"),
                                  ("capture_requests", "evening_id")):
                conn.execute(f"DELETE FROM {table} WHERE municipality = %s AND {column} = %s",
                             (self.municipality, evening_id))

    # the live evening
    def live(self, evening_id: str) -> LiveState:
        mine, params = self._mine(evening_id)
        with self._tx() as conn:
            row = conn.execute(f"SELECT doc::text FROM live WHERE {mine} AND evening_id = %(id)s "
                               "ORDER BY municipality LIMIT 1", params).fetchone()
        return LiveState.from_dict(json.loads(row[0])) if row else LiveState()

    def change_live(self, evening_id: str, fn: Callable[Concatenate[LiveState, Evening, P], T],
                    *args: P.args, **kwargs: P.kwargs) -> T:
        with self._tx(write=True) as conn:
            ev = evening_file.from_dict(json.loads(self._locked(conn, evening_id)))
            row = conn.execute("SELECT doc::text FROM live WHERE municipality = %s AND evening_id = %s",
                               (self.municipality, evening_id)).fetchone()
            live = LiveState.from_dict(json.loads(row[0])) if row else LiveState()
            result = fn(live, ev, *args, **kwargs)
            conn.execute("INSERT INTO live (municipality, evening_id, doc) VALUES (%s, %s, %s) "
                         "ON CONFLICT (municipality, evening_id) DO UPDATE SET doc = excluded.doc",
                         (self.municipality, evening_id, json.dumps(live.to_dict())))
            conn.execute("UPDATE evenings SET revision = revision + 1 WHERE municipality = %s AND id = %s",
                         (self.municipality, evening_id))
        return result

    # capture from phones
    def capture_ledger(self, evening_id: str) -> dict:
        mine, params = self._mine(evening_id)
        with self._tx() as conn:
            row = conn.execute(f"SELECT doc::text FROM capture_ledger WHERE {mine} AND evening_id = %(id)s "
                               "ORDER BY municipality LIMIT 1", params).fetchone()
        return json.loads(row[0]) if row else {}

    def capture_batch(self, evening_id: str, requests: list[tuple[str, Callable[[Evening, dict], dict]]]
                      ) -> list[tuple[dict, bool] | Exception]:
        m = self.municipality
        with self._tx(write=True) as conn:
            doc = self._locked(conn, evening_id)  # the ledger and the requests are the evening's: same lock
            row = conn.execute("SELECT doc::text FROM capture_ledger WHERE municipality = %s AND evening_id = %s",
                               (m, evening_id)).fetchone()
            results, doc, ledger_doc, changed = apply_requests(
                doc, row[0] if row else "{}", requests,
                answered=lambda key: (conn.execute(
                    "SELECT response::text FROM capture_requests WHERE municipality = %s AND key = %s",
                    (m, key)).fetchone() or (None,))[0],
                record=lambda key, response: conn.execute(
                    "INSERT INTO capture_requests (municipality, key, evening_id, response) VALUES (%s, %s, %s, %s)",
                    (m, key, evening_id, response)))
            if changed:
                conn.execute("UPDATE evenings SET doc = %s, revision = revision + 1, updated = now() "
                             "WHERE municipality = %s AND id = %s", (doc, m, evening_id))
                conn.execute("INSERT INTO capture_ledger (municipality, evening_id, doc) VALUES (%s, %s, %s) "
                             "ON CONFLICT (municipality, evening_id) DO UPDATE SET doc = excluded.doc",
                             (m, evening_id, ledger_doc))
        return results

    # the register: the municipality's own
    def register(self) -> list[dict]:
        mine, params = self._mine()
        with self._tx() as conn:
            return [json.loads(doc) for (doc,) in conn.execute(
                f"SELECT doc::text FROM register WHERE {mine} ORDER BY norm, municipality", params)]

    def change_register(self, fn: Callable[[dict[str, dict]], T]) -> T:
        with self._tx(write=True) as conn:
            # the register is many rows and an import may add new ones: a lock per municipality's register
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('register:' || %s))", (self.municipality,))
            entries = {norm: json.loads(doc) for norm, doc in conn.execute(
                "SELECT norm, doc::text FROM register WHERE municipality = %s", (self.municipality,))}
            before = {k: json.dumps(v, sort_keys=True) for k, v in entries.items()}
            result = fn(entries)
            for norm in before.keys() - entries.keys():
                conn.execute("DELETE FROM register WHERE municipality = %s AND norm = %s", (self.municipality, norm))
            for norm, entry in entries.items():
                if before.get(norm) != json.dumps(entry, sort_keys=True):
                    conn.execute("INSERT INTO register (municipality, norm, doc) VALUES (%s, %s, %s) "
                                 "ON CONFLICT (municipality, norm) DO UPDATE SET doc = excluded.doc, updated = now()",
                                 (self.municipality, norm, json.dumps(entry, ensure_ascii=False)))
        return result

    # settings: each municipality's own; a coordinator's are their own view, in viewer_settings
    def _settings(self) -> tuple[str, str, str]:
        """The settings table, its owner column, and this session's owner (the database checks it either way)."""
        if self.municipality:
            return "settings", "municipality", "%(owner)s"
        return "viewer_settings", "role_name", "session_user"

    def setting(self, key: str, default: str = "") -> str:
        table, column, owner = self._settings()
        with self._tx() as conn:
            row = conn.execute(f"SELECT value FROM {table} WHERE {column} = {owner} AND key = %(key)s",
                               {"owner": self.municipality, "key": key}).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self._write_setting(key, value, "DO UPDATE SET value = excluded.value")

    def setting_or_set(self, key: str, value: str) -> str:
        return self._write_setting(key, value, "DO NOTHING")

    def _write_setting(self, key: str, value: str, on_conflict: str) -> str:
        table, column, owner = self._settings()
        with self._tx() as conn:  # not write=True: a coordinator may keep their own view
            conn.execute(f"INSERT INTO {table} ({column}, key, value) VALUES ({owner}, %(key)s, %(value)s) "
                         f"ON CONFLICT ({column}, key) {on_conflict}",
                         {"owner": self.municipality, "key": key, "value": value})
            return conn.execute(f"SELECT value FROM {table} WHERE {column} = {owner} AND key = %(key)s",
                                {"owner": self.municipality, "key": key}).fetchone()[0]


def _configure(conn: psycopg.Connection) -> None:
    # an input is acknowledged only once it is on the server's disk, whatever the server's default
    conn.execute("SET synchronous_commit = on")
    conn.execute("SELECT set_config('application_name', %s, false)", (os.environ.get("KIT_APP_NAME", "jarjestoilta-kit"),))
