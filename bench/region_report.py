"""Prints a region's figures: 10 municipalities × 24 evenings × 600 ideas in PostgreSQL (each municipality's
liaison stores its own evenings; the coordinator reads them all), side by side with one SQLite file holding the
same evenings where both apply. Goal: the regional welfare-report input in ≤ 10 s.

Run: .venv/bin/python bench/region_report.py [--municipalities 10] [--evenings 24] [--ideas 600]
Starts a throwaway PostgreSQL cluster (tests/pg.py; Debian's postgresql package) and removes it afterwards.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import MUNICIPALITIES, region_database  # noqa: E402
from bench.synthetic import large_evening  # noqa: E402
from kit.core import ops  # noqa: E402
from kit.core.store import Store, open_store  # noqa: E402
from kit.documents.hyte import load_themes  # noqa: E402
from kit.documents.hyte_report import build_report  # noqa: E402
from kit.documents.region import region_frame  # noqa: E402



def timed(fn, runs: int = 1):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--municipalities", type=int, default=10)
    p.add_argument("--evenings", type=int, default=24)
    p.add_argument("--ideas", type=int, default=600)
    args = p.parse_args()
    names = MUNICIPALITIES[:args.municipalities]
    t0 = time.perf_counter()
    region = {name: [large_evening(ideas=args.ideas, evening_id=f"{name.lower()}-{n}", seed=i * 100 + n,
                                   date=f"{2025 + n // 12}-{1 + n % 12:02d}-15")
                     for n in range(args.evenings)] for i, name in enumerate(names)}
    for name, evenings in region.items():
        for ev in evenings:
            ev.evening.municipality = name
    everything = [ev for evenings in region.values() for ev in evenings]
    print(f"{len(names)} municipalities × {args.evenings} evenings × {args.ideas} ideas = {len(everything)} evenings, "
          f"{sum(len(e.cafe.ideas) for e in everything)} ideas (made in {time.perf_counter() - t0:.1f} s)")

    with region_database(names) as login:
        liaisons = {name: open_store(login(name)) for name in names}
        with tempfile.TemporaryDirectory() as folder:
            laptop = Store(folder)
            put_pg, _ = timed(lambda: [liaisons[name].put(ev) for name, evs in region.items() for ev in evs])
            put_sqlite, _ = timed(lambda: [laptop.put(ev) for ev in everything])
            coordinator = open_store(login(None))
            themes = load_themes()
            rows = []

            def side_by_side(label: str, pg_fn, sqlite_fn, runs: int = 1) -> None:
                pg_s, _r = timed(pg_fn, runs)
                sqlite_s, _r = timed(sqlite_fn, runs) if sqlite_fn else (float("nan"), None)
                rows.append((label, pg_s, sqlite_s))

            rows.append((f"store {len(everything)} evenings", put_pg, put_sqlite))
            side_by_side(f"read all {len(everything)} evenings (coordinator)", coordinator.load_all,
                         laptop.load_all)
            side_by_side(f"read one municipality's {args.evenings} (liaison)", liaisons[names[0]].load_all,
                         None)
            pg_evenings = coordinator.load_all()
            _s, frame = timed(lambda: region_frame(pg_evenings, themes, "fi"))
            side_by_side("municipalities' shares (metrics --region) incl. read",
                         lambda: region_frame(coordinator.load_all(), themes, "fi"),
                         lambda: region_frame(laptop.load_all(), themes, "fi"))
            side_by_side("regional welfare-report input (hyte --region) incl. read",
                         lambda: build_report(coordinator.load_all(), "fi", region=True),
                         lambda: build_report(laptop.load_all(), "fi", region=True))
            eid = everything[0].id
            table = everything[0].cafe.tables[0].id
            side_by_side("one change on a 600-idea evening (median of 20)",
                         lambda: liaisons[names[0]].change(eid, ops.add_idea, table, 1, "Uusi idea"),
                         lambda: laptop.change(eid, ops.add_idea, table, 1, "Uusi idea"), runs=20)
            side_by_side("revision() poll (median of 200)", lambda: liaisons[names[0]].revision(eid),
                         lambda: laptop.revision(eid), runs=200)
            print(f"{'':58} {'PostgreSQL s':>12} {'SQLite s':>9}")
            for label, pg_s, sqlite_s in rows:
                print(f"{label:58} {pg_s:12.3f} {sqlite_s:9.3f}")
            print("\n" + frame.iloc[:, :9].to_string(index=False))
            laptop.close()
            coordinator.close()
        for store in liaisons.values():
            store.close()


if __name__ == "__main__":
    main()
