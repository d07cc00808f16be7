"""A region's JupyterHub: who logs in, for which municipality, and what their screens get.

`deploy/jupyterhub_config.py` reads the region file (`deploy/region.example.toml`) through `read_region` and
gives each user's single-user server the environment of `Region.environment`: `KIT_DB`, the region's database as
the user's *own* login role (row-level security keeps the municipalities apart by that role, see
kit/core/pgstore.py), `KIT_DATA`, a data folder of their own for documents, and `KIT_MUNICIPALITY`, the
municipality the region file gives them (the store refuses to open when the database maps the role elsewhere,
so the two lists cannot drift apart unnoticed).

The region file is TOML: written and read by people, comments allowed, and read by Python's own `tomllib`.

    [database]                      # where the single-user servers reach PostgreSQL
    host = "/var/run/postgresql"    # a socket folder (peer authentication: no passwords) or a host name
    port = 5432
    name = "jarjestoilta"

    [users."aino.aalto@kajaani.fi"] # the name a person logs in with
    account = "aino"                # the VM's user and the database login role (default: the name itself)
    municipality = "Kajaani"

    [users.kaisa]
    role = "coordinator"            # reads every municipality's evenings
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote, urlencode

from kit.core.store import EXPECTED_MUNICIPALITY
from kit.i18n import N_, UserError

ACCOUNT = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")  # a Linux user name (useradd's default rule) and a PostgreSQL role
ROLES = ("liaison", "coordinator")
LOGIN_METHODS = ("entra", "shared-password")  # the region's Microsoft Entra ID; one password (tests, trying out)


class RegionFileError(UserError):
    """The region file cannot be used; says which user or field, and why."""


@dataclass(frozen=True)
class Member:
    login: str  # the name the person logs in with (an e-mail address with the region's identity provider)
    account: str  # the hub's user name, the VM's system user and the database login role
    municipality: str  # "" for a coordinator
    coordinator: bool = False


@dataclass(frozen=True)
class Region:
    path: Path
    database: dict[str, Any]  # host, port, name, sslmode
    members: dict[str, Member]  # by account
    login: dict[str, Any] = field(default_factory=dict)  # the [login] table, for jupyterhub_config.py

    def url(self, account: str) -> str:
        """The region's database as `account`'s login role; no password (peer authentication, or ~/.pgpass)."""
        query = {k: str(self.database[k]) for k in ("host", "port", "sslmode") if self.database.get(k)}
        return (f"postgresql://{quote(account, safe='')}@/{quote(str(self.database['name']), safe='')}"
                + (f"?{urlencode(query)}" if query else ""))

    def member(self, account: str) -> Member:
        try:
            return self.members[account]
        except KeyError:
            raise RegionFileError(N_("{user} is not in the region file {path}; the region's administrator adds "
                                     "them."), user=account, path=str(self.path)) from None

    def environment(self, account: str, home: str) -> dict[str, str]:
        """What the user's screens are started with."""
        member = self.member(account)
        return {"KIT_DB": self.url(member.account),
                "KIT_DATA": str(Path(home) / ".local" / "share" / "jarjestoilta"),  # as on a laptop
                EXPECTED_MUNICIPALITY: member.municipality}

    def username_map(self) -> dict[str, str]:
        """Login names that are not themselves the account (JupyterHub's Authenticator.username_map)."""
        return {m.login: m.account for m in self.members.values() if m.login != m.account}

    def liaisons(self) -> dict[str, str]:
        return {m.account: m.municipality for m in self.members.values() if not m.coordinator}

    def coordinators(self) -> list[str]:
        return [m.account for m in self.members.values() if m.coordinator]


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 (the hub extra installs tomli there)
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as err:
        raise RegionFileError(N_("The region file {path} cannot be read ({error})."), path=str(path),
                              error=err.strerror or str(err)) from None
    except tomllib.TOMLDecodeError as err:
        raise RegionFileError(N_("The region file {path} cannot be read ({error})."), path=str(path),
                              error=str(err)) from None


def read_region(path: Path | str) -> Region:
    """The region file, checked: every user has a municipality or is a coordinator, every account is a name the
    VM and PostgreSQL take, and no account is given twice."""
    path = Path(path)
    doc = _toml(path)
    database = doc.get("database")
    if not isinstance(database, dict) or not str(database.get("name", "")).strip():
        raise RegionFileError(N_("The region file {path} needs [database] with the database's name."),
                              path=str(path))
    users = doc.get("users")
    if not isinstance(users, dict) or not users:
        raise RegionFileError(N_("The region file {path} names no users ([users.NAME] with a municipality)."),
                              path=str(path))
    members: dict[str, Member] = {}
    for login, entry in users.items():
        login = login.strip().lower()  # JupyterHub makes every name it is given lower case
        entry = entry if isinstance(entry, dict) else {}
        where = f"{path.name}: users.{login}"
        account = str(entry.get("account", login)).strip().lower()
        role = str(entry.get("role", "liaison")).strip()
        municipality = str(entry.get("municipality", "")).strip()
        if not ACCOUNT.match(account):
            raise RegionFileError(N_("{where}: “{account}” cannot be an account: 1–32 small letters a–z, digits, _ or "
                                     "-, starting with a letter (set account = \"…\")."), where=where, account=account)
        if role not in ROLES:
            raise RegionFileError(N_("{where}: the role is liaison or coordinator, not “{role}”."), where=where,
                                  role=role)
        if role == "liaison" and not municipality:
            raise RegionFileError(N_("{where}: a liaison needs a municipality."), where=where)
        if account in members:
            raise RegionFileError(N_("{where}: the account {account} is given twice."), where=where, account=account)
        members[account] = Member(login, account, municipality if role == "liaison" else "", role == "coordinator")
    login = doc.get("login") if isinstance(doc.get("login"), dict) else {}
    method = str(login.get("method", "entra"))
    if method not in LOGIN_METHODS:
        raise RegionFileError(N_("{where}: the method is \"entra\" or \"shared-password\", not “{method}”."),
                              where=f"{path.name}: login", method=method)
    return Region(path, dict(database), members, dict(login, method=method))


def shared_password(environ: Optional[dict[str, str]] = None) -> str:
    """The one password of [login] method = "shared-password" (trying the hub out, tests), from KIT_HUB_PASSWORD."""
    password = (os.environ if environ is None else environ).get("KIT_HUB_PASSWORD", "")
    if len(password) < 8:
        raise RegionFileError(N_("[login] method = \"shared-password\" needs the password in KIT_HUB_PASSWORD (8 "
                                 "characters or more)."))
    return password


def home_of(spawner: Any) -> str:
    """The single-user server's home: SimpleLocalProcessSpawner's folder, else the system user's home."""
    home: Optional[str] = getattr(spawner, "home_dir", None)
    if home:
        return home
    import pwd
    try:
        return pwd.getpwnam(spawner.user.name).pw_dir
    except KeyError:
        return os.path.join("/home", spawner.user.name)
