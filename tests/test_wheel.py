"""The kit as a municipality's IT installs it: `python -m build` makes a wheel, pip installs it into a fresh venv
outside the checkout, and there the commands work on the packaged sample and a screen renders in Chromium.

The fresh venv gets its dependencies from pip's cache (and the package index pip is set up with), not from the
project's .venv: so a dependency missing from pyproject.toml fails here too.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import CHROMIUM_ARGS, ROOT, chromium_path, screen_url, start_kit

pytestmark = [pytest.mark.slow]
MAPPED = {"kit": ROOT / "kit", "kit/notebooks": ROOT / "notebooks", "kit/templates": ROOT / "templates",
          "kit/sample_data": ROOT / "sample_data"}  # where each folder of the wheel comes from (pyproject.toml)


def run(*cmd, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]} {done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT, cwd=ROOT)
    (found,) = out.glob("jarjestoilta_kit-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the checkout with the wheel installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=venv.parent)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=venv.parent, timeout=900)
    return bin_dir


def source_files() -> set[str]:
    """Every file of the kit in the checkout, named as it should be in the wheel."""
    names = set()
    for target, folder in MAPPED.items():
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                names.add(f"{target}/{path.relative_to(folder).as_posix()}")
    return names


def test_the_wheel_holds_every_file_of_the_kit(wheel):
    in_wheel = {n for n in zipfile.ZipFile(wheel).namelist() if n.startswith("kit/")}
    assert source_files() - in_wheel == set()
    assert {"kit/app/voila/voila.json", "kit/notebooks/start.ipynb", "kit/templates/memo.docx",
            "kit/sample_data/kajaani-2026-11.json", "kit/i18n/locale/fi.po", "kit/phones/page/capture.js"} <= in_wheel


def test_the_installed_kit_is_the_wheels_not_the_checkouts(installed, tmp_path):
    where = run(installed / "python", "-c", "import kit; print(kit.__file__)", cwd=tmp_path).stdout
    assert "site-packages" in where and str(ROOT) not in where


@pytest.mark.browser
def test_the_installed_kit_serves_the_sample_and_writes_its_documents(installed, tmp_path, output_dir):
    help_text = run(installed / "kit", "--help", cwd=tmp_path).stdout
    assert "memo" in help_text and "start" in help_text
    data = tmp_path / "data"
    data.mkdir()
    proc, base = start_kit(data, "--no-preheat", kit=[str(installed / "kit")], cwd=tmp_path, seconds=180)
    try:
        assert "kajaani-2026-11" in run(installed / "kit", "list", "--data", data, cwd=tmp_path).stdout  # the sample
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(screen_url(base, "summary"))
            page.wait_for_selector(".kit-root .kit-header", timeout=120_000)
            page.screenshot(path=str(output_dir / "wheel-summary.png"))
            assert page.locator(".kit-error").count() == 0
            browser.close()
    finally:
        proc.terminate()
        proc.wait(20)
    run(installed / "kit", "memo", "kajaani-2026-11", "--data", data, "-o", tmp_path / "muistio.docx", cwd=tmp_path)
    run(installed / "kit", "hyte", "kajaani-2026-11", "--year", "2026", "--data", data, "-o", tmp_path / "hyte.docx",
        "--xlsx", tmp_path / "hyte.xlsx", cwd=tmp_path)
    for name in ("muistio.docx", "hyte.docx", "hyte.xlsx"):
        assert zipfile.is_zipfile(tmp_path / name)
    assert b"Kajaani" in zipfile.ZipFile(tmp_path / "muistio.docx").read("word/document.xml")
