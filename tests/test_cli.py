import json
import subprocess
import sys

import pytest

from kit.app.cli import main, voila_command

from .conftest import KAJAANI


def kit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kit.app.cli", *args], capture_output=True, text=True, timeout=60)


def test_import_prints_the_id_and_export_gives_the_same_evening(tmp_path):
    data = str(tmp_path / "data")
    source = KAJAANI
    done = kit("import", str(source), "--data", data)
    assert done.returncode == 0 and done.stdout.strip() == "kajaani-2026-11"
    out = tmp_path / "out.json"
    assert kit("export", "kajaani-2026-11", "--data", data, "-o", str(out)).returncode == 0
    original, exported = (json.loads(p.read_text(encoding="utf-8")) for p in (source, out))
    assert exported["evening"] == original["evening"]
    assert exported["cafe"]["ideas"] == [dict({"hyte_theme": None}, **i) for i in original["cafe"]["ideas"]]


@pytest.mark.parametrize("args, words", [
    (["import", "/nonexistent/ilta.json"], "ilta.json"),
    (["export", "no-such-evening"], "no-such-evening"),
])
def test_errors_are_one_line_without_traceback(tmp_path, args, words):
    done = kit(*args, "--data", str(tmp_path))
    assert done.returncode == 1
    assert words in done.stderr and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_an_invalid_file_is_refused_and_changes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "jarjestoilta/1", "evening": {"id": "x"}, "feedback": [{"rating": 7}]}))
    done = kit("import", str(bad), "--data", str(tmp_path / "d"))
    assert done.returncode == 1 and "feedback[0].rating" in done.stderr
    assert kit("list", "--data", str(tmp_path / "d")).stdout == ""


@pytest.mark.parametrize("command", ["start", "import", "export", "list"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0 and "--data" in capsys.readouterr().out


def test_voila_listens_only_locally_without_sources_and_with_warm_kernels():
    cmd = " ".join(voila_command(8866))
    for flag in ("--Voila.ip=127.0.0.1", "--strip_sources=True", "--preheat_kernel=True",
                 "--MappingKernelManager.cull_idle_timeout=600", "--show_tracebacks=False"):
        assert flag in cmd
