"""What the browser benchmarks share: Chromium's flags and percentiles (kit start and the screens' address come
from tests/conftest.py)."""
from __future__ import annotations

import statistics
import sys
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

from tests.conftest import CHROMIUM_ARGS  # noqa: F401  (the tests' flags: one list)
from tests.pg import Cluster, bin_dir

MUNICIPALITIES = ["Kajaani", "Sotkamo", "Kuhmo", "Paltamo", "Suomussalmi", "Hyrynsalmi", "Puolanka", "Ristijärvi",
                  "Vaala", "Jakobstad", "Oulu", "Kemi", "Tornio", "Raahe", "Ylivieska", "Kalajoki"]


@contextmanager
def region_database(names: list[str]) -> Iterator[Callable[[Optional[str]], str]]:
    """A throwaway PostgreSQL region (tests/pg.py) with a liaison's login per municipality and a coordinator's;
    yields the database address of a municipality's liaison, or of the coordinator for None."""
    from kit.core import pgstore  # psycopg: only the region's benches need it
    found = bin_dir()
    if found is None:
        sys.exit("PostgreSQL's server is not installed (scripts/test installs Debian's postgresql)")
    cluster = Cluster(found).start()
    try:
        admin = cluster.create_database("kit_bench")
        pgstore.setup(admin)
        for name in names:
            pgstore.add_member(admin, f"bench_{name.lower()}", name)
        pgstore.add_member(admin, "bench_coordinator", coordinator=True)
        yield lambda name: cluster.url("kit_bench", f"bench_{name.lower()}" if name else "bench_coordinator")
    finally:
        cluster.stop()


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (inclusive method); the value itself when there is only one."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]
