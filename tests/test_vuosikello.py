import io
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from PIL import Image

from kit.documents.vuosikello import FLAG, clock_chart, clock_figure, overlaps, read_clock, short_label, with_evenings

from .conftest import ROOT


def test_the_sample_calendar_reads_and_flags_same_week_events():
    clock = read_clock(ROOT / "sample_data" / "vuosikello.csv")
    assert len(clock.events) == 16 and clock.problems == []
    groups = [{e.title for e in g} for g in overlaps(clock.events)]
    assert {"Järjestöilta: avustusperiaatteet", "Kumppanuuspöytä: nuoret"} in groups
    assert all(len(g) >= 2 for g in groups)


def test_a_calendar_saved_by_finnish_excel_reads(tmp_path):
    text = "Päivä;Loppuu;Asia;Laji\r\n15.3.2027;;Järjestöilta;ilta\r\n16.3.2027;;Avustushaku päättyy;avustus\r\n" \
           "huomenna;;Rikki;muu\r\n1.6.2027;;;muu\r\n"
    path = tmp_path / "kello.csv"
    path.write_bytes(text.encode("cp1252"))
    clock = read_clock(path)
    assert [(e.start, e.kind) for e in clock.events] == [(date(2027, 3, 15), "evening"), (date(2027, 3, 16), "grant")]
    assert [m.params["row"] for m in clock.problems] == [4, 5]
    assert len(overlaps(clock.events)) == 1


def test_the_clock_is_drawn_with_overlaps_and_when_empty(tmp_path, output_dir):
    clock = read_clock(ROOT / "sample_data" / "vuosikello.csv")
    png = clock_chart(clock, 2027, "fi", today=date(2027, 4, 1))
    empty = clock_chart(read_clock(b"date;end;title;kind\n"), 2027, "sv")
    assert Image.open(io.BytesIO(png)).size == (1500, 890) and png[:4] == empty[:4] == b"\x89PNG"
    (output_dir / "charts").mkdir(exist_ok=True)
    (output_dir / "charts" / "vuosikello-2027.png").write_bytes(png)
    (output_dir / "charts" / "vuosikello-empty.png").write_bytes(empty)


def labels(fig) -> list:
    return [t for t in fig.get_axes()[0].texts if t.get_text() != "Tänään"]


def word_boxes(fig, texts) -> list:
    """Where each label's words are drawn (an annotation's own extent includes its line to the dot)."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    for t in texts:
        t.update_positions(renderer)
    return [Text.get_window_extent(t, renderer) for t in texts]


def test_every_event_is_labelled_with_date_and_title_and_no_two_labels_overlap():
    clock = with_evenings(read_clock(ROOT / "sample_data" / "vuosikello.csv"),
                          [("2027-03-16", "Järjestöilta: avustusperiaatteet"), ("2027-05-05", "Kevätilta")], (14, 3))
    fig = clock_figure(clock, 2027, "fi", today=date(2027, 4, 1))
    texts = labels(fig)
    assert sorted(t.get_text() for t in texts) == sorted(short_label(e, "fi") for e in clock.events)
    assert "15.1. Järjestökirje 1/2027" in [t.get_text() for t in texts]
    assert "1.6.–15.8. Kesän tapahtumakalenteri k…" in [t.get_text() for t in texts]  # cut, whole in the list
    boxes = word_boxes(fig, texts)
    figure_box = fig.bbox
    for n, box in enumerate(boxes):
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1 and figure_box.y0 <= box.y0, texts[n].get_text()
        assert not any(box.overlaps(other) for other in boxes[n + 1:]), texts[n].get_text()
    same_week = {e for group in overlaps(clock.events) for e in group}
    red = {t.get_text() for t in texts if t.get_color() == FLAG}
    assert red == {short_label(e, "fi") for e in same_week} and red


def test_dots_a_few_days_apart_on_one_ring_both_show():
    clock = read_clock("date;end;title;kind\n2027-03-15;;Kirje A;letter\n2027-03-17;;Kirje B;letter\n".encode())
    dots = [c.get_offsets()[0] for c in clock_figure(clock, 2027, "fi").get_axes()[0].collections
            if len(c.get_offsets())]
    (a, r1), (b, r2) = dots
    assert abs(a - b) < 0.05 and abs(r1 - r2) > 0.3  # the same angle almost, so one moves off the ring


def test_many_events_make_the_chart_taller_rather_than_crowded():
    rows = "".join(f"2027-0{1 + n % 6}-{1 + n % 28:02d};;Tapahtuma {n};other\n" for n in range(45))
    fig = clock_figure(read_clock(("date;end;title;kind\n" + rows).encode()), 2027, "fi")
    boxes = word_boxes(fig, labels(fig))
    assert len(boxes) == 45 and fig.get_figheight() > 7.0 + 1.9
    assert not any(a.overlaps(b) for n, a in enumerate(boxes) for b in boxes[n + 1:])


def test_a_file_without_a_header_says_what_the_columns_should_be():
    clock = read_clock("2027-01-01;;Uusi vuosi;muu\n".encode())
    assert clock.events == [] and "date;end;title;kind" in clock.problems[0].msgid
