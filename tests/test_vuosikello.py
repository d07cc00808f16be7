from datetime import date

from kit.documents.vuosikello import clock_chart, overlaps, read_clock

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
    assert [row for row, _m, _p in clock.problems] == [4, 5]
    assert len(overlaps(clock.events)) == 1


def test_the_clock_is_drawn_with_overlaps_and_when_empty(tmp_path, output_dir):
    clock = read_clock(ROOT / "sample_data" / "vuosikello.csv")
    png = clock_chart(clock, 2027, "fi", today=date(2027, 4, 1))
    empty = clock_chart(read_clock(b"date;end;title;kind\n"), 2027, "sv")
    assert png[:4] == empty[:4] == b"\x89PNG" and len(png) > len(empty)
    (output_dir / "charts").mkdir(exist_ok=True)
    (output_dir / "charts" / "vuosikello-2027.png").write_bytes(png)
    (output_dir / "charts" / "vuosikello-empty.png").write_bytes(empty)


def test_a_file_without_a_header_says_what_the_columns_should_be():
    clock = read_clock("2027-01-01;;Uusi vuosi;muu\n".encode())
    assert clock.events == [] and "date;end;title;kind" in clock.problems[0][1]
