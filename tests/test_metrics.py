import io
import subprocess
import sys

import pandas as pd
from PIL import Image

from bench.synthetic import large_evening
from kit.core import evening_file
from kit.documents.metrics import DEFAULT_TURNOUT, forecast, metrics_chart, metrics_figure, metrics_frame, network
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


def test_the_forecast_learns_from_the_same_municipality():
    history = [evening("a", "2025-03-10", ["X"], 20, 30), evening("b", "2025-09-10", ["X"], 20, 10)]
    history[0].evening.municipality, history[1].evening.municipality = "Kajaani", "Jakobstad"
    assert forecast(10, history, "kajaani") == (15, 1.5, 1)
    assert forecast(10, history, "Kuhmo") == (13, DEFAULT_TURNOUT, 0)
    assert forecast(10, history) == (10, 1.0, 2)


def test_metrics_are_per_municipality_unless_asked_otherwise():
    kajaani = [evening("k1", "2025-03-10", ["Martat ry", "VPK"], 4, 4), evening("k2", "2025-03-24", ["Martat ry"], 3, 3)]
    jakobstad = evening("j1", "2025-03-17", ["Martat ry", "Marthaföreningen"], 2, 2)
    for ev, town in zip(kajaani + [jakobstad], ["Kajaani", "Kajaani", "Jakobstad"]):
        ev.evening.municipality = town
    rows = network(kajaani + [jakobstad])
    assert [(r.municipality, r.evening_id, r.new_organisations) for r in rows] == [
        ("Jakobstad", "j1", 2), ("Kajaani", "k1", 2), ("Kajaani", "k2", 0)]
    together = network(kajaani + [jakobstad], per_municipality=False)
    assert [(r.evening_id, r.new_organisations) for r in together] == [("k1", 2), ("j1", 1), ("k2", 0)]
    assert "Kunta" in metrics_frame(kajaani, "fi").columns
    assert "Kunta" not in metrics_frame(kajaani, "fi", per_municipality=False).columns


def test_the_chart_has_a_row_per_municipality_with_dated_bars_inside_the_frame(output_dir):
    evenings = [evening_file.read(p) for p in SAMPLES]
    towns = sorted({ev.evening.municipality for ev in evenings})
    fig = metrics_figure(evenings, "fi")
    axes = fig.get_axes()
    assert len(axes) == 2 * len(towns)
    for town, (people, orgs) in zip(towns, zip(axes[::2], axes[1::2])):
        mine = sorted(ev.evening.date for ev in evenings if ev.evening.municipality == town)
        assert people.get_title().startswith(town) and orgs.get_title().startswith(town)
        labels = [t.get_text() for t in orgs.get_xticklabels()]
        assert len(labels) == len(set(labels)) == len(mine)  # one distinct label per evening of this town only
        assert labels[0] == ".".join(str(int(part)) for part in reversed(mine[0].split("-")))  # 18.3.2025
        assert len(people.get_lines()[1].get_xdata()) == len(mine)  # the 'here' line has this town's evenings only
        left, right = orgs.get_xlim()
        bottom, top = orgs.get_ylim()
        for bar in orgs.patches:
            assert left < bar.get_x() and bar.get_x() + bar.get_width() < right and bar.get_y() + bar.get_height() < top
    png = metrics_chart(evenings, "fi")
    width, height = Image.open(io.BytesIO(png)).size
    assert width == 1000 and abs(height - 100 * (1.0 + 3.6 * len(towns))) <= 1  # a row of panels per town
    (output_dir / "charts").mkdir(exist_ok=True)
    (output_dir / "charts" / "metrics.png").write_bytes(png)


def test_two_evenings_in_one_month_get_their_own_labels():
    first, second = evening("a", "2025-03-03", ["X"], 1, 1), evening("b", "2025-03-31", ["Y"], 1, 1)
    labels = [t.get_text() for t in metrics_figure([first, second], "sv").get_axes()[1].get_xticklabels()]
    assert labels == ["3.3.2025", "31.3.2025"]


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
