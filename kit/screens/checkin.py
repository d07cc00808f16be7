"""Check-in: who came, walk-ins in seconds, consent, registered vs attended."""
from __future__ import annotations

from typing import Optional

import ipywidgets as w

from kit.core import ops
from kit.sheets.signups import add_registrations, read_registrations
from kit.sheets.reader import TableError
from kit.core.model import Evening, Participant
from .base import Form, Screen, button, heading, render


class CheckinScreen(Screen):
    name = "checkin"

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.figures = w.HTML()
        self.rows: dict[str, tuple[w.HBox, w.Checkbox, w.Checkbox, w.Checkbox]] = {}
        self.people = w.VBox()
        self.people.add_class("kit-people")
        self.search = w.Text(placeholder=_("Search by name or organisation"), layout=w.Layout(width="24em"))
        self.search.add_class("kit-search")
        self.search.observe(lambda c: self.ev and self.show(self.ev), "value")
        self.org = w.Combobox(placeholder=_("Organisation"), ensure_option=False, layout=w.Layout(width="18em"))
        self.org.add_class("kit-walkin-org")
        self.email = w.Text(placeholder=_("E-mail (optional)"), layout=w.Layout(width="16em"))
        self.email.add_class("kit-walkin-email")
        self.memo = w.Checkbox(description=_("Name may appear in the memo"), indent=False)
        self.contact = w.Checkbox(description=_("E-mail may be given to other participants"), indent=False)
        self.name_field = w.Text(placeholder=_("Name"), layout=w.Layout(width="16em"))
        self.name_field.add_class("kit-walkin-name")
        self.walk_in = Form({"name": self.name_field, "org": self.org, "email": self.email, "memo": self.memo,
                             "contact": self.contact}, self.add_walk_in, required="name",
                            empty_message=_("Write the name first."), say=self.say)
        upload = w.FileUpload(accept=".csv,.xlsx,.txt", multiple=False, description=_("Import registrations"))
        upload.add_class("kit-registrations")
        upload.observe(lambda c: c["new"] and self.import_registrations(bytes(c["new"][0]["content"])), "value")
        form = w.VBox([w.HBox([heading(_("Came without registering")), upload]),
                       w.HBox([self.name_field, self.org, self.email,
                               button(_("Add"), self.walk_in.submit, "primary", "kit-walkin-add")]),
                       w.HBox([self.memo, self.contact])])
        form.add_class("kit-card")
        self.editor = self.person_editor()
        header = w.HTML(render("people_header.html", name=_("Name"), org=_("Organisation"), present=_("Here"),
                               memo=_("In memo"), contact=_("E-mail shared")))
        people = w.VBox([w.HBox([heading(_("Participants")), self.search]), self.editor, header, self.people])
        people.add_class("kit-card")
        return [self.figures, form, people]

    def add_walk_in(self, values: dict) -> bool:
        person = self.do(ops.add_walk_in, values["name"], values["org"], values["email"], values["memo"],
                         values["contact"])
        if not person:
            return False
        _ = self._
        welcome = _("Welcome, {name}! Registered, now marked here.") if person.registered else _("Welcome, {name}!")
        self.say(welcome.format(name=person.name))
        return True

    def person_editor(self) -> w.VBox:
        """One participant's name, organisation and e-mail, corrected in place; or the person removed."""
        _ = self._
        self.editing: Optional[tuple[str, tuple[str, str, str]]] = None  # (person id, values the form was filled with)
        self.edit_name = w.Text(description=_("Name"), layout=w.Layout(width="20em"))
        self.edit_name.add_class("kit-edit-name")
        self.edit_org = w.Combobox(description=_("Organisation"), ensure_option=False, layout=w.Layout(width="22em"))
        self.edit_org.add_class("kit-edit-org")
        self.edit_email = w.Text(description=_("E-mail"), layout=w.Layout(width="20em"))
        self.edit_email.add_class("kit-edit-email")
        form = Form({"name": self.edit_name, "org": self.edit_org, "email": self.edit_email}, self.save_person,
                    required="name", empty_message=_("Write the name first."), say=self.say,
                    keep=("name", "org", "email"))
        box = w.VBox([w.HBox([self.edit_name, self.edit_org, self.edit_email]),
                      w.HBox([button(_("Save"), form.submit, "primary", "kit-edit-save"),
                              button(_("Cancel"), self.close_editor, "", "kit-edit-cancel"),
                              button(_("Remove from the list"), self.remove_person, "danger", "kit-edit-remove")])],
                     layout=w.Layout(display="none"))
        box.add_class("kit-person-editor")
        return box

    def edit(self, person_id: str) -> None:
        ev = self.ev
        person = ev.participant(person_id) if ev else None
        if person is None:
            return
        org = ev.organisation(person.organisation_id)
        before = (person.name, org.name if org else "", person.email or "")
        self.editing = (person_id, before)
        self.edit_name.value, self.edit_org.value, self.edit_email.value = before
        self.edit_org.options = sorted(o.name for o in ev.organisations)
        self.editor.layout.display = None
        self.edit_name.focus()

    def close_editor(self) -> None:
        self.editing = None
        self.editor.layout.display = "none"

    def save_person(self, values: dict) -> bool:
        if self.editing is None:
            return False
        person_id, before = self.editing
        if self.do(ops.edit_participant, person_id, values["name"], values["org"], values["email"], before) is False:
            return False
        self.close_editor()
        self.say(self._("Saved."))
        return True

    def remove_person(self) -> None:
        if self.editing is not None and self.do(ops.remove_participant, self.editing[0]) is not False:
            self.close_editor()

    def fill_forms(self, ev: Evening) -> None:
        if self.editing is not None:
            self.edit(self.editing[0])

    def import_registrations(self, raw: bytes) -> None:
        _ = self._
        try:
            found, problems = read_registrations(raw)
        except TableError as err:
            self.say(err.text(_), error=True)
            return
        counts = self.do(add_registrations, found) if found else {"added": 0, "updated": 0}
        if counts:
            lines = [_("Registrations: {added} added, {updated} updated.").format(**counts)]
            lines += [m.text(_) for m in problems]
            self.say("\n".join(lines), error=not found)

    def refresh(self, ev: Evening) -> None:
        _ = self._
        counts = ops.attendance(ev)
        self.figures.value = render("figures.html", figures=[
            (_("Registered"), counts.registered), (_("Here"), counts.attended),
            (_("Came without registering"), counts.walk_ins), (_("Not arrived"), counts.no_shows),
            (_("Organisations here"), counts.organisations)])
        self.org.options = sorted(o.name for o in ev.organisations)
        needle = self.search.value.casefold().strip()
        shown = []
        for person in sorted(ev.participants, key=lambda p: p.name.casefold()):
            org = ev.organisation(person.organisation_id)
            org_name = org.name if org else ""
            if needle and needle not in person.name.casefold() and needle not in org_name.casefold():
                continue
            shown.append(self.row(person, org_name))
        self.people.children = shown

    def row(self, person: Participant, org_name: str) -> w.HBox:
        """One participant; rows are kept between refreshes so ticking a box does not redraw the list."""
        key = person.id
        if key not in self.rows:
            here, memo, contact = (w.Checkbox(indent=False, layout=w.Layout(width="7em")) for _i in range(3))
            here.add_class("kit-here")

            def save(change: dict, what: str) -> None:
                if what == "here":
                    self.do(ops.set_attended, key, change["new"])
                else:
                    self.do(ops.set_consent, key, **{what: change["new"]})
            here.observe(lambda c: save(c, "here"), "value")
            memo.observe(lambda c: save(c, "memo"), "value")
            contact.observe(lambda c: save(c, "contact_list"), "value")
            label = w.HTML()
            box = w.HBox([label, here, memo, contact,
                           button("✎", lambda: self.edit(key), "", "kit-person-edit", self._("Correct or remove"))])
            box.add_class("kit-person")
            self.rows[key] = (box, here, memo, contact)
        box, here, memo, contact = self.rows[key]
        box.children[0].value = render("person.html", name=person.name, org=org_name,
                                       registered=self._("registered") if person.registered else "")
        here.value, memo.value, contact.value = person.attended, person.consent.memo, person.consent.contact_list
        return box
