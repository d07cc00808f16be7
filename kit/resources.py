"""Where the kit's own files are: notebooks, Word and message templates, sample evenings."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SAMPLE_DATA = ROOT / "sample_data"
TEMPLATES = ROOT / "templates"
MESSAGES = TEMPLATES / "messages"
