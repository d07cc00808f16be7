"""The `kit` command: every subcommand runs, takes --data and --help (and --lang where it writes text), and says
what went wrong in one line in the terminal's language."""
import json
import os
import subprocess
import sys
import zipfile

import pandas
import pytest

from kit.app.cli import main, parser
from kit.core import evening_file
from kit.resources import VOILA_CONFIG

from .conftest import KAJAANI, SAMPLES


def kit(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG=lang, LC_ALL="", LC_MESSAGES="", KIT_LANG="")
    return subprocess.run([sys.executable, "-m", "kit.app.cli", *args], capture_output=True, text=True, timeout=60,
                          env=env)


def subcommands() -> list[list[str]]:
    """Every command a user can type, found in the parser itself so that a new one cannot be left untested."""
    found = []

    def walk(p, prefix):
        subs = [a for a in p._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not subs:
            found.append(prefix)
        for action in subs:
            for name, sub in action.choices.items():
                walk(sub, prefix + [name])
    walk(parser(), [])
    return found


WRITES_TEXT = {"memo", "contacts", "hyte", "metrics", "vuosikello", "invite", "privacy-report"}
COMMANDS = subcommands()


def test_the_parser_lists_every_command():
    assert sorted(" ".join(c) for c in COMMANDS) == sorted([
        "start", "import", "export", "list", "memo", "contacts", "hyte", "metrics", "vuosikello", "orgs import",
        "erase", "privacy-report", "invite", "push", "pull", "region setup", "region liaison",
        "region coordinator", "region users"])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_data_and_lang_where_it_writes_text(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "--data" in out
    assert ("--lang" in out) == (command[0] in WRITES_TEXT)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    for path in SAMPLES:
        assert main(["import", str(path), "--data", str(folder)]) == 0
    return folder


RUNS = {  # every command but start (tests/test_serving.py), with what it should leave behind
    "import": (["import", str(KAJAANI), "--replace"], None),
    "export": (["export", "kajaani-2026-11", "-o", "{out}/ilta.json"], "ilta.json"),
    "list": (["list"], None),
    "memo": (["memo", "kajaani-2026-11", "-o", "{out}/muistio.docx", "--lang", "sv"], "muistio.docx"),
    "contacts": (["contacts", "kajaani-2026-11", "-o", "{out}/yhteystiedot.csv", "--lang", "en"], "yhteystiedot.csv"),
    "hyte": (["hyte", "kajaani-2026-11", "-o", "{out}/hyte.docx", "--xlsx", "{out}/hyte.xlsx", "--lang", "fi"],
             "hyte.xlsx"),
    "metrics": (["metrics", "-o", "{out}/luvut.csv", "--lang", "sv"], "luvut.csv"),
    "metrics --region": (["metrics", "--region", "-o", "{out}/alue.png", "--lang", "fi"], "alue.png"),
    "hyte --region": (["hyte", "--region", "-o", "{out}/alue.docx", "--lang", "sv"], "alue.docx"),
    "vuosikello": (["vuosikello", "-o", "{out}/vuosikello.png", "--lang", "en"], "vuosikello.png"),
    "orgs import": (["orgs", "import", str(KAJAANI)], None),
    "erase": (["erase", "--expired"], None),
    "privacy-report": (["privacy-report", "--lang", "sv"], None),
    "invite": (["invite", "kajaani-2026-11", "-o", "{out}/kutsut", "--lang", "fi"], "kutsut"),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_command_runs_on_the_sample(name, data, tmp_path, capsys):
    args, made = RUNS[name]
    assert main([a.format(out=tmp_path) for a in args] + ["--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.strip()  # each says what it did or wrote
    if made:
        path = tmp_path / made
        assert any(path.iterdir()) if path.is_dir() else path.stat().st_size > 0


def test_without_lang_the_memo_is_in_the_evenings_language(data, tmp_path):
    assert main(["memo", "jakobstad-2026-10", "--data", str(data), "-o", str(tmp_path / "m.docx")]) == 0
    assert b"Minnesanteckningar" in zipfile.ZipFile(tmp_path / "m.docx").read("word/document.xml")


def test_a_years_welfare_report_is_one_municipalitys_unless_the_region_is_asked(data, tmp_path, capsys):
    assert main(["hyte", "--year", "2026", "--data", str(data), "-o", str(tmp_path / "h.docx"), "--lang", "en"]) == 1
    assert "several municipalities (Jakobstad, Kajaani)" in capsys.readouterr().err
    assert not (tmp_path / "h.docx").exists()
    assert main(["hyte", "kajaani-2026-11", "--year", "2026", "--data", str(data), "-o", str(tmp_path / "h.docx"),
                 "--xlsx", str(tmp_path / "h.xlsx")]) == 0
    evenings = set(pandas.read_excel(tmp_path / "h.xlsx")["Ilta"])  # Kajaani's three of 2026, not Jakobstad's
    assert evenings == {evening_file.read(p).evening.title for p in SAMPLES if p.name.startswith("kajaani-2026")}


def test_the_privacy_report_speaks_the_language_asked(data, capsys):
    main(["privacy-report", "--data", str(data), "--lang", "fi"])
    finnish = capsys.readouterr().out
    main(["privacy-report", "--data", str(data), "--lang", "en"])
    assert finnish != capsys.readouterr().out


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
    (["vuosikello", "/nonexistent/kello.csv"], "kello.csv"),
    (["metrics"], "no evenings"),
])
def test_errors_are_one_line_without_traceback(tmp_path, args, words):
    done = kit(*args, "--data", str(tmp_path))
    assert done.returncode == 1
    assert words in done.stderr and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("lang, words", [("fi_FI.UTF-8", "Iltaa tunnuksella ”no-such-evening” ei ole"),
                                         ("sv_FI.UTF-8", "Ingen kväll har id:t ”no-such-evening”"),
                                         ("en_GB.UTF-8", "No evening with the id “no-such-evening”")])
def test_terminal_messages_follow_the_users_language(tmp_path, lang, words):
    done = kit("export", "no-such-evening", "--data", str(tmp_path), lang=lang)
    assert done.returncode == 1 and words in done.stderr


def test_an_invalid_file_is_refused_and_changes_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "jarjestoilta/1", "evening": {"id": "x"}, "feedback": [{"rating": 7}]}))
    done = kit("import", str(bad), "--data", str(tmp_path / "d"))
    assert done.returncode == 1 and "feedback[0].rating" in done.stderr
    assert kit("list", "--data", str(tmp_path / "d")).stdout == ""


def test_voila_serves_locally_without_sources_with_warm_kernels_and_culls_idle_ones():
    """The packaged configuration; tests/test_serving.py checks what the served pages do with it."""
    config = json.loads((VOILA_CONFIG / "voila.json").read_text(encoding="utf-8"))
    assert config["Voila"]["ip"] == "127.0.0.1" and config["Voila"]["port_retries"] == 0
    assert config["Voila"]["tornado_settings"]["allow_remote_access"] is False
    assert config["VoilaConfiguration"] | {"multi_kernel_manager_class": None} == {
        "strip_sources": True, "show_tracebacks": False, "preheat_kernel": True, "default_pool_size": 1,
        "file_allowlist": [], "multi_kernel_manager_class": None}
    assert config["MappingKernelManager"]["cull_idle_timeout"] == 600
