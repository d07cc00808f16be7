"""The screens driven as Python objects, without a browser: what a facilitator would check."""
import asyncio
import secrets
import html

import ipywidgets as w
import pytest

from kit.core import ops
from kit.screens import SCREEN_CLASSES
from kit.screens.cafe import CafeScreen
from kit.screens.checkin import CheckinScreen
from kit.screens.introductions import IntroductionsScreen
from kit.screens.start import StartScreen
from kit.screens.summary import SummaryScreen

from .conftest import HOSTILE


def all_html(widget: w.Widget) -> str:
    """Every HTML string the screen would put into the page."""
    parts = []
    if isinstance(widget, w.HTML):
        parts.append(widget.value)
    for child in getattr(widget, "children", ()):
        parts.append(all_html(child))
    return "\n".join(parts)


def enter(field: w.Text, text: "str | None" = None) -> None:
    """Type into a field (as keystrokes reach the kernel) and press Enter."""
    if text is not None:
        field.value = text
    field._msg_callbacks(field, {"event": "submit"}, [])


def find(widget: w.Widget, cls: str) -> list[w.Widget]:
    found = [widget] if cls in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += find(child, cls)
    return found


@pytest.mark.parametrize("name", sorted(SCREEN_CLASSES))
def test_every_screen_builds_on_the_sample_evening_in_three_languages(sample_store, name):
    words = (("fi", "Yhteenveto"), ("sv", "Sammanfattning"), ("en", "Summary")) if name != "present" else \
        (("fi", "Tervetuloa!"), ("sv", "Välkommen!"), ("en", "Welcome!"))  # the projector has no navigation
    for lang, word in words:
        screen = SCREEN_CLASSES[name](sample_store, lang)
        assert word in all_html(screen.root)
        assert screen.message.value == ""


@pytest.mark.parametrize("name", sorted(SCREEN_CLASSES))
def test_every_screen_says_what_to_do_when_there_is_no_evening(store, name):
    screen = SCREEN_CLASSES[name](store, "en")
    assert ("No evening yet" in all_html(screen.root)) == screen.needs_evening

    async def watch_a_moment() -> None:  # the live refresh runs a few rounds on the empty store
        task = asyncio.ensure_future(screen._watch())
        await asyncio.sleep(0.35)
        task.cancel()
    asyncio.run(watch_a_moment())
    assert screen.message.value == ""  # no error from clocks that were never built


def test_typed_markup_is_shown_as_text_on_every_screen(sample_store):
    eid = sample_store.current_evening()
    person = sample_store.change(eid, ops.add_walk_in, HOSTILE, HOSTILE, "", True, False)
    table = sample_store.change(eid, ops.add_table, HOSTILE)
    sample_store.change(eid, ops.add_idea, table.id, 1, HOSTILE)
    sample_store.change(eid, ops.add_wish, person.organisation_id, HOSTILE)
    sample_store.change(eid, ops.save_summary, person.organisation_id, HOSTILE)
    sample_store.change(eid, ops.add_agreement, HOSTILE, HOSTILE, "")
    for name, cls in SCREEN_CLASSES.items():
        page = all_html(cls(sample_store, "fi").root)
        assert "<img src=x" not in page and "<script>alert" not in page, name
    summary = all_html(SummaryScreen(sample_store, "fi").root)
    assert html.escape(HOSTILE, quote=False).split(" ")[0] in summary  # "&lt;img" is there, as text


def test_checkin_walk_in_is_stored_and_counted(sample_store):
    screen = CheckinScreen(sample_store, "fi")
    before = ops.attendance(sample_store.load("kajaani-2026-11"))
    screen.org.value = "Uusi Kyläyhdistys ry"
    screen.memo.value = True
    enter(screen.name_field, "Ville Vieras")
    ev = sample_store.load("kajaani-2026-11")
    after = ops.attendance(ev)
    assert after.attended == before.attended + 1 and after.walk_ins == before.walk_ins + 1
    person = next(p for p in ev.participants if p.name == "Ville Vieras")
    assert person.consent.memo and not person.consent.contact_list
    assert ev.organisation(person.organisation_id).name == "Uusi Kyläyhdistys ry"
    assert screen.name_field.value == "" and "Ville Vieras" in screen.message.value


def test_checkin_ticking_a_box_stores_it(sample_store):
    screen = CheckinScreen(sample_store, "en")
    ev = sample_store.load("kajaani-2026-11")
    absent = next(p for p in ev.participants if not p.attended)
    box, here, memo, contact = screen.rows[absent.id]
    here.value = True
    contact.value = True
    again = sample_store.load("kajaani-2026-11").participant(absent.id)
    assert again.attended and again.consent.contact_list


def test_introductions_capture_summary_and_wishes(sample_store):
    screen = IntroductionsScreen(sample_store, "fi")
    org = screen.current
    screen.summary.value = "Me teemme retkiä."
    screen.save_summary()
    enter(screen.wish, "Ilmainen sali")
    intro = sample_store.load("kajaani-2026-11").introduction(org)
    assert intro.summary == "Me teemme retkiä." and intro.wishes[-1] == "Ilmainen sali"
    assert screen.wish.value == ""  # Enter saved and cleared
    assert "Ilmainen sali" in screen.heard.value


def test_introductions_next_goes_to_someone_not_yet_heard(store):
    ev = ops.new_evening("Ilta", "2026-11-24", "fi", lambda s: s, set())
    store.put(ev)
    for name, org in (("A", "Yksi ry"), ("B", "Kaksi ry"), ("C", "Kolme ry")):
        store.change(ev.id, ops.add_walk_in, name, org)
    screen = IntroductionsScreen(store, "fi")
    first = screen.current
    enter(screen.wish, "Toive")
    screen.next_speaker()
    assert screen.current != first
    second = screen.current
    enter(screen.wish, "Toinen")
    screen.next_speaker()
    assert screen.current not in (first, second)


def test_speaker_timer_counts_down_and_signals(sample_store):
    screen = IntroductionsScreen(sample_store, "fi")
    screen.minutes.value = 0.5
    assert "0:30" in screen.timer.display.value
    screen.timer.act("start")
    eid = sample_store.current_evening()
    sample_store.change_live(eid, lambda live, ev: setattr(live.timers["speaker"], "ends_at",
                                                           live.timers["speaker"].ends_at - 31))  # 31 s later
    screen.poll()
    screen.tick()
    assert "kit-timer-done" in screen.timer.display.value and screen.timer.sound.value[:4] == b"RIFF"


def test_cafe_ideas_go_to_the_chosen_table_and_round(sample_store):
    screen = CafeScreen(sample_store, "fi")
    ev = sample_store.load("kajaani-2026-11")
    table = ev.cafe.tables[1]
    screen.rounds.value = 2
    screen.table.value = table.id
    enter(screen.idea, "Nuorisotila auki lauantaisin")
    idea = next(i for i in sample_store.load("kajaani-2026-11").cafe.ideas if i.text == "Nuorisotila auki lauantaisin")
    assert (idea.table_id, idea.round, idea.votes) == (table.id, 2, 0)
    row, _label = screen.idea_rows[idea.id]
    row.children[1].click()  # +1
    row.children[1].click()
    assert next(i for i in sample_store.load("kajaani-2026-11").cafe.ideas if i.id == idea.id).votes == 2
    assert "Nuorisotila auki lauantaisin" in all_html(screen.cards)


def test_summary_forms_store_agreement_feedback_and_next_evening(sample_store):
    screen = SummaryScreen(sample_store, "en")
    screen.what.value = "Kerhotilojen varauskalenteri verkkoon"
    screen.who.value = "Sivistyspalvelut"
    enter(screen.due, "31.5.2027")  # Enter in the last field saves the whole agreement
    screen.rating.value = 4
    enter(screen.comment, "Selkeä ilta")
    screen.next_date.value, screen.next_theme.value = "20.4.2027", "Avustukset"
    screen.save_next()
    ev = sample_store.load("kajaani-2026-11")
    assert ev.agreements[-1].what == "Kerhotilojen varauskalenteri verkkoon" and ev.agreements[-1].due == "2027-05-31"
    assert (ev.feedback[-1].rating, ev.feedback[-1].comment) == (4, "Selkeä ilta")
    assert ev.next_evening.date == "2027-04-20"
    assert "20.4.2027" in screen.next_text.value and "2027-04-20" not in screen.next_text.value  # as people write it
    assert "Kerhotilojen varauskalenteri verkkoon" in screen.agreed.value
    assert screen.chart.value[:4] == b"\x89PNG"


def test_a_bad_date_gets_a_message_and_stores_nothing(sample_store):
    screen = SummaryScreen(sample_store, "fi")
    before = len(sample_store.load("kajaani-2026-11").agreements)
    screen.due.value = "huomenna"
    enter(screen.what, "Jotain")
    assert len(sample_store.load("kajaani-2026-11").agreements) == before
    assert "3.12.2026" in screen.message.value and "kit-error" in screen.message.value
    assert screen.what.value == "Jotain" and screen.due.value == "huomenna"  # kept, to be corrected
    enter(screen.due, "1.2.2027")
    assert sample_store.load("kajaani-2026-11").agreements[-1].due == "2027-02-01"
    assert "kit-error" not in screen.message.value  # the message goes once the date is right


def test_a_screen_sees_another_tabs_change_on_its_next_poll(sample_store):
    summary = SummaryScreen(sample_store, "fi")
    other_tab = CafeScreen(sample_store, "fi")
    enter(other_tab.idea, "Toisen välilehden idea")
    summary.poll()
    assert "Toisen välilehden idea" in summary.ideas.value


def test_start_creates_and_switches_evening_and_agenda_warns(store):
    screen = StartScreen(store, "fi")
    find(screen.root, "kit-new-title")[0].value = "Kyläilta"
    find(screen.root, "kit-new-date")[0].value = "3.12.2026"
    find(screen.root, "kit-create")[0].click()
    assert [e.title for e in store.evenings()] == ["Kyläilta"]
    eid = store.current_evening()
    store.change(eid, ops.set_agenda_item, 2, "Learning café", "cafe", 200)
    screen.poll()
    assert "kit-warning" in screen.total.value
    screen.switch_language("sv")
    assert "Programmet" in all_html(screen.root) or "Program" in all_html(screen.root)


def test_start_import_of_a_broken_file_keeps_the_store(sample_store):
    screen = StartScreen(sample_store, "fi")
    before = sample_store.evenings()
    screen.import_file({"content": b'{"format": "jarjestoilta/1", "evening": {"id": "x", "date": "eilen"}}'})
    assert sample_store.evenings() == before
    assert "evening.date" in screen.message.value and "kit-error" in screen.message.value


def test_leaving_a_field_saves_nothing_and_enter_saves_the_whole_form_once(sample_store):
    screen = CheckinScreen(sample_store, "sv")
    before = len(sample_store.load("kajaani-2026-11").participants)
    screen.name_field.value = "Karin Sjöblom"  # typed, then Tab to the next field
    screen.org.value = "Pargas Svenska Pensionärer rf"
    assert len(sample_store.load("kajaani-2026-11").participants) == before
    enter(screen.email, "karin@example.org")
    enter(screen.name_field)  # Enter again right after: the same save, not a second person
    find(screen.root, "kit-walkin-add")[0].click()
    ev = sample_store.load("kajaani-2026-11")
    assert len(ev.participants) == before + 1 and "kit-error" not in screen.message.value
    karin = ev.participants[-1]
    assert (karin.name, ev.organisation(karin.organisation_id).name, karin.email) == (
        "Karin Sjöblom", "Pargas Svenska Pensionärer rf", "karin@example.org")


def test_the_chosen_speaker_stays_chosen_when_their_label_gets_a_tick(store):
    ev = ops.new_evening("Ilta", "2026-11-24", "sv", lambda s: s, set())
    store.put(ev)
    for n in range(1, 4):
        store.change(ev.id, ops.add_walk_in, f"P{n}", f"Förening {n}")
    screen = IntroductionsScreen(store, "sv")
    orgs = [o.id for o in ops.speaking_order(store.load(ev.id))]
    screen.order.value = orgs[1]
    screen.timer.act("start")
    screen.summary.value = "Vi sjunger."
    screen.save_summary()  # the label becomes "✓ Förening 2": options change, the choice must not
    enter(screen.wish, "Bidrag i tid")
    stored = store.load(ev.id)
    assert screen.current == orgs[1] and screen.order.value == orgs[1]
    assert stored.introduction(orgs[1]).wishes == ["Bidrag i tid"] and stored.introduction(orgs[0]) is None
    assert store.live(ev.id).timer("speaker").running  # saving did not reset the running time
    other_tab = IntroductionsScreen(store, "fi")
    assert other_tab.current == orgs[1]


def test_the_projector_view_has_nothing_to_press(sample_store):
    from kit.core import live
    from kit.screens.present import PresentScreen
    screen = PresentScreen(sample_store, "fi")
    for phase in live.PHASES:
        sample_store.change_live("kajaani-2026-11", live.set_phase, phase)
        screen.poll()
        assert f"kit-p-{phase}" in screen.stage.value
        assert not [x for x in find_all(screen.root) if isinstance(x, (w.Button, w.Text, w.Dropdown, w.Textarea))]
        assert "@" not in screen.stage.value


def test_without_phones_the_projector_asks_the_room_to_vote_at_the_tables_not_on_phones(sample_store):
    from kit.core import live
    from kit.screens.present import PresentScreen
    screen = PresentScreen(sample_store, "fi")
    for phase, without, with_phones in (("voting", "ideoille pöydissä", "puhelimella"),
                                        ("feedback", "kirjaamme sen", "puhelimella")):
        sample_store.set_setting("capture_url", "")  # kit start without --lan
        sample_store.change_live("kajaani-2026-11", live.set_phase, phase)
        screen.poll()
        assert without in screen.stage.value and with_phones not in screen.stage.value
        assert "kit-p-side" not in screen.stage.value  # no empty join box
        sample_store.set_setting("capture_url", "http://192.168.1.20:8867/")
        screen.tick()
        assert with_phones in screen.stage.value and "kit-join" in screen.stage.value


def find_all(widget: w.Widget) -> list[w.Widget]:
    return [widget, *[x for child in getattr(widget, "children", ()) for x in find_all(child)]]


def test_a_screen_shows_details_changed_elsewhere_unless_they_are_being_typed(sample_store):
    screen = StartScreen(sample_store, "fi")
    eid = sample_store.current_evening()
    sample_store.change(eid, ops.update_info, venue="Kirjasto")
    screen.poll()
    assert screen.detail_fields["venue"].value == "Kirjasto"  # a screen opened earlier is not stale
    screen.detail_fields["theme"].value = "Kesken kirjoitettu"
    sample_store.change(eid, ops.update_info, venue="Kaupungintalo")
    screen.poll()
    assert screen.detail_fields["theme"].value == "Kesken kirjoitettu"  # what is being typed stays
    enter(screen.detail_fields["theme"])
    assert "kit-error" in screen.message.value  # the form was older than the store: told, nothing overwritten
    assert sample_store.load(eid).evening.venue == "Kaupungintalo"
    assert screen.detail_fields["venue"].value == "Kaupungintalo"


def test_a_language_switch_keeps_what_was_typed_and_not_yet_saved(sample_store):
    screen = SCREEN_CLASSES["checkin"](sample_store, "fi")
    fields = screen.text_fields()
    fields["kit-walkin-name"].value = "Karin Sjöblom"
    fields["kit-walkin-org"].value = "Pargas Svenska Pensionärer rf"
    people = len(sample_store.load(screen.evening_id).participants)
    screen.switch_language("sv")
    assert "Incheckning" in all_html(screen.root)  # the labels are Swedish now
    fields = screen.text_fields()
    assert (fields["kit-walkin-name"].value, fields["kit-walkin-org"].value) == (
        "Karin Sjöblom", "Pargas Svenska Pensionärer rf")
    assert len(sample_store.load(screen.evening_id).participants) == people  # nothing was saved by the switch


def test_an_empty_register_says_how_to_fill_it(store):
    screen = SCREEN_CLASSES["register"](store, "fi")
    assert "Rekisterissä ei vielä ole järjestöjä: tuo luettelo yllä." in all_html(screen.root)
    assert "<th>" not in screen.listing.value  # no column heads over nothing


def test_the_welfare_report_draft_of_an_evening_holds_its_own_municipalitys_evenings_only(sample_store):
    """The samples hold Kajaani's evenings and one of Jakobstad's in the same year, as a liaison serving two
    municipalities would: Kajaani's report has none of Jakobstad's wishes, and all of Kajaani's."""
    from docx import Document
    from kit.core import evening_file
    from kit.resources import SAMPLE_DATA
    from kit.screens.report import ReportScreen
    screen = ReportScreen(sample_store, "fi")
    find(screen.root, "kit-make-hyte")[0].click()
    saved = sorted(sample_store.documents().glob("*.docx"))
    assert len(saved) == 1 and screen.message.value and "Valmis" in screen.message.value
    text = "\n".join(p.text for p in Document(str(saved[0])).paragraphs)
    jakobstad = evening_file.read(SAMPLE_DATA / "jakobstad-2026-10.json")
    assert not [w for i in jakobstad.introductions for w in i.wishes if w in text]
    for name in ("kajaani-2026-03.json", "kajaani-2026-09.json", "kajaani-2026-11.json"):
        kajaani = evening_file.read(SAMPLE_DATA / name)
        assert all(w in text for i in kajaani.introductions for w in i.wishes), name


def test_the_annual_clock_shows_the_evenings_of_the_evenings_municipality(sample_store, monkeypatch):
    import datetime
    from kit.screens import report
    from kit.screens.report import ReportScreen

    class Autumn2026(datetime.date):  # the clock shows this year's events: the samples' year
        @classmethod
        def today(cls):
            return cls(2026, 11, 24)
    monkeypatch.setattr(report, "Date", Autumn2026)
    shown = ReportScreen(sample_store, "fi").clock_list.value  # the samples: Kajaani's and one of Jakobstad's
    assert "Järjestöilta: yhdessä hyvinvointia" in shown and "Föreningskväll" not in shown
    sample_store.set_setting("current_evening", "jakobstad-2026-10")
    shown = ReportScreen(sample_store, "sv").clock_list.value
    assert "Föreningskväll" in shown and "Järjestöilta: yhdessä hyvinvointia" not in shown


def test_feedback_is_a_rating_saved_by_enter_even_without_a_comment_and_once_by_a_double_click(sample_store,
                                                                                              monkeypatch):
    from kit.screens import base
    screen = SummaryScreen(sample_store, "fi")
    before = len(sample_store.load("kajaani-2026-11").feedback)
    screen.rating.value = 4
    enter(screen.comment)  # no comment: the rating is the feedback
    screen.rating.value = 5
    screen.comment.value = "Hyvä ilta <b>kiitos</b>"
    save = find(screen.root, "kit-feedback-save")[0]
    save.click()
    save.click()  # a double click
    stored = sample_store.load("kajaani-2026-11").feedback[before:]
    assert [(f.rating, f.comment) for f in stored] == [(4, None), (5, "Hyvä ilta <b>kiitos</b>")]
    assert "kit-error" not in screen.message.value and "Kiitos palautteesta" in screen.message.value
    monkeypatch.setattr(base.time, "monotonic", lambda: 1e9)  # later, without a rating: asked for one
    save.click()
    assert "arvosana" in screen.message.value and len(sample_store.load("kajaani-2026-11").feedback) == before + 2


def test_a_registered_person_typed_in_at_the_door_is_marked_here_once(sample_store):
    screen = CheckinScreen(sample_store, "fi")
    ev = sample_store.load("kajaani-2026-11")
    person = next(p for p in ev.participants if p.registered and not p.attended and p.organisation_id)
    screen.name_field.value = person.name.upper()  # typed in a hurry
    enter(screen.email, "")
    stored = sample_store.load("kajaani-2026-11")
    assert len(stored.participants) == len(ev.participants) and stored.participant(person.id).attended
    assert "Ilmoittautunut, nyt merkitty paikalle" in screen.message.value
    screen.name_field.value, screen.email.value = "Uusi Tulija", "uusi@example.fiSeuraava Nimi"
    enter(screen.email)  # the next name typed into the e-mail field
    assert "ei ole sähköpostiosoite" in screen.message.value and "kit-error" in screen.message.value
    assert len(sample_store.load("kajaani-2026-11").participants) == len(ev.participants)


def test_a_double_click_on_the_timers_start_leaves_it_running(sample_store, monkeypatch):
    from kit.screens import timerview
    screen = IntroductionsScreen(sample_store, "fi")
    start = find(screen.root, "kit-speaker-timer-start")[0]
    start.click()
    start.click()
    assert sample_store.live("kajaani-2026-11").timer("speaker").running and start.description == "Pysäytä"
    later = timerview.time.monotonic() + 5
    monkeypatch.setattr(timerview.time, "monotonic", lambda: later)  # a deliberate click later pauses it
    start.click()
    assert not sample_store.live("kajaani-2026-11").timer("speaker").running and start.description == "Aloita"


def test_merging_ideas_moves_the_phones_dots_with_the_votes(sample_store):
    from kit.phones import rules
    eid = "kajaani-2026-11"
    ev = sample_store.load(eid)
    keep, other = [i for i in ev.cafe.ideas if i.table_id == ev.cafe.ideas[0].table_id][:2]
    budget = ev.cafe.votes_per_person

    def phone_votes(idea_id: str, times: int) -> list:
        return sample_store.capture_batch(eid, [(f"k{idea_id}{n}{secrets.token_hex(4)}",
                                                 rules.change("phone-1", {"action": "vote", "idea": idea_id,
                                                                          "step": 1})) for n in range(times)])
    assert not any(isinstance(r, Exception) for r in phone_votes(other.id, budget))
    screen = CafeScreen(sample_store, "fi")
    screen.edit(other.id)
    screen.merge_into.value = keep.id
    find(screen.root, "kit-idea-merge-do")[0].click()
    merged = sample_store.load(eid)
    assert other.id not in {i.id for i in merged.cafe.ideas}
    assert next(i for i in merged.cafe.ideas if i.id == keep.id).votes == keep.votes + other.votes + budget
    assert "Yhdistetty" in screen.message.value
    assert isinstance(phone_votes(keep.id, 1)[0], ops.InputError)  # no dots come back with the merge
    state = rules.public_state(merged, rules.Ledger.from_dict(sample_store.capture_ledger(eid)), "phone-1", 0)
    assert state["votes_left"] == 0 and next(i for i in state["ideas"] if i["id"] == keep.id)["my_votes"] == budget
    screen.undo_button.click()  # merged the wrong one: Undo splits them again, votes and dots included
    back = sample_store.load(eid)
    votes = {i.id: i.votes for i in back.cafe.ideas}
    assert (votes[keep.id], votes[other.id]) == (keep.votes, other.votes + budget)
    assert [i.text for i in back.cafe.ideas] == [i.text for i in ev.cafe.ideas]  # in its place, text and all
    state = rules.public_state(back, rules.Ledger.from_dict(sample_store.capture_ledger(eid)), "phone-1", 0)
    mine = {i["id"]: i["my_votes"] for i in state["ideas"]}
    assert (mine[keep.id], mine[other.id], state["votes_left"]) == (0, budget, 0)


def test_a_screen_in_use_keeps_its_evening_when_another_is_chosen_elsewhere_and_offers_to_switch(sample_store):
    door = CheckinScreen(sample_store, "fi")
    door.in_use = True  # a browser shows it (its watcher sets this)
    door.name_field.value = "Ovella Kirjoitettu"  # typed, not yet saved
    start = StartScreen(sample_store, "fi")
    find(start.root, "kit-evening-pick")[0].value = "kajaani-2026-03"  # someone looks at another evening
    door.poll()
    assert door.evening_id == "kajaani-2026-11" and door.name_field.value == "Ovella Kirjoitettu"
    assert "valittiin toisella näytöllä" in door.switch_text.value and "kylät ja liikkuminen" in door.switch_text.value
    enter(door.email, "")
    assert "Ovella Kirjoitettu" in [p.name for p in sample_store.load("kajaani-2026-11").participants]
    assert "Ovella Kirjoitettu" not in [p.name for p in sample_store.load("kajaani-2026-03").participants]
    find(door.root, "kit-switch-evening")[0].click()
    assert door.evening_id == "kajaani-2026-03" and door.switch_notice.layout.display == "none"
    assert "kylät ja liikkuminen" in all_html(door.root)


def test_a_wish_being_corrected_survives_another_tab_adding_a_wish(sample_store):
    a, b = IntroductionsScreen(sample_store, "fi"), IntroductionsScreen(sample_store, "fi")
    org = b.current
    wishes = sample_store.load("kajaani-2026-11").introduction(org).wishes
    assert len(wishes) >= 2
    fields = find(b.root, "kit-wish-edit")
    fields[1].value = wishes[1] + " – korjaus kesken"  # typed in tab B, Enter not pressed yet
    enter(a.wish, "Uusi toive A:sta")
    b.poll()
    fields = find(b.root, "kit-wish-edit")
    assert [f.value for f in fields] == [wishes[0], wishes[1] + " – korjaus kesken", *wishes[2:], "Uusi toive A:sta"]
    enter(fields[1])
    stored = sample_store.load("kajaani-2026-11").introduction(org).wishes
    assert stored == [wishes[0], wishes[1] + " – korjaus kesken", *wishes[2:], "Uusi toive A:sta"]
    fields = find(b.root, "kit-wish-edit")
    fields[0].value = "Kesken"
    sample_store.change("kajaani-2026-11", ops.remove_wish, org, 0)  # removed in another tab meanwhile
    b.poll()
    assert "Kesken" in b.message.value and "kit-error" in b.message.value  # told, with what was typed


def test_a_language_switch_carries_to_screens_opened_afterwards_but_not_to_the_projector(sample_store):
    from kit.screens.present import PresentScreen
    checkin = CheckinScreen(sample_store)
    assert "Osallistujat" in all_html(checkin.root)
    find(checkin.root, "kit-lang")[0].value = "sv"
    assert "Deltagare" in all_html(checkin.root)
    for name, screen_class in SCREEN_CLASSES.items():  # reloaded, or opened from a link
        assert ("Sammanfattning" in all_html(screen_class(sample_store).root)) == (name != "present"), name
    assert "Tervetuloa!" in all_html(PresentScreen(sample_store).root)  # the room hears the evening's language
    assert sample_store.load("kajaani-2026-11").evening.language == "fi"  # the memo's language is not changed
