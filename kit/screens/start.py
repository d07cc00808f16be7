"""Start: choose or create an evening, its details, the agenda with a running clock."""
from __future__ import annotations

from typing import Any, Optional

import ipywidgets as w

from kit.core import evening_file
from kit.core import ops
from kit.documents.invite import send_dates
from kit.documents.memo import long_date
from kit.documents.metrics import forecast
from kit.sheets.signups import diets
from kit.i18n import N_
from kit.core.model import AGENDA_KINDS, Evening
from .base import Screen, heading, button, download_link, now, render

KIND_LABELS = {"introductions": N_("Introductions"), "talk": N_("Talk"), "cafe": N_("Learning café"),
               "summary": N_("Summary"), "feedback": N_("Feedback"), "break": N_("Break"), "other": N_("Other")}
DETAILS = [("title", N_("Title")), ("date", N_("Date")), ("start", N_("Starts")), ("venue", N_("Place")),
           ("theme", N_("Theme")), ("municipality", N_("Municipality")), ("facilitator", N_("Facilitator")),
           ("registration", N_("Register at"))]  # registration: a form link, an e-mail address or a phone


class StartScreen(Screen):
    name = "start"
    needs_evening = False

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.clock = w.HTML()
        self.clock.add_class("kit-clock")
        parts: list[w.Widget] = [self.chooser(ev)]
        if ev is not None:
            self.agenda_box = w.VBox()
            self.agenda_box.add_class("kit-agenda")
            self.total = w.HTML()
            new_item = w.Text(placeholder=_("New item"), continuous_update=False)
            new_item.add_class("kit-agenda-new")
            new_minutes = w.BoundedIntText(value=15, min=1, max=600, layout=w.Layout(width="6em"))

            def add_item(*_a: Any) -> None:
                if new_item.value.strip() and self.do(ops.set_agenda_item, None, new_item.value, "other",
                                                      new_minutes.value) is not False:
                    new_item.value = ""
            new_item.observe(add_item, "value")
            agenda = w.VBox([heading(_("Programme")), self.clock, self.agenda_box, self.total,
                             w.HBox([new_item, new_minutes, w.Label(_("min")),
                                     button(_("Add"), add_item, "primary", "kit-agenda-add")])])
            agenda.add_class("kit-card")
            self.planning = w.HTML()
            self.planning.add_class("kit-planning")
            left = w.VBox([self.details(ev), self.planning])
            left.add_class("kit-stack")
            parts.append(w.HBox([left, agenda], layout=w.Layout(align_items="flex-start")))
            parts[-1].add_class("kit-columns")
        return parts

    def chooser(self, ev: Optional[Evening]) -> w.Widget:
        _ = self._
        evenings = self.store.evenings()
        pick = w.Dropdown(options=[(f"{e.date or ''} {e.title}", e.id) for e in evenings],
                          value=self.evening_id if evenings else None, layout=w.Layout(width="28em"))
        pick.add_class("kit-evening-pick")
        pick.observe(lambda c: c["new"] and self.choose(c["new"]), "value")
        title = w.Text(placeholder=_("Title of a new evening"), layout=w.Layout(width="22em"))
        title.add_class("kit-new-title")
        date = w.Text(placeholder="2026-11-24", layout=w.Layout(width="9em"))
        date.add_class("kit-new-date")

        def create() -> None:
            try:
                new = ops.new_evening(title.value, date.value, self.lang, _,
                                      {e.id for e in evenings})
            except ops.InputError as err:
                self.say(err.text(_), error=True)
                return
            self.store.put(new)
            self.choose(new.id)

        upload = w.FileUpload(accept=".json", multiple=False, description=_("Import file"))
        upload.observe(lambda c: c["new"] and self.import_file(c["new"][0]), "value")
        row = [w.Label(_("Evening")), pick, w.Label(_("or new:")), title, date,
               button(_("Create"), create, "primary", "kit-create"), upload]
        if ev is not None:
            row.append(w.HTML(download_link(_("Save as file"), f"{ev.id}.json",
                                            evening_file.dumps(ev).encode(), "application/json")))
        box = w.HBox(row)
        box.add_class("kit-chooser")
        return box

    def choose(self, evening_id: str) -> None:
        self.store.set_setting("current_evening", evening_id)
        self.poll()

    def import_file(self, uploaded: dict) -> None:
        try:
            ev = evening_file.loads(bytes(uploaded["content"]).decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.say(self._("The file is not UTF-8 text. Save it as UTF-8 and try again."), error=True)
            return
        except evening_file.EveningFileError as err:
            self.say(self._("The file was not imported:") + "\n" + err.text(self._), error=True)
            return
        self.store.put(ev)
        self.choose(ev.id)
        self.say(self._("Imported: {title}").format(title=ev.evening.title))

    def details(self, ev: Evening) -> w.Widget:
        _ = self._
        fields: dict[str, w.Text] = {}
        for key, label in DETAILS:
            fields[key] = w.Text(value=getattr(ev.evening, key) or "", description=_(label),
                                 style={"description_width": "9em"}, layout=w.Layout(width="100%"))
            fields[key].add_class(f"kit-detail-{key}")
        lang = w.Dropdown(options=[("suomi", "fi"), ("svenska", "sv"), ("English", "en")],
                          value=ev.evening.language, description=_("Language"),
                          style={"description_width": "9em"})

        def save() -> None:
            if self.do(ops.update_info, language=lang.value, **{k: f.value for k, f in fields.items()}) is not False:
                self.say(_("Saved."))
                if lang.value != ev.evening.language and not self.chosen_lang:
                    self.build()
        box = w.VBox([heading(_("The evening")), *fields.values(), lang,
                      button(_("Save"), save, "primary", "kit-save-details")])
        box.add_class("kit-card")
        return box

    def refresh(self, ev: Evening) -> None:
        if not hasattr(self, "agenda_box"):
            return
        _ = self._
        rows = []
        for index, item in enumerate(ev.agenda):
            rows.append(self.agenda_row(index, item.start or "", item.item, item.kind, item.minutes))
        self.agenda_box.children = rows
        self.show_planning(ev)
        minutes = ops.agenda_minutes(ev)
        warning = ops.agenda_warning(minutes)
        self.total.value = render("agenda_total.html", label=_("Together"),
                                  total=_("{h} h {m} min").format(h=minutes // 60, m=minutes % 60),
                                  end=ev.evening.end or "", warning=_(warning).format(h=minutes // 60, m=minutes % 60)
                                  if warning else "")
        self.tick()

    def show_planning(self, ev: Evening) -> None:
        """Before the evening: when to send the invitation and reminder, and how many to expect."""
        _ = self._
        history = [self.store.load(e.id) for e in self.store.evenings() if (e.date or "") < (ev.evening.date or "")]
        registered = ops.attendance(ev).registered
        expected, ratio, n = forecast(registered, history, ev.evening.municipality or "")
        dates = send_dates(ev)
        self.planning.value = render(
            "planning.html", title=_("Before the evening"),
            invite=_("Send the invitation on {date}").format(date=long_date(dates[0].isoformat(), self.lang))
            if dates else "",
            remind=_("Send the reminder on {date}").format(date=long_date(dates[1].isoformat(), self.lang))
            if dates else "",
            expect=_("{registered} registered: expect about {expected} people, so coffee and seats for {expected}.")
            .format(registered=registered, expected=expected),
            basis=_("×{ratio}, learned from {n} past evenings").format(ratio=f"{ratio:.2f}", n=n) if n
            else _("×4/3, the rule of thumb until there is history"),
            diets=[f"{name}: {count}" for name, count in diets(ev).items()], diets_label=_("Special diets"))

    def agenda_row(self, index: int, start: str, item: str, kind: str, minutes: int) -> w.Widget:
        _ = self._
        text = w.Text(value=item, continuous_update=False, layout=w.Layout(width="100%"))
        kinds = w.Dropdown(options=[(_(KIND_LABELS[k]), k) for k in AGENDA_KINDS], value=kind,
                           layout=w.Layout(width="9.5em"))
        mins = w.BoundedIntText(value=minutes, min=1, max=600, layout=w.Layout(width="4.5em"))
        text.add_class("kit-agenda-item")
        mins.add_class("kit-agenda-minutes")

        def save(*_a: Any) -> None:
            self.do(ops.set_agenda_item, index, text.value, kinds.value, mins.value)
        for widget in (text, kinds, mins):
            widget.observe(save, "value")
        row = w.HBox([w.HTML(render("time.html", time=start)), text, kinds, mins, w.Label(_("min")),
                      button("↑", lambda: self.do(ops.move_agenda_item, index, -1), tip=_("Earlier")),
                      button("↓", lambda: self.do(ops.move_agenda_item, index, 1), tip=_("Later")),
                      button("✕", lambda: self.do(ops.remove_agenda_item, index), tip=_("Remove"))])
        row.add_class("kit-agenda-row")
        return row

    def tick(self) -> None:
        ev, ev_rows = self.ev, getattr(self, "agenda_box", None)
        if ev is None or ev_rows is None:
            return
        moment = now()
        current = ops.current_agenda_index(ev, moment)
        text = render("clock.html", time=moment.strftime("%H:%M:%S"), label=self._("Now"),
                      item=ev.agenda[current].item if current is not None else "")
        if self.clock.value != text:
            self.clock.value = text
        for i, row in enumerate(ev_rows.children):
            (row.add_class if i == current else row.remove_class)("kit-now")
