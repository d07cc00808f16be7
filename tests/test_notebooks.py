"""Every notebook runs headless in a real kernel, on the sample data and on an empty store."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def run(path: Path, data: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    os.environ["KIT_DATA"] = str(data)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        del os.environ["KIT_DATA"]
    return nb


def widget_outputs(nb: nbformat.NotebookNode) -> list:
    return [o for cell in nb.cells for o in cell.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


def test_there_is_a_notebook_per_screen():
    assert [p.stem for p in NOTEBOOKS] == ["cafe", "checkin", "introductions", "present", "register",
                                            "report", "start", "summary"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shows_its_screen_on_the_sample_evening(path, sample_store):
    nb = run(path, sample_store.data_dir)
    errors = [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert len(widget_outputs(nb)) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_an_empty_store(path, tmp_path):
    nb = run(path, tmp_path)
    assert len(widget_outputs(nb)) == 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_thin_and_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [line for cell in nb.cells if cell.cell_type == "code" for line in cell.source.splitlines()
            if line.strip() and not line.strip().startswith("#")]
    assert len(code) <= 5
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
