"""Trust in what is collected (issue 12): votes that count once, inputs that cannot deface or run code,
imports that cannot crash or swell, erasure that erases."""
from __future__ import annotations

import pytest

from kit.core import evening_file, ops
from kit.core.model import CafeTable, Evening, EveningInfo
from kit.phones import rules


def small_evening() -> Evening:
    ev = Evening(evening=EveningInfo(id="e1", title="Ilta"))
    ev.cafe.tables = [CafeTable("t1", "Tilat")]
    return ev


# 2. one malformed input never fails another phone's input in the same group commit
@pytest.mark.parametrize("bad", [
    {"action": "feedback", "rating": 5.0},
    {"action": "feedback", "rating": 4, "comment": {"x": 1}},
    {"action": "add_idea", "table": "t1", "round": 1, "text": 12345},
    {"action": "add_idea", "table": ["t1"], "round": 1, "text": "x"},
    {"action": "vote", "idea": {"id": "i1"}, "step": 1},
])
def test_a_malformed_request_fails_alone_in_its_batch(store, bad):
    store.put(small_evening())
    good = {"action": "add_idea", "table": "t1", "round": 1, "text": "Hyvä idea"}
    feedback = {"action": "feedback", "rating": 5, "comment": "Kiitos"}
    results = store.capture_batch("e1", [("k1", rules.change("phone-a", good)), ("k2", rules.change("phone-b", bad)),
                                         ("k3", rules.change("phone-c", feedback))])
    assert isinstance(results[1], ops.InputError)
    assert not isinstance(results[0], Exception) and not isinstance(results[2], Exception)
    ev = store.load("e1")
    assert [i.text for i in ev.cafe.ideas] == ["Hyvä idea"]
    assert [(f.rating, f.comment) for f in ev.feedback] == [(5, "Kiitos")]
    with pytest.raises(ops.InputError):
        rules.check_body(bad)


# 4. text that defaces the projector
def test_combining_marks_are_capped_per_letter():
    smeared = ops.clean("a" + "\u0301" * 599 + "b")
    assert len(smeared) <= 2 + ops.COMBINING_MAX and smeared.startswith("á") and smeared.endswith("b")
    assert ops.clean("Tiếng Việt") == "Tiếng Việt"  # real accents stay


def test_bidirectional_controls_are_neutralised_and_text_is_nfc():
    assert ops.clean("kuva\u202egnp.exe") == "kuvagnp.exe"
    assert ops.clean("\u2067שלום\u2069 ja hei") == "שלום ja hei"
    assert ops.clean("Ja\u0308rjesto\u0308") == "Järjestö"  # decomposed (a Mac's file names) → composed


@pytest.mark.parametrize("blank", ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u3164", "\u0301\u0301"])
def test_text_with_nothing_visible_is_refused(blank):
    with pytest.raises(ops.InputError):
        ops.clean(blank)
    assert ops.optional(blank) is None
    ev, ledger = small_evening(), rules.Ledger()
    with pytest.raises(ops.InputError):
        rules.apply(ev, ledger, "phone", {"action": "add_idea", "table": "t1", "round": 1, "text": blank})
    assert ev.cafe.ideas == []


def test_imports_pass_through_the_same_cleaner(tmp_path):
    doc = evening_file.to_dict(small_evening())
    doc["cafe"]["ideas"] = [{"id": "i1", "table_id": "t1", "round": 1, "text": "x\u202eexe.png" + "\u0300" * 50}]
    ev = evening_file.loads(__import__("json").dumps(doc))
    assert ev.cafe.ideas[0].text == "xexe.png" + "\u0300" * ops.COMBINING_MAX
    doc["cafe"]["ideas"][0]["text"] = "\u200b"
    with pytest.raises(evening_file.EveningFileError):
        evening_file.loads(__import__("json").dumps(doc))
    from kit.sheets import associations
    plan = associations.plan("Nimi;Sähköposti\r\n\u200b;a@example.org\r\nMartat\u202e ry;m@example.org\r\n".encode())
    assert [e.name for _n, e in plan.rows] == ["Martat ry"]
