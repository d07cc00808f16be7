"""Prints what phones cost and how fast their inputs reach the projector.

Run: .venv/bin/python bench/capture_load.py [--seconds 20] [--soak-minutes 0]
It starts `kit start --lan` on loopback ports with a throw-away data folder, opens
the café screen in Debian's Chromium as the projector, and simulates phones over HTTP:
  (a) submit → visible on the projector: p50/p95/max at 1, 12 and 40 devices, and throughput;
  (b) memory of the server per connected phone (60 phones polling), beside one Voilà kernel;
  (c) with --soak-minutes N: 12 phones writing for N minutes, then every acknowledged input counted.
"""
from __future__ import annotations

import argparse
import http.client
import json
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CHROMIUM_ARGS, pct  # noqa: E402
from kit.phones import rules as capture  # noqa: E402
from kit.core import evening_file  # noqa: E402
from kit.core.store import Store  # noqa: E402
from tests.conftest import base_urls, screen_url, start_kit  # noqa: E402

EID = "kajaani-2026-11"
ROOT = Path(__file__).resolve().parent.parent
def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def address(group: int, n: int) -> str:
    """A phone's own address (127.x.y.z is this machine too): dots and device ids are per address."""
    return f"127.{group}.{n // 250 % 256}.{n % 250 + 1}"


class Phone:
    """One phone: a keep-alive connection to the capture page, as a browser keeps it; it joins first."""

    def __init__(self, port: int, code: str, source: str):
        self.port, self.code, self.source = port, code, source
        self.connect()
        self.headers = {"X-Join-Code": code, "Content-Type": "application/json"}
        self.device = self.request("GET", "/api/join")[1]["device"]

    def connect(self) -> None:
        """A connection without Nagle's delay, as browsers use (else every request waits ~40 ms for an ACK)."""
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(self.source, 0))
        try:
            self.conn.connect()
            self.conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        for _attempt in range(50):
            try:
                self.conn.request(method, path, None if body is None else json.dumps(body), self.headers)
                r = self.conn.getresponse()
                data = r.read()
                if r.status == 429:
                    time.sleep(0.2)
                    continue
                return r.status, json.loads(data) if data else {}
            except (OSError, http.client.HTTPException):
                self.conn.close()
                time.sleep(0.2)
                self.connect()
        raise RuntimeError("no answer")

    def submit(self, body: dict) -> dict:
        body = {"key": secrets.token_hex(8), "device": self.device, **body}
        status, answer = self.request("POST", f"/api/e/{EID}/submit", body)
        if status != 200:
            raise RuntimeError(f"{status} {answer}")
        return answer

    def poll(self) -> None:
        self.request("GET", f"/api/e/{EID}/state?device={self.device}")


def run_level(page, port: int, code: str, devices: int, seconds: float, pause: float) -> tuple[list[float], int, float]:
    """Devices add ideas (and a dot on each) for `seconds`; returns latencies (ms), inputs, inputs/s."""
    page.evaluate("""() => { window.seenAt = {}; clearInterval(window.watch);
        window.watch = setInterval(() => { const text = document.body.textContent;
          for (const m of text.match(/bench-\\d+-\\d+-[0-9a-f]+/g) || []) if (!(m in window.seenAt)) window.seenAt[m] = Date.now(); }, 25); }""")
    sent: dict[str, float] = {}
    acks: list[float] = []
    inputs = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def phone_loop(n: int) -> None:
        phone = Phone(port, code, address(devices, n))
        k = 0
        while time.monotonic() < deadline:
            marker = f"bench-{n}-{k}-{secrets.token_hex(3)}"
            t = time.time() * 1000
            answer = phone.submit({"action": "add_idea", "table": ["t1", "t2", "t3", "t4"][n % 4], "round": 1,
                                   "text": marker})
            acked = time.time() * 1000
            voter = Phone(port, code, address(100 + devices, n * 1000 + k))  # someone else places a dot on it
            voter.submit({"action": "vote", "idea": answer["idea"], "step": 1})
            voter.conn.close()
            with lock:
                sent[marker] = t
                acks.append(acked - t)
                inputs[0] += 2
            k += 1
            time.sleep(pause)
    threads = [threading.Thread(target=phone_loop, args=(n,)) for n in range(devices)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    page.wait_for_function("n => Object.keys(window.seenAt).length >= n", arg=len(sent), timeout=60_000)
    seen = page.evaluate("() => window.seenAt")
    return [seen[m] - t for m, t in sent.items()], acks, inputs[0] / elapsed


def memory_per_phone(kit_pid: int, port: int, code: str, phones: int) -> tuple[float, float]:
    """RSS of the process serving the capture page before and after `phones` connect and poll."""
    before = rss_mb(kit_pid)
    connected = [Phone(port, code, address(250, n)) for n in range(phones)]
    for _round in range(3):  # each phone polls a few times, as the page does every 3 s
        for p in connected:
            p.poll()
    after = rss_mb(kit_pid)
    for p in connected:
        p.conn.close()
    return before, after


def kernel_rss() -> list[float]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [rss_mb(int(line.split()[0])) for line in out.splitlines() if "ipykernel_launcher" in line]


def soak(port: int, code: str, store: Store, minutes: float) -> None:
    before = len(store.load(EID).cafe.ideas)
    acked: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + minutes * 60

    def writer(n: int) -> None:
        phone = Phone(port, code, address(251, n))
        k = 0
        while time.monotonic() < deadline:
            text = f"soak-{n}-{k}"
            phone.submit({"action": "add_idea", "table": "t1", "round": 1, "text": text})
            with lock:
                acked.append(text)
            k += 1
            time.sleep(0.5)
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    texts = [i.text for i in store.load(EID).cafe.ideas][before:]
    print(f"(c) soak: 12 phones × {minutes:g} min: {len(acked)} acknowledged, {len(texts)} stored, "
          f"{len(set(texts))} distinct, lost {len(set(acked) - set(texts))}, doubled {len(texts) - len(set(texts))}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20, help="length of each latency level")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between a phone's ideas")
    parser.add_argument("--soak-minutes", type=float, default=0)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="kit-capture-bench-"))
    kit, base = start_kit(data, "--lan")  # the tests' helper: the address with the screens' secret
    capture_port = int(base_urls[base].rsplit(":", 1)[1])
    try:
        store = Store(data)
        store.set_setting("live_evening", EID)
        code = capture.join_code(store, EID)
        original = evening_file.read(ROOT / "sample_data" / f"{EID}.json")
        time.sleep(10)  # the kernel pools fill
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(screen_url(base, "cafe"))
            page.wait_for_selector(".kit-tables", timeout=120_000)
            print(f"(a) phone submit → visible on the projector's café screen ({args.seconds:g} s per level, "
                  f"each phone an idea and a dot every {args.pause:g} s):")
            for devices in (1, 12, 40):
                store.put(original)  # the same evening for every level
                page.wait_for_timeout(1500)
                latencies, acks, rate = run_level(page, capture_port, code, devices, args.seconds, args.pause)
                print(f"    {devices:3} phones: {len(latencies):4} ideas, p50 {pct(latencies, 50):4.0f} ms, "
                      f"p95 {pct(latencies, 95):4.0f} ms, max {max(latencies):5.0f} ms (acknowledged after p50 "
                      f"{pct(acks, 50):3.0f} / p95 {pct(acks, 95):3.0f} ms); {rate:5.1f} inputs/s")
            store.put(original)
            page.wait_for_timeout(1500)
            _lat, _acks, rate = run_level(page, capture_port, code, 12, 10, 0)
            print(f"    throughput, 12 phones sending back to back: {rate:.0f} inputs/s acknowledged")
            before, after = memory_per_phone(kit.pid, capture_port, code, 60)
            kernels = kernel_rss()
            print(f"(b) kit start process (capture page) {before:.1f} MB → {after:.1f} MB with 60 phones connected "
                  f"and polling: {(after - before) * 1024 / 60:.0f} kB per phone; one Voilà kernel (a screen) "
                  f"{statistics.median(kernels):.0f} MB (median of {len(kernels)})")
            browser.close()
        if args.soak_minutes:
            store.put(original)
            soak(capture_port, code, store, args.soak_minutes)
    finally:
        kit.terminate()
        kit.wait(20)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
