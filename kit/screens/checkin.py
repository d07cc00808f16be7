"""Check-in: who came, walk-ins in seconds, consent, registered vs attended."""
from __future__ import annotations

from typing import Optional

import ipywidgets as w

from kit.core import ops
from kit.sheets.signups import add_registrations, read_registrations
from kit.sheets.reader import TableError
from kit.core.model import Evening, Participant
from .base import Screen, heading, button, render


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
        self.memo = w.Checkbox(description=_("Name may appear in the memo"), indent=False)
        self.contact = w.Checkbox(description=_("E-mail may be given to other participants"), indent=False)
        self.name_field = w.Text(placeholder=_("Name"), continuous_update=False, layout=w.Layout(width="16em"))
        self.name_field.add_class("kit-walkin-name")
        self.name_field.observe(lambda c: c["new"].strip() and self.add_walk_in(), "value")
        upload = w.FileUpload(accept=".csv,.xlsx,.txt", multiple=False, description=_("Import registrations"))
        upload.add_class("kit-registrations")
        upload.observe(lambda c: c["new"] and self.import_registrations(bytes(c["new"][0]["content"])), "value")
        form = w.VBox([w.HBox([heading(_("Came without registering")), upload]),
                       w.HBox([self.name_field, self.org, self.email,
                               button(_("Add"), self.add_walk_in, "primary", "kit-walkin-add")]),
                       w.HBox([self.memo, self.contact])])
        form.add_class("kit-card")
        header = w.HTML(render("people_header.html", name=_("Name"), org=_("Organisation"), present=_("Here"),
                               memo=_("In memo"), contact=_("E-mail shared")))
        people = w.VBox([w.HBox([heading(_("Participants")), self.search]), header, self.people])
        people.add_class("kit-card")
        return [self.figures, form, people]

    def add_walk_in(self) -> None:
        name = self.name_field.value
        if not name.strip():
            self.say(self._("Write the name first."), error=True)
            return
        person = self.do(ops.add_walk_in, name, self.org.value, self.email.value, self.memo.value,
                         self.contact.value)
        if person:
            self.say(self._("Welcome, {name}!").format(name=person.name))
            self.name_field.value = self.org.value = self.email.value = ""
            self.memo.value = self.contact.value = False
            self.name_field.focus()

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
            lines += [_(m).format(**p) for _r, m, p in problems]
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
            box = w.HBox([label, here, memo, contact])
            box.add_class("kit-person")
            self.rows[key] = (box, here, memo, contact)
        box, here, memo, contact = self.rows[key]
        box.children[0].value = render("person.html", name=person.name, org=org_name,
                                       registered=self._("registered") if person.registered else "")
        for checkbox, value in ((here, person.attended), (memo, person.consent.memo),
                                (contact, person.consent.contact_list)):
            if checkbox.value != value:
                checkbox.value = value
        return box
