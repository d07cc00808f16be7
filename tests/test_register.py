"""Before and after the evening: register, registrations, invitations, e-mail drafts, personal data."""
from __future__ import annotations

import email
import subprocess
import sys
from email import policy

import pytest

from kit.i18n import translator
from kit.core import evening_file
from kit.core import ops
from kit.sheets import associations as register
from kit.documents.invite import invitations, memo_distribution, memo_recipients, render_message, send_dates
from kit.documents.memo import build_memo
from kit.documents.metrics import forecast
from kit.app.privacy import apply_retention, erase_person, privacy_report
from kit.sheets.signups import add_registrations, diets, read_registrations
from kit.sheets.reader import TableError

from .conftest import KAJAANI, SAMPLES
from .make_fixtures import register_files, registration_files, swedish_office_register


def kajaani():
    return evening_file.read(KAJAANI)


@pytest.mark.parametrize("variant", ["utf8-bom", "cp1252", "comma", "xlsx"])
def test_the_register_imports_in_every_encoding_merges_duplicates_and_reports_bad_rows(tmp_path, store, variant):
    path = register_files(tmp_path)[variant]
    plan = register.plan(path.read_bytes())
    assert plan.columns["name"] == 0 and plan.columns["email"] == 1 and plan.columns["public"] == 4
    assert [m.params["row"] for m in plan.problems] == [6, 7]  # the bad e-mail, the empty name
    assert plan.skipped == 1
    counts = register.import_plan(store, plan)
    assert counts == {"added": 7, "merged": 1}
    entries = {e["name"]: e for e in store.register()}
    pensioners = entries["Kajaanin Eläkkeensaajat ry"]
    assert pensioners["email"] == "elakkeensaajat@example.org"
    assert pensioners["other_contacts"] == ["pj.elakkeensaajat@example.org"]  # nothing lost in the merge
    assert pensioners["phone"] == "040 123 4567" and pensioners["public_contact"]
    assert entries["Föreningen Norden i Kajana rf"]["email"] == "norden@example.org"
    assert "Kajaanin Partiolaiset – Kajaanin Sissit ry" in entries
    assert not entries["Otanmäen Kyläyhdistys r.y."]["public_contact"]


def test_the_register_is_kept_across_imports(tmp_path, store):
    files = register_files(tmp_path)
    register.import_plan(store, register.plan(files["xlsx"].read_bytes()))
    again = register.import_plan(store, register.plan(files["cp1252"].read_bytes()))
    assert again == {"added": 0, "merged": 8} and len(store.register()) == 7


@pytest.mark.parametrize("name", ["Kajaanin Martat r.y.", "kajaanin  martat RY", "Kajaanin Martat", "Kajaanin Martat rf"])
def test_names_normalise(name):
    assert register.normalise(name) == "kajaanin martat"


@pytest.mark.parametrize("raw, words", [(b"", "empty"), (b"\x00\x01\x02\x03" * 100, "not a CSV"),
                                        (b"PK\x03\x04broken", "Excel")])
def test_unreadable_files_get_a_message(raw, words):
    with pytest.raises(TableError) as caught:
        register.plan(raw)
    assert words in caught.value.text(translator("en"))


def test_kit_orgs_import_prints_what_happened(tmp_path):
    path = register_files(tmp_path)["cp1252"]
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "orgs", "import", str(path), "--data", str(tmp_path / "d")],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin", "LANG": "fi_FI.UTF-8"})
    assert done.returncode == 0, done.stderr
    assert "7 uutta" in done.stdout and "Rivi 7" in done.stderr


@pytest.mark.parametrize("variant", ["csv", "xlsx"])
def test_registrations_become_participants_with_consent_and_diet(tmp_path, variant):
    regs, problems = read_registrations(registration_files(tmp_path)[variant].read_bytes())
    assert [r.name for r in regs] == ["Aino Virtanen", "Pekka Heikkinen", "Ahmed Ali", "Åsa Öhman"]
    assert [m.params["row"] for m in problems] == [5, 6]
    ev = kajaani()
    before = len(ev.participants)
    counts = add_registrations(ev, regs)
    aino = next(p for p in ev.participants if p.name == "Aino Virtanen")
    assert aino.registered and aino.consent.memo and not aino.consent.contact_list and aino.diet == "gluteeniton"
    ahmed = next(p for p in ev.participants if p.name == "Ahmed Ali")
    assert ev.organisation(ahmed.organisation_id).name == "Monikulttuurinen yhdistys ry"
    assert len(ev.participants) == before + counts["added"]
    assert diets(ev)["gluteeniton"] >= 2 and diets(ev)["vegaani"] == 1
    assert evening_file.loads(evening_file.dumps(ev)).participant(aino.id).diet == "gluteeniton"


def test_forecast_is_four_thirds_without_history_and_learned_with_it():
    ev = kajaani()
    registered = ops.attendance(ev).registered
    assert forecast(registered, [])[0] == round(registered * 4 / 3)
    history = [evening_file.read(p) for p in SAMPLES if p.name < "kajaani-2026-11"]
    expected, ratio, n = forecast(registered, history)
    assert n == len([h for h in history if ops.attendance(h).registered]) and ratio != 4 / 3


def test_invitation_drafts_go_to_one_association_each_in_finnish(tmp_path):
    ev = kajaani()
    files = invitations(ev)
    drafts = {name: email.message_from_bytes(data, policy=policy.default) for name, data in files.items()
              if name.endswith(".eml")}
    with_email = [o for o in ev.organisations if o.email]
    assert len(drafts) == 2 * len(with_email)
    for msg in drafts.values():
        assert len(msg["To"].addresses) == 1 and msg["Bcc"] is None
        body = msg.get_content()
        assert ev.evening.venue in body and "ä" in body
    first = drafts[next(n for n in drafts if n.startswith("invitation/"))]
    assert "järjestöiltaan" in str(first["Subject"])
    assert "Järjestöt" in files["public.txt"].decode("utf-8")
    invite_on, remind_on = send_dates(ev)
    assert (invite_on.isoformat(), remind_on.isoformat()) == ("2026-11-10", "2026-11-21")


def test_swedish_invitation_and_a_broken_template(tmp_path):
    ev = kajaani()
    subject, body = render_message("invitation", ev, "sv", "Föreningen Norden i Kajana rf")
    assert "föreningskväll" in subject and "Hej Föreningen Norden i Kajana rf" in body
    (tmp_path / "invitation.fi.txt").write_text("Aihe: {{ title }\n{% if %}", encoding="utf-8")
    from kit.documents.invite import MessageTemplateError
    with pytest.raises(MessageTemplateError) as caught:
        render_message("invitation", ev, "fi", "X", folder=tmp_path)
    assert "invitation.fi.txt" in caught.value.text(translator("en"))


def test_the_memo_goes_out_in_bcc_with_the_memo_attached():
    ev = kajaani()
    memo = build_memo(ev)
    msg = email.message_from_bytes(memo_distribution(ev, memo.filename, memo.data), policy=policy.default)
    assert msg["To"] is None
    bcc = {a.addr_spec for a in msg["Bcc"].addresses}
    assert bcc == set(memo_recipients(ev))
    for person in ev.participants:
        if person.email:
            assert (person.email in bcc) == (person.attended and (person.consent.memo or person.consent.contact_list))
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == memo.filename and attachment.get_content() == memo.data
    assert "Muistio" in str(msg["Subject"])


def test_erase_leaves_no_trace_of_the_person_anywhere(sample_store, tmp_path):
    ev = sample_store.load("kajaani-2026-11")
    person = next(p for p in ev.participants if p.email and ev.introductions and
                  any(i.speaker_id == p.id for i in ev.introductions))
    removed = erase_person(sample_store, email=person.email.upper())
    assert removed and "kajaani-2026-11" in removed[0].text(translator("en"))
    everything = "\n".join(row[0] for row in sample_store.db.execute("SELECT doc FROM evenings"))
    assert person.email not in everything and person.name not in everything
    doc = sample_store.db.execute("SELECT doc FROM evenings WHERE id='kajaani-2026-11'").fetchone()[0]
    assert f'"{person.id}"' not in doc  # no speaker or host reference left
    after = sample_store.load("kajaani-2026-11")
    assert len(after.cafe.ideas) == len(ev.cafe.ideas)  # ideas stay
    from kit.documents.memo import build_memo
    from kit.documents.hyte_report import build_report, build_xlsx
    from .test_memo import document_text
    memo_text = document_text(build_memo(after).data)
    report = build_report([after])[0]
    assert person.email not in memo_text and person.email.encode() not in report
    assert person.email.encode() not in build_xlsx([after], "fi")
    assert person.email not in evening_file.dumps(after)


def test_retention_erases_old_contact_details_only(sample_store):
    from datetime import date
    old = sample_store.load("kajaani-2026-11")
    assert any(p.email for p in old.participants)
    assert apply_retention(sample_store, today=date(2027, 5, 1)) == []  # not yet 12 months
    removed = apply_retention(sample_store, today=date(2027, 11, 25))
    assert any(r.evening_id == "kajaani-2026-11" for r in removed)
    after = sample_store.load("kajaani-2026-11")
    assert not any(p.email or p.phone or p.diet for p in after.participants)
    assert [o.email for o in after.organisations] == [o.email for o in old.organisations]
    assert [p.name for p in after.participants] == [p.name for p in old.participants]


def test_privacy_report_lists_what_is_held(sample_store):
    text = privacy_report(sample_store, translator("en"))
    assert "kajaani-2026-11" in text and "e-mail addresses" in text and "12 months" in text


def test_kit_erase_and_invite_commands(tmp_path, sample_store):
    data = str(sample_store.data_dir)
    ev = sample_store.load("kajaani-2026-11")
    target = next(p for p in ev.participants if p.email)
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "erase", "--email", target.email, "--data", data],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and target.name in done.stdout
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "erase", "--email", "nobody@example.org", "--data", data],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    out = tmp_path / "kutsut"
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "invite", "kajaani-2026-11", "--data", data, "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (out / "poster.docx").exists() and list((out / "invitation").glob("*.eml"))


@pytest.mark.parametrize("variant", ["xlsx", "csv"])
def test_a_swedish_office_sheet_is_read_under_its_header_without_title_totals_or_notes(tmp_path, store, variant):
    path = swedish_office_register(tmp_path)[variant]
    plan = register.plan(path.read_bytes())
    assert plan.header_row == 4
    assert {k: plan.header[i] for k, i in plan.columns.items()} == {
        "name": "Föreningens namn", "email": "E-postadress", "phone": "Telefonnummer", "kind": "Verksamhetsområde",
        "public": "Kontaktuppgifter får publiceras"}
    entries = {e.name: e for _n, e in plan.rows}
    assert list(entries) == ["Kristinestads Marthaförening rf", "Lappfjärds Ungdomsförening r.f.",
                             "Tjöck Byaförening", "Kristinestads Pensionärer rf", "Sideby Skytteförening"]
    assert [e.email for e in entries.values()] == ["marthas@kristinestad.example", "ungdom@lappfjard.example",
                                                   "tjock.by@example.fi", "pension@krs.example",
                                                   "skytte@sideby.example"]
    assert [e.phone for e in entries.values()] == ["040 555 1234", "050 123 4567", "06 222 1234", "",
                                                   "358401112233"]
    assert [e.public_contact for e in entries.values()] == [True, False, True, True, False]
    assert {m.params["row"] for m in plan.problems} == {11, 12}  # "Totalt" and the note, said and skipped


def test_kit_orgs_import_shows_the_columns_first_and_lets_a_person_choose_them(tmp_path):
    path = swedish_office_register(tmp_path)["xlsx"]
    data = str(tmp_path / "data")
    kit = [sys.executable, "-m", "kit.app.cli", "orgs", "import", str(path), "--data", data]
    env = {"LANG": "sv_FI.UTF-8", "PATH": "/usr/bin:/bin"}
    dry = subprocess.run(kit + ["--dry-run"], capture_output=True, text=True, env=env)
    assert dry.returncode == 0, dry.stderr
    assert "rad 4" in dry.stdout and "“Föreningens namn” (A)" in dry.stdout
    assert "“E-postadress” (C)" in dry.stdout
    assert "Totalt" in dry.stderr and "5" in dry.stdout.splitlines()[-1]
    from kit.core.store import Store
    assert Store(data).register() == []  # nothing stored on a dry run
    chosen = subprocess.run(kit + ["--column", "kind=-", "--column", "phone=D"], capture_output=True, text=True,
                            env=env)
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.index("“Telefonnummer” (D)") < chosen.stdout.index("5 nya")  # the mapping came first
    stored = {e["name"]: e for e in Store(data).register()}
    assert len(stored) == 5 and stored["Tjöck Byaförening"]["kind"] == ""
    assert stored["Tjöck Byaförening"]["phone"] == "06 222 1234"
    wrong = subprocess.run(kit + ["--column", "email=Fax"], capture_output=True, text=True, env=env)
    assert wrong.returncode == 1 and wrong.stderr.count("\n") == 1 and "Fax" in wrong.stderr


def test_a_dry_run_of_an_evening_file_stores_nothing(tmp_path):
    from kit.app import cli
    from kit.core.store import Store
    assert cli.main(["orgs", "import", str(KAJAANI), "--dry-run", "--data", str(tmp_path / "data")]) == 0
    assert Store(tmp_path / "data").register() == []


def test_an_evening_file_fills_the_register_without_its_type_codes(tmp_path):
    from kit.core.store import Store
    store = Store(tmp_path / "data")
    register.import_evening_file(store, KAJAANI.read_bytes())
    rows = store.register()
    assert {r["name"] for r in rows} == {o.name for o in kajaani().organisations}
    assert not {r.get("kind") for r in rows} & {"association", "informal_group"}  # a person would see a code
