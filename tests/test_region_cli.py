"""Offline first and the region's reports, through the `kit` command: an evening run on a laptop is pushed to
the region and pulled back; a conflict is refused; `kit hyte --region` and `kit metrics --region` show each
municipality's share (a throwaway PostgreSQL cluster from tests/pg.py)."""
from __future__ import annotations

import json
import zipfile

import pytest

from kit.app.cli import main
from kit.core import pgstore
from kit.core.store import Store, open_store

from .conftest import KAJAANI, ROOT

JAKOBSTAD = ROOT / "sample_data" / "jakobstad-2026-10.json"


@pytest.fixture
def region(pg_url, pg_region, monkeypatch):
    """URLs of a Kajaani liaison, a Jakobstad liaison and a coordinator on an emptied region; English messages."""
    cluster, admin = pg_region
    for role, municipality in (("kit_test_kajaani", "Kajaani"), ("kit_test_jakobstad", "Jakobstad")):
        assert main(["region", "liaison", role, municipality, "--db", admin]) == 0
    assert main(["region", "coordinator", "kit_test_coordinator", "--db", admin]) == 0
    monkeypatch.setenv("KIT_LANG", "en")
    monkeypatch.delenv("KIT_DB", raising=False)
    return {name: cluster.url("kit_tests", f"kit_test_{name}") for name in ("kajaani", "jakobstad", "coordinator")}


def kit(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def title_of(url_or_data, evening_id="kajaani-2026-11") -> str:
    store = open_store(url_or_data, None) if str(url_or_data).startswith("postgresql") else Store(url_or_data)
    try:
        return store.load(evening_id).evening.title
    finally:
        store.close()


def retitle(data, title: str, evening_id="kajaani-2026-11") -> None:
    store = Store(data)
    store.change(evening_id, lambda ev: setattr(ev.evening, "title", title))
    store.close()


def two_laptops_in_step(region, tmp_path, capsys):
    """Laptop a imports and pushes Kajaani's evening, laptop b pulls it: both agree with the region."""
    a, b = tmp_path / "a", tmp_path / "b"
    kit(capsys, "import", KAJAANI, "--data", a)
    kit(capsys, "push", "kajaani-2026-11", "--data", a, "--db", region["kajaani"])
    kit(capsys, "pull", "kajaani-2026-11", "--data", b, "--db", region["kajaani"])
    return a, b


def test_push_twice_changes_nothing_and_pull_brings_the_evening_back(region, tmp_path, capsys):
    laptop, other = tmp_path / "laptop", tmp_path / "other"
    assert kit(capsys, "import", KAJAANI, "--data", laptop)[0] == 0
    code, out, _err = kit(capsys, "push", "kajaani-2026-11", "--data", laptop, "--db", region["kajaani"])
    assert code == 0 and "sent to the regional store" in out
    regional = open_store(region["kajaani"])
    revision = regional.revision("kajaani-2026-11")
    code, out, _err = kit(capsys, "push", "kajaani-2026-11", "--data", laptop, "--db", region["kajaani"])
    assert code == 0 and "nothing was sent" in out and regional.revision("kajaani-2026-11") == revision
    code, out, _err = kit(capsys, "pull", "kajaani-2026-11", "--data", other, "--db", region["kajaani"])
    assert code == 0 and "brought from the regional store" in out
    exported = [kit(capsys, "export", "kajaani-2026-11", "--data", d)[1] for d in (laptop, other)]
    assert exported[0] == exported[1] and json.loads(exported[0])["cafe"]["ideas"]
    assert "nothing was changed" in kit(capsys, "pull", "kajaani-2026-11", "--data", other, "--db",
                                        region["kajaani"])[1]
    code, out, _err = kit(capsys, "list", "--db", region["kajaani"], "--data", laptop)  # any command takes --db
    assert code == 0 and out.startswith("kajaani-2026-11\t2026-11-24")
    regional.close()


def test_a_change_made_in_both_places_is_refused_never_merged(region, tmp_path, capsys):
    a, b = two_laptops_in_step(region, tmp_path, capsys)
    retitle(a, "A:n otsikko")
    code, out, _err = kit(capsys, "push", "kajaani-2026-11", "--data", a, "--db", region["kajaani"])
    assert code == 0 and "changes were sent" in out and title_of(region["kajaani"]) == "A:n otsikko"
    retitle(b, "B:n otsikko")
    for command in ("push", "pull"):
        code, out, err = kit(capsys, command, "kajaani-2026-11", "--data", b, "--db", region["kajaani"])
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
        assert "changed both on this laptop and in the regional store" in err and "nothing is merged" in err
    assert title_of(region["kajaani"]) == "A:n otsikko" and title_of(b) == "B:n otsikko"


def test_only_one_side_changed_is_sent_the_right_way(region, tmp_path, capsys):
    a, b = two_laptops_in_step(region, tmp_path, capsys)
    retitle(b, "Uusi otsikko")
    kit(capsys, "push", "kajaani-2026-11", "--data", b, "--db", region["kajaani"])
    code, _out, err = kit(capsys, "push", "kajaani-2026-11", "--data", a, "--db", region["kajaani"])
    assert code == 1 and "kit pull kajaani-2026-11" in err  # a's copy is older: refused, told to pull
    code, out, _err = kit(capsys, "pull", "kajaani-2026-11", "--data", a, "--db", region["kajaani"])
    assert code == 0 and "changes were brought" in out and title_of(a) == "Uusi otsikko"


def test_the_municipalitys_evening_only_and_messages_in_finnish(region, tmp_path, capsys, monkeypatch):
    laptop = tmp_path / "laptop"
    kit(capsys, "import", JAKOBSTAD, "--data", laptop)
    monkeypatch.setenv("KIT_LANG", "fi")
    code, _out, err = kit(capsys, "push", "jakobstad-2026-10", "--data", laptop, "--db", region["kajaani"])
    assert code == 1 and "Jakobstad" in err and "Kajaani" in err and len(err.strip().splitlines()) == 1
    code, _out, err = kit(capsys, "push", "jakobstad-2026-10", "--data", laptop)
    assert code == 1 and "--db" in err
    code, _out, err = kit(capsys, "hyte", "--region", "--db", region["coordinator"], "--data", laptop)
    assert code == 1 and "Ei iltoja" in err  # the region has no evenings yet: said in Finnish, one line


def test_regional_reports_show_each_municipalitys_share(region, tmp_path, capsys):
    laptop = tmp_path / "laptop"
    for path, who in ((KAJAANI, "kajaani"), (JAKOBSTAD, "jakobstad")):
        code, evening_id = kit(capsys, "import", path, "--data", laptop)[:2]
        assert kit(capsys, "push", evening_id.strip(), "--data", laptop, "--db", region[who])[0] == 0
    coordinator = ["--db", region["coordinator"], "--data", tmp_path / "coordinator"]
    assert kit(capsys, "metrics", "--region", "-o", tmp_path / "alue.csv", "--lang", "sv", *coordinator)[0] == 0
    rows = (tmp_path / "alue.csv").read_text(encoding="utf-8-sig").splitlines()
    header = rows[0].split(";")
    assert header[:3] == ["Kommun", "Kvällar", "Kvällar %"] and [r.split(";")[0] for r in rows[1:]] == [
        "Jakobstad", "Kajaani", "Hela regionen"]
    assert [r.split(";")[1:3] for r in rows[1:]] == [["1", "50,0"], ["1", "50,0"], ["2", "100,0"]]  # as Excel reads
    assert kit(capsys, "metrics", "--region", "-o", tmp_path / "alue.png", *coordinator)[0] == 0
    assert (tmp_path / "alue.png").read_bytes()[:4] == b"\x89PNG"
    code, out, _err = kit(capsys, "hyte", "--region", "-o", tmp_path / "alue.docx", "--lang", "fi", *coordinator)
    assert code == 0
    text = zipfile.ZipFile(tmp_path / "alue.docx").read("word/document.xml").decode("utf-8")
    assert "Kuntien osuudet" in text and "Jakobstad" in text and "Kajaani" in text and "Kunnittain" in text
    assert "(50\u00a0%)" in text or "(50 %)" in text
    # a liaison's region is their own municipality: the same command counts only Kajaani's evening
    kit(capsys, "metrics", "--region", "-o", tmp_path / "oma.csv", "--db", region["kajaani"], "--data", laptop)
    assert [r.split(";")[0] for r in (tmp_path / "oma.csv").read_text(encoding="utf-8-sig").splitlines()[1:]] == [
        "Kajaani", "Koko alue"]


def test_region_setup_reports_the_schema_version(region, pg_region, capsys):
    code, out, _err = kit(capsys, "region", "setup", "--db", pg_region[1])
    assert code == 0 and f"version {pgstore.SCHEMA_VERSION}" in out
