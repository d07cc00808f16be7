from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import pytest

from kit.core import evening_file
from kit.core.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.json"))
KAJAANI = ROOT / "sample_data" / "kajaani-2026-11.json"  # the complete evening; the others are its history
OUTPUT = ROOT / "test-output"  # screenshots and documents to look at after a run
HOSTILE = "<img src=x onerror=alert(1)> <script>alert('x')</script> & \"quotes\" ☕ åäö"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session (tests/pg.py), skipped with the reason when the server's
    binaries or psycopg are missing (scripts/test installs them)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (the 'test' extra has it)")
    from .pg import Cluster, bin_dir
    found = bin_dir()
    if found is None:
        pytest.skip("PostgreSQL's server is not installed (scripts/test installs Debian's postgresql)")
    cluster = Cluster(found).start()
    yield cluster
    cluster.stop()


REGION_TABLES = "evenings, settings, register, capture_ledger, capture_requests, live"


@pytest.fixture(scope="session")
def pg_region(pg_cluster):
    """A region database at the current schema with one liaison role (Testikunta); (cluster, admin URL)."""
    from kit.core import pgstore
    admin = pg_cluster.create_database("kit_tests")
    pgstore.setup(admin)
    pgstore.add_member(admin, "kit_test_liaison", "Testikunta")
    return pg_cluster, admin


@pytest.fixture
def pg_url(pg_region) -> str:
    """The liaison's URL to an emptied region database."""
    import psycopg
    cluster, admin = pg_region
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {REGION_TABLES}")
    return cluster.url("kit_tests", "kit_test_liaison")


@pytest.fixture
def sample_store(store: Store) -> Store:
    for path in SAMPLES:
        store.put(evening_file.read(path))
    store.set_setting("current_evening", "kajaani-2026-11")
    store.set_setting("live_evening", "kajaani-2026-11")
    return store


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Debian's chromium is not installed (scripts/test installs it)")
    return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# the one line `kit start` prints with the screens' address and its secret
ADDRESS = re.compile(r"(http://127\.0\.0\.1:\d+/voila/render)/start\.ipynb\?token=(\S+)")
secrets: dict[str, str] = {}  # screens' base address → the secret of the `kit start` serving it
base_urls: dict[str, str] = {}  # screens' base address → the phones' capture page of the same `kit start`
server_logs: dict[str, Path] = {}  # screens' base address → the output of the `kit start` serving it


def screen_url(base: str, name: str) -> str:
    """The address of a screen, with the secret that lets the facilitator (and tests) in."""
    return f"{base}/{name}.ipynb?token={secrets[base]}"


def start_kit(data: Path, *args: str, seconds: float = 120, kit: Optional[list[str]] = None,
              cwd: Optional[Path] = None, ports: Optional[tuple[int, int]] = None) -> tuple[subprocess.Popen, str]:
    """`kit start --no-browser` on the ports given or free ones (`kit`: another installation's command); the
    process and the screens' base address, once it printed it. Its output goes to data/kit-start.log."""
    from kit.app.cli import wait_for_port
    port, capture_port = ports or (free_port(), free_port())
    log_path = data / "kit-start.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([*(kit or [sys.executable, "-m", "kit.app.cli"]), "start", "--no-browser",
                                 "--port", str(port), "--capture-port", str(capture_port), "--data", str(data), *args],
                                stdout=log, stderr=subprocess.STDOUT, cwd=cwd,
                                env=dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1"))
    deadline = time.monotonic() + seconds
    while not (found := ADDRESS.search(log_path.read_text())) and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    if not found or not wait_for_port(capture_port, 30, proc):
        proc.kill()
        pytest.fail("kit start did not come up: " + log_path.read_text()[-2000:])
    base, secrets[found.group(1)] = found.group(1), found.group(2)
    base_urls[base] = f"http://127.0.0.1:{capture_port}"
    server_logs[base] = log_path
    return proc, base


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`kit start --lan` on the sample evenings for a module's tests: (screens' base address, data folder)."""
    data = tmp_path_factory.mktemp("data")
    proc, base = start_kit(data, "--lan")
    yield base, data
    proc.terminate()
    proc.wait(20)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def office_to_pdf(document: Path, outdir: Path) -> Path:
    """Open a document in LibreOffice (a real client) and print it to PDF; fail if no PDF appears."""
    import subprocess
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (scripts/test installs it)")
    profile = outdir / f".lo-profile-{document.stem[:20]}"
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                           "--outdir", str(outdir), str(document)], capture_output=True, text=True, timeout=180)
    pdf = outdir / (document.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000, f"LibreOffice made no PDF: {done.stdout} {done.stderr}"
    shutil.rmtree(profile, ignore_errors=True)
    return pdf


def pdf_pages(pdf: Path) -> int:
    import subprocess
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    import subprocess
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_to_png(pdf: Path, prefix: Path) -> list[Path]:
    import subprocess
    for old in prefix.parent.glob(prefix.name + "-*.png"):  # pages of an earlier, longer version
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, keep a picture of every page it had open (test-output/failed/)."""
    outcome = yield
    report = outcome.get_result()
    browser = item.funcargs.get("browser") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or browser is None:
        return
    folder = OUTPUT / "failed"
    folder.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(p for context in browser.contexts for p in context.pages):
        try:
            page.screenshot(path=str(folder / f"{item.name[:80]}-{n}.png"), full_page=True)
        except Exception:  # a page that is gone or hung: the other pictures still help
            pass
