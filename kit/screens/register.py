"""The association register: import the municipality's list, check the columns, see who may be published."""
from __future__ import annotations

from typing import Optional

import ipywidgets as w

from kit.sheets import associations
from kit.core.model import Evening
from kit.i18n import UserError
from kit.sheets.reader import TableError
from .base import Screen, button, heading, render

FIELDS = [("name", "Name"), ("email", "E-mail"), ("phone", "Phone"), ("kind", "Field of activity"),
          ("public", "Contact may be published")]


class RegisterScreen(Screen):
    name = "register"
    needs_evening = False

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.raw: Optional[bytes] = None
        self.plan: Optional[associations.Plan] = None
        upload = w.FileUpload(accept=".csv,.xlsx,.txt,.json", multiple=False, description=_("Choose a file"))
        upload.add_class("kit-register-upload")
        upload.observe(lambda c: c["new"] and self.load(bytes(c["new"][0]["content"])), "value")
        self.mapping = w.HBox()
        self.preview = w.HTML()
        self.import_button = button(_("Import"), self.do_import, "primary", "kit-register-import")
        self.import_button.disabled = True
        self.listing = w.HTML()
        top = w.VBox([heading(_("Import the list of associations")), w.HTML(render("hint.html", text=_(
            "CSV or Excel, as saved from Excel (semicolons, UTF-8 or Windows characters), or an evening file. "
            "Check the columns and the preview, then import. Names that differ only by ry / r.y. / rf, case "
            "or spaces are merged, keeping every e-mail and phone."))), upload, self.mapping, self.preview,
            self.import_button])
        top.add_class("kit-card")
        listing = w.VBox([self.listing])
        listing.add_class("kit-card")
        self.show_register()
        return [top, listing]

    def load(self, raw: bytes) -> None:
        self.raw = raw
        if raw.lstrip()[:1] == b"{":
            self.plan = None
            self.preview.value = ""
            self.mapping.children = []
            self.import_button.disabled = False
            return
        try:
            self.plan = associations.plan(raw)
        except TableError as err:
            self.say(err.text(self._), error=True)
            return
        self.say("")
        header = self.plan.header
        options = [(self._("(none)"), -1)] + [(h or f"#{i + 1}", i) for i, h in enumerate(header)]
        pickers = []
        for key, label in FIELDS:
            picker = w.Dropdown(options=options, value=self.plan.columns.get(key) if self.plan.columns.get(key)
                                is not None else -1, description=self._(label), style={"description_width": "initial"},
                                layout=w.Layout(width="auto"))
            picker.observe(lambda c, key=key: self.remap(key, c["new"]), "value")
            pickers.append(picker)
        self.mapping.children = pickers
        self.show_plan()

    def remap(self, key: str, index: int) -> None:
        if self.plan and self.raw:
            columns = dict(self.plan.columns, **{key: None if index < 0 else index})
            self.plan = associations.plan(self.raw, columns)
            self.show_plan()

    def show_plan(self) -> None:
        _ = self._
        p = self.plan
        if p is None:
            return
        self.import_button.disabled = not p.rows
        self.preview.value = render(
            "register_preview.html", summary=_("{n} rows to import, {skipped} rows not read ({encoding}).").format(
                n=len(p.rows), skipped=p.skipped, encoding=p.encoding),
            head=[_(label) for _k, label in FIELDS],
            rows=[(e.name, e.email, e.phone, e.kind, "✓" if e.public_contact else "") for _n, e in p.rows[:8]],
            problems=[m.text(_) for m in p.problems[:20]])

    def do_import(self) -> None:
        _ = self._
        if self.raw is None:
            return
        try:
            counts = associations.import_plan(self.store, self.plan) if self.plan else \
                associations.import_evening_file(self.store, self.raw)
        except UserError as err:  # an evening file that is not valid: its own message
            self.say(err.text(_), error=True)
            return
        self.say(_("{added} new, {merged} merged; {total} in the register.").format(
            total=len(self.store.register()), **counts))
        self.show_register()

    def show_register(self) -> None:
        _ = self._
        entries = self.store.register()
        self.listing.value = render(
            "register_list.html", title=_("The register ({n})").format(n=len(entries)),
            head=[_("Name"), _("Field of activity"), _("E-mail"), _("Phone"), _("Contact may be published")],
            rows=[(e["name"], e.get("kind", ""), ", ".join(x for x in [e.get("email", "")] + e.get("other_contacts", [])
                                                          if x and "@" in x),
                   e.get("phone", ""), e.get("public_contact", False)) for e in entries],
            yes=_("yes"), no=_("no"), empty=_("No associations in the register yet: import a list above."))
