"""Welfare-report input: themes, suggestions, the Word draft and the .xlsx."""
from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from bench.synthetic import large_evening
from kit.core import evening_file
from kit.core import ops
from kit.core.model import Agreement
from kit.documents.hyte import items, load_themes, suggest, theme_by_id
from kit.documents.hyte_report import _quote, build_report, build_xlsx, theme_label

from .conftest import HOSTILE, KAJAANI, SAMPLES, office_to_pdf, pdf_pages, pdf_text, pdf_to_png

THEMES = load_themes()
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def paragraphs_with_headings(data: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(data))
    return [(p.style.name, p.text) for p in doc.paragraphs]


def test_the_theme_list_has_the_fourteen_themes_in_three_languages():
    assert len(THEMES) == 14
    assert all(t.label.get("fi") and t.label.get("sv") and t.label.get("en") for t in THEMES)
    assert all(t.stems.get("fi") and t.stems.get("sv") for t in THEMES)


@pytest.mark.parametrize("text, lang, theme", [
    ("Maksuttomat kokoontumistilat järjestöille", "fi", "jarjestoyhteistyo"),
    ("Lisää kuntosalivuoroja eläkeläisille ja ulkoilureittejä", "fi", "liikunta"),
    ("Mötesplats för ensamma äldre", "sv", "yksinaisyys"),
    ("Skjuts till byarnas evenemang", "sv", "elinymparisto"),
])
def test_suggestions_say_which_words_matched(text, lang, theme):
    s = suggest(text, THEMES, lang)
    assert s.theme == theme and s.words and all(w in text.casefold() for w in s.words)


@pytest.mark.parametrize("text, lang, theme", [
    ("Senioreille vesijumppaa", "fi", "liikunta"),  # who it is for weighs less than what it asks for
    ("Vattengympa för seniorer", "sv", "liikunta"),
    ("Muistisairaiden tanssikahvila", "fi", "ikaihmiset"),  # a compound of two themes' words is shared by them
    ("Omaishoitajien vertaisryhmälle tila", "fi", "ikaihmiset"),  # a peer group is a way of meeting, any theme's
    ("Ramppi uimahallin altaaseen", "fi", "yhdenvertaisuus"),  # where it happens weighs as little as who it is for
    ("Kompisbänk på skolgården", "sv", "yksinaisyys"),
])
def test_who_an_item_is_for_where_and_compounds_weigh_less_than_what_it_asks_for(text, lang, theme):
    assert suggest(text, THEMES, lang).theme == theme


def test_a_persons_choice_is_never_overwritten_and_is_exported(tmp_path):
    ev = large_evening(ideas=5)
    ev.cafe.ideas[0].hyte_theme = "liikunta"
    found = items(ev, THEMES)
    chosen = next(i for i in found if i.key == (ev.cafe.ideas[0].id,))
    assert chosen.theme == "liikunta" and chosen.confirmed
    assert all(not i.confirmed for i in found if i is not chosen)
    ops.set_wish_theme(ev, ev.introductions[0].organisation_id, 0, "kulttuuri")
    again = evening_file.loads(evening_file.dumps(ev))
    assert again.introductions[0].wish_themes[0] == "kulttuuri" and again.cafe.ideas[0].hyte_theme == "liikunta"


def test_free_text_themes_from_older_files_are_understood():
    assert theme_by_id(THEMES, "yksinäisyys").id == "yksinaisyys"
    assert theme_by_id(THEMES, "Osallisuus ja vaikuttaminen").id == "osallisuus"
    assert theme_by_id(THEMES, "lapset ja nuoret").id == "lapset_nuoret"


def test_every_item_stands_under_exactly_one_theme_and_no_person_is_named(output_dir):
    evenings = [evening_file.read(p) for p in SAMPLES] or [large_evening(ideas=80)]
    data, warnings = build_report(evenings, "fi")
    assert warnings == []
    rows = paragraphs_with_headings(data)
    heading, placed = None, Counter()
    for style, text in rows:
        if style == "Heading 1":
            heading = text
        elif style == "List Bullet" and text.startswith("“"):
            placed[(heading, text[1:text.index("” — ")])] += 1
    expected = {(theme_label(THEMES, i.theme, "fi") if i.theme else "Muut havainnot", _quote(i.text))
                for ev in evenings for i in items(ev, THEMES)}
    assert set(placed) == expected  # every item is under its own theme, and nothing else is there
    assert max(placed.values()) == 1  # the same words said twice under one theme make one quote
    for ev in evenings:
        for person in ev.participants:
            assert not any(person.name in text for _s, text in rows), person.name
    assert not any(EMAIL.search(text) for _s, text in rows)
    measures = [t for t in Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text == "Painopistealue"]
    assert measures and [c.text for c in measures[0].rows[0].cells] == [
        "Painopistealue", "Tavoite", "Toimenpide", "Vastuutaho", "Aikataulu", "Arviointimittari"]
    measures = [row.cells[2].text for t in Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text ==
                "Painopistealue" for row in t.rows[1:] if row.cells[2].text]
    whats = [m.split(" (sovittu ")[0] for m in measures]
    assert len(whats) == len(set(whats))  # one row per measure, however many evenings carried it
    carried = next(m for m in measures if m.startswith("Yhteinen tapahtumakalenteri verkkoon"))
    assert carried.endswith("(sovittu 18.3.2025, 16.9.2025)")  # with the evenings it came from
    for lang in ("fi", "sv"):
        data, _w = build_report(evenings, lang)
        out = output_dir / "reports" / f"hyte-sample-{lang}.docx"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(data)
        pdf = office_to_pdf(out, out.parent)
        pages = pdf_pages(pdf)
        assert pages >= 2
        pdf_to_png(pdf, out.parent / f"hyte-{lang}-page")
        text = pdf_text(pdf)
        assert text.split("\f")[pages - 1].count("\n") > 5, "the last page is blank"
        # widths: dates and the headings stand whole on one line
        assert "Painopistealue" in text or "Fokusområde" in text
        assert re.search(r"\b31\.12\.2025\b", text) and not re.search(r"31\.12\.202\s*\n", text)


def test_a_report_whose_last_table_fills_the_page_has_no_blank_last_page(output_dir):
    ev = evening_file.read(KAJAANI)
    # with this many agreements the last table ends at the foot of a page (LibreOffice 7, the templates' fonts)
    ev.agreements.append(Agreement("extra", "Lisätoimenpide numero 0", "Hyvinvointipalvelut", "2027-05-31"))
    data, _w = build_report([ev], "sv")
    body = Document(io.BytesIO(data)).element.body
    assert body[-2].tag.endswith("}tbl")  # the document ends with the table, no empty paragraph after it
    out = output_dir / "reports" / "hyte-full-last-page-sv.docx"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(data)
    pdf = office_to_pdf(out, out.parent)
    pages = pdf_pages(pdf)
    assert "Lisätoimenpide numero 0" in pdf_text(pdf).split("\f")[pages - 1]


def test_a_one_evening_report_lists_its_measures_without_dates():
    ev = evening_file.read(KAJAANI)
    data, _w = build_report([ev], "fi")
    measures = [row.cells[2].text for t in Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text ==
                "Painopistealue" for row in t.rows[1:] if row.cells[2].text]
    assert sorted(measures) == sorted(a.what for a in ev.agreements)


def test_the_xlsx_reads_back_with_pandas(tmp_path):
    evenings = [evening_file.read(p) for p in SAMPLES] or [large_evening(ideas=30)]
    path = tmp_path / "items.xlsx"
    path.write_bytes(build_xlsx(evenings, "fi"))
    frame = pd.read_excel(path)
    assert list(frame.columns) == ["Ilta", "Päivämäärä", "Laji", "Järjestö", "Pöytä", "Teksti", "Pisteet", "Teema",
                                   "Teeman valitsi", "Osuneet sanat"]
    assert len(frame) == sum(len(items(ev, THEMES)) for ev in evenings)
    assert set(frame["Teeman valitsi"].dropna()) <= {"ihminen", "ehdotus"}


def test_hostile_text_survives_the_report():
    ev = large_evening(ideas=3)
    ev.cafe.ideas[0].text = HOSTILE + " kirjasto"
    ev.cafe.ideas[1].text = "Ohjaus\x00merkki\x1b pois ja kylätalo"
    data, _w = build_report([ev], "fi")
    texts = [t for _s, t in paragraphs_with_headings(data)]
    assert any(HOSTILE in t for t in texts) and any("Ohjausmerkki pois" in t for t in texts)
    frame = pd.read_excel(io.BytesIO(build_xlsx([ev], "sv")))
    assert HOSTILE + " kirjasto" in set(frame["Text"] if "Text" in frame else frame["Text"])


def _label_rows(name: str) -> list[tuple[str, str, str]]:
    lines = (Path(__file__).parent / name).read_text("utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def labelled(held_out: bool) -> list[tuple[str, str, str]]:
    """(language, theme, text): from tests/hyte_labels.tsv a third is held out of tuning, chosen by the text's crc32;
    tests/hyte_labels_tuning.tsv was written later and all of it was tuned on."""
    rows = [r for r in _label_rows("hyte_labels.tsv") if (zlib.crc32(r[2].encode()) % 3 == 0) == held_out]
    return rows + ([] if held_out else _label_rows("hyte_labels_tuning.tsv"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def test_no_tuned_item_is_a_held_out_item_again():
    held = [_words(text) for _l, _t, text in labelled(held_out=True)]
    for _l, _t, text in _label_rows("hyte_labels_tuning.tsv"):
        mine = _words(text)
        assert all(len(mine & other) < 0.6 * len(mine | other) for other in held), text


def test_the_hand_labelled_set_is_large_and_in_both_languages():
    rows = labelled(held_out=True) + labelled(held_out=False)
    ids = {t.id for t in THEMES}
    assert len(rows) >= 300 and len({text for _l, _t, text in rows}) == len(rows)
    assert all(theme in ids for _l, theme, _t in rows)
    for lang in ("fi", "sv"):
        mine = [theme for language, theme, _t in rows if language == lang]
        assert len(mine) >= 0.4 * len(rows) and len(set(mine)) == len(ids)  # every theme in both languages


def test_suggestions_agree_with_hand_labels_on_the_held_out_part(capsys):
    report = []
    for lang in ("fi", "sv"):
        rows = [(theme, text) for language, theme, text in labelled(held_out=True) if language == lang]
        suggested = [(theme, text, suggest(text, THEMES, lang).theme) for theme, text in rows]
        agreed = sum(theme == got for theme, _t, got in suggested)
        unsuggested = sum(got is None for _th, _t, got in suggested)
        report.append((lang, agreed, unsuggested, len(rows)))
    with capsys.disabled():
        for lang, agreed, unsuggested, n in report:
            print(f"\n{lang}: suggestions agree with the hand labels on {agreed}/{n} held-out items "
                  f"({agreed / n:.0%}), {unsuggested} without a suggestion ({unsuggested / n:.0%})", end="")
        print()
    assert all(n >= 50 for _l, _a, _u, n in report)
    for lang, agreed, unsuggested, n in report:
        # only the figures: listing the held-out misses would invite tuning stems on them
        assert agreed / n >= 0.9 and unsuggested / n <= 0.03, (lang, agreed, unsuggested, n)
