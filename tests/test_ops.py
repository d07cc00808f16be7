from datetime import datetime

import pytest

from kit.core import ops
from kit.i18n import translator
from kit.core.model import Evening, EveningInfo

fi = translator("fi")


@pytest.fixture
def ev() -> Evening:
    return ops.new_evening("Järjestöilta", "2026-11-24", "fi", fi, set(), municipality="Kajaani")


def test_a_new_evening_has_a_three_hour_programme_in_finnish(ev):
    assert ev.id == "kajaani-2026-11"
    assert [a.start for a in ev.agenda] == ["17:30", "18:10", "18:25", "19:40", "20:10"]
    assert ev.evening.end == "20:30"
    assert ops.agenda_minutes(ev) == 180 and ops.agenda_warning(180) is None
    assert ev.agenda[0].item == "Kahvit ja esittäytymiskierros"


def test_ids_do_not_clash():
    ev = ops.new_evening("Ilta", "2026-11-24", "fi", fi, {"ilta-2026-11"})
    assert ev.id == "ilta-2026-11-2"


def test_agenda_edits_retime_the_evening(ev):
    ops.set_agenda_item(ev, 1, "Kunnan puheenvuoro", "talk", 30)
    assert ev.agenda[2].start == "18:40" and ev.evening.end == "20:45"
    ops.move_agenda_item(ev, 2, -1)
    assert ev.agenda[1].kind == "cafe" and ev.agenda[1].start == "18:10"
    ops.remove_agenda_item(ev, 0)
    assert ev.agenda[0].start == "17:30"
    ops.remove_agenda_item(ev, 0)
    assert ops.agenda_warning(ops.agenda_minutes(ev)) is not None  # now too short


@pytest.mark.parametrize("minutes, warned", [(100, True), (140, False), (180, False), (190, False), (200, True)])
def test_agenda_length_warning(minutes, warned):
    assert (ops.agenda_warning(minutes) is not None) == warned


def test_the_running_clock_knows_the_current_item(ev):
    assert ops.current_agenda_index(ev, datetime(2026, 11, 24, 17, 0)) is None
    assert ops.current_agenda_index(ev, datetime(2026, 11, 24, 18, 30)) == 2
    assert ops.current_agenda_index(ev, datetime(2026, 11, 24, 21, 0)) is None


def test_walk_in_joins_an_existing_organisation_by_name(ev):
    a = ops.add_walk_in(ev, "Aino", "Kajaanin Martat ry", memo=True)
    b = ops.add_walk_in(ev, "Bertta", "  kajaanin martat RY ")
    assert a.organisation_id == b.organisation_id and len(ev.organisations) == 1
    counts = ops.attendance(ev)
    assert (counts.registered, counts.attended, counts.walk_ins, counts.organisations) == (0, 2, 2, 1)
    assert a.consent.memo and not b.consent.memo


def test_a_registered_person_added_at_the_door_is_marked_here_not_listed_twice(ev):
    jussi = ops.add_walk_in(ev, "Jussi Ali", "MLL:n Kajaanin paikallisyhdistys ry")
    jussi.registered, jussi.attended = True, False  # as a registration import leaves him
    again = ops.add_walk_in(ev, " jussi  ali ", "mll:n kajaanin paikallisyhdistys ry", "jussi@example.fi",
                            contact_list=True)
    assert again is jussi and len(ev.participants) == 1 and jussi.attended and jussi.email == "jussi@example.fi"
    assert jussi.consent.contact_list  # asked at the door
    with pytest.raises(ops.InputError) as twice:  # pressed Enter twice, or typed again
        ops.add_walk_in(ev, "Jussi Ali")
    assert "already" in twice.value.text(translator("en")) and len(ev.participants) == 1
    namesake = ops.add_walk_in(ev, "Jussi Ali", "Kajaanin Latu ry")  # another man of the same name
    assert namesake is not jussi and len(ev.participants) == 2
    assert (ops.attendance(ev).attended, ops.attendance(ev).walk_ins) == (2, 1)


def test_an_e_mail_that_is_not_one_is_refused_with_a_message_and_nothing_stored(ev):
    for typed in ("aino@example.fiBjörn Åström", "aino(at)example.fi", "<b>x</b>@a.fi", "=SUM(A1)"):
        with pytest.raises(ops.InputError) as refused:
            ops.add_walk_in(ev, "Aino", email=typed)
        assert "aino@example.fi" in refused.value.text(translator("fi"))
    assert ev.participants == []
    aino = ops.add_walk_in(ev, "Aino", email=" aino@example.fi ")
    with pytest.raises(ops.InputError):
        ops.edit_participant(ev, aino.id, "Aino", "", "aino@example")
    assert aino.email == "aino@example.fi"


def test_a_misspelt_organisation_corrected_at_the_door_leaves_no_trace(ev):
    pekka = ops.add_walk_in(ev, "Pekka", "Kajaanin Lattu ry")
    ops.add_walk_in(ev, "Liisa", "Kajaanin Martat ry")
    ops.edit_participant(ev, pekka.id, "Pekka", "Kajaanin Latu ry", "")
    assert sorted(o.name for o in ev.organisations) == ["Kajaanin Latu ry", "Kajaanin Martat ry"]
    invited = ev.organisations[0]
    invited.id = "o1"  # an organisation of the register or the registrations stays, with no one here
    pekka.organisation_id = "o1"
    ops.edit_participant(ev, pekka.id, "Pekka", "Kajaanin Martat ry", "")
    assert "o1" in {o.id for o in ev.organisations}


def test_consent_and_attendance_changes(ev):
    p = ops.add_walk_in(ev, "Aino")
    ops.set_consent(ev, p.id, contact_list=True)
    ops.set_attended(ev, p.id, False)
    assert p.consent.contact_list and not p.consent.memo and not p.attended
    with pytest.raises(ops.InputError):
        ops.set_attended(ev, "gone", True)


def test_introductions_and_wishes_follow_speaking_order(ev):
    a = ops.add_walk_in(ev, "Aino", "Martat")
    b = ops.add_walk_in(ev, "Bo", "Folkhälsan")
    ops.add_wish(ev, b.organisation_id, "Lokaler gratis")
    ops.save_summary(ev, b.organisation_id, "Vi ordnar motion.")
    assert [o.id for o in ops.speaking_order(ev)] == [b.organisation_id, a.organisation_id]
    ops.add_wish(ev, b.organisation_id, "Bidrag i tid")
    ops.remove_wish(ev, b.organisation_id, 0)
    intro = ev.introduction(b.organisation_id)
    assert intro.wishes == ["Bidrag i tid"] and intro.speaker_id == b.id


def test_ideas_votes_and_ranking(ev):
    t = ops.add_table(ev, "Tilat")
    first = ops.add_idea(ev, t.id, 1, "Koulut auki")
    second = ops.add_idea(ev, t.id, 2, "Kirjasto")
    ops.vote(ev, second.id, 3)
    ops.vote(ev, first.id, -5)
    assert [i.text for i in ops.ranked_ideas(ev, t.id)] == ["Kirjasto", "Koulut auki"]
    assert first.votes == 0 and second.votes == 3
    assert first.created and first.created[10] == "T"
    with pytest.raises(ops.InputError):
        ops.add_idea(ev, t.id, 9, "round 9 does not exist")
    with pytest.raises(ops.InputError):
        ops.remove_table(ev, t.id)


def test_cafe_rounds_cannot_drop_below_ideas_written(ev):
    t = ops.add_table(ev, "Tilat")
    ops.add_idea(ev, t.id, 3, "Late idea")
    with pytest.raises(ops.InputError):
        ops.set_cafe(ev, 2, 20)
    ops.set_cafe(ev, 4, 15)
    assert (ev.cafe.rounds, ev.cafe.round_minutes) == (4, 15)


def test_agreements_feedback_next_evening_and_figures(ev):
    ops.add_agreement(ev, "Hinnasto", "Vapaa-aikapalvelut", "2027-03-31")
    with pytest.raises(ops.InputError):
        ops.add_agreement(ev, "Bad date", "", "31.13.2027")
    ops.add_feedback(ev, 5, "Hyvä")
    ops.add_feedback(ev, 3)
    with pytest.raises(ops.InputError):
        ops.add_feedback(ev, 0)
    ops.set_next_evening(ev, "2027-03-15", "Avustukset")
    assert ops.rating_average(ev) == 4 and ops.rating_counts(ev)[5] == 1
    assert ev.next_evening.theme == "Avustukset"
    assert ops.figures(ev).agreements == 1 and len(ev.agreements) == 1


@pytest.mark.parametrize("raw, kept", [
    ("a\x00b\x07c", "abc"),
    ("rivi\r\ntoinen", "rivi\ntoinen"),
    ("  <b>bold</b>  ", "<b>bold</b>"),
    ("😀 åäö", "😀 åäö"),
])
def test_text_is_kept_as_typed_minus_control_characters(raw, kept):
    assert ops.clean(raw) == kept


def test_huge_and_empty_text_are_refused_with_a_message():
    with pytest.raises(ops.InputError) as caught:
        ops.clean("x" * 10_000)
    assert "10000" in caught.value.text(fi)
    with pytest.raises(ops.InputError):
        ops.clean(" \x00 ")


@pytest.mark.parametrize("typed, stored", [("17.30", "17:30"), ("9:05", "09:05"), ("", None)])
def test_times_in_finnish_style_are_understood(typed, stored):
    assert ops.check_time(typed) == stored


def test_bad_dates_and_times_are_refused():
    for bad in ("2026-13-01", "tomorrow"):
        with pytest.raises(ops.InputError):
            ops.check_date(bad)
    with pytest.raises(ops.InputError):
        ops.check_time("25:00")


def test_update_info_keeps_the_programme_in_step():
    ev = Evening(EveningInfo(id="x", start="18:00"))
    ops.set_agenda_item(ev, None, "Kahvit", "break", 30)
    ops.update_info(ev, start="17.00", venue=" Kylätalo ", title="Ilta")
    assert ev.agenda[0].start == "17:00" and ev.evening.end == "17:30" and ev.evening.venue == "Kylätalo"
