"""A throwaway PostgreSQL cluster for tests, from Debian's package (scripts/test installs `postgresql`).

initdb into a temporary folder, the server on a free port listening only on a Unix socket in that folder
(no TCP: nothing else on the machine reaches it), fsync off (the data are thrown away), stopped and removed
at the end. PostgreSQL refuses to run as root, so as root the server runs as Debian's `postgres` user (or
`nobody`) and owns only its own folder; as a normal user it runs as that user.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from .conftest import free_port

ADMIN = "kit_admin"  # the cluster's superuser: owns the kit's tables and adds municipalities


def bin_dir() -> Optional[Path]:
    """Debian's newest server binaries, else initdb on the PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class Cluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="kit-pg-"))
        self.port = free_port()
        self.user: Optional[str] = None
        if os.geteuid() == 0:
            self.user = next(u for u in ("postgres", "nobody") if _exists(u))
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, cwd=self.folder, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = self.folder / "log"
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stdout}{done.stderr}"
                               f"{log.read_text() if log.exists() else ''}")
        return done

    def start(self) -> "Cluster":
        data = str(self.folder / "data")
        self._run("initdb", "-D", data, "-U", ADMIN, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -p {self.port} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "-D", data, "-l", str(self.folder / "log"), "-o", options, "-w", "-t", "60", "start")
        return self

    def url(self, database: str, user: str = ADMIN) -> str:
        return f"postgresql://{user}@/{database}?host={self.folder}&port={self.port}"

    def create_database(self, name: str) -> str:
        import psycopg
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False
