"""Trust in what is collected (issue 12): votes that count once, inputs that cannot deface or run code,
imports that cannot crash or swell, erasure that erases."""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Optional

import pytest

from kit.core import evening_file, ops
from kit.core.model import CafeTable, Evening, EveningInfo
from kit.core.store import Store
from kit.phones import rules

from .conftest import KAJAANI, ROOT
from .test_capture import call, served  # noqa: F401  (served: the capture server, as a fixture)

EID = "kajaani-2026-11"


def small_evening() -> Evening:
    ev = Evening(evening=EveningInfo(id="e1", title="Ilta"))
    ev.cafe.tables = [CafeTable("t1", "Tilat")]
    return ev


# 2. one malformed input never fails another phone's input in the same group commit
@pytest.mark.parametrize("bad", [
    {"action": "feedback", "rating": 5.0},
    {"action": "feedback", "rating": 4, "comment": {"x": 1}},
    {"action": "add_idea", "table": "t1", "round": 1, "text": 12345},
    {"action": "add_idea", "table": ["t1"], "round": 1, "text": "x"},
    {"action": "vote", "idea": {"id": "i1"}, "step": 1},
])
def test_a_malformed_request_fails_alone_in_its_batch(store, bad):
    store.put(small_evening())
    good = {"action": "add_idea", "table": "t1", "round": 1, "text": "Hyvä idea"}
    feedback = {"action": "feedback", "rating": 5, "comment": "Kiitos"}
    results = store.capture_batch("e1", [("k1", rules.change("phone-a", good)), ("k2", rules.change("phone-b", bad)),
                                         ("k3", rules.change("phone-c", feedback))])
    assert isinstance(results[1], ops.InputError)
    assert not isinstance(results[0], Exception) and not isinstance(results[2], Exception)
    ev = store.load("e1")
    assert [i.text for i in ev.cafe.ideas] == ["Hyvä idea"]
    assert [(f.rating, f.comment) for f in ev.feedback] == [(5, "Kiitos")]
    with pytest.raises(ops.InputError):
        rules.check_body(bad)


# 4. text that defaces the projector
def test_combining_marks_are_capped_per_letter():
    smeared = ops.clean("a" + "\u0301" * 599 + "b")
    assert len(smeared) <= 2 + ops.COMBINING_MAX and smeared.startswith("á") and smeared.endswith("b")
    assert ops.clean("Tiếng Việt") == "Tiếng Việt"  # real accents stay


def test_bidirectional_controls_are_neutralised_and_text_is_nfc():
    assert ops.clean("kuva\u202egnp.exe") == "kuvagnp.exe"
    assert ops.clean("\u2067שלום\u2069 ja hei") == "שלום ja hei"
    assert ops.clean("Ja\u0308rjesto\u0308") == "Järjestö"  # decomposed (a Mac's file names) → composed


@pytest.mark.parametrize("blank", ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u3164", "\u0301\u0301"])
def test_text_with_nothing_visible_is_refused(blank):
    with pytest.raises(ops.InputError):
        ops.clean(blank)
    assert ops.optional(blank) is None
    ev, ledger = small_evening(), rules.Ledger()
    with pytest.raises(ops.InputError):
        rules.apply(ev, ledger, "phone", {"action": "add_idea", "table": "t1", "round": 1, "text": blank})
    assert ev.cafe.ideas == []


def test_imports_pass_through_the_same_cleaner(tmp_path):
    doc = evening_file.to_dict(small_evening())
    doc["cafe"]["ideas"] = [{"id": "i1", "table_id": "t1", "round": 1, "text": "x\u202eexe.png" + "\u0300" * 50}]
    ev = evening_file.loads(__import__("json").dumps(doc))
    assert ev.cafe.ideas[0].text == "xexe.png" + "\u0300" * ops.COMBINING_MAX
    doc["cafe"]["ideas"][0]["text"] = "\u200b"
    with pytest.raises(evening_file.EveningFileError):
        evening_file.loads(__import__("json").dumps(doc))
    from kit.sheets import associations
    plan = associations.plan("Nimi;Sähköposti\r\n\u200b;a@example.org\r\nMartat\u202e ry;m@example.org\r\n".encode())
    assert [e.name for _n, e in plan.rows] == ["Martat ry"]


# 7. exports that cannot run code
FORMULAS = ['=HYPERLINK("http://x","click")', "=1+1", "+2+3", "-4+5", "@SUM(1,1)"]


def hostile_evening(path):
    ev = evening_file.read(KAJAANI)
    ev.evening.title = FORMULAS[1]
    ev.cafe.ideas[0].text, ev.cafe.ideas[1].text = FORMULAS[0], FORMULAS[4]
    ev.introductions[0].wishes.append(FORMULAS[3])
    person = next(p for p in ev.participants if p.email)
    person.name, person.consent.contact_list = FORMULAS[2], True
    org = next(o for o in ev.organisations if o.public_contact and o.email)
    org.name = FORMULAS[0]
    evening_file.write(ev, path)
    return ev


def libreoffice_cells(document: Path, outdir: Path) -> set[str]:
    """Open a file in LibreOffice Calc, as a person would, and save what it shows as CSV."""
    soffice = shutil.which("soffice")
    if not soffice or not Path("/usr/lib/libreoffice/program/libsclo.so").exists():
        pytest.skip("LibreOffice Calc is not installed (scripts/test installs it)")
    outdir.mkdir(exist_ok=True)
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{outdir}/.profile",
                           "--infilter=CSV:59,34,76", "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76",
                           "--outdir", str(outdir), str(document)], capture_output=True, text=True, timeout=180)
    shown = outdir / (document.stem + ".csv")
    assert shown.exists(), done.stderr
    return {cell for row in csv.reader(io.StringIO(shown.read_text("utf-8-sig")), delimiter=";") for cell in row}


def test_exports_carry_peoples_formulas_as_text_that_no_spreadsheet_runs(tmp_path):
    from openpyxl import load_workbook
    from kit.app import cli
    hostile_evening(tmp_path / "ilta.json")
    data = str(tmp_path / "data")
    assert cli.main(["import", str(tmp_path / "ilta.json"), "--data", data]) == 0
    assert cli.main(["hyte", str(tmp_path / "ilta.json"), "--data", data, "-o", str(tmp_path / "h.docx"),
                     "--xlsx", str(tmp_path / "h.xlsx")]) == 0
    assert cli.main(["contacts", str(tmp_path / "ilta.json"), "--data", data, "-o", str(tmp_path / "c.csv")]) == 0
    assert cli.main(["metrics", "--data", data, "-o", str(tmp_path / "m.csv")]) == 0
    sheet = load_workbook(tmp_path / "h.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {FORMULAS[0], FORMULAS[1], FORMULAS[3], FORMULAS[4]} <= {c.value for c in cells}
    shown = libreoffice_cells(tmp_path / "h.xlsx", tmp_path / "lo-xlsx")
    assert {FORMULAS[0], FORMULAS[1], FORMULAS[3], FORMULAS[4]} <= shown and "click" not in shown
    csv_cells = libreoffice_cells(tmp_path / "c.csv", tmp_path / "lo-contacts")
    csv_cells |= libreoffice_cells(tmp_path / "m.csv", tmp_path / "lo-metrics")
    assert {"'" + FORMULAS[0], "'" + FORMULAS[1], "'" + FORMULAS[2]} <= csv_cells
    assert "click" not in csv_cells


# 9. an import never replaces tonight's evening silently; an id is never a path
def test_importing_an_evening_that_exists_is_refused_unless_replace(tmp_path, capsys):
    from kit.app import cli
    data = str(tmp_path / "data")
    assert cli.main(["import", str(KAJAANI), "--data", data]) == 0
    store = Store(data)
    table = store.load(EID).cafe.tables[0].id
    store.change(EID, ops.add_idea, table, 1, "Lisätty tänä iltana")
    capsys.readouterr()
    assert cli.main(["import", str(KAJAANI), "--data", data]) == 1
    assert "--replace" in capsys.readouterr().err
    assert "Lisätty tänä iltana" in [i.text for i in store.load(EID).cafe.ideas]
    assert cli.main(["import", str(KAJAANI), "--data", data, "--replace"]) == 0
    assert "Lisätty tänä iltana" not in [i.text for i in store.load(EID).cafe.ideas]


def test_the_start_screen_keeps_both_evenings_when_an_id_exists(sample_store):
    from kit.screens.start import StartScreen
    screen = StartScreen(sample_store)
    table = sample_store.load(EID).cafe.tables[0].id
    sample_store.change(EID, ops.add_idea, table, 1, "Lisätty tänä iltana")
    before = {e.id for e in sample_store.evenings()}
    screen.import_file({"content": KAJAANI.read_bytes()})
    added = {e.id for e in sample_store.evenings()} - before
    assert len(added) == 1 and "Lisätty tänä iltana" in [i.text for i in sample_store.load(EID).cafe.ideas]


@pytest.mark.parametrize("bad_id", ["../../outside", "a/b", "two words", "x" * 81, "..", "/etc/passwd"])
def test_evening_ids_that_could_be_paths_are_refused_when_read(tmp_path, bad_id):
    doc = evening_file.to_dict(small_evening())
    doc["evening"]["id"] = bad_id
    with pytest.raises(evening_file.EveningFileError) as err:
        evening_file.loads(json.dumps(doc))
    assert "evening.id" in str(err.value)


def test_kit_invite_writes_inside_its_folder_even_for_an_id_stored_before_ids_were_checked(tmp_path, monkeypatch):
    from kit.app import cli
    store = Store(tmp_path / "data")
    ev = evening_file.read(KAJAANI)
    ev.evening.id = "../../escaped"
    store.put(ev)  # as an older kit stored it
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    assert cli.main(["invite", "../../escaped", "--data", str(store.data_dir)]) == 0
    assert not (tmp_path / "escaped-invitations").exists()
    assert [p.parent for p in work.glob("*-invitations")] == [work]


# 8. imports that cannot crash or swell
MEASURE = ("import resource, subprocess, sys; "
           "code = subprocess.run(sys.argv[2:], timeout=float(sys.argv[1])).returncode; "
           "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(used.ru_maxrss, used.ru_utime + used.ru_stime, file=sys.stderr); sys.exit(code)")


def run_kit(*args: str, timeout: float = 60, user: Optional[int] = None) -> tuple[int, str, float, float]:
    """`kit ARGS` in its own process: exit code, stderr, CPU seconds and peak memory in MB.

    A small Python in between measures: a child forked from pytest would report pytest's size. CPU time, not
    the clock, so that other work on a busy machine does not count."""
    command = [sys.executable, "-m", "kit.app.cli", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    done = subprocess.run([sys.executable, "-c", MEASURE, str(timeout), *command], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, cwd=ROOT)  # the measuring Python kills it when late
    err, measured = done.stderr.rsplit("\n", 2)[:2] if done.stderr.count("\n") > 1 else ("", done.stderr)
    peak, cpu = measured.split()
    return done.returncode, err + "\n" if err else "", float(cpu), int(peak) / 1024


def one_clear_line(result: tuple[int, str, float, float], words: str, seconds: float = 20, mb: float = 400) -> None:
    code, err, took, peak = result
    assert code == 1 and err.startswith("kit: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert words in err and took < seconds and peak < mb, (err, took, peak)


def xlsx_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    from openpyxl import Workbook
    Workbook().save(path)
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def sheet_rows(n: int) -> bytes:
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Yhdistys {n}</t></is></c></row>'
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><dimension ref="A1:A{n}"/><sheetData>' +
            "".join(row.format(n=i) for i in range(1, n + 1)) +
            "</sheetData></worksheet>").encode()


def test_imports_that_used_to_crash_are_one_clear_line(tmp_path):
    data = str(tmp_path / "data")
    long_cell = tmp_path / "pitka.csv"
    long_cell.write_bytes(b"Nimi;S\xc3\xa4hk\xc3\xb6posti\r\n" + b"a" * 200_000 + b";x@example.org\r\n")
    one_clear_line(run_kit("orgs", "import", str(long_cell), "--data", data), "2")
    deep = tmp_path / "syva.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    one_clear_line(run_kit("import", str(deep), "--data", data), "syva.json")
    digits = tmp_path / "numero.json"
    digits.write_text('{"format": "jarjestoilta/1", "evening": {"id": "x"}, "feedback": [{"rating": ' +
                      "9" * 100_000 + "}]}")
    one_clear_line(run_kit("import", str(digits), "--data", data), "numero.json")
    one_clear_line(run_kit("orgs", "import", str(digits), "--data", data), "numero.json")


def test_a_zip_bomb_and_a_huge_sheet_are_refused_early(tmp_path):
    data = str(tmp_path / "data")
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 2_000_000  # 100 MB that zip to 0.2 MB
    bomb = xlsx_with_sheet(tmp_path / "pommi.xlsx", sheet_rows(1).replace(b"</sheetData>", rows + b"</sheetData>")
                           .replace(b'<dimension ref="A1:A1"/>', b""))  # a bomb does not say its size
    assert bomb.stat().st_size < 2 * 2**20
    one_clear_line(run_kit("orgs", "import", str(bomb), "--data", data), "MB", seconds=15)
    huge = xlsx_with_sheet(tmp_path / "suuri.xlsx", sheet_rows(200_000))
    one_clear_line(run_kit("orgs", "import", str(huge), "--data", data), "20000", seconds=5, mb=100)
    assert Store(data).register() == []


def test_a_read_only_data_folder_is_one_clear_line(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="kit-ro-"))
    try:
        Store(folder / "data").close()
        os.chmod(folder, 0o755)
        os.chmod(folder / "data", 0o555)
        user = 65534 if os.geteuid() == 0 else None  # root writes anywhere: run as nobody
        if user is not None and not shutil.which("setpriv"):
            pytest.skip("setpriv is needed to drop root")
        one_clear_line(run_kit("import", str(KAJAANI), "--data", str(folder / "data"), user=user), "--data")
    finally:
        os.chmod(folder / "data", 0o755)
        shutil.rmtree(folder)


# 1. dots and feedback count once per phone
def call_from(address: str, url: str, code: str, body: Optional[dict] = None) -> tuple[int, dict]:
    return call(url, code, body, source=address)


def test_a_phone_that_clears_its_storage_gets_no_new_dots_and_one_feedback(served):
    base, store, code = served
    ideas = [i.id for i in store.load(EID).cafe.ideas][:2]
    devices = []
    for _attempt in range(4):  # a private tab, cleared storage, another browser: each joins anew
        status, joined = call_from("127.0.0.1", f"{base}/api/join", code)
        assert status == 200
        devices.append(joined["device"])
    assert len(set(devices)) == 4
    submit = f"{base}/api/e/{EID}/submit"
    statuses = [call_from("127.0.0.1", submit, code, {"key": secrets.token_hex(8), "device": device, "action": "vote",
                                                      "idea": ideas[0], "step": 1})[0]
                for device in devices for _dot in range(3)]
    assert statuses.count(200) == 3
    before = len(store.load(EID).feedback)
    for n, device in enumerate(devices):
        assert call_from("127.0.0.1", submit, code, {"key": secrets.token_hex(8), "device": device,
                                                     "action": "feedback", "rating": 1 + n})[0] == 200
    assert len(store.load(EID).feedback) == before + 1 and store.load(EID).feedback[-1].rating == 4
    status, state = call_from("127.0.0.1", f"{base}/api/e/{EID}/state?device={devices[-1]}", code)
    assert state["votes_left"] == 0 and state["feedback"]["rating"] == 4  # it sees its own dots and feedback
    status, joined = call_from("127.0.0.2", f"{base}/api/join", code)  # another phone has its own dots
    assert call_from("127.0.0.2", submit, code, {"key": "k-other-phone", "device": joined["device"], "action": "vote",
                                                 "idea": ideas[1], "step": 1})[0] == 200
    assert rules.voters(store, EID) == 2  # what the café screen shows the facilitator


def test_device_ids_are_the_laptops_and_new_ones_are_limited_per_address(served):
    base, store, code = served
    submit = f"{base}/api/e/{EID}/submit"
    made_up = {"key": secrets.token_hex(8), "device": secrets.token_hex(12), "action": "add_idea", "table": "t1",
               "round": 1, "text": "Selaimen oma tunnus"}
    status, body = call_from("127.0.0.3", submit, code, made_up)
    assert status == 403 and body["join"] is True
    status, joined = call_from("127.0.0.4", f"{base}/api/join", code)
    forged = joined["device"][:-1] + ("0" if joined["device"][-1] != "0" else "1")
    assert call_from("127.0.0.4", submit, code, dict(made_up, device=forged))[0] == 403
    other_evening = rules.issue_device(rules.capture_secret(store), "toinen-ilta", "127.0.0.4")
    assert call_from("127.0.0.4", submit, code, dict(made_up, device=other_evening))[0] == 403
    statuses = [call_from("127.0.0.5", f"{base}/api/join", code)[0] for _n in range(15)]
    assert statuses[:10] == [200] * 10 and set(statuses[10:]) == {429}
    assert call_from("127.0.0.5", f"{base}/api/join?device={joined['device']}", code)[1]["device"] == \
        joined["device"]  # a phone that has its id keeps it


# 3. idle connections cannot stop the phones
def test_idle_sockets_from_one_address_neither_stop_other_phones_nor_flood_the_console(tmp_path):
    from .test_capture import free_port
    store = Store(tmp_path / "data")
    store.put(evening_file.read(KAJAANI))
    store.set_setting("live_evening", EID)  # the evening the phones may join
    code = rules.join_code(store, EID)
    port, log = free_port(), tmp_path / "server.log"

    def few_open_files() -> None:  # as a desktop's usual limit, scaled down so the test is quick
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "kit.phones.server", "--data", str(store.data_dir), "--port",
                                 str(port), "--idle-seconds", "2"], stdout=err, stderr=err, preexec_fn=few_open_files)
    idle: list[socket.socket] = []
    try:
        assert wait_for_port(port, 30)
        for _n in range(260):  # sockets that connect and say nothing, from one address
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            idle.append(s)
        time.sleep(0.5)
        started = time.monotonic()
        status, joined = call(f"http://127.0.0.1:{port}/api/join", code, source="127.0.0.2")
        assert status == 200 and "device" in joined and time.monotonic() - started < 2
        still_open = [s for s in idle if not closed(s, wait=0.05)]
        assert len(still_open) <= 20  # the rest were closed at once
        time.sleep(2.5)
        assert not [s for s in still_open if not closed(s, wait=0.5)]  # and these once idle for 2 s
    finally:
        for s in idle:
            s.close()
        proc.kill()
        proc.wait()
    assert len(log.read_text().splitlines()) <= 5, log.read_text()[:2000]


def closed(s: socket.socket, wait: float) -> bool:
    """Whether the server has closed this connection (a read returns nothing, or the connection was reset)."""
    s.settimeout(wait)
    try:
        return s.recv(1) == b""
    except socket.timeout:
        return False
    except OSError:
        return True


def wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


# 11. erasure that erases
def test_erasing_a_person_removes_them_from_documents_the_register_and_the_database_file(sample_store, capsys,
                                                                                         monkeypatch):
    monkeypatch.setenv("KIT_LANG", "en")
    from kit.app import cli
    from kit.documents.contacts import contacts_csv
    from kit.documents.invite import memo_distribution
    from kit.documents.memo import build_memo
    from kit.sheets import associations
    store = sample_store
    ev = store.load(EID)
    person = next(p for p in ev.participants if p.email and p.attended)
    store.change(EID, ops.set_consent, person.id, memo=True, contact_list=True)
    store.change(EID, lambda e: setattr(e.participant(person.id), "phone", "040 765 4321"))
    ev = store.load(EID)
    memo = build_memo(ev)
    made = [store.save_output(memo.filename, memo.data),  # as the summary screen keeps them
            store.save_output(memo.filename.replace(".docx", ".eml"), memo_distribution(ev, memo.filename, memo.data)),
            store.save_output(f"{EID}-yhteystiedot.csv", contacts_csv(ev))]
    unrelated = store.save_output("muistiinpano.txt", "Kahvia 40 hengelle.".encode())
    assert all(p.stat().st_mode & 0o077 == 0 for p in made)  # readable by this user only
    assert store.data_dir.stat().st_mode & 0o077 == 0 and store.path.stat().st_mode & 0o077 == 0
    store.change_register(lambda entries: entries.update({"tjock": dict(vars(associations.Entry(
        "Tjöck Byaförening", email=person.email.upper(), phone="+358 40 765 4321")), other_contacts=[])}))

    assert cli.main(["erase", "--email", person.email, "--data", str(store.data_dir)]) == 0
    said = capsys.readouterr().out
    assert all(not p.exists() for p in made) and unrelated.exists()
    assert all(p.name in said for p in made)
    entry = next(e for e in store.register() if e["name"] == "Tjöck Byaförening")
    assert entry["email"] == "" and entry["phone"] == ""
    on_disk = b"".join(p.read_bytes() for p in store.data_dir.glob("kit.sqlite*"))
    assert person.email.encode() not in on_disk and person.name.encode() not in on_disk  # no old page keeps them
    report = cli.main(["privacy-report", "--data", str(store.data_dir)]) == 0 and capsys.readouterr().out
    assert "muistiinpano.txt" in report and "documents" in report and "phone numbers" in report
    assert "this user only: yes" in report


def test_the_data_folder_is_made_readable_by_its_user_only(tmp_path):
    store = Store(tmp_path / "uusi")
    assert store.data_dir.stat().st_mode & 0o777 == 0o700 and store.path.stat().st_mode & 0o777 == 0o600
    store.put(small_evening())
    assert all(p.stat().st_mode & 0o077 == 0 for p in store.data_dir.glob("kit.sqlite*"))
