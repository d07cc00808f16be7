"""A region's welfare-report input and figures without a database: each municipality's share, and a report that
stays readable (and quick) for hundreds of evenings: the most-dotted observations per theme, the rest in the .xlsx."""
from __future__ import annotations

import io
import zipfile

from bench.synthetic import large_evening
from kit.documents.hyte import load_themes
from kit.documents.hyte_report import REGION_TOP, build_report
from kit.documents.region import region_frame, shares


def region_evenings():
    evenings = []
    for n, name in enumerate(["Kuhmo", "Kajaani", "Kajaani"]):
        ev = large_evening(people=20, orgs=6, ideas=60, seed=n, evening_id=f"e{n}", date=f"2026-0{n + 1}-15")
        ev.evening.municipality = name
        evenings.append(ev)
    return evenings


def test_each_municipality_has_its_share_and_the_region_adds_up():
    evenings, themes = region_evenings(), load_themes()
    rows = shares(evenings, themes)
    assert [(r.municipality, r.evenings) for r in rows] == [("Kajaani", 2), ("Kuhmo", 1)]
    assert sum(r.observations for r in rows) == sum(len(e.cafe.ideas) + sum(len(i.wishes) for i in e.introductions)
                                                    for e in evenings)
    frame = region_frame(evenings, themes, "sv")
    assert list(frame["Kommun"]) == ["Kajaani", "Kuhmo", "Hela regionen"]
    assert list(frame["Kvällar %"]) == [66.7, 33.3, 100.0]
    theme_shares = [c for c in frame.columns if c.endswith(" %")][4:]
    assert theme_shares and all(frame[c].iloc[-1] == 100.0 for c in theme_shares)


def test_the_regional_report_shows_shares_and_the_most_dotted_per_theme():
    data, _warnings = build_report(region_evenings(), "fi", region=True)
    text = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "Kuntien osuudet" in text and "Kajaani" in text and "2 (66,7\u00a0%)" in text and "Kunnittain" in text
    assert "muuta tämän teeman alla" in text  # 60 ideas an evening: more than REGION_TOP under some theme
    one = build_report(region_evenings()[:1], "fi")[0]
    assert "Kuntien osuudet" not in zipfile.ZipFile(io.BytesIO(one)).read("word/document.xml").decode("utf-8")
    assert REGION_TOP == 20


def test_the_regional_report_keeps_every_observation_without_a_theme():
    evenings = region_evenings()
    for n, idea in enumerate(evenings[0].cafe.ideas[:REGION_TOP + 5]):
        idea.text, idea.hyte_theme = f"Qwerty {n} zxcv", None  # no theme's word in it
    text = zipfile.ZipFile(io.BytesIO(build_report(evenings, "fi", region=True)[0])).read(
        "word/document.xml").decode("utf-8")
    assert all(f"Qwerty {n} zxcv" in text for n in range(REGION_TOP + 5))
