"""The `kit` command: a thin layer over the same functions the screens use.

Every failure a user can cause is one readable line on stderr and exit code 1.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import webbrowser
from pathlib import Path
from typing import Callable, Optional, Sequence

from kit.core import evening_file
from kit.phones.rules import lan_address
from kit.i18n import LANGUAGES, N_, Translator, UserError, translator, user_language
from kit.resources import SAMPLE_DATA
from kit.core.store import EveningExists, EveningNotFound, Store, open_store



class Failure(UserError):
    """A message for the user; main() prints it in the terminal's language and exits 1."""


def seed_samples(store: Store) -> list[str]:
    """Import the sample evenings into an empty store, so the first start shows something real."""
    if store.evenings():
        return []
    ids = []
    for path in sorted(SAMPLE_DATA.glob("*.json")):
        ev = evening_file.read(path)
        store.put(ev)
        ids.append(ev.id)
    store.set_setting("live_evening", store.current_evening() or "")  # the newest sample is tonight's
    return ids


def wait_for_port(port: int, seconds: float, proc: Optional[subprocess.Popen] = None) -> bool:
    """Whether something listens on the port within the time (and `proc`, if given, is still running)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def port_taken(host: str, port: int) -> bool:
    """Whether another program holds the port: a trial bind, which also works where connecting is slow (Windows)."""
    with socket.socket() as s:
        if os.name == "nt":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a just-closed evening's port is free
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def _store(args: argparse.Namespace) -> Store:
    """The store the command works on: the region's database (--db or KIT_DB), else the data folder's SQLite."""
    return open_store(getattr(args, "db", None), args.data)


def cmd_start(args: argparse.Namespace) -> int:
    from kit.app import serving
    from kit.app.privacy import apply_retention
    _ = translator(user_language())
    store = _store(args)
    for evening_id in seed_samples(store):
        print(_("sample evening: {id}").format(id=evening_id))
    for erased in apply_retention(store):  # the municipality's retention setting, applied at every start
        print(erased.text(_))
    capture_port = args.capture_port or args.port + 1
    capture_host = "0.0.0.0" if args.lan else "127.0.0.1"
    serving.stop_left_over(store.data_dir)  # a Voilà whose `kit start` was killed (Linux stops it by itself)
    for host, port in (("127.0.0.1", args.port), (capture_host, capture_port)):
        if port_taken(host, port):  # never a silent other port: the address printed must be the one served
            raise Failure(N_("Port {port} is in use by another program. Stop that program, or choose another "
                             "port with --port."), port=port)
    join_url = f"http://{lan_address()}:{capture_port}/" if args.lan else ""
    store.set_setting("capture_url", join_url)  # the projector shows it (and its QR code) only on a LAN
    secret = secrets.token_urlsafe(24)  # only who has the address opens the screens
    env = dict(os.environ, KIT_DATA=str(store.data_dir), JUPYTER_TOKEN=secret, KIT_DB=getattr(store, "url", ""),
               **{serving.PARENT_PID: str(os.getpid())})
    url = f"http://127.0.0.1:{args.port}/voila/render/start.ipynb?token={secret}"
    proc = subprocess.Popen(serving.voila_command(args.port, preheat=not args.no_preheat), env=env,
                            cwd=store.data_dir)
    serving.write_pid_file(store.data_dir, proc.pid)
    signal.signal(signal.SIGTERM, lambda *_a: sys.exit(0))  # a stop request still stops Voilà (finally below)
    try:
        if not wait_for_port(args.port, 90, proc):
            raise Failure(N_("The screens' server did not start on port {port}; its messages are above."),
                          port=args.port)
        # one line, so a script can read the address (tests do)
        print(_("The evening is open at {url}  (data: {data}; Ctrl+C stops)").format(url=url, data=store.data_dir))
        print(_("Phones join at {url}").format(url=join_url) if join_url else
              _("The capture page is at {url} on this laptop only; --lan opens it to the Wi-Fi.").format(
                  url=f"http://127.0.0.1:{capture_port}/"), flush=True)
        if not args.no_browser:
            webbrowser.open(url)
        return asyncio.run(serve_capture(store, capture_host, capture_port, proc))
    except OSError as err:
        raise Failure(N_("The capture page cannot listen on port {port}: {reason}"), port=capture_port,
                      reason=err.strerror) from None
    except KeyboardInterrupt:
        return 0
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        serving.remove_pid_file(store.data_dir)


async def serve_capture(store: Store, host: str, port: int, voila: subprocess.Popen) -> int:
    """The phones' capture page, in this process, for as long as Voilà runs."""
    from kit.phones.server import listen
    server = listen(store, host, port)
    while voila.poll() is None:
        await asyncio.sleep(0.5)
    server.stop()
    return voila.returncode


def _read(path: str) -> evening_file.Evening:
    try:
        return evening_file.read(path)
    except evening_file.EveningFileError as err:
        raise Failure(N_("{path}: {problem}"), path=path,
                      problem=err.text(translator(user_language())).replace("\n", "; ")) from None


def cmd_import(args: argparse.Namespace) -> int:
    ev = _read(args.file)
    try:
        _store(args).put(ev, replace=args.replace)
    except EveningExists as err:
        _ = translator(user_language())
        raise Failure(N_("{problem} {advice}"), problem=err.text(_),
                      advice=_("Add --replace to replace it (what was added to it since is lost).")) from None
    print(ev.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    ev = _store(args).load(args.evening)  # an unknown id: EveningNotFound says so
    text = evening_file.dumps(ev)
    if args.output and args.output != "-":
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise Failure(N_("Cannot write {path}: {reason}"), path=args.output, reason=err.strerror) from None
        print(args.output)
    else:
        sys.stdout.write(text)
    return 0


def _evening(ref: str, args: argparse.Namespace) -> evening_file.Evening:
    """An evening by id from the store, or from a jarjestoilta/1 file."""
    if ref.endswith(".json") or Path(ref).is_file():
        return _read(ref)
    try:
        return _store(args).load(ref)
    except EveningNotFound:
        raise Failure(N_("No evening with the id “{id}” and no such file. `kit list` shows the ids."),
                      id=ref) from None


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise Failure(N_("Cannot write {path}: {reason}"), path=path, reason=err.strerror) from None


def cmd_memo(args: argparse.Namespace) -> int:
    from kit.documents.memo import build_memo
    ev = _evening(args.evening, args)
    memo = build_memo(ev, args.lang, args.template)  # a template's problem is a UserError: main() says it
    out = Path(args.output or memo.filename)
    _write(out, memo.data)
    for warning in memo.warnings:
        print(f"kit: {warning}", file=sys.stderr)
    print(out)
    return 0


def cmd_contacts(args: argparse.Namespace) -> int:
    from kit.documents.contacts import contacts_csv
    _write(Path(args.output), contacts_csv(_evening(args.evening, args), args.lang))
    print(args.output)
    return 0


def cmd_hyte(args: argparse.Namespace) -> int:
    from kit.documents.hyte_report import build_report, build_xlsx
    from kit.documents.metrics import municipality_of
    store = _store(args)
    evenings = [_evening(ref, args) for ref in args.evenings]
    if args.year or args.region:
        named = {municipality_of(e) for e in evenings}
        stored = [ev for ev in store.load_all(args.year) if ev.id not in {e.id for e in evenings}]
        if not args.region:  # a municipality's report: the year's evenings of the named evenings' municipality
            found = named or {municipality_of(ev) for ev in stored}
            if len(found) > 1:
                raise Failure(N_("The evenings are of several municipalities ({municipalities}): name an evening "
                                 "of the municipality whose report this is, or give --region."),
                              municipalities=", ".join(sorted(m or "?" for m in found)))
            stored = [ev for ev in stored if municipality_of(ev) in found]
        evenings += stored
    if not evenings:
        raise Failure(N_("No evenings: name evening ids or files, or give --year with evenings in the store."))
    lang = args.lang or ("fi" if args.region else evenings[0].evening.language)
    data, warnings = build_report(evenings, lang, args.template, store.data_dir, region=args.region)
    name = "hyte-region" if args.region else "hyte"
    out = Path(args.output or f"{name}-{args.year or evenings[0].evening.date or 'input'}.docx")
    _write(out, data)
    for warning in warnings:
        print(f"kit: {warning}", file=sys.stderr)
    print(out)
    if args.xlsx:
        _write(Path(args.xlsx), build_xlsx(evenings, lang, store.data_dir))
        print(args.xlsx)
    return 0


def cmd_metrics(args: argparse.Namespace) -> int:
    from kit.documents.cells import csv_text
    from kit.documents.hyte import load_themes
    from kit.documents.metrics import metrics_chart, metrics_frame
    from kit.documents.region import region_chart, region_frame
    store = _store(args)
    evenings = store.load_all()
    if not evenings:
        raise Failure(N_("The store has no evenings yet."))
    lang = args.lang or "fi"  # across evenings there is no one evening's language
    decimal = "." if lang == "en" else ","  # a Finnish or Swedish Excel reads 14.3 as a date, 14,3 as a number
    out = Path(args.output or ("metrics-region.png" if args.region else "metrics.png"))
    if args.region:
        themes = load_themes(store.data_dir)
        if out.suffix.lower() == ".csv":
            frame = region_frame(evenings, themes, lang).map(csv_text)
            _write(out, ("\ufeff" + frame.to_csv(index=False, sep=";", decimal=decimal)).encode("utf-8"))
        else:
            _write(out, region_chart(evenings, themes, lang))
    elif out.suffix.lower() == ".csv":
        frame = metrics_frame(evenings, lang, not args.all_municipalities).map(csv_text)  # titles are people's text
        _write(out, ("\ufeff" + frame.to_csv(index=False, sep=";", decimal=decimal)).encode("utf-8"))
    else:
        _write(out, metrics_chart(evenings, lang, per_municipality=not args.all_municipalities))
    print(out)
    return 0


def _region(args: argparse.Namespace) -> Store:
    """The regional store named by --db or KIT_DB (push, pull and region need one)."""
    if not (args.db or os.environ.get("KIT_DB")):
        raise Failure(N_("Name the regional database with --db postgresql://… or KIT_DB."))
    return open_store(args.db, args.data)


def cmd_push(args: argparse.Namespace) -> int:
    from kit.core import sync
    return _sync(args, sync.push, N_("No evening with the id “{id}” on this laptop. `kit list` shows the ids."))


def cmd_pull(args: argparse.Namespace) -> int:
    from kit.core import sync
    return _sync(args, sync.pull, N_("No evening with the id “{id}” in the regional store. `kit list --db …` shows "
                                  "the ids."))


def _sync(args: argparse.Namespace, direction: Callable[[Store, Store, str], tuple[str, dict]],
          not_found: str) -> int:
    """`kit push` or `kit pull` of each evening named; what was done, in the terminal's language."""
    local, remote = Store(args.data), _region(args)
    _ = translator(user_language())
    for evening_id in args.evenings:
        try:
            msgid, params = direction(local, remote, evening_id)
        except EveningNotFound:
            raise Failure(not_found, id=evening_id) from None
        print(_(msgid).format(**params))
    return 0


def cmd_region(args: argparse.Namespace) -> int:
    from kit.core import pgstore
    _ = translator(user_language())
    url = args.db or os.environ.get("KIT_DB", "")
    if not url.startswith(("postgresql://", "postgres://")):
        raise Failure(N_("Name the regional database with --db postgresql://… or KIT_DB."))
    if args.region_command == "setup":
        before, now = pgstore.setup(url)
        print(_("The regional database is at schema version {now} (it was at {before}).").format(now=now,
                                                                                               before=before))
    elif args.region_command == "users":  # the list a region's hub logs in (kit/app/hub.py)
        from kit.app.hub import read_region
        region = read_region(args.region_file)
        for role, municipality in region.liaisons().items():
            _add_liaison(url, role, municipality, _)
        for role in region.coordinators():
            _add_coordinator(url, role, _)
    elif args.region_command == "liaison":
        _add_liaison(url, args.role, args.municipality, _)
    else:
        _add_coordinator(url, args.role, _)
    return 0


def _add_liaison(url: str, role: str, municipality: str, _: Translator) -> None:
    from kit.core import pgstore
    pgstore.add_member(url, role, municipality)
    print(_("{role} works for {municipality}: sees and changes that municipality's evenings and register only.")
          .format(role=role, municipality=municipality))


def _add_coordinator(url: str, role: str, _: Translator) -> None:
    from kit.core import pgstore
    pgstore.add_member(url, role, coordinator=True)
    print(_("{role} reads every municipality's evenings and changes none.").format(role=role))


def cmd_vuosikello(args: argparse.Namespace) -> int:
    from datetime import date

    from kit.documents.vuosikello import clock_chart, read_clock
    own = Store(args.data).data_dir / "vuosikello.csv"
    path = args.file or (own if own.exists() else SAMPLE_DATA / "vuosikello.csv")  # as the Reports screen does
    try:
        clock = read_clock(path)
    except FileNotFoundError:
        raise Failure(N_("File not found: {path}"), path=path) from None
    lang = args.lang or "fi"
    _ = translator(lang)
    for problem in clock.problems:
        print(f"kit: {problem.text(_)}", file=sys.stderr)
    year = args.year or (clock.events[0].start.year if clock.events else date.today().year)
    out = Path(args.output or f"vuosikello-{year}.png")
    fmt = "pdf" if out.suffix.lower() == ".pdf" else "png"
    _write(out, clock_chart(clock, year, lang, date.today(), fmt=fmt))
    print(out)
    return 0


def cmd_orgs_import(args: argparse.Namespace) -> int:
    from kit.sheets import associations
    from kit.sheets.reader import TableError
    _ = translator(user_language())
    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError:
        raise Failure(N_("File not found: {path}"), path=path) from None
    store = _store(args)
    try:
        if raw.lstrip()[:1] == b"{":
            problems, skipped = [], 0
            if args.dry_run:
                n = len(evening_file.from_bytes(raw).organisations)
            else:
                counts = associations.import_evening_file(store, raw)
        else:
            p = associations.plan(raw)
            if args.column:  # the person's choice of columns wins over the guess
                chosen = dict(p.columns)
                for choice in args.column:
                    field, _eq, header = choice.partition("=")
                    if field not in chosen:
                        raise Failure(N_("--column takes FIELD=HEADER; the fields are {fields}"),
                                      fields=", ".join(chosen))
                    chosen[field] = associations.choose_column(p.header, header)
                p = associations.plan(raw, chosen)
            print(associations.mapping_text(p, _))  # before anything is stored
            problems, skipped, n = p.problems, p.skipped, len(p.rows)
            if not args.dry_run:
                counts = associations.import_plan(store, p) if p.rows else {"added": 0, "merged": 0}
    except TableError as err:
        raise Failure(N_("{path}: {problem}"), path=path, problem=err.text(_)) from None
    except evening_file.EveningFileError as err:
        raise Failure(N_("{path}: {problem}"), path=path, problem=err.text(_).replace("\n", "; ")) from None
    for problem in problems:
        print(f"kit: {problem.text(_)}", file=sys.stderr)
    if args.dry_run:
        print(_("{n} rows would be read, {skipped} not; nothing was stored (--dry-run).").format(n=n, skipped=skipped))
        return 0
    print(_("{added} new, {merged} merged, {skipped} rows not read; {total} in the register.").format(
        added=counts["added"], merged=counts["merged"], skipped=skipped, total=len(store.register())))
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from kit.app.privacy import apply_retention, erase_person
    _ = translator(user_language())
    store = _store(args)
    if args.expired:
        removed = apply_retention(store)
    elif args.person or args.email:
        removed = erase_person(store, args.person, args.email)
        if not removed:
            raise Failure(N_("Nobody with that id or e-mail is in the store."))
    else:
        raise Failure(N_("Give --person ID, --email ADDRESS or --expired."))
    for item in removed:
        print(item.text(_))
    if not removed:
        print(_("No contact details are older than the retention period; nothing was erased."))
    return 0


def cmd_privacy_report(args: argparse.Namespace) -> int:
    from kit.app.privacy import privacy_report
    sys.stdout.write(privacy_report(_store(args), translator(args.lang or user_language())))
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    from kit.documents.invite import invitations, safe_filename, send_dates
    ev = _evening(args.evening, args)
    _ = translator(args.lang or ev.evening.language)
    files = invitations(ev, args.lang)
    out = Path(args.output or f"{safe_filename(ev.id)}-invitations")  # an id is never a path
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        _write(out / name, data)
    dates = send_dates(ev)
    if dates:
        print(_("Send the invitation on {invite} and the reminder on {remind}.").format(
            invite=dates[0].isoformat(), remind=dates[1].isoformat()))
    print(out)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    for e in _store(args).evenings():
        print(f"{e.id}\t{e.date or ''}\t{e.title}")
    return 0


def parser() -> argparse.ArgumentParser:
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", metavar="DIR", help="data folder (default: $KIT_DATA or ~/.local/share/jarjestoilta)")
    data.add_argument("--db", metavar="URL", help="a region's PostgreSQL database, postgresql://… (default: $KIT_DB; "
                                                  "without it the data folder's own database)")
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=LANGUAGES, help="language of what is written (default: the evening's, else Finnish)")
    p = argparse.ArgumentParser(prog="kit", description="Järjestöilta kit: run an association evening.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", parents=[data], help="serve the evening's screens with Voilà and open the start screen")
    s.add_argument("--port", type=int, default=8866)
    s.add_argument("--lan", action="store_true",
                   help="let phones on this Wi-Fi join (the capture page only; the screens stay on this laptop)")
    s.add_argument("--capture-port", type=int, metavar="N", help="port of the phones' capture page (default: --port + 1)")
    s.add_argument("--no-browser", action="store_true", help="do not open a browser")
    s.add_argument("--no-preheat", action="store_true", help="start kernels only when a screen is opened")
    s.set_defaults(run=cmd_start)
    i = sub.add_parser("import", parents=[data], help="import a jarjestoilta/1 file; prints the evening's id")
    i.add_argument("file")
    i.add_argument("--replace", action="store_true", help="replace a stored evening with the same id")
    i.set_defaults(run=cmd_import)
    e = sub.add_parser("export", parents=[data], help="export an evening as a jarjestoilta/1 file")
    e.add_argument("evening", metavar="EVENING_ID")
    e.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    e.set_defaults(run=cmd_export)
    m = sub.add_parser("memo", parents=[data, lang], help="write the evening's memo as a Word document")
    m.add_argument("evening", metavar="EVENING", help="an evening id in the store, or a jarjestoilta/1 file")
    m.add_argument("-o", "--output", metavar="FILE.docx", help="default: date, 'Muistio' and title")
    m.add_argument("--template", metavar="FILE.docx", help="the municipality's own Word template")
    m.set_defaults(run=cmd_memo)
    c = sub.add_parser("contacts", parents=[data, lang], help="the contact list participants may receive, as CSV")
    c.add_argument("evening", metavar="EVENING", help="an evening id in the store, or a jarjestoilta/1 file")
    c.add_argument("-o", "--output", metavar="FILE.csv", required=True)
    c.set_defaults(run=cmd_contacts)
    h = sub.add_parser("hyte", parents=[data, lang], help="welfare-report input: a Word draft section and an .xlsx of items")
    h.add_argument("evenings", nargs="*", metavar="EVENING", help="evening ids or jarjestoilta/1 files")
    h.add_argument("--year", type=int, help="the stored evenings of that year, of the named evenings' municipality")
    h.add_argument("-o", "--output", metavar="FILE.docx")
    h.add_argument("--xlsx", metavar="FILE.xlsx", help="also write one row per item")
    h.add_argument("--template", metavar="FILE.docx", help="the municipality's own Word template")
    h.add_argument("--region", action="store_true",
                   help="every evening the store shows (a coordinator: every municipality's), with each "
                        "municipality's share")
    h.set_defaults(run=cmd_hyte)
    mt = sub.add_parser("metrics", parents=[data, lang], help="network figures across evenings, as a chart or CSV")
    mt.add_argument("-o", "--output", metavar="FILE.png|FILE.csv")
    mt.add_argument("--all-municipalities", action="store_true", help="count every municipality's evenings together")
    mt.add_argument("--region", action="store_true",
                    help="each municipality's share of evenings, participants, organisations and themes")
    mt.set_defaults(run=cmd_metrics)
    v = sub.add_parser("vuosikello", parents=[data, lang],
                       help="draw the annual clock from a CSV calendar (date;end;title;kind)")
    v.add_argument("file", metavar="FILE.csv", nargs="?",
                   help="default: vuosikello.csv in the data folder, else the sample")
    v.add_argument("-o", "--output", metavar="FILE.png|FILE.pdf")
    v.add_argument("--year", type=int)
    v.set_defaults(run=cmd_vuosikello)
    orgs = sub.add_parser("orgs", help="the association register")
    orgs_sub = orgs.add_subparsers(dest="orgs_command", required=True)
    oi = orgs_sub.add_parser("import", parents=[data], help="import a CSV/XLSX list of associations or an evening file")
    oi.add_argument("file", metavar="FILE")
    oi.add_argument("--dry-run", action="store_true", help="show the columns and rows it would read; store nothing")
    oi.add_argument("--column", action="append", metavar="FIELD=HEADER",
                    help="read FIELD (name, email, phone, kind, public) from the column with this header, letter "
                         "or number; '-' for none. Repeat for more fields")
    oi.set_defaults(run=cmd_orgs_import)
    er = sub.add_parser("erase", parents=[data], help="remove a person everywhere, or erase expired contact details")
    who = er.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", metavar="ID")
    who.add_argument("--email", metavar="ADDRESS")
    who.add_argument("--expired", action="store_true", help="apply the retention setting (default 12 months)")
    er.set_defaults(run=cmd_erase)
    pr = sub.add_parser("privacy-report", parents=[data, lang], help="what personal data the store holds, and why")
    pr.set_defaults(run=cmd_privacy_report)
    inv = sub.add_parser("invite", parents=[data, lang], help="invitation and reminder e-mail drafts, a public post, a poster")
    inv.add_argument("evening", metavar="EVENING", help="an evening id in the store, or a jarjestoilta/1 file")
    inv.add_argument("-o", "--output", metavar="DIR")
    inv.set_defaults(run=cmd_invite)
    ls = sub.add_parser("list", parents=[data], help="list the evenings in the store")
    ls.set_defaults(run=cmd_list)
    pu = sub.add_parser("push", parents=[data], help="send evenings from this laptop's data folder to the regional "
                                                     "database (--db or KIT_DB); a conflict is refused, never merged")
    pu.add_argument("evenings", nargs="+", metavar="EVENING_ID")
    pu.set_defaults(run=cmd_push)
    pl = sub.add_parser("pull", parents=[data], help="bring evenings from the regional database (--db or KIT_DB) to "
                                                     "this laptop's data folder; a conflict is refused")
    pl.add_argument("evenings", nargs="+", metavar="EVENING_ID")
    pl.set_defaults(run=cmd_pull)
    rg = sub.add_parser("region", help="set up a region's PostgreSQL database (an administrator's --db URL)")
    rg_sub = rg.add_subparsers(dest="region_command", required=True)
    rs = rg_sub.add_parser("setup", parents=[data], help="create or upgrade the region's tables")
    rs.set_defaults(run=cmd_region)
    rl = rg_sub.add_parser("liaison", parents=[data], help="let a database login role work for one municipality")
    rl.add_argument("role")
    rl.add_argument("municipality")
    rl.set_defaults(run=cmd_region)
    rc = rg_sub.add_parser("coordinator", parents=[data], help="let a database login role read the whole region")
    rc.add_argument("role")
    rc.set_defaults(run=cmd_region)
    ru = rg_sub.add_parser("users", parents=[data], help="the region file's users (deploy/region.example.toml): each "
                                                         "account a liaison of its municipality or a coordinator")
    ru.add_argument("region_file", metavar="REGION_FILE")
    ru.set_defaults(run=cmd_region)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UserError as err:  # Failure and every error a person can put right (templates, sheets, ...)
        print(f"kit: {err.text(translator(user_language()))}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"kit: {err.strerror or err}: {getattr(err, 'filename', '') or ''}".rstrip(": "), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
