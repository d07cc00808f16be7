"""The live evening and corrections: what a facilitator relies on when typing fast in front of a room."""
from __future__ import annotations

import copy

import pytest

from kit.core import evening_file, live, ops
from kit.core.live import LiveState
from kit.core.store import Store
from kit.core.timer import Countdown
from kit.i18n import translator

from .conftest import KAJAANI

EID = "kajaani-2026-11"


@pytest.fixture
def ev():
    return evening_file.read(KAJAANI)


@pytest.mark.parametrize("typed, stored", [("3.12.2026", "2026-12-03"), ("03.12.2026", "2026-12-03"),
                                           ("2026-12-03", "2026-12-03"), (" 31.1.2027 ", "2027-01-31"), ("", None)])
def test_dates_are_accepted_as_people_write_them_in_finland(typed, stored):
    assert ops.check_date(typed) == stored


@pytest.mark.parametrize("typed", ["31.2.2027", "3/12/2026", "3.12.26", "huomenna", "2026-13-01"])
def test_a_date_that_is_no_date_is_refused_with_the_finnish_example(typed):
    with pytest.raises(ops.InputError) as err:
        ops.check_date(typed)
    assert "3.12.2026" in err.value.text(translator("fi"))


def test_every_kind_of_delete_comes_back_exactly_with_undo(ev):
    original = copy.deepcopy(ev)
    host = next(t.host_id for t in ev.cafe.tables if t.host_id)
    voted = max(ev.cafe.ideas, key=lambda i: i.votes)
    intro = next(i for i in ev.introductions if i.wishes)
    deletes = [lambda: ops.remove_participant(ev, host), lambda: ops.remove_idea(ev, voted.id),
               lambda: ops.remove_wish(ev, intro.organisation_id, 0, intro.wishes[0]),
               lambda: ops.remove_agreement(ev, ev.agreements[0].id), lambda: ops.remove_agenda_item(ev, 1)]
    for delete in deletes:
        removed = delete()
        assert ev != original
        ops.restore(ev, removed)
        assert ev == original  # same place, same id, votes and the table's host included


def test_corrections_are_saved_and_stale_forms_overwrite_nothing(ev):
    person = ev.participants[0]
    org = ev.organisation(person.organisation_id)
    before = (person.name, org.name if org else "", person.email or "")
    ops.edit_participant(ev, person.id, "Karin Sjöblom", "Pargas Svenska Pensionärer rf", "karin@example.org", before)
    assert (person.name, ev.organisation(person.organisation_id).name) == ("Karin Sjöblom",
                                                                            "Pargas Svenska Pensionärer rf")
    with pytest.raises(ops.StaleEdit):  # the form still shows the old name: someone else's change wins
        ops.edit_participant(ev, person.id, "Old form", "", "", before)
    assert person.name == "Karin Sjöblom"

    agreement = ev.agreements[0]
    seen = (agreement.what, agreement.who or "", agreement.due or "")
    ops.edit_agreement(ev, agreement.id, "Uusi hinnasto", "Kulttuuripalvelut", "3.12.2026", seen)
    assert (agreement.what, agreement.due) == ("Uusi hinnasto", "2026-12-03")
    with pytest.raises(ops.StaleEdit):
        ops.edit_agreement(ev, agreement.id, "Vanha", "", "", seen)

    ops.save_summary(ev, ev.introductions[0].organisation_id, "Uusi esittely", ev.introductions[0].summary)
    with pytest.raises(ops.StaleEdit):
        ops.save_summary(ev, ev.introductions[0].organisation_id, "Vanha lomake", "jotain muuta")

    with pytest.raises(ops.StaleEdit):
        ops.update_info(ev, {"title": "Not the stored title"}, title="New")
    ops.update_info(ev, {"title": ev.evening.title, "date": ev.evening.date}, title="Uusi nimi", date="1.12.2026")
    assert (ev.evening.title, ev.evening.date) == ("Uusi nimi", "2026-12-01")

    item = ev.agenda[0]
    with pytest.raises(ops.StaleEdit):
        ops.set_agenda_item(ev, 0, "Kahvit", "other", "30", ("changed", item.kind, item.minutes))
    ops.set_agenda_item(ev, 0, "Kahvit", item.kind, "30", (item.item, item.kind, item.minutes))
    assert ev.agenda[0].minutes == 30


def test_an_idea_moves_to_another_table_and_duplicates_merge_with_their_votes(ev):
    first, second = ev.cafe.tables[:2]
    a = ops.add_idea(ev, first.id, 1, "Koulujen salit iltakäyttöön")
    b = ops.add_idea(ev, first.id, 1, "Koulujen salit iltaisin")
    a.votes, b.votes = 3, 2
    ops.move_idea(ev, b.id, second.id)
    assert b.table_id == second.id and b.votes == 2
    ops.merge_ideas(ev, a.id, b.id)
    assert a.votes == 5 and b not in ev.cafe.ideas
    with pytest.raises(ops.InputError):
        ops.merge_ideas(ev, a.id, a.id)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_timer_read_from_the_store_keeps_running_in_another_process(tmp_path, ev):
    first = Store(tmp_path)
    first.put(ev)
    first.change_live(EID, live.timer_action, "speaker", "start")
    stored = Store(tmp_path).live(EID)  # another kernel, or kit start after a restart
    timer = stored.timer("speaker")
    assert timer.running and 119 < timer.remaining() <= 120
    restored = Countdown(**{**timer.to_dict(), "clock": lambda: timer.ends_at - 45})
    assert restored.remaining() == 45


def test_the_live_state_is_one_for_every_screen(tmp_path, ev):
    store = Store(tmp_path)
    store.put(ev)
    revision = store.revision(EID)
    second_org = ops.speaking_order(ev)[1].id
    store.change_live(EID, live.set_speaker, second_org)
    store.change_live(EID, live.set_phase, "cafe")
    store.change_live(EID, live.reveal_votes, True)
    state = Store(tmp_path).live(EID)
    assert (state.speaker, state.phase, state.votes_revealed) == (second_org, "cafe", True)
    assert state.agenda_index == next(i for i, a in enumerate(ev.agenda) if a.kind == "cafe")
    assert store.revision(EID) == revision + 3  # every screen's poll sees each change
    assert store.load(EID) == ev  # the evening itself (and its file) is untouched


def test_a_new_speaker_gets_a_fresh_timer_and_the_same_speaker_keeps_it():
    ev = evening_file.read(KAJAANI)
    state = LiveState()
    first, second = [o.id for o in ops.speaking_order(ev)[:2]]
    live.set_speaker(state, ev, first)
    live.timer_action(state, ev, "speaker", "start")
    ends = state.timers["speaker"].ends_at
    live.set_speaker(state, ev, first)
    assert state.timers["speaker"].ends_at == ends  # choosing the speaker again does not reset the time
    live.set_speaker(state, ev, second)
    assert not state.timers["speaker"].running and state.timers["speaker"].remaining() == 120


def test_the_live_state_survives_a_round_trip_and_ignores_what_it_does_not_know():
    state = LiveState(phase="voting", agenda_index=2, speaker="o-1", votes_revealed=True, dark=True,
                      timers={"cafe": Countdown(600, ends_at=123.0)})
    assert LiveState.from_dict(state.to_dict()) == state
    assert LiveState.from_dict({"phase": "dancing", "timers": {"nope": {"seconds": 1}}}) == LiveState()


def test_the_phones_join_only_the_evening_made_live(tmp_path, ev):
    store = Store(tmp_path)
    store.put(ev)
    other = copy.deepcopy(ev)
    other.evening.id = "toinen-2026-12"
    store.put(other)
    assert store.live_evening() is None
    store.set_setting("live_evening", EID)
    store.set_setting("current_evening", "toinen-2026-12")  # looking at another evening on the start screen
    assert store.live_evening() == EID


def test_counts_read_right_in_every_language():
    for lang, one, two in (("fi", "1 idea", "2 ideaa"), ("sv", "1 idé", "2 idéer"), ("en", "1 idea", "2 ideas")):
        _ = translator(lang)
        assert [_.ngettext("{n} idea", "{n} ideas", n).format(n=n) for n in (1, 2)] == [one, two]


def test_the_phone_page_gets_both_forms_of_a_counted_message():
    from kit.phones.server import page_texts
    one, many = page_texts("sv")["waiting"]
    assert "den går" in one and "de går" in many and "{n}" in one


def test_documents_count_in_words_that_fit_the_number():
    _ = translator("fi")
    assert _.ngettext("and {n} other", "and {n} others", 1).format(n=1) == "ja 1 muu"
    assert _.ngettext("{n} dot", "{n} dots", 3).format(n=3) == "3 pistettä"
