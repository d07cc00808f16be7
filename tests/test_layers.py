"""The kit's layers import downwards only, so each part can be read and tested on its own."""
from __future__ import annotations

import ast
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent / "kit"
# a part may import itself and the parts listed here; `resources` (paths of packaged files) is open to all
ALLOWED = {
    "i18n": set(),
    "core": {"i18n"},
    "sheets": {"i18n", "core"},
    "phones": {"i18n", "core"},
    "documents": {"i18n", "core", "sheets"},
    "screens": {"i18n", "core", "sheets", "phones", "documents"},
    "app": {"i18n", "core", "sheets", "phones", "documents", "screens"},
}


def imported_parts(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found |= {n.split(".")[1] for n in names if n.startswith("kit.") and n.count(".") >= 1}
        if isinstance(node, ast.ImportFrom) and node.module == "kit":
            found |= {a.name for a in node.names}
    return found - {"resources"}


def test_every_module_belongs_to_a_part():
    loose = [p.name for p in KIT.glob("*.py") if p.name not in ("__init__.py", "resources.py")]
    assert loose == []
    assert {p.name for p in KIT.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(ALLOWED)


def test_imports_run_downwards_only():
    wrong = []
    for part, allowed in ALLOWED.items():
        for path in (KIT / part).rglob("*.py"):
            for other in imported_parts(path) - allowed - {part}:
                wrong.append(f"{path.relative_to(KIT)} imports kit.{other}")
    assert wrong == []


def test_the_check_sees_a_wrong_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from kit.app.cli import main\nfrom kit import screens\n")
    assert imported_parts(bad) == {"app", "screens"}
