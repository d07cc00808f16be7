"""What the browser benchmarks share: Chromium's flags, a free port, percentiles."""
from __future__ import annotations

import socket
import statistics

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the value itself when there is only one."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]
