"""Prints (a) save → summary-screen latency across kernels, (b) facilitator action → projector view,
(c) time to first screen per notebook.

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
from kit.core import live, ops  # noqa: E402
from kit.core.store import Store  # noqa: E402
from kit.i18n import translator  # noqa: E402
from tests.conftest import screen_url, start_kit  # noqa: E402

SCREENS = ["start", "checkin", "introductions", "cafe", "summary", "report", "register", "present"]


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


def projector_actions(browser, base: str, data: Path, actions: int) -> dict[str, list[float]]:
    """Click on the facilitator's screens; time until the projector view (another kernel) shows it."""
    store = Store(data)
    ev = ops.new_evening("Bench", "2026-12-03", "fi", translator("fi"), {e.id for e in store.evenings()})
    for n in range(actions):  # more speakers waiting than Next is pressed
        ops.add_walk_in(ev, f"Henkilö {n}", f"Yhdistys {n} ry")
    for theme in ("Tilat", "Nuoret", "Yksinäisyys"):
        table = ops.add_table(ev, theme)
        for k in range(3):
            ops.add_idea(ev, table.id, 1, f"{theme} {k}").votes = k
    store.put(ev)
    eid = ev.id
    store.set_setting("current_evening", eid)
    store.set_setting("live_evening", eid)
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(screen_url(base, "present"))
    projector.wait_for_selector(".kit-p", timeout=90_000)
    intro = browser.new_page(viewport={"width": 1280, "height": 720})
    intro.goto(screen_url(base, "introductions"))
    intro.wait_for_selector(".kit-next-speaker", timeout=90_000)
    cafe = browser.new_page(viewport={"width": 1280, "height": 720})
    cafe.goto(screen_url(base, "cafe"))
    cafe.wait_for_selector(".kit-reveal", timeout=90_000)
    times: dict[str, list[float]] = {"next speaker": [], "start/pause timer": [], "reveal/hide votes": [],
                                     "new idea": []}

    def timed(kind: str, act, shown: str, arg=None) -> None:
        t0 = time.perf_counter()
        act()
        projector.wait_for_function(shown, arg=arg, timeout=10_000, polling=10)
        times[kind].append((time.perf_counter() - t0) * 1000)

    per_kind = max(1, actions // 4)
    store.change_live(eid, live.set_phase, "introductions")
    projector.wait_for_selector(".kit-p-introductions", timeout=10_000)
    for n in range(per_kind):
        before = projector.locator(".kit-p-org").inner_text()
        timed("next speaker", lambda: intro.locator(".kit-next-speaker").click(),
              "b => { const e = document.querySelector('.kit-p-org'); return e && e.innerText !== b; }", before)
        running = "kit-timer-run" in (projector.locator(".kit-p-timer").get_attribute("class") or "")
        timed("start/pause timer", lambda: intro.locator(".kit-speaker-timer-start").click(),
              "r => !!document.querySelector('.kit-p-timer.kit-timer-run') !== r", running)
    store.change_live(eid, live.set_phase, "voting")
    projector.wait_for_selector(".kit-p-voting", timeout=10_000)
    for n in range(per_kind):
        shown = projector.locator(".kit-p-votes").count() > 0
        timed("reveal/hide votes", lambda: cafe.locator(".kit-reveal").click(),
              "s => (document.querySelectorAll('.kit-p-votes').length > 0) !== s", shown)
    store.change_live(eid, live.set_phase, "cafe")
    projector.wait_for_selector(".kit-p-cafe", timeout=10_000)
    for n in range(per_kind):
        marker = f"Idea {n} {time.time_ns() % 100000}"
        field = cafe.locator(".kit-idea input")

        def type_and_enter() -> None:
            field.fill(marker)
            field.press("Enter")
        timed("new idea", type_and_enter, "m => document.body.innerText.includes(m)", marker)
    for page in (projector, intro, cafe):
        page.close()
    return times


def first_screen(browser, base: str, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in SCREENS}
    for _ in range(rounds):
        for name in SCREENS:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            t0 = time.perf_counter()
            page.goto(screen_url(base, name))
            page.wait_for_selector(".kit-root .kit-header, .kit-root .kit-p", timeout=90_000)
            times[name].append(time.perf_counter() - t0)
            page.close()
            time.sleep(4)  # let the pool warm a fresh kernel, as between a facilitator's clicks
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=60)
    parser.add_argument("--actions", type=int, default=60, help="facilitator actions timed on the projector")
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
                    acted = projector_actions(browser, base, data, args.actions)
                    every = [ms for values in acted.values() for ms in values]
                    print(f"(b) facilitator action → visible on the projector view, {len(every)} actions: "
                          f"p50 {pct(every, 50):.0f} ms, p95 {pct(every, 95):.0f} ms, max {max(every):.0f} ms")
                    for kind, values in acted.items():
                        print(f"    {kind:18} p50 {pct(values, 50):4.0f} ms, p95 {pct(values, 95):4.0f} ms")
                results[preheat] = first_screen(browser, base, args.rounds)
            finally:
                proc.terminate()
                proc.wait(20)
                shutil.rmtree(data, ignore_errors=True)
        browser.close()
    print("(c) time to first screen in Chromium (median of runs, seconds):")
    print(f"    {'screen':15} {'preheated':>10} {'cold':>10}")
    for name in SCREENS:
        print(f"    {name:15} {statistics.median(results[True][name]):10.2f} {statistics.median(results[False][name]):10.2f}")


if __name__ == "__main__":
    main()
