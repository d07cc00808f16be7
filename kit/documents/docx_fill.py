"""Filling a municipality's Word template with python-docx, keeping its styles, header and footer.

The template holds placeholders such as {{title}} (anywhere: body, header, footer, tables) and
one paragraph that is only {{content}}, where the document's body goes. A missing style or
placeholder is reported in `warnings`, never a crash; what cannot be used at all raises
TemplateError with a message for the user.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Iterable, Optional, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from kit.i18n import N_, UserError

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
CONTENT = "content"


class TemplateError(UserError):
    """A Word template the kit cannot use."""


def xml_safe(text: Optional[str]) -> str:
    """Text as typed, minus the characters XML 1.0 cannot hold."""
    return _XML_UNSAFE.sub("", text or "")


def open_template(path: Path | str | bytes) -> DocxDocument:
    if isinstance(path, bytes):
        data = path
        name = "template"
    else:
        path = Path(path)
        name = path.name
        if path.suffix.lower() in (".dotx", ".dotm"):
            raise TemplateError(N_("{name} is a Word template (.dotx). Open it in Word and save it as a "
                                   "Word document (.docx), then use that file."), name=name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise TemplateError(N_("Template not found: {name}"), name=str(path)) from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(N_("{name} is not a Word document (.docx)."), name=name)
    try:
        return Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several types for broken packages
        if "template.main" in str(err):
            raise TemplateError(N_("{name} is a Word template (.dotx). Open it in Word and save it as a "
                                   "Word document (.docx), then use that file."), name=name) from None
        raise TemplateError(N_("{name} could not be read as a Word document."), name=name) from None


class Filler:
    """Writes blocks before the {{content}} paragraph, in the template's styles where it has them."""

    def __init__(self, doc: DocxDocument, values: dict[str, str]):
        self.doc = doc
        self.warnings: list[tuple[str, dict[str, str]]] = []
        self.styles = {s.name for s in doc.styles}
        self._warned: set[str] = set()
        self._style_ids: dict[str, Optional[str]] = {}
        self._replace_everywhere(values)
        self.anchor = self._content_paragraph()
        if self.anchor is None:
            self.warn(N_("The template has no {{{{content}}}} paragraph; the memo text was added at the end."))
            self.anchor = doc.add_paragraph()

    def warn(self, msgid: str, **params: str) -> None:
        key = msgid + repr(sorted(params.items()))
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append((msgid, params))

    def style(self, name: str, fallback: str = "Normal") -> Optional[str]:
        if name in self.styles:
            return name
        self.warn(N_("The template has no style “{style}”; “{fallback}” was used instead."),
                  style=name, fallback=fallback)
        return fallback if fallback in self.styles else None

    def _style_id(self, name: str) -> Optional[str]:
        """The style's id, looked up once: python-docx's lookup by name scans the styles every time."""
        if name not in self._style_ids:
            chosen = self.style(name)
            self._style_ids[name] = self.doc.styles[chosen].style_id if chosen and chosen != "Normal" else None
        return self._style_ids[name]

    def paragraph(self, text: str = "", style: str = "Normal", bold_prefix: str = "") -> Paragraph:
        p = self.anchor.insert_paragraph_before()
        style_id = self._style_id(style)
        if style_id:
            p._p.style = style_id
        if bold_prefix:
            p.add_run(xml_safe(bold_prefix)).bold = True
        if text:
            p.add_run(xml_safe(text))
        return p

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.paragraph(text, f"Heading {level}")

    def bullets(self, items: Iterable[str], style: str = "List Bullet") -> None:
        for item in items:
            self.paragraph(item, style)

    def table(self, head: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float] = (),
              font_pt: Optional[float] = None) -> Table:
        table = self.doc.add_table(rows=1, cols=len(head))
        style = self.style("Table Grid", "")
        if style:
            table.style = style
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for cell, text in zip(table.rows[0].cells, head):
            cell.paragraphs[0].add_run(xml_safe(text)).bold = True
        header = OxmlElement("w:tblHeader")  # the heading row repeats on every page the table runs over
        header.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(header)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.paragraphs[0].add_run(xml_safe(text))
        if font_pt:  # a smaller size lets dates and headings fit their columns whole
            for row in table.rows:
                for cell in row.cells:
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(font_pt)
        if widths_cm:  # LibreOffice reads the grid, Word the cells: set both
            table.autofit = False
            for column, width in zip(table.columns, widths_cm):
                column.width = Cm(width)
                for cell in column.cells:
                    cell.width = Cm(width)
        self.anchor._p.addprevious(table._tbl)
        self.paragraph("")  # Word needs a paragraph between consecutive tables
        return table

    def picture(self, png: bytes, width_cm: float) -> None:
        self.paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))

    def finish(self) -> None:
        last = self.anchor._p.getprevious()
        self.anchor._p.getparent().remove(self.anchor._p)
        if last is not None and last.tag == qn("w:p") and not "".join(last.itertext()).strip() \
                and last.getprevious() is not None and last.getprevious().tag == qn("w:tbl") \
                and last.getnext() is not None and last.getnext().tag == qn("w:sectPr"):
            # the empty paragraph after a table that ends the document: when the table fills the page,
            # LibreOffice puts it on a blank page of its own, even at 1 pt (Word adds its own when needed)
            last.getparent().remove(last)

    # placeholders
    def _all_paragraphs(self) -> Iterable[Paragraph]:
        def walk(container) -> Iterable[Paragraph]:
            yield from container.paragraphs
            for table in getattr(container, "tables", []):
                for row in table.rows:
                    for cell in row.cells:
                        yield from walk(cell)
        yield from walk(self.doc)
        for section in self.doc.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
                if not part.is_linked_to_previous:
                    yield from walk(part)

    def _replace_everywhere(self, values: dict[str, str]) -> None:
        """Fill {{name}} placeholders; a template may leave any of them out."""
        for p in self._all_paragraphs():
            text = p.text
            if "{{" not in text:
                continue
            keys = set(_PLACEHOLDER.findall(text))
            if keys == {CONTENT} and text.strip() == "{{content}}":
                continue
            new = _PLACEHOLDER.sub(lambda m: xml_safe(values.get(m.group(1), m.group(0))), text)
            for unknown in keys - set(values):
                self.warn(N_("The template has a placeholder the kit does not know: {{{{{name}}}}}"), name=unknown)
            if p.runs:  # keep the first run's look (font, bold, size) for the whole paragraph
                p.runs[0].text = new
                for run in p.runs[1:]:
                    run.text = ""

    def _content_paragraph(self) -> Optional[Paragraph]:
        return next((p for p in self.doc.paragraphs if p.text.strip() == "{{content}}"), None)
