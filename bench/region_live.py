"""Prints save → visible latency when a region's liaisons run evenings at once on one PostgreSQL database:
5 liaisons' screens (each polling its own evening as a screen does, through its own login) while 12 phones per
liaison write ideas, side by side with the same load on one laptop's SQLite file. Goal: p95 ≤ 0.5 s.

Run: .venv/bin/python bench/region_live.py [--liaisons 5] [--phones 12] [--seconds 20]
Each liaison's phones go through one writer that commits what is waiting together, as `kit start`'s phone
server does (kit/phones/server.py); a screen polls `revision()` every 0.1 s and loads the evening when it moved.
Starts a throwaway PostgreSQL cluster (tests/pg.py) and removes it afterwards.
"""
from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import MUNICIPALITIES, pct, region_database  # noqa: E402
from kit.core import ops  # noqa: E402
from kit.core.store import Store, open_store  # noqa: E402
from kit.i18n import translator  # noqa: E402
from kit.phones import rules  # noqa: E402

POLL_SECONDS = 0.1  # as kit/screens/base.py


def liaison_evening(store, name: str) -> tuple[str, str]:
    ev = ops.new_evening(f"{name}n järjestöilta", "2026-12-03", "fi", translator("fi"), set(), municipality=name)
    table = ops.add_table(ev, "Tilat")
    store.put(ev)
    return ev.id, table.id


def run(open_liaison, names: list[str], phones: int, seconds: float) -> tuple[list[float], list[float], int]:
    """(submit → visible, acknowledged → visible) in seconds over every idea, and how many ideas were acknowledged."""
    submitted: dict[str, float] = {}
    acked: dict[str, float] = {}
    seen: dict[str, float] = {}
    stop = threading.Event()
    threads = []
    for name in names:
        writer_store, screen_store = open_liaison(name), open_liaison(name)
        eid, table = liaison_evening(writer_store, name)
        waiting: queue.Queue = queue.Queue()

        def writer(store=writer_store, eid=eid, waiting=waiting) -> None:  # group commit, like the phone server
            while not stop.is_set() or not waiting.empty():
                try:
                    batch = [waiting.get(timeout=0.2)]
                except queue.Empty:
                    continue
                while not waiting.empty():
                    batch.append(waiting.get())
                results = store.capture_batch(eid, [(key, fn) for key, fn, _done in batch])
                now = time.perf_counter()
                for (_key, _fn, done), result in zip(batch, results):
                    done(result, now)

        def screen(store=screen_store, eid=eid) -> None:
            revision = -1
            while not stop.is_set():
                now_rev = store.revision(eid)
                if now_rev != revision:
                    revision = now_rev
                    now = time.perf_counter()
                    for idea in store.load(eid).cafe.ideas:
                        seen.setdefault(idea.id, now)
                time.sleep(POLL_SECONDS)

        def phone(n: int, eid=eid, table=table, waiting=waiting) -> None:
            device = f"bench-{eid}-{n}"
            while not stop.is_set():
                answered = threading.Event()

                def done(result, at: float, t0=time.perf_counter()) -> None:
                    if isinstance(result, tuple) and "idea" in result[0]:
                        submitted[result[0]["idea"]], acked[result[0]["idea"]] = t0, at
                    answered.set()
                body = {"action": "add_idea", "table": table, "round": 1, "text": f"Idea {n} {uuid.uuid4().hex[:6]}"}
                waiting.put((uuid.uuid4().hex, rules.change(device, body), done))
                answered.wait(30)
                time.sleep(0.5)  # a person types the next idea

        threads += [threading.Thread(target=writer), threading.Thread(target=screen)]
        threads += [threading.Thread(target=phone, args=(n,)) for n in range(phones)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(60)
    time.sleep(2 * POLL_SECONDS)
    visible = [seen[i] - submitted[i] for i in submitted if i in seen]
    after_ack = [seen[i] - acked[i] for i in acked if i in seen]
    return visible, after_ack, len(acked)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--liaisons", type=int, default=5)
    p.add_argument("--phones", type=int, default=12, help="phones per liaison")
    p.add_argument("--seconds", type=float, default=20)
    args = p.parse_args()
    names = MUNICIPALITIES[:args.liaisons]
    print(f"{len(names)} liaisons' screens, {args.phones} phones each writing an idea every 0.5 s, {args.seconds:.0f} s")
    print(f"{'':12} {'ideas':>6} {'p50 s':>6} {'p95 s':>6} {'max s':>6}  (phone sends → liaison's screen shows)")
    with region_database(names) as login:
        with tempfile.TemporaryDirectory() as folder:
            Store(folder).close()
            for engine, open_liaison in (
                    ("PostgreSQL", lambda name: open_store(login(name))),
                    ("SQLite", lambda name: Store(folder))):
                visible, after_ack, n = run(open_liaison, names, args.phones, args.seconds)
                print(f"{engine:12} {n:6d} {pct(visible, 50):6.3f} {pct(visible, 95):6.3f} {max(visible):6.3f}"
                      f"  (after the phone's acknowledgement: p95 {pct(after_ack, 95):.3f} s)")


if __name__ == "__main__":
    main()
