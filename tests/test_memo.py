"""The memo as a liaison would check it: read back with python-docx, opened by LibreOffice."""
from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from docx import Document
from docx.shared import Pt

from kit.i18n import translator
from kit.core import evening_file
from kit.core import ops
from kit.documents.docx_fill import TemplateError
from kit.documents.memo import build_memo
from kit.core.model import Consent, Participant

from .conftest import HOSTILE, KAJAANI, SAMPLES, office_to_pdf, pdf_pages, pdf_text, pdf_to_png

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def document_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_memo_has_everything_and_no_unconsented_person(path, output_dir):
    ev = evening_file.read(path)
    memo = build_memo(ev)
    text = document_text(memo.data)
    for idea in ev.cafe.ideas:
        assert idea.text in text
    for intro in ev.introductions:
        for wish in intro.wishes:
            assert wish in text
    for agreement in ev.agreements:
        assert agreement.what in text and (agreement.who or "") in text
    for person in ev.participants:
        if person.consent.memo and person.attended:
            assert person.name in text
        elif not any(person.name == other.name for other in ev.participants if other.consent.memo):
            assert person.name not in text, person.name
        if person.phone:
            assert person.phone not in text
    assert EMAIL.findall(text) == []
    assert memo.warnings == []
    (output_dir / "memos").mkdir(exist_ok=True)
    (output_dir / "memos" / memo.filename).write_bytes(memo.data)


def test_memo_headings_follow_the_language():
    ev = evening_file.read(KAJAANI)
    words = {"fi": ["Aika", "Paikka", "Läsnä", "Asiat", "Sovitut asiat", "Jakelu"],
             "sv": ["Tid", "Plats", "Närvarande", "Ärenden", "Överenskomna ärenden", "Distribution"],
             "en": ["Time", "Place", "Present", "Matters", "Agreed matters", "Distribution"]}
    for lang, headings in words.items():
        text = document_text(build_memo(ev, lang).data)
        for heading in headings:
            assert heading in text, (lang, heading)


def test_counted_not_named(store):
    ev = ops.new_evening("Ilta", "2026-11-24", "fi", lambda s: s, set())
    ev.participants = [Participant(id="p1", name="Nimetty Henkilö", attended=True, registered=True,
                                   consent=Consent(memo=True), email="nimetty@example.org"),
                       Participant(id="p2", name="Salainen Henkilö", attended=True, email="salainen@example.org",
                                   phone="040 123 4567")]
    text = document_text(build_memo(ev, "fi").data)
    assert "Nimetty Henkilö" in text and "Salainen Henkilö" not in text
    assert "ja 1 muu." in text and "2 osallistujaa" in text  # one other, in the singular
    assert "@" not in text and "040 123 4567" not in text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_libreoffice_opens_the_memo_and_prints_pages(path, output_dir, tmp_path):
    memo = build_memo(evening_file.read(path))
    docx = output_dir / "memos" / f"{path.stem}.docx"
    docx.parent.mkdir(exist_ok=True)
    docx.write_bytes(memo.data)
    pdf = office_to_pdf(docx, docx.parent)
    assert pdf_pages(pdf) >= 2
    printed = pdf_text(pdf)
    assert evening_file.read(path).agreements[0].what.split()[0] in printed
    assert re.search(r"\b1 ?/ ?\d+\b", printed)  # page numbers from the template's footer field
    pngs = pdf_to_png(pdf, docx.parent / f"{path.stem}-page")
    assert len(pngs) == pdf_pages(pdf)


def restyled_template(path, logo_png: bytes) -> None:
    doc = Document(str(path))
    doc.styles["Normal"].font.name = "DejaVu Serif"
    doc.styles["Heading 1"].font.size = Pt(18)
    header = doc.sections[0].header.paragraphs[0]
    header.insert_paragraph_before().add_run().add_picture(io.BytesIO(logo_png))
    doc.save(str(path))


def test_a_restyled_template_keeps_its_font_and_logo(tmp_path, output_dir):
    from kit.documents.charts import ratings_chart
    from kit.documents.memo import DEFAULT_TEMPLATE
    template = tmp_path / "kunta.docx"
    template.write_bytes(DEFAULT_TEMPLATE.read_bytes())
    restyled_template(template, ratings_chart({5: 1}, "LOGO"))
    ev = evening_file.read(SAMPLES[0])
    memo = build_memo(ev, template=template)
    doc = Document(io.BytesIO(memo.data))
    assert doc.styles["Normal"].font.name == "DejaVu Serif"
    assert doc.styles["Heading 1"].font.size == Pt(18)
    header_xml = doc.sections[0].header._element.xml
    assert "graphicData" in header_xml and "{{" not in header_xml
    out = output_dir / "memos" / "restyled.docx"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(memo.data)
    assert "DejaVuSerif" in subprocess.run(["pdffonts", str(office_to_pdf(out, out.parent))],
                                           capture_output=True, text=True).stdout


def test_a_template_without_styles_or_placeholder_still_gives_a_memo_with_warnings(tmp_path):
    bare = tmp_path / "bare.docx"
    doc = Document()
    doc.add_paragraph("Kunnan yleinen pohja")
    doc.save(str(bare))
    # remove the list style the kit prefers, as a home-made template may lack it
    memo = build_memo(evening_file.read(SAMPLES[0]), template=bare)
    text = document_text(memo.data)
    assert "Kunnan yleinen pohja" in text and evening_file.read(SAMPLES[0]).agreements[0].what in text
    assert any("{{content}}" in w for w in memo.warnings)


@pytest.mark.parametrize("name, content, words", [
    ("pohja.dotx", b"PK\x03\x04whatever", ".dotx"),
    ("rikki.docx", b"not a zip at all", "not a Word document"),
    ("puuttuu.docx", None, "not found"),
])
def test_unusable_templates_get_a_clear_message(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        build_memo(evening_file.read(SAMPLES[0]), template=path)
    assert words in caught.value.text(translator("en"))


def test_hostile_text_goes_in_as_text(output_dir):
    ev = evening_file.read(SAMPLES[0])
    table = ev.cafe.tables[0].id
    long_idea = ("Pitkä idea, joka jatkuu ja jatkuu. " * 300)[:10_000]
    control = "Ohjaus\x00merkit\x07 \x1b[31m pois\ufffe"
    ev.cafe.ideas += [ev.cafe.ideas[0].__class__(id=f"h{n}", table_id=table, round=1, text=text)
                      for n, text in enumerate([HOSTILE, long_idea, control, "<w:p>xml</w:p> {{content}} {{title}}"])]
    ev.agreements[0].what = HOSTILE
    ev.introductions[0].wishes.append("💡🚲 Pyöräteitä! ÅÄÖ åäö")
    memo = build_memo(ev)
    text = document_text(memo.data)
    assert HOSTILE in text and long_idea in text and "💡🚲 Pyöräteitä! ÅÄÖ åäö" in text
    assert "Ohjausmerkit [31m pois" in text and "\x00" not in text
    assert "<w:p>xml</w:p> {{content}} {{title}}" in text
    out = output_dir / "memos" / "hostile.docx"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(memo.data)
    assert pdf_pages(office_to_pdf(out, out.parent)) >= 3


def test_kit_memo_command_writes_the_file_and_reports_bad_templates(tmp_path):
    out = tmp_path / "muistio.docx"
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "memo", str(SAMPLES[0]), "-o", str(out), "--lang", "sv"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Minnesanteckningar" in document_text(out.read_bytes())
    bad = tmp_path / "pohja.dotx"
    bad.write_bytes(b"PK")
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "memo", str(SAMPLES[0]), "--template", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and ".dotx" in done.stderr and "Traceback" not in done.stderr


def test_contact_list_has_only_consented_people_and_public_organisations(tmp_path):
    from kit.documents.contacts import contact_rows
    ev = evening_file.read(KAJAANI)
    emails = {row[2] for row in contact_rows(ev)}
    for person in ev.participants:
        if person.email:
            assert (person.email in emails) == person.consent.contact_list
    for org in ev.organisations:
        if org.email:
            assert (org.email in emails) == org.public_contact
    out = tmp_path / "yhteystiedot.csv"
    done = subprocess.run([sys.executable, "-m", "kit.app.cli", "contacts", str(SAMPLES[0]), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and ";" in out.read_text(encoding="utf-8-sig")


# Invitations: the registration channel is a setting of the evening and reaches every message

CHANNELS = ["https://lomake.kajaani.fi/jarjestoilta", "jarjestot@kajaani.fi", "040 123 4567"]


def test_the_registration_channel_is_set_on_the_start_screen_and_kept_in_the_evening_file(sample_store):
    from kit.screens.start import StartScreen
    from .test_screens import find
    screen = StartScreen(sample_store, "fi")
    field = find(screen.root, "kit-detail-registration")[0]
    assert field.description == "Ilmoittaudu"
    field.value = "  " + CHANNELS[0] + " "
    find(screen.root, "kit-save-details")[0].click()
    ev = sample_store.load(sample_store.current_evening())
    assert ev.evening.registration == CHANNELS[0]
    assert evening_file.loads(evening_file.dumps(ev)).evening.registration == CHANNELS[0]
    ops.update_info(ev, registration="")
    assert ev.evening.registration is None and '"registration"' not in evening_file.dumps(ev)  # files stay as they were


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("lang, invited, posted", [
    ("fi", "Ilmoittaudu 19.11.2026 mennessä: ", "Ilmoittaudu 19.11.2026 mennessä: "),
    ("sv", "Anmäl dig senast 19.11.2026: ", "Anmäl dig senast 19.11.2026: "),
    ("en", "Please register by 19 November 2026: ", "Register by 19 November 2026: ")])
def test_invitation_reminder_and_public_post_say_how_to_register(channel, lang, invited, posted):
    from kit.documents.invite import render_message
    ev = evening_file.read(KAJAANI)
    ops.update_info(ev, registration=channel)
    _s, invitation = render_message("invitation", ev, lang, "Kajaanin Martat ry")
    _s, reminder = render_message("reminder", ev, lang, "Kajaanin Martat ry")
    _s, public = render_message("public", ev, lang)
    assert f"{invited}{channel}\n" in invitation and f"{posted}{channel}\n" in public
    assert f": {channel}\n" in reminder  # on a line of its own end: no full stop sticks to a link


def test_without_a_channel_the_messages_read_as_before():
    from kit.documents.invite import render_message
    ev = evening_file.read(KAJAANI)
    assert ev.evening.registration is None
    _s, reminder = render_message("reminder", ev, "fi", "X")
    _s, public = render_message("public", ev, "fi")
    assert "ehditte vielä. Tervetuloa myös ilmoittautumatta!" in reminder
    assert "Ilmoittaudu 19.11.2026 mennessä. Lisätietoja:" in public


def test_the_poster_says_how_to_register_with_a_code_for_a_form_link(output_dir):
    from kit.documents.invite import poster
    ev = evening_file.read(KAJAANI)
    ops.update_info(ev, registration=CHANNELS[0])
    data = poster(ev, "fi")
    doc = Document(io.BytesIO(data))
    assert f"Ilmoittaudu 19.11.2026 mennessä: {CHANNELS[0]}" in [p.text for p in doc.paragraphs]
    assert len(doc.inline_shapes) == 1  # the QR code for phones
    ops.update_info(ev, registration=CHANNELS[2])
    by_phone = Document(io.BytesIO(poster(ev, "sv")))
    assert f"Anmäl dig senast 19.11.2026: {CHANNELS[2]}" in [p.text for p in by_phone.paragraphs]
    assert len(by_phone.inline_shapes) == 0  # a number is read, not scanned
    out = output_dir / "invitations"
    out.mkdir(exist_ok=True)
    (out / "poster-fi.docx").write_bytes(data)
    pdf = office_to_pdf(out / "poster-fi.docx", out)
    assert pdf_pages(pdf) == 1 and CHANNELS[0] in pdf_text(pdf)
    pdf_to_png(pdf, out / "poster-fi-page")
