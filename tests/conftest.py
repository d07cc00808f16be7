from __future__ import annotations

import os
import shutil
from pathlib import Path

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
