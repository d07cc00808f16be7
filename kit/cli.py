"""The `kit` command: a thin layer over the same functions the screens use.

Every failure a user can cause is one readable line on stderr and exit code 1.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from typing import Optional, Sequence

from . import evening_file
from .i18n import translator
from .store import EveningNotFound, Store

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SAMPLE_DATA = ROOT / "sample_data"


class Failure(Exception):
    """A message for the user; main() prints it and exits 1."""


def voila_command(port: int, lan: bool = False, preheat: bool = True) -> list[str]:
    """Voilà set up for a live evening: local only, no sources, warm kernels, idle tabs culled."""
    return [sys.executable, "-m", "voila", str(NOTEBOOKS), f"--port={port}", "--no-browser",
            f"--Voila.ip={'0.0.0.0' if lan else '127.0.0.1'}",
            "--strip_sources=True", "--show_tracebacks=False",
            f"--preheat_kernel={preheat}", "--pool_size=1",
            "--VoilaConfiguration.file_allowlist=[]",
            "--MappingKernelManager.cull_idle_timeout=1800", "--MappingKernelManager.cull_interval=120",
            "--MappingKernelManager.cull_connected=False"]


def seed_samples(store: Store) -> list[str]:
    """Import the sample evenings into an empty store, so the first start shows something real."""
    if store.evenings():
        return []
    ids = []
    for path in sorted(SAMPLE_DATA.glob("*.json")):
        ev = evening_file.read(path)
        store.put(ev)
        ids.append(ev.id)
    return ids


def wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def cmd_start(args: argparse.Namespace) -> int:
    store = Store(args.data)
    for evening_id in seed_samples(store):
        print(f"sample evening: {evening_id}")
    env = dict(os.environ, KIT_DATA=str(store.data_dir))
    store.close()
    url = f"http://127.0.0.1:{args.port}/voila/render/start.ipynb"
    proc = subprocess.Popen(voila_command(args.port, preheat=not args.no_preheat), env=env, cwd=ROOT)
    try:
        if not wait_for_port(args.port, 60):
            raise Failure(f"Voilà did not start on port {args.port}.")
        print(f"The evening is open at {url}  (data: {store.data_dir}; Ctrl+C stops)", flush=True)
        if not args.no_browser:
            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _read(path: str) -> evening_file.Evening:
    try:
        return evening_file.read(path)
    except evening_file.EveningFileError as err:
        raise Failure(f"{path}: " + err.text(translator("en")).replace("\n", "; ")) from None


def cmd_import(args: argparse.Namespace) -> int:
    ev = _read(args.file)
    Store(args.data).put(ev)
    print(ev.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    try:
        ev = Store(args.data).load(args.evening)
    except EveningNotFound:
        raise Failure(f"No evening with the id “{args.evening}”. `kit list` shows the ids.") from None
    text = evening_file.dumps(ev)
    if args.output and args.output != "-":
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise Failure(f"Cannot write {args.output}: {err.strerror}") from None
        print(args.output)
    else:
        sys.stdout.write(text)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    for e in Store(args.data).evenings():
        print(f"{e.id}\t{e.date or ''}\t{e.title}")
    return 0


def parser() -> argparse.ArgumentParser:
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR", help="data folder (default: $KIT_DATA or ~/.local/share/jarjestoilta)")
    p = argparse.ArgumentParser(prog="kit", description="Järjestöilta kit: run an association evening.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", parents=[data], help="serve the evening's screens with Voilà and open the start screen")
    s.add_argument("--port", type=int, default=8866)
    s.add_argument("--no-browser", action="store_true", help="do not open a browser")
    s.add_argument("--no-preheat", action="store_true", help="start kernels only when a screen is opened")
    s.set_defaults(run=cmd_start)
    i = sub.add_parser("import", parents=[data], help="import a jarjestoilta/1 file; prints the evening's id")
    i.add_argument("file")
    i.set_defaults(run=cmd_import)
    e = sub.add_parser("export", parents=[data], help="export an evening as a jarjestoilta/1 file")
    e.add_argument("evening", metavar="EVENING_ID")
    e.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    e.set_defaults(run=cmd_export)
    ls = sub.add_parser("list", parents=[data], help="list the evenings in the store")
    ls.set_defaults(run=cmd_list)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Failure as err:
        print(f"kit: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"kit: {err.strerror or err}: {getattr(err, 'filename', '') or ''}".rstrip(": "), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
