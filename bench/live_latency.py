"""Prints (a) save → summary-screen latency across kernels, (b) time to first screen per notebook.

Run: .venv/bin/python bench/live_latency.py [--inputs 60]
It starts `kit start` on loopback ports with a throw-away data folder and drives Debian's Chromium.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CHROMIUM_ARGS, pct  # noqa: E402
from kit.core import ops  # noqa: E402
from kit.core.store import Store  # noqa: E402
from tests.conftest import screen_url, start_kit  # noqa: E402

SCREENS = ["start", "checkin", "introductions", "cafe", "summary", "report", "register"]
def serve(data: Path, preheat: bool) -> tuple[subprocess.Popen, str]:
    return start_kit(data, *([] if preheat else ["--no-preheat"]))  # the tests' helper, which knows the secret


def latency(browser, base: str, data: Path, inputs: int) -> list[float]:
    store = Store(data)
    eid = store.current_evening()
    table = store.load(eid).cafe.tables[0].id
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(screen_url(base, "summary"))
    page.wait_for_selector(".kit-sum-ideas", timeout=90_000)
    page.wait_for_timeout(1000)
    seen = []
    for n in range(inputs):
        marker = f"bench-{n}-{time.time_ns()}"
        store.change(eid, ops.add_idea, table, 1, marker)
        store.change(eid, ops.vote, store.load(eid).cafe.ideas[-1].id, 50)  # into the top five
        saved = time.perf_counter()
        page.wait_for_function("m => document.body.innerText.includes(m)", arg=marker, timeout=10_000,
                               polling=10)
        seen.append((time.perf_counter() - saved) * 1000)
    page.close()
    return seen


def first_screen(browser, base: str, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in SCREENS}
    for _ in range(rounds):
        for name in SCREENS:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            t0 = time.perf_counter()
            page.goto(screen_url(base, name))
            page.wait_for_selector(".kit-root .kit-header", timeout=90_000)
            times[name].append(time.perf_counter() - t0)
            page.close()
            time.sleep(4)  # let the pool warm a fresh kernel, as between a facilitator's clicks
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        results = {}
        for preheat in (True, False):
            data = Path(tempfile.mkdtemp(prefix="kit-bench-"))
            proc, base = serve(data, preheat)
            try:
                time.sleep(15 if preheat else 2)  # pools fill
                if preheat:
                    seen = latency(browser, base, data, args.inputs)
                    print(f"(a) save → visible on the summary screen in another kernel, {len(seen)} inputs: "
                          f"p50 {pct(seen, 50):.0f} ms, p95 {pct(seen, 95):.0f} ms, max {max(seen):.0f} ms")
                results[preheat] = first_screen(browser, base, args.rounds)
            finally:
                proc.terminate()
                proc.wait(20)
                shutil.rmtree(data, ignore_errors=True)
        browser.close()
    print("(b) time to first screen in Chromium (median of runs, seconds):")
    print(f"    {'screen':15} {'preheated':>10} {'cold':>10}")
    for name in SCREENS:
        print(f"    {name:15} {statistics.median(results[True][name]):10.2f} {statistics.median(results[False][name]):10.2f}")


if __name__ == "__main__":
    main()
