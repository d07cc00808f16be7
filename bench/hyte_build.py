"""Prints welfare-report input build time: 24 evenings × 600 ideas (target ≤ 3 s), and at 2× and 4× the evenings.

Run: .venv/bin/python bench/hyte_build.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import large_evening  # noqa: E402
from kit.documents.hyte_report import build_report, build_xlsx  # noqa: E402


def evenings(count: int) -> list:
    return [large_evening(ideas=600, evening_id=f"e{n}", date=f"{2025 + n // 12}-{1 + n % 12:02d}-15", seed=n)
            for n in range(count)]


def timed(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    build_report(evenings(1))  # warm imports and the template
    print(f"{'evenings':>8} {'items':>7} {'docx s':>7} {'xlsx s':>7} {'docx kB':>8}")
    for count in (24, 48, 96):
        evs = evenings(count)
        items = sum(len(e.cafe.ideas) + sum(len(i.wishes) for i in e.introductions) for e in evs)
        docx = timed(lambda: build_report(evs), 1 if count > 24 else 3)
        xlsx = timed(lambda: build_xlsx(evs, "fi"), 1 if count > 24 else 3)
        size = len(build_report(evs)[0]) / 1024 if count == 24 else float("nan")
        print(f"{count:8d} {items:7d} {docx:7.2f} {xlsx:7.2f} {size:8.0f}")


if __name__ == "__main__":
    main()
