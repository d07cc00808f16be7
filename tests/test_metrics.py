import subprocess
import sys

import pandas as pd

from bench.synthetic import large_evening
from kit.core import evening_file
from kit.documents.metrics import DEFAULT_TURNOUT, forecast, metrics_chart, metrics_frame, network
from kit.core.model import Consent, Organisation, Participant

from .conftest import SAMPLES


def evening(eid: str, date: str, orgs: list[str], registered: int, attended: int):
    ev = large_evening(people=0, orgs=0, ideas=0, evening_id=eid, date=date)
    ev.organisations = [Organisation(id=f"o{n}", name=name) for n, name in enumerate(orgs)]
    ev.participants = [Participant(id=f"p{n}", name=f"P{n} {eid}", organisation_id=f"o{n % len(orgs)}",
                                   registered=n < registered, attended=n < attended, consent=Consent())
                       for n in range(max(registered, attended))]
    return ev


def test_new_and_returning_organisations_and_network_growth():
    first = evening("a", "2025-03-10", ["Martat ry", "VPK"], 4, 4)
    second = evening("b", "2025-09-10", ["martat RY", "Partio"], 3, 4)
    rows = network([second, first])  # any order in, date order out
    assert [r.evening_id for r in rows] == ["a", "b"]
    assert (rows[1].new_organisations, rows[1].returning_organisations) == (1, 1)
    assert rows[1].people_in_network == 8 and rows[1].walk_ins == 1


def test_the_forecast_learns_the_turnout_or_uses_four_thirds():
    assert forecast(30, []) == (40, DEFAULT_TURNOUT, 0)
    history = [evening("a", "2025-03-10", ["X"], 20, 25), evening("b", "2025-09-10", ["X"], 20, 23)]
    expected, ratio, n = forecast(30, history)
    assert n == 2 and abs(ratio - 48 / 40) < 1e-9 and expected == 36


def test_metrics_table_and_chart(tmp_path, output_dir):
    evenings = [evening_file.read(p) for p in SAMPLES] + [evening("a", "2025-03-10", ["Martat ry"], 5, 6)]
    frame = metrics_frame(evenings, "fi")
    assert len(frame) == len(evenings) and "Uudet järjestöt" in frame.columns
    png = metrics_chart(evenings, "fi")
    assert png[:4] == b"\x89PNG"
    (output_dir / "charts").mkdir(exist_ok=True)
    (output_dir / "charts" / "metrics.png").write_bytes(png)


def test_kit_metrics_writes_csv_and_png(tmp_path):
    data = tmp_path / "data"
    for path in SAMPLES:
        subprocess.run([sys.executable, "-m", "kit.app.cli", "import", str(path), "--data", str(data)], check=True,
                       capture_output=True)
    for name in ("m.csv", "m.png"):
        done = subprocess.run([sys.executable, "-m", "kit.app.cli", "metrics", "--data", str(data), "-o",
                               str(tmp_path / name)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    frame = pd.read_csv(tmp_path / "m.csv", sep=";", encoding="utf-8-sig")
    assert len(frame) == len(SAMPLES)
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
