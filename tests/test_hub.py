"""A region's JupyterHub (deploy/jupyterhub_config.py) in Debian's Chromium: two liaisons of different
municipalities and the coordinator log in through the hub, land on the start screen (Voilà) and see only what
their database login role may see.

The region is a throwaway PostgreSQL cluster (tests/pg.py) set up with the kit's own commands; the hub runs the
deploy config unchanged, with what only a test changes laid over it (free ports, a temporary folder, the test's
proxy, SimpleLocalProcessSpawner instead of system users). Screenshots land in test-output/hub/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from kit.core import ops
from kit.core.store import open_store
from kit.i18n import translator

from .conftest import OUTPUT, ROOT, free_port
from .test_browser import browser  # noqa: F401  (the fixture: Debian's Chromium)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DEPLOY = ROOT / "deploy" / "jupyterhub_config.py"
PASSWORD = "kit-hub-test-password"
DATABASE = "kit_hub"
# (what they type at the hub's login, their account: hub user and database login role, municipality or None)
PEOPLE = [("aino.aalto@kajaani.fi", "hub_kajaani", "Kajaani"),
          ("hub_pietarsaari", "hub_pietarsaari", "Pietarsaari"),
          ("hub_alue", "hub_alue", None)]
EVENINGS = {"Kajaani": "Kajaanin järjestöilta", "Pietarsaari": "Jakobstads föreningskväll"}


@pytest.fixture(scope="module")
def proxy() -> str:
    """JupyterHub's proxy; checked before anything is started, so a missing one skips at once."""
    for found in (ROOT / ".venv" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy",
                  shutil.which("configurable-http-proxy")):
        if found and os.access(found, os.X_OK):
            return str(found)
    pytest.skip("JupyterHub's proxy configurable-http-proxy is not installed (scripts/hub-proxy installs it from "
                "npm; scripts/test runs it)")
    return ""


def kit(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", *args], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, KIT_LANG="en"))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def region(pg_cluster):
    """The region's database, set up as its administrator does, with one evening in each municipality."""
    admin = pg_cluster.create_database(DATABASE)
    kit("region", "setup", "--db", admin)
    for _login, account, municipality in PEOPLE:
        if municipality:
            assert municipality in kit("region", "liaison", account, municipality, "--db", admin)
        else:
            kit("region", "coordinator", account, "--db", admin)
    for _login, account, municipality in PEOPLE:
        if municipality:  # each liaison's own evening, put as they would put it
            store = open_store(pg_cluster.url(DATABASE, account), pg_cluster.folder / f"laptop-{account}")
            store.put(ops.new_evening(EVENINGS[municipality], "2026-11-24", "fi", translator("fi"), set(),
                                      municipality=municipality))
            store.close()
    return pg_cluster


def region_file(cluster, path: Path) -> Path:
    users = "".join(f'\n[users."{login}"]\naccount = "{account}"\n'
                    + (f'municipality = "{municipality}"\n' if municipality else 'role = "coordinator"\n')
                    for login, account, municipality in PEOPLE)
    path.write_text(f'[database]\nhost = "{cluster.folder}"\nport = {cluster.port}\nname = "{DATABASE}"\n\n'
                    f'[login]\nmethod = "shared-password"\n{users}', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hub(proxy, region, tmp_path_factory):
    """JupyterHub on the deploy config, on free loopback ports; its address. Stopped at the end with its proxy,
    the single-user servers and their kernels, and nothing of them may be left running."""
    folder = tmp_path_factory.mktemp("hub")
    port = free_port()
    overrides = folder / "test_config.py"
    overrides.write_text(f"""
c = get_config()
load_subconfig({str(DEPLOY)!r})
# only what a test changes: no system users, a temporary folder, free ports, the test's proxy
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(folder / "home" / "{username}")!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = {f"sqlite:///{folder / 'jupyterhub.sqlite'}"!r}
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
c.Spawner.args = [*c.Spawner.args, *(["--allow-root"] if {os.geteuid() == 0} else [])]
""", encoding="utf-8")
    env = dict(os.environ, KIT_REGION_FILE=str(region_file(region, folder / "region.toml")),
               KIT_HUB_PASSWORD=PASSWORD, KIT_LANG="en")
    for name in ("KIT_DB", "KIT_DATA", "KIT_MUNICIPALITY", "JUPYTERHUB_API_TOKEN"):
        env.pop(name, None)
    log_path = folder / "hub.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(overrides)], cwd=folder, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/hub/api/", timeout=5).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("JupyterHub did not come up:\n" + log_path.read_text()[-4000:])
    yield base, log_path
    family = [proc, *psutil.Process(proc.pid).children(recursive=True)]  # the proxy, servers and kernels
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
    _gone, left = psutil.wait_procs(family, timeout=20)
    for p in left:
        p.kill()
    assert not left, f"left running after the hub stopped: {[p.pid for p in left]}\n" + log_path.read_text()[-3000:]


def log_in(browser, base: str, login: str, account: str, hub_log: Path):
    """Log in at the hub's page as a person does; the page once their start screen shows."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{base}/hub/login", timeout=60_000)
    page.fill("#username_input", login)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    try:  # the hub starts the user's server, which redirects to the start screen; Voilà runs it in a kernel
        page.wait_for_url(f"**/user/{account}/voila/render/start.ipynb*", timeout=120_000)
        page.wait_for_selector(".kit-root .kit-header", timeout=120_000)
    except Exception as err:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"hub-stuck-{account}.png"))
        raise AssertionError(f"{login} did not get the start screen; at {page.url}: "
                             f"{page.inner_text('body')[-800:]}\nthe hub said:\n{hub_log.read_text()[-4000:]}") from err
    return context, page


def listed(page) -> list[str]:
    """The evenings in the start screen's chooser (ipywidgets shows spaces as no-break spaces)."""
    options = page.locator(".kit-evening-pick select").evaluate("s => Array.from(s.options, o => o.textContent)")
    return [o.replace("\xa0", " ") for o in options]


def test_each_logged_in_liaison_sees_their_municipality_only_and_the_coordinator_sees_the_region(hub, browser):
    base, hub_log = hub
    shots = OUTPUT / "hub"
    shots.mkdir(parents=True, exist_ok=True)
    seen, pages = {}, {}
    for login, account, municipality in PEOPLE:
        context, page = log_in(browser, base, login, account, hub_log)
        seen[account], pages[account] = listed(page), page
        if municipality:  # a liaison's own evening is on the screen, its details open
            page.wait_for_selector(f".kit-brand >> text={EVENINGS[municipality]}", timeout=30_000)
        page.screenshot(path=str(shots / f"start-{account}.png"))
    kajaani, pietarsaari = EVENINGS["Kajaani"], EVENINGS["Pietarsaari"]
    assert seen["hub_kajaani"] == [f"24.11.2026 {kajaani}"], seen
    assert seen["hub_pietarsaari"] == [f"24.11.2026 {pietarsaari}"], seen
    assert sorted(seen["hub_alue"]) == sorted([f"24.11.2026 {kajaani} (Kajaani)",
                                               f"24.11.2026 {pietarsaari} (Pietarsaari)"]), seen
    coordinator = pages["hub_alue"]  # opens either evening: which one is their own view, not a change refused
    for municipality in ("Pietarsaari", "Kajaani", "Pietarsaari"):
        index = next(i for i, label in enumerate(listed(coordinator)) if label.endswith(f"({municipality})"))
        coordinator.select_option(".kit-evening-pick select", index=index)
        coordinator.wait_for_selector(f".kit-brand >> text={EVENINGS[municipality]}", timeout=30_000)
    assert coordinator.locator(".kit-message").inner_text().strip() == ""
    # another liaison's screens are theirs alone: the hub refuses them, even while that server runs
    other = pages["hub_kajaani"].goto(f"{base}/user/hub_pietarsaari/voila/render/start.ipynb", timeout=60_000)
    assert other is not None and other.status == 403
    assert pages["hub_kajaani"].locator(".kit-root").count() == 0
    for page in pages.values():
        page.context.close()
