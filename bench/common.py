"""What the browser benchmarks share: Chromium's flags and percentiles (kit start and the screens' address come
from tests/conftest.py)."""
from __future__ import annotations

import statistics

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the value itself when there is only one."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]
