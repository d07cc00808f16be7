"""A facilitator's evening in Debian's Chromium, against `kit start` on loopback.

Screenshots of every screen land in test-output/screens/ to be looked at.
"""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kit.app.cli import wait_for_port
from kit.screens import base as screens

from .conftest import CHROMIUM_ARGS, OUTPUT, base_urls, chromium_path, free_port, screen_url, server_logs

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENS = [name for name, _label in screens.SCREENS]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_screen(page, base: str, name: str) -> None:
    """Open a screen as the facilitator does, and wait until it shows. A page still at Voilà's spinner after a
    minute is reloaded once, as a person would; what the page and the server said then goes to test-output/."""
    for attempt in (1, 2):
        page.goto(screen_url(base, name), timeout=90_000)  # a busy laptop starts kernels slowly
        try:
            page.wait_for_selector(".kit-root .kit-header", timeout=60_000 * attempt)
            return
        except Exception as err:  # say which screen, and what the page and the server said
            shown = page.evaluate("[!!window.themeLoaded, !!window.cellLoaded, "
                                  "document.querySelectorAll('.jp-Cell, .jp-OutputArea').length]")
            log = server_logs[base].read_text()[-4000:] if base in server_logs else ""
            said = (f"{name} did not render (attempt {attempt}): {page.inner_text('body')[-500:]}\n"
                    f"theme loaded, cells loaded, cells: {shown}\nkit start said:\n{log}")
            OUTPUT.mkdir(exist_ok=True)
            (OUTPUT / f"stuck-{name}-{attempt}.txt").write_text(said)
            page.screenshot(path=str(OUTPUT / f"stuck-{name}-{attempt}.png"))
            if attempt == 2:
                raise AssertionError(said) from err
            print(said)


def enter(page, selector: str, text: str) -> None:
    field = page.locator(f"{selector} input, {selector} textarea").first
    field.fill(text)
    field.press("Enter")


def test_server_serves_the_start_screen_locally_only(server):
    import urllib.request
    base, _ = server
    html = urllib.request.urlopen(screen_url(base, "start"), timeout=60).read().decode()
    assert "jupyter-widgets" in html or "widget" in html
    assert "open_screen" not in html  # sources stripped


def test_a_facilitator_runs_an_evening_and_a_reload_keeps_everything(server, browser, output_dir):
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(page, base, "start")
    enter(page, ".kit-new-title", "Selaintesti-ilta")
    page.locator(".kit-create").click()
    page.wait_for_selector("text=Selaintesti-ilta", timeout=30_000)

    open_screen(page, base, "checkin")
    page.wait_for_selector("text=Selaintesti-ilta")
    for name, org in (("Aino Aalto", "Kylätoimikunta ry"), ("Bo Berg", "Folkhälsan rf")):
        page.locator(".kit-walkin-org input").fill(org)
        enter(page, ".kit-walkin-name", name)
        page.wait_for_selector(f".kit-people >> text={name}", timeout=30_000)

    open_screen(page, base, "introductions")
    page.wait_for_selector(".kit-speaker-org >> text=Kylätoimikunta ry", timeout=30_000)
    page.locator(".kit-speaker-timer-start").click()
    enter(page, ".kit-wish", "Kylätalolle ilmainen sali")
    page.wait_for_selector(".kit-heard >> text=Kylätalolle ilmainen sali", timeout=30_000)
    page.locator(".kit-next-speaker").click()
    page.wait_for_selector(".kit-speaker-org >> text=Folkhälsan rf", timeout=30_000)
    enter(page, ".kit-wish", "Bidrag i tid")
    page.wait_for_selector(".kit-heard >> text=Bidrag i tid", timeout=30_000)

    open_screen(page, base, "cafe")
    page.locator(".kit-settings .jupyter-widget-Collapse-header, .kit-settings .p-Collapse-header, "
                 ".kit-settings .lm-Collapse-header").first.click()
    for theme in ("Tilat", "Nuoret"):
        enter(page, ".kit-new-table", theme)
        page.wait_for_selector(f".kit-table-theme >> text={theme}", timeout=30_000)
    for theme, idea in (("Tilat", "Koulujen salit iltakäyttöön"), ("Nuoret", "Nuorisotila auki lauantaisin")):
        page.locator(".kit-idea-table select").select_option(label=theme)
        enter(page, ".kit-idea", idea)
        page.wait_for_selector(f".kit-tables >> text={idea}", timeout=30_000)
    row = page.locator(".kit-idea-row", has_text="Koulujen salit iltakäyttöön")
    row.locator(".kit-vote").click()
    row.locator(".kit-vote").click()
    page.wait_for_selector(".kit-idea-row:has-text('Koulujen salit') .kit-votes:text-is('2')", timeout=30_000)

    open_screen(page, base, "summary")
    page.locator(".kit-summary-tabs .lm-TabBar-tab, .kit-summary-tabs .p-TabBar-tab").nth(1).click()
    page.locator(".kit-agree-who input").fill("Vapaa-aikapalvelut")
    page.locator(".kit-agree-due input").fill("2027-03-31")
    enter(page, ".kit-agree-what", "Salien hinnasto järjestöille")
    page.wait_for_selector(".kit-agreement >> text=Salien hinnasto järjestöille", timeout=30_000)

    # a reload of every screen finds it all: nothing lived only in the browser or the kernel
    expected = {"checkin": ["Aino Aalto", "Bo Berg"], "introductions": ["Kylätalolle ilmainen sali", "Bidrag i tid"],
                "cafe": ["Koulujen salit iltakäyttöön", "Nuorisotila auki lauantaisin"],
                "summary": ["Koulujen salit iltakäyttöön", "Salien hinnasto järjestöille", "Bidrag i tid"]}
    for name, texts in expected.items():
        open_screen(page, base, name)
        for text in texts:
            page.wait_for_selector(f".kit-root >> text={text}", timeout=30_000)
    page.close()


def test_a_second_tab_sees_a_new_idea_within_a_second(server, browser):
    base, _ = server
    summary = browser.new_page(viewport={"width": 1280, "height": 720})
    cafe = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(summary, base, "summary")
    open_screen(cafe, base, "cafe")
    cafe.wait_for_selector(".kit-table-card", timeout=30_000)
    enter(cafe, ".kit-idea", "Toisesta välilehdestä")
    cafe.wait_for_selector(".kit-tables >> text=Toisesta välilehdestä", timeout=30_000)  # stored
    summary.wait_for_selector(".kit-sum-ideas >> text=Toisesta välilehdestä", timeout=1_000)
    summary.close()
    cafe.close()


def test_typed_markup_stays_text_in_the_browser(server, browser):
    base, _ = server
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_screen(page, base, "cafe")
    page.wait_for_selector(".kit-table-card", timeout=30_000)
    enter(page, ".kit-idea", "<img src=x onerror=alert(1)>")
    page.wait_for_selector(".kit-tables >> text=<img src=x onerror=alert(1)>", timeout=30_000)
    open_screen(page, base, "summary")
    page.wait_for_selector(".kit-sum-ideas >> text=<img src=x onerror=alert(1)>", timeout=30_000)
    assert page.locator(".kit-root img[src='x']").count() == 0 and dialogs == []
    page.close()


@pytest.mark.parametrize("width, height, dark", [(1024, 768, False), (1280, 720, True), (1920, 1080, False)],
                         ids=["light-1024x768", "dark-1280x720", "light-1920x1080"])  # the projectors of village halls
def test_screenshots_of_every_screen(server, browser, output_dir, width, height, dark):
    base, data = server
    from kit.core.store import Store
    Store(data).set_setting("current_evening", "kajaani-2026-11")
    page = browser.new_page(viewport={"width": width, "height": height})
    folder = output_dir / "screens"
    folder.mkdir(exist_ok=True)
    for name in SCREENS:
        open_screen(page, base, name)
        page.wait_for_selector(".kit-brand >> text=yhdessä hyvinvointia", timeout=30_000)
        if dark:
            page.locator(".kit-theme").click()
            page.wait_for_selector(".kit-root.kit-dark")
        page.wait_for_timeout(600)
        assert page.locator(".kit-error").count() == 0
        shot = folder / f"{name}-{width}x{height}{'-dark' if dark else ''}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000
        # the essentials are on the first screen without scrolling
        first = page.locator(".kit-figures, .kit-timer, .kit-agenda, .kit-people").first
        if first.count():
            box = first.bounding_box()
            assert box and box["y"] < height
    page.close()


def listening(port: int) -> set[str]:
    """The addresses a TCP port listens on, from /proc/net/tcp (IPv4)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_with_lan_only_the_capture_page_listens_beyond_this_laptop(server):
    base, _ = server
    screens_port = int(base.split(":")[2].split("/")[0])
    capture_port = int(base_urls[base].rsplit(":", 1)[1])
    assert listening(screens_port) == {"127.0.0.1"}
    assert listening(capture_port) == {"0.0.0.0"}


def test_without_lan_nothing_listens_beyond_this_laptop(tmp_path):
    port, capture_port = free_port(), free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kit.app.cli", "start", "--no-browser", "--no-preheat", "--port",
                             str(port), "--capture-port", str(capture_port), "--data", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for_port(capture_port, 90)
        assert listening(port) == {"127.0.0.1"} and listening(capture_port) == {"127.0.0.1"}
        from kit.core.store import Store
        assert Store(tmp_path).setting("capture_url") == ""  # so the projector offers no join box
    finally:
        proc.terminate()
        proc.wait(20)


def kajaani_open_for_phones(data: Path):
    """The sample evening on the projector, and its join code."""
    from kit.phones import rules as capture
    from kit.core.store import Store
    store = Store(data)
    store.set_setting("current_evening", "kajaani-2026-11")
    store.set_setting("live_evening", "kajaani-2026-11")
    return store, capture.join_code(store, "kajaani-2026-11")


def open_phone(browser, base: str, code: str, locale: str):
    """A phone (390×844) that scanned the QR code; returns the page and the dialogs it has shown."""
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale=locale, device_scale_factor=2,
                             is_mobile=True, has_touch=True)
    dialogs: list[str] = []
    phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    phone.goto(f"{base_urls[base]}/#{code}")
    phone.wait_for_selector("#main:not([hidden]) #tables button", timeout=30_000)
    return phone, dialogs


def test_a_table_host_votes_and_gives_feedback_from_a_phone(server, browser, output_dir):
    base, data = server
    store, code = kajaani_open_for_phones(data)
    phone, dialogs = open_phone(browser, base, code, "fi-FI")
    assert "#" not in phone.url  # the code does not stay in the address bar
    phone.locator("#tables button", has_text="Nuoret ja harrastukset").click()
    phone.locator("#idea").fill("Puhelimesta: <img src=x onerror=alert(1)> nuorisotila auki")
    phone.locator("#add-idea").click()
    phone.wait_for_selector("#my-ideas >> text=Puhelimesta: <img src=x onerror=alert(1)> nuorisotila auki")
    folder = output_dir / "screens"
    folder.mkdir(exist_ok=True)
    phone.screenshot(path=str(folder / "phone-host-390x844.png"), full_page=True)
    phone.reload()  # the host's place survives a reload
    phone.wait_for_selector("#tables button[aria-pressed=true] >> text=Nuoret ja harrastukset", timeout=30_000)
    phone.wait_for_selector("#my-ideas >> text=nuorisotila auki")
    phone.locator("#my-ideas button", has_text="Muokkaa").click()
    phone.locator("#my-ideas textarea").fill("Nuorisotila auki lauantaisin")
    phone.locator("#my-ideas button", has_text="Tallenna").click()
    phone.wait_for_selector("#my-ideas >> text=Nuorisotila auki lauantaisin")

    phone.locator("[data-tab=vote]").click()
    phone.wait_for_selector("#dots-left >> text=Pisteitä jäljellä: 3")
    row = phone.locator("#vote-tables li", has_text="Nuorisotila auki lauantaisin")
    row.locator("button.primary").click()
    phone.wait_for_selector("#dots-left >> text=Pisteitä jäljellä: 2")
    row.locator("button.primary").click()
    phone.wait_for_selector("#dots-left >> text=Pisteitä jäljellä: 1")
    phone.screenshot(path=str(folder / "phone-vote-390x844.png"))

    phone.locator("[data-tab=feedback]").click()
    phone.locator("[data-rating='4']").click()
    phone.locator("#comment").fill("Hyvä ilta, kiitos!")
    phone.locator("#send-feedback").click()
    phone.wait_for_selector("#status >> text=Kiitos", timeout=10_000)
    phone.screenshot(path=str(folder / "phone-feedback-390x844.png"))
    box = phone.locator("#send-feedback").bounding_box()
    assert box and box["height"] >= 44 and box["width"] <= 390  # a thumb can hit it; nothing wider than the phone

    ev = store.load("kajaani-2026-11")
    mine = [i for i in ev.cafe.ideas if i.text == "Nuorisotila auki lauantaisin"]
    assert len(mine) == 1 and mine[0].votes == 2 and mine[0].round == ev.cafe.current_round
    assert any(f.rating == 4 and f.comment == "Hyvä ilta, kiitos!" for f in ev.feedback)
    assert dialogs == [] and phone.locator("img[src='x']").count() == 0
    phone.close()


def test_twelve_phones_at_once_reach_the_projector_exactly_once(server, browser):
    from .test_capture import Device
    base, data = server
    store, code = kajaani_open_for_phones(data)
    before = [i.text for i in store.load("kajaani-2026-11").cafe.ideas]
    projector = browser.new_page(viewport={"width": 1920, "height": 1080})
    open_screen(projector, base, "cafe")
    projector.wait_for_selector(".kit-join-code", timeout=30_000)
    assert projector.locator(".kit-join-code").inner_text().replace(" ", "") == code
    devices = [Device(base_urls[base], code, n, count=8, pause=0.05) for n in range(12)]
    for d in devices:
        d.start()
    for d in devices:
        d.join(timeout=120)
    acked = [t for d in devices for t in d.acked]
    assert len(acked) == 96
    texts = [i.text for i in store.load("kajaani-2026-11").cafe.ideas]
    assert sorted(texts) == sorted(before + acked)  # every acknowledged idea exactly once
    projector.wait_for_function("texts => texts.every(t => document.body.innerText.includes(t))", arg=acked,
                                timeout=10_000)
    projector.close()


def test_a_phone_keeps_inputs_while_the_wifi_is_down_and_sends_each_once(server, browser):
    base, data = server
    store, code = kajaani_open_for_phones(data)
    phone, _dialogs = open_phone(browser, base, code, "sv-SE")
    phone.locator("#tables button").first.click()
    phone.route("**/submit", lambda route: route.abort())  # the Wi-Fi drops
    for text in ("Utan nät 1", "Utan nät 2"):
        phone.locator("#idea").fill(text)
        phone.locator("#idea").press("Enter")
    phone.wait_for_selector("#status >> text=väntar", timeout=10_000)
    phone.reload()  # even a reload while offline keeps what waits
    phone.wait_for_selector("#my-ideas >> text=Utan nät 2", timeout=30_000)
    assert not any(i.text.startswith("Utan nät") for i in store.load("kajaani-2026-11").cafe.ideas)
    phone.unroute("**/submit")  # back online
    phone.wait_for_function("() => !JSON.parse(localStorage.getItem('kit-capture')).queue.length", timeout=30_000)
    texts = [i.text for i in store.load("kajaani-2026-11").cafe.ideas]
    assert texts.count("Utan nät 1") == 1 and texts.count("Utan nät 2") == 1
    phone.close()
