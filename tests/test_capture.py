"""Capture from phones: the rules (unit), the server's doors (access), and nothing lost or doubled (load, kill)."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import http.client
import urllib.request
from urllib.parse import urlsplit
from pathlib import Path

import pytest

from kit.i18n import translator
from kit.phones import rules as capture
from kit.core import evening_file
from kit.core import ops
from kit.phones.rules import Ledger
from kit.core.model import CafeTable, Evening, EveningInfo, Participant
from kit.core.store import Store

from .conftest import HOSTILE, KAJAANI, free_port

EID = "kajaani-2026-11"
SECRET = "the key the tests give the laptop"  # so a test can hold a device id the laptop would issue
DEVICE = capture.issue_device(SECRET, EID, "127.0.0.1")


def small_evening() -> Evening:
    ev = Evening(evening=EveningInfo(id="e1", title="Ilta"))
    ev.cafe.tables = [CafeTable("t1", "Tilat"), CafeTable("t2", "Nuoret")]
    ev.participants = [Participant("p1", "Maija Meikäläinen", email="maija@example.org")]
    return ev


# the rules, without a server
def test_a_host_adds_edits_and_withdraws_only_their_own_ideas():
    ev, ledger = small_evening(), Ledger()
    first = capture.apply(ev, ledger, "phone-a", {"action": "add_idea", "table": "t1", "round": 1, "text": "Sali"})
    capture.apply(ev, ledger, "phone-a", {"action": "edit_idea", "idea": first["idea"], "text": "Sali iltaisin"})
    assert [i.text for i in ev.cafe.ideas] == ["Sali iltaisin"]
    with pytest.raises(ops.InputError):
        capture.apply(ev, ledger, "phone-b", {"action": "edit_idea", "idea": first["idea"], "text": "Muutettu"})
    with pytest.raises(ops.InputError):
        capture.apply(ev, ledger, "phone-b", {"action": "withdraw_idea", "idea": first["idea"]})
    capture.apply(ev, ledger, "phone-a", {"action": "withdraw_idea", "idea": first["idea"]})
    assert ev.cafe.ideas == [] and ledger.ideas == {}


def test_dots_are_limited_per_device_and_come_back_when_taken_away():
    ev, ledger = small_evening(), Ledger()
    ev.cafe.votes_per_person = 2
    idea = capture.apply(ev, ledger, "host", {"action": "add_idea", "table": "t1", "round": 1, "text": "A"})["idea"]
    vote = {"action": "vote", "idea": idea, "step": 1}
    capture.apply(ev, ledger, "phone", vote)
    capture.apply(ev, ledger, "phone", vote)
    with pytest.raises(ops.InputError) as err:
        capture.apply(ev, ledger, "phone", vote)
    assert "2" in err.value.text(translator("en"))
    capture.apply(ev, ledger, "phone", dict(vote, step=-1))
    capture.apply(ev, ledger, "phone", vote)
    capture.apply(ev, ledger, "other", vote)
    assert ev.cafe.ideas[0].votes == 3
    with pytest.raises(ops.InputError):
        capture.apply(ev, ledger, "third", dict(vote, step=-1))  # no dot of one's own to take away
    assert capture.public_state(ev, ledger, "phone", 1)["votes_left"] == 0


def test_a_second_feedback_from_a_phone_replaces_its_first():
    ev, ledger = small_evening(), Ledger()
    capture.apply(ev, ledger, "phone", {"action": "feedback", "rating": 2, "comment": "Kylmä sali"})
    capture.apply(ev, ledger, "other", {"action": "feedback", "rating": 5})
    capture.apply(ev, ledger, "phone", {"action": "feedback", "rating": 4, "comment": "Hyvä ilta"})
    assert [(f.rating, f.comment) for f in ev.feedback] == [(4, "Hyvä ilta"), (5, None)]
    for bad in (0, 6, "5", True, None):
        with pytest.raises(ops.InputError):
            capture.apply(ev, ledger, "phone", {"action": "feedback", "rating": bad})


@pytest.mark.parametrize("body", [
    {"action": "add_idea", "table": "t9", "round": 1, "text": "x"},
    {"action": "add_idea", "table": "t1", "round": 7, "text": "x"},
    {"action": "add_idea", "table": "t1", "round": "1", "text": "x"},
    {"action": "add_idea", "table": "t1", "round": 1, "text": "   "},
    {"action": "add_idea", "table": "t1", "round": 1, "text": "x" * (capture.IDEA_MAX + 1)},
    {"action": "vote", "idea": "nope", "step": 1},
    {"action": "vote", "idea": "i1", "step": 5},
    {"action": "delete_everything"},
])
def test_bad_requests_are_refused_with_a_message(body):
    ev, ledger = small_evening(), Ledger()
    with pytest.raises(ops.InputError) as err:
        capture.apply(ev, ledger, "phone", body)
    assert err.value.text(translator("en"))
    assert ev.cafe.ideas == []


def test_a_phone_sees_tables_and_ideas_but_no_names_emails_or_consents():
    ev = evening_file.read(KAJAANI)
    state = json.dumps(capture.public_state(ev, Ledger(), "phone", 3), ensure_ascii=False)
    assert ev.cafe.ideas[0].text in state
    for person in ev.participants:
        assert person.name not in state
        assert not person.email or person.email not in state
    for org in ev.organisations:
        assert not org.email or org.email not in state
    assert "consent" not in state and "host_id" not in state and "phone" not in state.replace('"phone"', "")


def test_rate_limiter_allows_bursts_then_the_rate():
    limiter = capture.RateLimiter(rate=2, burst=3)
    assert [limiter.allow("a", now=0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", now=0)
    assert limiter.allow("a", now=0.5) and not limiter.allow("a", now=0.5)


def test_join_codes_are_six_digits_compared_without_spaces(store):
    store.put(small_evening())
    code = capture.join_code(store, "e1")
    assert len(code) == 6 and code.isdigit() and capture.join_code(store, "e1") == code
    assert capture.code_matches(capture.show_code(code), code)
    assert not capture.code_matches("", code) and not capture.code_matches(code, "")
    assert capture.change_join_code(store, "e1") == capture.join_code(store, "e1")


def test_a_retried_request_is_stored_once(store):
    store.put(small_evening())
    body = {"action": "add_idea", "table": "t1", "round": 1, "text": "Kerran"}
    first = store.capture_change("e1", "e1/phone/key1", capture.change("phone", body))
    again = store.capture_change("e1", "e1/phone/key1", capture.change("phone", body))
    assert first == (again[0], False) and again[1] is True
    assert [i.text for i in store.load("e1").cafe.ideas] == ["Kerran"]
    with pytest.raises(ops.InputError):  # a refused request stores nothing, not even its key
        store.capture_change("e1", "e1/phone/key2", capture.change("phone", dict(body, table="t9")))
    store.capture_change("e1", "e1/phone/key2", capture.change("phone", body))
    assert len(store.load("e1").cafe.ideas) == 2


def test_qr_code_is_an_svg_of_the_join_address():
    svg = capture.qr_svg("http://192.168.1.20:8867/#482913")
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert "<path" in svg


# the server, as phones reach it
def start_server(data: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "kit.phones.server", "--data", str(data), "--port", str(port),
                             "--ip-rate", "1000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.1)
    proc.kill()
    pytest.fail("the capture server did not start")


@pytest.fixture
def served(tmp_path):
    store = Store(tmp_path / "data")
    store.put(evening_file.read(KAJAANI))
    other = evening_file.read(KAJAANI)
    other.evening.id = "toinen-ilta"
    store.put(other)
    store.set_setting("live_evening", EID)
    store.set_setting("capture_secret", SECRET)
    code = capture.join_code(store, EID)
    capture.join_code(store, "toinen-ilta")
    port = free_port()
    proc = start_server(store.data_dir, port)
    yield f"http://127.0.0.1:{port}", store, code
    proc.kill()
    proc.wait()
    store.close()


def call(url: str, code: str = "", body: object = None, headers: dict | None = None,
         raw: bytes | None = None, source: str = "127.0.0.1") -> tuple[int, dict]:
    """One request, from `source`: another 127.0.0.x is another phone on the Wi-Fi."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET" if data is None else "POST", parts.path + (f"?{parts.query}" if parts.query else ""),
                           body=data, headers={"X-Join-Code": code, "Content-Type": "application/json",
                                               **(headers or {})})
        answer = connection.getresponse()
        text = answer.read().decode()
        return answer.status, json.loads(text) if text.startswith("{") else {"text": text}
    finally:
        connection.close()


def join(base: str, code: str, source: str = "127.0.0.1") -> str:
    """A phone joins: the device id the laptop gives it."""
    status, joined = call(f"{base}/api/join", code, source=source)
    assert status == 200, joined
    return joined["device"]


def idea(text: str, key: str | None = None, device: str = DEVICE) -> dict:
    return {"key": key or secrets.token_hex(8), "device": device, "action": "add_idea", "table": "t1",
            "round": 1, "text": text}


def test_a_phone_joins_adds_an_idea_and_a_retry_is_stored_once(served):
    base, store, code = served
    status, joined = call(f"{base}/api/join", code)
    assert status == 200 and joined["evening"] == EID and capture.check_device(SECRET, EID, joined["device"])
    before = len(store.load(EID).cafe.ideas)
    body = idea(HOSTILE, key="retry-key-1")
    status, first = call(f"{base}/api/e/{EID}/submit", code, body)
    status2, second = call(f"{base}/api/e/{EID}/submit", code, body)
    assert (status, status2) == (200, 200) and first["idea"] == second["idea"] and second["replayed"]
    ideas = store.load(EID).cafe.ideas
    assert len(ideas) == before + 1 and ideas[-1].text == HOSTILE.strip()
    status, state = call(f"{base}/api/e/{EID}/state?device={DEVICE}", code)
    assert status == 200 and [i for i in state["ideas"] if i["mine"]][0]["text"] == HOSTILE.strip()


def test_the_page_and_its_files_carry_a_strict_content_policy(served):
    base, _store, _code = served
    with urllib.request.urlopen(f"{base}/?lang=sv", timeout=10) as r:
        page = r.read().decode()
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert 'lang="sv"' in page and "Anslut till kvällen" in page
    assert "Tornado" not in (r.headers.get("Server") or "")


def refused_and_nothing_stored(store: Store, status_expected: int, result: tuple[int, dict], revisions: dict) -> None:
    status, body = result
    assert status == status_expected, body
    assert body.get("error") or body.get("text") is not None
    assert {e.id: e.revision for e in store.evenings()} == revisions


def test_access_without_the_right_code_or_to_another_evening_is_refused(served):
    base, store, code = served
    revisions = {e.id: e.revision for e in store.evenings()}
    submit = f"{base}/api/e/{EID}/submit"
    refused_and_nothing_stored(store, 403, call(submit, "", idea("ei koodia")), revisions)
    refused_and_nothing_stored(store, 403, call(submit, "000000" if code != "000000" else "111111",
                                                idea("väärä")), revisions)
    refused_and_nothing_stored(store, 403, call(f"{base}/api/e/{EID}/state?device={DEVICE}", ""), revisions)
    other_code = capture.join_code(store, "toinen-ilta")
    refused_and_nothing_stored(store, 403, call(f"{base}/api/e/toinen-ilta/submit", code, idea("toinen")), revisions)
    refused_and_nothing_stored(store, 403, call(f"{base}/api/e/toinen-ilta/submit", other_code, idea("toinen")),
                               revisions)  # only the evening on the projector is open
    refused_and_nothing_stored(store, 403, call(f"{base}/api/e/toinen-ilta/state?device={DEVICE}", code), revisions)
    old = code
    new = capture.change_join_code(store, EID)
    refused_and_nothing_stored(store, 403, call(submit, old, idea("vanha koodi")), revisions)
    assert call(submit, new, idea("uusi koodi"))[0] == 200


@pytest.mark.parametrize("path", ["/../kit.sqlite", "/%2e%2e/kit.sqlite", "/kit.sqlite", "/capture.html",
                                  "/notebooks/start.ipynb", "/voila/render/start.ipynb", "/api/evenings",
                                  "/api/e/../../kit.sqlite/state", "/api/e/%2e%2e%2fkit.sqlite/state",
                                  "/static/", "/documents/", "/api/e/kajaani-2026-11/participants"])
def test_nothing_but_the_capture_page_is_served(served, path):
    base, store, code = served
    status, body = call(base + path, code)
    assert status == 404, (path, body)
    assert "Maija" not in json.dumps(body) and "@" not in json.dumps(body)


def test_oversized_hostile_and_foreign_requests_are_refused(served):
    base, store, code = served
    revisions = {e.id: e.revision for e in store.evenings()}
    submit = f"{base}/api/e/{EID}/submit"
    refused_and_nothing_stored(store, 413, call(submit, code, idea("x" * 40_000)), revisions)
    refused_and_nothing_stored(store, 400, call(submit, code, idea("x" * (capture.IDEA_MAX + 1))), revisions)
    refused_and_nothing_stored(store, 400, call(submit, code, idea("\x00\x01\x02")), revisions)
    refused_and_nothing_stored(store, 400, call(submit, code, raw=b"{not json"), revisions)
    refused_and_nothing_stored(store, 400, call(submit, code, raw=b"\xff\xfe"), revisions)
    refused_and_nothing_stored(store, 403, call(submit, code, {**idea("x"), "device": "../../etc"}), revisions)
    refused_and_nothing_stored(store, 415, call(submit, code, idea("lomake"),
                                                headers={"Content-Type": "application/x-www-form-urlencoded"}),
                               revisions)
    refused_and_nothing_stored(store, 403, call(submit, code, idea("muualta"),
                                                headers={"Origin": "http://evil.example"}), revisions)
    status, body = call(submit, code, idea("x" * 2000), headers={"X-Kit-Lang": "fi"})
    assert status == 400 and "liian pitkä" in body["error"]


def test_a_flood_from_one_device_is_slowed_and_wrong_codes_are_blocked(served):
    base, store, code = served
    submit = f"{base}/api/e/{EID}/submit"
    before = len(store.load(EID).cafe.ideas)
    flooder = capture.issue_device(SECRET, EID, "127.0.0.1")
    statuses = [call(submit, code, idea(f"tulva {n}", device=flooder))[0] for n in range(40)]
    assert 429 in statuses and statuses.count(200) >= 15
    assert len(store.load(EID).cafe.ideas) == before + statuses.count(200)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [call(f"{base}/api/join", wrong)[0] for _ in range(12)]
    assert statuses[:10] == [403] * 10 and statuses[-1] == 429
    assert call(f"{base}/api/join", code)[0] == 429  # guessing blocks the address, even for the right code


# nothing lost, nothing doubled
class Device(threading.Thread):
    """A phone that sends its inputs one by one, retrying each (same key) until the laptop acknowledges it."""

    def __init__(self, base: str, code: str, number: int, count: int, pause: float):
        super().__init__(daemon=True)
        self.base, self.code, self.count, self.pause = base, code, count, pause
        self.source = f"127.0.0.{10 + number}"  # each phone has its own address on the Wi-Fi
        self.device = ""
        self.acked: list[str] = []
        self.retries = 0

    def run(self) -> None:
        self.device = join(self.base, self.code, self.source)
        for n in range(self.count):
            body = idea(f"{self.device} idea {n}", device=self.device)
            body["table"] = ["t1", "t2", "t3", "t4"][n % 4]
            while True:
                try:
                    status, answer = call(f"{self.base}/api/e/{EID}/submit", self.code, body, source=self.source)
                except OSError:
                    status = 0
                if status == 200:
                    self.acked.append(body["text"])
                    break
                self.retries += 1
                time.sleep(0.2)
            time.sleep(self.pause)


def test_killing_the_server_mid_load_loses_no_acknowledged_input_and_doubles_none(tmp_path):
    store = Store(tmp_path / "data")
    store.put(evening_file.read(KAJAANI))
    store.set_setting("live_evening", EID)
    store.set_setting("capture_secret", SECRET)
    code = capture.join_code(store, EID)
    before = len(store.load(EID).cafe.ideas)
    port = free_port()
    proc = start_server(store.data_dir, port)
    devices = [Device(f"http://127.0.0.1:{port}", code, n, count=25, pause=0.05) for n in range(12)]
    for d in devices:
        d.start()
    deadline = time.monotonic() + 60
    while sum(len(d.acked) for d in devices) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)  # as if the laptop's power went
    proc.wait()
    acked_at_kill = sum(len(d.acked) for d in devices)
    stored_at_kill = len(store.load(EID).cafe.ideas) - before
    time.sleep(1.0)
    proc = start_server(store.data_dir, port)
    try:
        for d in devices:
            d.join(timeout=120)
        assert not any(d.is_alive() for d in devices)
    finally:
        proc.kill()
        proc.wait()
    texts = [i.text for i in store.load(EID).cafe.ideas][before:]
    acked = [t for d in devices for t in d.acked]
    assert 0 < acked_at_kill <= stored_at_kill < len(acked)  # the kill came mid-load
    assert sorted(texts) == sorted(acked) and len(set(texts)) == len(texts) == 12 * 25
    assert sum(d.retries for d in devices) > 0  # devices were refused while it was down, and came back
