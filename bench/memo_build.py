"""Prints memo build time for a large evening (150 people, 40 organisations, 600 ideas), and at 2× and 4× ideas.

Run: .venv/bin/python bench/memo_build.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import large_evening  # noqa: E402
from kit.documents.memo import build_memo  # noqa: E402


def main() -> None:
    build_memo(large_evening(ideas=10))  # warm imports, fonts and the template cache
    print(f"{'ideas':>6} {'median s':>9} {'min s':>7} {'size kB':>8}")
    for ideas in (600, 1200, 2400):
        ev = large_evening(ideas=ideas)
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            memo = build_memo(ev)
            times.append(time.perf_counter() - t0)
        print(f"{ideas:6d} {statistics.median(times):9.3f} {min(times):7.3f} {len(memo.data) / 1024:8.0f}")


if __name__ == "__main__":
    main()
