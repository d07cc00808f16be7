from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kit import evening_file
from kit.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.json"))
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
