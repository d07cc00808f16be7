import json
from datetime import datetime
from pathlib import Path

import pytest

from kit.core import evening_file
from kit.core.evening_file import EveningFileError
from kit.i18n import translator

from .conftest import SAMPLES

SPEC_EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "evening-format.md"


KIT_ADDITIONS = {"current_round", "votes_per_person"}  # the kit may add fields, never drop or rename


def spec_document() -> dict:
    text = SPEC_EXAMPLE.read_text(encoding="utf-8")
    return json.loads(text.split("```json", 1)[1].split("```", 1)[0])


def test_the_contracts_own_example_round_trips_exactly():
    doc = spec_document()
    out = evening_file.to_dict(evening_file.from_dict(doc))
    for key, value in doc.items():
        if key == "cafe":
            assert {k: v for k, v in out["cafe"].items() if k not in KIT_ADDITIONS} == value
        else:
            assert out[key] == value, key


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_round_trip_losslessly(path, tmp_path):
    ev = evening_file.read(path)
    again = tmp_path / "again.json"
    evening_file.write(ev, again)
    assert evening_file.read(again) == ev
    original = json.loads(path.read_text(encoding="utf-8"))
    exported = json.loads(again.read_text(encoding="utf-8"))
    assert [i["text"] for i in exported["cafe"]["ideas"]] == [i["text"] for i in original["cafe"]["ideas"]]
    assert len(exported["participants"]) == len(original["participants"])
    for idea in ev.cafe.ideas:  # the contract's timestamps: ISO 8601 with an offset (the newest ideas sort by them)
        assert idea.created is None or datetime.fromisoformat(idea.created).utcoffset() is not None, idea.created


def test_unicode_emoji_and_newlines_survive():
    doc = spec_document()
    text = "Rivi 1\nRivi 2 – ÅÄÖ åäö 😀👩‍👩‍👧 中文 \"lainaus\" \t tab"
    doc["cafe"]["ideas"][0]["text"] = text
    doc["evening"]["title"] = "Föreningskväll 🌲"
    again = evening_file.loads(evening_file.dumps(evening_file.from_dict(doc)))
    assert again.cafe.ideas[0].text == text
    assert again.evening.title == "Föreningskväll 🌲"
    assert "😀" in evening_file.dumps(again)  # written as UTF-8, not \u escapes


def test_a_file_with_only_the_required_fields_imports():
    ev = evening_file.from_dict({"format": "jarjestoilta/1", "evening": {"id": "x"}})
    assert ev.id == "x" and ev.agenda == [] and ev.cafe.ideas == [] and ev.next_evening is None


def test_absent_and_null_optional_fields_are_the_same():
    doc = spec_document()
    doc["evening"]["venue"] = None
    del doc["evening"]["theme"]
    ev = evening_file.from_dict(doc)
    assert ev.evening.venue is None and ev.evening.theme is None


def test_missing_consent_means_no():
    doc = spec_document()
    del doc["participants"][0]["consent"]
    person = evening_file.from_dict(doc).participants[0]
    assert not person.consent.memo and not person.consent.contact_list


@pytest.mark.parametrize("change, path, words", [
    (lambda d: d.update(format="jarjestoilta/2"), "format", "jarjestoilta/1"),
    (lambda d: d["cafe"]["ideas"][0].update(votes=-1), "cafe.ideas[0].votes", "whole number"),
    (lambda d: d["cafe"]["ideas"][0].update(table_id="t9"), "cafe.ideas[0].table_id", "t9"),
    (lambda d: d["feedback"][0].update(rating=6), "feedback[0].rating", "1 to 5"),
    (lambda d: d["evening"].update(date="24.11.2026"), "evening.date", "2026-11-24"),
    (lambda d: d["agenda"][0].update(kind="party"), "agenda[0].kind", "introductions"),
    (lambda d: d["organisations"].append(dict(d["organisations"][0])), "organisations[1].id", "twice"),
    (lambda d: d["participants"][0].update(attended="yes"), "participants[0].attended", "true or false"),
    (lambda d: d["evening"].pop("id"), "evening.id", "missing"),
    (lambda d: d["introductions"][0].update(wishes="one wish"), "introductions[0].wishes", "list"),
])
def test_an_invalid_file_names_the_field_and_what_is_wrong(change, path, words):
    doc = spec_document()
    change(doc)
    with pytest.raises(EveningFileError) as caught:
        evening_file.from_dict(doc)
    message = str(caught.value)
    assert path in message and words in message


def test_messages_come_in_the_users_language():
    doc = spec_document()
    doc["feedback"][0]["rating"] = 9
    with pytest.raises(EveningFileError) as caught:
        evening_file.from_dict(doc)
    finnish = caught.value.text(translator("fi"))
    assert "feedback[0].rating" in finnish and "kokonaisluku" in finnish


@pytest.mark.parametrize("content, words", [
    (b"\xff\xfe not utf-8 \xe4", "UTF-8"),
    (b"{ not json", "JSON"),
    (b"[1, 2]", "JSON object"),
])
def test_broken_files_get_a_clear_message(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(EveningFileError) as caught:
        evening_file.read(path)
    assert words in str(caught.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(EveningFileError) as caught:
        evening_file.read(tmp_path / "nowhere.json")
    assert "nowhere.json" in str(caught.value)


def test_a_utf8_file_with_bom_imports(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes("\ufeff".encode() + json.dumps(spec_document(), ensure_ascii=False).encode())
    assert evening_file.read(path).evening.municipality == "Kajaani"
