"""A live evening typed as people type, in Debian's Chromium, in Finnish and in Swedish.

Every test works the keyboard and the mouse (Tab, Enter, double clicks, reloads, two tabs, a language
switch, a restart of `kit start`) and then reads what was stored, as `kit export` gives it.
Screenshots of the projector view land in test-output/present/ to be looked at.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from kit.core import evening_file, live, ops
from kit.core.store import Store
from kit.i18n import translator

from .conftest import KAJAANI, free_port, screen_url, start_kit
from .test_browser import browser, open_screen  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SIZES = [(1920, 1080), (1280, 720), (1024, 768)]


def exported(data: Path, evening_id: str) -> dict:
    """The evening as stored, read the way a user gets it out: `kit export`."""
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "export", evening_id, "--data", str(data)],
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def eventually(check: Callable[[], Any], seconds: float = 15) -> Any:
    """Wait until `check()` is true (a save travels browser → kernel → disk), and return its value."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def fresh_evening(data: Path, title: str, language: str, walk_ins: int = 0) -> str:
    """A new evening chosen on the start screen and made live, with `walk_ins` organisations here."""
    store = Store(data)
    ev = ops.new_evening(title, "2026-12-03", language, translator(language), {e.id for e in store.evenings()},
                         municipality=title)
    for n in range(walk_ins):
        ops.add_walk_in(ev, f"Person {n + 1}", f"Förening {n + 1} rf", memo=n % 2 == 0)
    store.put(ev)
    store.set_setting("current_evening", ev.id)
    store.set_setting("live_evening", ev.id)
    return ev.id


def field(page, cls: str):
    return page.locator(f".{cls} input, .{cls} textarea").first


def test_the_next_entry_typed_right_after_enter_is_its_own(server, browser):
    """At the door and at a café table the next one is typed at once. Enter saves, and the keys typed while the
    save is on its way belong to the next entry (they were saved into the last one: three walk-ins, one person)."""
    base, data = server
    eid = fresh_evening(data, "Suomussalmi", "fi")
    Store(data).change(eid, ops.add_table, "Tilat ja tapahtumat")
    door = browser.new_page(viewport={"width": 1024, "height": 768})
    open_screen(door, base, "checkin")
    door.wait_for_selector(".kit-brand >> text=Suomussalmi")
    field(door, "kit-walkin-name").click()
    for keys in ("Aino Ahonen", "Enter", "Matti Mäkinen", "Tab", "Sotkamon Martat ry", "Enter",
                 "Liisa Laine", "Tab", "Tab", "liisa@example", "Enter"):  # no pause anywhere
        door.keyboard.press(keys) if keys in ("Enter", "Tab") else door.keyboard.type(keys, delay=15)
    door.wait_for_selector(".kit-error >> text=liisa@example", timeout=30_000)  # refused, and back in that field
    door.keyboard.type(".fi", delay=15)
    door.keyboard.press("Enter")
    door.wait_for_selector(".kit-people >> text=Liisa Laine", timeout=30_000)
    stored = eventually(lambda: len(exported(data, eid)["participants"]) == 3 and exported(data, eid))
    orgs = {o["id"]: o["name"] for o in stored["organisations"]}
    assert [(p["name"], orgs.get(p.get("organisation_id")), p.get("email")) for p in stored["participants"]] == [
        ("Aino Ahonen", None, None), ("Matti Mäkinen", "Sotkamon Martat ry", None),
        ("Liisa Laine", None, "liisa@example.fi")]
    assert field(door, "kit-walkin-name").input_value() == ""

    cafe = browser.new_page(viewport={"width": 1024, "height": 768})
    open_screen(cafe, base, "cafe")
    field(cafe, "kit-idea").click()
    ideas = ["Kylätalolle uusi keittiö", "Nuorille iltakerho", "Avustushaku selkeämmäksi"]
    for idea in ideas:
        cafe.keyboard.type(idea, delay=15)
        cafe.keyboard.press("Enter")
    assert eventually(lambda: [i["text"] for i in exported(data, eid)["cafe"]["ideas"]] == ideas)
    assert field(cafe, "kit-idea").input_value() == ""


def test_walk_ins_typed_with_tab_and_enter_become_one_person_each_in_swedish(server, browser):
    base, data = server
    eid = fresh_evening(data, "Pargas", "sv")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "checkin")
    page.wait_for_selector(".kit-brand >> text=Pargas")
    field(page, "kit-walkin-name").click()
    page.keyboard.type("Karin Sjöblom")
    page.keyboard.press("Tab")  # leaving a field saves nothing
    page.keyboard.type("Pargas Svenska Pensionärer rf")
    page.keyboard.press("Tab")
    page.keyboard.type("karin@example.org")
    time.sleep(1)
    assert exported(data, eid)["participants"] == []
    page.keyboard.press("Enter")
    page.wait_for_selector(".kit-people >> text=Karin Sjöblom", timeout=30_000)
    # the next walk-in: typed, then Enter and a double click on Add right after
    field(page, "kit-walkin-name").click()
    page.keyboard.type("Bo Berg")
    page.keyboard.press("Tab")
    page.keyboard.type("Folkhälsan i Pargas rf")
    page.keyboard.press("Enter")
    page.locator(".kit-walkin-add").dblclick()
    page.wait_for_selector(".kit-people >> text=Bo Berg", timeout=30_000)
    time.sleep(1.5)
    people = exported(data, eid)["participants"]
    orgs = {o["id"]: o["name"] for o in exported(data, eid)["organisations"]}
    assert [(p["name"], orgs.get(p.get("organisation_id")), p.get("email")) for p in people] == [
        ("Karin Sjöblom", "Pargas Svenska Pensionärer rf", "karin@example.org"),
        ("Bo Berg", "Folkhälsan i Pargas rf", None)]
    assert page.locator(".kit-error").count() == 0  # the second click was not "write the name first"

    # a name typed wrong is corrected, and a person removed comes back with Undo
    page.locator(".kit-person", has_text="Bo Berg").locator(".kit-person-edit").click()
    name = field(page, "kit-edit-name")
    name.fill("Bo Bergström")
    name.press("Enter")
    page.wait_for_selector(".kit-people >> text=Bo Bergström", timeout=30_000)
    page.locator(".kit-person", has_text="Karin Sjöblom").locator(".kit-person-edit").click()
    page.locator(".kit-edit-remove").click()
    page.wait_for_selector(".kit-undo:visible", timeout=30_000)
    assert eventually(lambda: len(exported(data, eid)["participants"]) == 1)
    page.locator(".kit-undo").click()
    assert eventually(lambda: [p["name"] for p in exported(data, eid)["participants"]] == ["Karin Sjöblom",
                                                                                           "Bo Bergström"])
    page.close()


def test_an_agreement_typed_with_tab_keeps_who_and_when_and_a_finnish_date(server, browser):
    base, data = server
    eid = fresh_evening(data, "Sotkamo", "fi")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "summary")
    page.wait_for_selector(".kit-brand >> text=Sotkamo")
    page.locator(".kit-summary-tabs .lm-TabBar-tab, .kit-summary-tabs .p-TabBar-tab").nth(1).click()
    field(page, "kit-agree-what").click()
    page.keyboard.type("Salien hinnasto järjestöille")
    page.keyboard.press("Tab")
    page.keyboard.type("Vapaa-aikapalvelut")
    page.keyboard.press("Tab")
    page.keyboard.type("31.13.2027")  # a slip of the finger
    page.keyboard.press("Enter")
    page.wait_for_selector(".kit-error >> text=3.12.2026", timeout=30_000)
    assert exported(data, eid)["agreements"] == []
    for _key in range(len("3.2027") + 1):  # back to "31."
        page.keyboard.press("Backspace")
    page.keyboard.type("3.2027")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kit-agreement >> text=Salien hinnasto järjestöille", timeout=30_000)
    assert page.locator(".kit-error").count() == 0  # the message went when the date was right
    agreements = exported(data, eid)["agreements"]
    assert [(a["what"], a["who"], a["due"]) for a in agreements] == [
        ("Salien hinnasto järjestöille", "Vapaa-aikapalvelut", "2027-03-31")]
    page.close()


def test_an_agenda_item_typed_with_tab_keeps_its_minutes(server, browser):
    base, data = server
    eid = fresh_evening(data, "Kuhmo", "fi")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "start")
    page.wait_for_selector(".kit-agenda-row", timeout=30_000)
    field(page, "kit-agenda-new").click()
    page.keyboard.type("Arvonta")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    assert eventually(lambda: exported(data, eid)["agenda"][-1]["item"] == "Arvonta")
    agenda = exported(data, eid)["agenda"]
    assert (agenda[-1]["item"], agenda[-1]["minutes"]) == ("Arvonta", 7)
    page.close()


def test_five_introductions_in_a_row_file_every_wish_under_its_own_speaker(server, browser):
    base, data = server
    eid = fresh_evening(data, "Närpes", "sv", walk_ins=5)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "introductions")
    page.wait_for_selector(".kit-speaker-org >> text=Förening 1 rf", timeout=30_000)
    page.locator(".kit-speaker-timer-start").click()
    for n in range(1, 6):
        org = f"Förening {n} rf"
        page.wait_for_selector(f".kit-speaker-org >> text={org}", timeout=30_000)
        summary = field(page, "kit-intro-summary")
        summary.click()
        page.keyboard.type(f"Vi är förening {n}.")
        page.locator(".kit-save-summary").click()  # the ✓ it gets must not move the choice
        page.wait_for_function("o => { const s = document.querySelector('.kit-speaker-pick select');"
                               " return s && s.options[s.selectedIndex].text.replace(/\\u00a0/g, ' ') === '✓ ' + o; }", arg=org,
                               timeout=30_000)
        wish = field(page, "kit-wish")
        for k in (1, 2):
            wish.click()
            page.keyboard.type(f"Önskan {k} från {n}")
            page.keyboard.press("Enter")
            assert eventually(lambda: any(f"Önskan {k} från {n}" in i["wishes"]
                                          for i in exported(data, eid)["introductions"]))
        assert page.locator(".kit-speaker-org").inner_text() == org
        if n < 5:
            page.locator(".kit-next-speaker").click()
    ev = exported(data, eid)
    names = {o["id"]: o["name"] for o in ev["organisations"]}
    got = {names[i["organisation_id"]]: (i["summary"], i["wishes"]) for i in ev["introductions"]}
    assert got == {f"Förening {n} rf": (f"Vi är förening {n}.", [f"Önskan 1 från {n}", f"Önskan 2 från {n}"])
                   for n in range(1, 6)}
    page.close()


def test_two_tabs_a_reload_and_a_language_switch_share_one_speaker_and_one_running_timer(server, browser):
    base, data = server
    eid = fresh_evening(data, "Kristinestad", "sv", walk_ins=3)
    first = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(first, base, "introductions")
    first.locator(".kit-speaker-pick select").select_option(label="Förening 2 rf")
    first.wait_for_selector(".kit-speaker-org >> text=Förening 2 rf", timeout=30_000)
    first.locator(".kit-speaker-timer-start").click()
    assert eventually(lambda: Store(data).live(eid).timer("speaker").running)
    second = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(second, base, "introductions")
    second.wait_for_selector(".kit-speaker-org >> text=Förening 2 rf", timeout=30_000)

    def shown_seconds(page) -> int:
        minutes, seconds = page.locator(".kit-speaker-timer .kit-timer-digits").inner_text().split(":")
        return int(minutes) * 60 + int(seconds)
    time.sleep(2)
    assert shown_seconds(second) < 119 and abs(shown_seconds(first) - shown_seconds(second)) <= 1
    # a draft of "who we are", a reload before saving, a language switch: nothing resets
    field(first, "kit-intro-summary").click()
    first.keyboard.type("Vi sjunger i kör")
    time.sleep(1.5)  # typed, not saved
    first.reload()
    open_screen(first, base, "introductions")
    first.wait_for_selector(".kit-speaker-org >> text=Förening 2 rf", timeout=30_000)
    assert field(first, "kit-intro-summary").input_value() == "Vi sjunger i kör"
    first.locator(".kit-lang .widget-toggle-button, .kit-lang button").filter(has_text="FI").click()
    first.wait_for_selector(".kit-next-speaker >> text=Seuraava", timeout=30_000)
    first.wait_for_selector(".kit-speaker-org >> text=Förening 2 rf", timeout=30_000)
    assert shown_seconds(first) < 117 and Store(data).live(eid).timer("speaker").running
    second.locator(".kit-next-speaker").click()  # Next in the other tab saves the draft of speaker 2 first
    first.wait_for_selector(".kit-speaker-org >> text=Förening 1 rf", timeout=30_000)
    ev = exported(data, eid)
    names = {o["id"]: o["name"] for o in ev["organisations"]}
    assert {names[i["organisation_id"]]: i["summary"] for i in ev["introductions"]} == {
        "Förening 2 rf": "Vi sjunger i kör"}
    first.close()
    second.close()


def test_a_stale_form_does_not_overwrite_newer_details(server, browser):
    base, data = server
    eid = fresh_evening(data, "Kajaani", "fi")
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "start")
    page.wait_for_selector(".kit-detail-venue input", timeout=30_000)
    field(page, "kit-detail-venue").fill("Kirjasto")
    time.sleep(1)
    Store(data).change(eid, ops.update_info, venue="Kaupungintalo")  # another tab saves meanwhile
    time.sleep(1)
    assert field(page, "kit-detail-venue").input_value() == "Kirjasto"  # what is typed is not overwritten
    field(page, "kit-detail-venue").press("Enter")
    page.wait_for_selector(".kit-error", timeout=30_000)
    assert exported(data, eid)["evening"]["venue"] == "Kaupungintalo"
    assert field(page, "kit-detail-venue").input_value() == "Kaupungintalo"  # the newer value is shown
    field(page, "kit-detail-date").fill("03.12.2026")
    field(page, "kit-detail-venue").fill("Kirjasto")
    field(page, "kit-detail-venue").press("Enter")
    assert eventually(lambda: exported(data, eid)["evening"]["venue"] == "Kirjasto")
    assert exported(data, eid)["evening"]["date"] == "2026-12-03"
    page.close()


def test_the_door_stays_on_tonights_evening_when_another_is_chosen_in_another_tab(server, browser):
    base, data = server
    other = fresh_evening(data, "Sotkamo", "fi")
    tonight = fresh_evening(data, "Kuhmo", "fi")
    door = browser.new_page(viewport={"width": 1024, "height": 768})
    open_screen(door, base, "checkin")
    door.wait_for_selector(".kit-brand >> text=Kuhmo", timeout=30_000)
    field(door, "kit-walkin-name").click()
    door.keyboard.type("Ovella Kirjoitettu")
    laptop = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(laptop, base, "start")
    pick = laptop.locator(".kit-evening-pick select")
    pick.select_option(index=pick.evaluate(
        "s => Array.from(s.options).findIndex(o => o.textContent.includes('Sotkamo'))"))
    laptop.wait_for_selector(".kit-brand >> text=Sotkamo", timeout=30_000)
    door.wait_for_selector(".kit-switch-evening", timeout=30_000)  # told, with a button to switch
    assert "Kuhmo" in door.locator(".kit-brand").inner_text()
    assert field(door, "kit-walkin-name").input_value() == "Ovella Kirjoitettu"
    door.keyboard.press("Enter")
    assert eventually(lambda: [p["name"] for p in exported(data, tonight)["participants"]] == ["Ovella Kirjoitettu"])
    assert exported(data, other)["participants"] == []
    door.locator(".kit-switch-evening").click()
    door.wait_for_selector(".kit-brand >> text=Sotkamo", timeout=30_000)
    door.close()
    laptop.close()


def test_the_projector_view_follows_the_facilitator_and_shows_no_controls(server, browser, output_dir):
    base, data = server
    store = Store(data)
    ev = evening_file.read(KAJAANI)
    ev.evening.id = "kajaani-projector"
    store.put(ev)
    store.set_setting("current_evening", ev.id)
    store.set_setting("live_evening", ev.id)
    folder = output_dir / "present"
    folder.mkdir(exist_ok=True)
    facilitator = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(facilitator, base, "cafe")
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})  # one projector, resized
    projector.goto(screen_url(base, "present"), timeout=90_000)
    projector.wait_for_selector(".kit-p", timeout=90_000)
    for width, height in SIZES:
        projector.set_viewport_size({"width": width, "height": height})
        for dark in (False, True):
            store.change_live(ev.id, live.set_dark, dark)
            projector.wait_for_selector(".kit-present.kit-dark" if dark else ".kit-present:not(.kit-dark)",
                                        timeout=10_000)
            for phase in live.PHASES:
                facilitator.locator(".kit-phase select").select_option(index=live.PHASES.index(phase))
                projector.wait_for_selector(f".kit-p-{phase}", timeout=10_000)
                projector.wait_for_timeout(300)
                checked = projector.evaluate(LAYOUT_CHECK)
                name = f"{phase}-{width}x{height}{'-dark' if dark else ''}"
                projector.screenshot(path=str(folder / f"{name}.png"))
                assert checked["outside"] == [], name  # nothing cut off or hidden past the window's edge
                assert checked["controls"] == 0, name  # no buttons, inputs or links for the audience
                if width == 1920:
                    assert checked["smallest"] >= 28, name  # readable from the back of the hall
                assert checked["smallest"] >= 16, name
    store.change_live(ev.id, live.set_dark, False)
    projector.set_viewport_size({"width": 1920, "height": 1080})
    # the audience sees no personal data: no e-mail, and names only with consent
    facilitator.locator(".kit-phase select").select_option(index=live.PHASES.index("introductions"))
    projector.wait_for_selector(".kit-p-introductions", timeout=30_000)
    text = projector.locator(".kit-stage").inner_text()
    assert "@" not in text
    unconsented = [p.name for p in ev.participants if not p.consent.memo]
    assert not any(name in text for name in unconsented)
    # Next speaker, start the timer, reveal the votes: the projector follows within a second
    facilitator.locator(".kit-phase select").select_option(index=live.PHASES.index("voting"))
    projector.wait_for_selector(".kit-p-voting", timeout=5_000)
    assert projector.locator(".kit-p-votes").count() == 0  # votes hidden until revealed
    facilitator.locator(".kit-reveal").click()
    projector.wait_for_selector(".kit-p-votes", timeout=1_000)
    facilitator.close()
    projector.close()


# Every element of the stage inside the window, the smallest text that is shown, and no controls.
LAYOUT_CHECK = """() => {
  const W = innerWidth, H = innerHeight, outside = []; let smallest = 999;
  for (const el of document.querySelectorAll('.kit-stage *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.height && (r.bottom > H + 1 || r.right > W + 1 || r.left < -1 || r.top < -1))
      outside.push(el.className + ' ' + el.textContent.slice(0, 40));
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && r.width) smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
  }
  const controls = [...document.querySelectorAll('button, input, select, textarea, a')]
    .filter(e => e.getBoundingClientRect().width > 0).length;
  return {outside: outside.slice(0, 5), smallest, controls};
}"""


@pytest.fixture
def own_server(tmp_path):
    """A `kit start` of this test's own, to be stopped and started again."""
    ports = free_port(), free_port()

    def start() -> subprocess.Popen:
        return start_kit(tmp_path, "--no-preheat", ports=ports)[0]  # a new secret each time; screen_url knows it
    procs = [start()]
    yield f"http://127.0.0.1:{ports[0]}/voila/render", tmp_path, lambda: procs.append(start()), procs
    for proc in procs:
        proc.terminate()
        proc.wait(20)


def test_a_restart_of_kit_start_keeps_the_running_timer_and_the_old_tab_says_disconnected(own_server, browser):
    base, data, start_again, procs = own_server
    eid = fresh_evening(data, "Hyrynsalmi", "fi", walk_ins=2)
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "cafe")
    page.locator(".kit-cafe-timer-start").click()
    assert eventually(lambda: Store(data).live(eid).timer("cafe").running)
    procs[0].terminate()
    procs[0].wait(30)
    page.wait_for_selector("#kit-offline", timeout=30_000)
    assert "lataa sivu uudelleen" in page.locator("#kit-offline").inner_text()
    start_again()
    open_screen(page, base, "cafe")
    page.wait_for_selector(".kit-cafe-timer .kit-timer-run, .kit-cafe-timer .kit-timer-warn", timeout=30_000)
    assert page.locator(".kit-cafe-timer-start").inner_text() == "Pysäytä"  # still running: Pause is offered
    assert page.locator("#kit-offline").count() == 0
    page.close()
