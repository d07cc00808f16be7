"""Makes templates/memo.docx and hyte.docx, clean defaults a municipality restyles in Word or LibreOffice.

Run again only to change the default: `.venv/bin/python templates/make_templates.py`.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).parent
FONT = "Liberation Sans"  # metric twin of Arial; Word shows Arial where it is missing
ACCENT = RGBColor(0x0B, 0x3D, 0x6E)


def field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out pages."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {code} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def set_font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color


def base_template() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = doc.styles
    set_font(styles["Normal"], 11)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    set_font(styles["Title"], 20, True, ACCENT)
    styles["Title"].paragraph_format.space_after = Pt(10)
    for name, size in (("Heading 1", 14), ("Heading 2", 12.5), ("Heading 3", 11.5)):
        set_font(styles[name], size, True, ACCENT)
        styles[name].paragraph_format.space_before = Pt(12 if name == "Heading 1" else 8)
        styles[name].paragraph_format.space_after = Pt(3)
        styles[name].paragraph_format.keep_with_next = True
    set_font(styles["List Bullet"], 11)
    if "Table Grid" not in [s.name for s in styles]:
        styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)

    header = section.header.paragraphs[0]
    header.add_run("{{municipality}}").bold = True
    header.add_run("\t\t{{document_type}} · {{date}}")  # the Header style's centre, then right tab
    for run in header.runs:
        run.font.size, run.font.color.rgb = Pt(9), ACCENT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(footer, "PAGE")
    footer.add_run(" / ")
    field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(9)
    doc.add_paragraph("{{content}}")
    return doc


if __name__ == "__main__":
    for name in ("memo.docx", "hyte.docx"):
        base_template().save(HERE / name)
        print(HERE / name)
