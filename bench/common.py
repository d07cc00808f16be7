"""What the browser benchmarks share: Chromium's flags and percentiles (kit start and the screens' address come
from tests/conftest.py)."""
from __future__ import annotations

import statistics

from tests.conftest import CHROMIUM_ARGS  # noqa: F401  (the tests' flags: one list)


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the value itself when there is only one."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]
