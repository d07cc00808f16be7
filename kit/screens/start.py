"""Start: choose or create an evening, its details, the agenda with a running clock."""
from __future__ import annotations

from typing import Optional

import ipywidgets as w

from kit.core import evening_file
from kit.core import ops
from kit.documents.invite import send_dates
from kit.documents.metrics import forecast
from kit.sheets.signups import diets
from kit.i18n import LANGUAGE_NAMES, LANGUAGES, N_
from kit.core.model import AGENDA_KINDS, Evening
from .timerview import TimerView
from kit.i18n.dates import long_date, short_date
from .base import Form, Screen, button, download_link, heading, now, render

KIND_LABELS = {"introductions": N_("Introductions"), "talk": N_("Talk"), "cafe": N_("Learning café"),
               "summary": N_("Summary"), "feedback": N_("Feedback"), "break": N_("Break"), "other": N_("Other")}
DETAILS = [("title", N_("Title")), ("date", N_("Date")), ("start", N_("Starts")), ("venue", N_("Place")),
           ("theme", N_("Theme")), ("municipality", N_("Municipality")), ("facilitator", N_("Facilitator")),
           ("registration", N_("Register at"))]  # registration: a form link, an e-mail address or a phone


class StartScreen(Screen):
    name = "start"
    needs_evening = False
    keeps_evening = False  # the chooser itself

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.clock = w.HTML()
        self.clock.add_class("kit-clock")
        self.agenda_key: tuple = ()
        parts: list[w.Widget] = [self.chooser(ev)]
        if ev is not None:
            self.agenda_box = w.VBox()
            self.agenda_box.add_class("kit-agenda")
            self.total = w.HTML()
            new_item = w.Text(placeholder=_("New item"), layout=w.Layout(flex="1 1 auto"))
            new_item.add_class("kit-agenda-new")
            new_minutes = w.Text(value="15", layout=w.Layout(width="4.5em"))
            new_minutes.add_class("kit-agenda-new-minutes")
            add = Form({"item": new_item, "minutes": new_minutes},
                       lambda v: self.do(ops.set_agenda_item, None, v["item"], "other", v["minutes"]),
                       required="item", empty_message=_("Write the item first."), say=self.say, keep=("minutes",))
            self.break_timer = TimerView(self, "break", _("The break is over."), "kit-break-timer")
            break_minutes = w.BoundedIntText(value=15, min=1, max=120, layout=w.Layout(width="4.5em"))
            break_minutes.observe(lambda c: self.break_timer.set_length(c["new"] * 60), "value")
            breaks = w.VBox([heading(_("Break")), w.HBox([break_minutes, w.Label(_("min"))]), self.break_timer.widget])
            breaks.add_class("kit-card")
            agenda = w.VBox([heading(_("Programme")), self.clock, self.agenda_box, self.total,
                             w.HBox([new_item, new_minutes, w.Label(_("min")),
                                     button(_("Add"), add.submit, "primary", "kit-agenda-add")])])
            agenda.add_class("kit-card")
            self.planning = w.HTML()
            self.planning.add_class("kit-planning")
            left = w.VBox([self.details(ev), self.planning])
            left.add_class("kit-stack")
            right = w.VBox([agenda, breaks])
            right.add_class("kit-stack")
            right.add_class("kit-wide")
            parts.append(w.HBox([left, right], layout=w.Layout(align_items="flex-start")))
            parts[-1].add_class("kit-columns")
            parts[-1].add_class("kit-start-columns")
        return parts

    def chooser(self, ev: Optional[Evening]) -> w.Widget:
        _ = self._
        evenings = self.store.evenings()
        whose = (lambda e: f" ({e.municipality})") if self.store.coordinator else (lambda e: "")
        pick = w.Dropdown(options=[(f"{short_date(e.date)} {e.title}{whose(e)}", e.id) for e in evenings],
                          value=self.evening_id if evenings else None, layout=w.Layout(width="28em"))
        pick.add_class("kit-evening-pick")
        pick.observe(lambda c: c["new"] and self.choose(c["new"]), "value")
        title = w.Text(placeholder=_("Title of a new evening"), layout=w.Layout(width="22em"))
        title.add_class("kit-new-title")
        date = w.Text(placeholder="24.11.2026", layout=w.Layout(width="9em"))
        date.add_class("kit-new-date")

        def create(values: dict) -> bool:
            try:
                # a region's liaison names the evening after the municipality: two municipalities' "Järjestöilta"
                # of one month would otherwise share an id, and the coordinator could open only one of them
                new = ops.new_evening(values["title"], values["date"], self.lang, _, {e.id for e in evenings},
                                      municipality=self.store.municipality)
            except ops.InputError as err:
                self.say(err.text(_), error=True)
                return False
            self.store.put(new)
            self.choose(new.id)
            return True
        form = Form({"title": title, "date": date}, create, required="title",
                    empty_message=_("Write the title first."), say=self.say)

        upload = w.FileUpload(accept=".json", multiple=False, description=_("Import file"))
        upload.observe(lambda c: c["new"] and self.import_file(c["new"][0]), "value")
        row = [w.Label(_("Evening")), pick]
        if not self.store.coordinator:  # a region's coordinator only reads: nothing to create, import or make live
            row += [w.Label(_("or new:")), title, date, button(_("Create"), form.submit, "primary", "kit-create"),
                    upload]
        if ev is not None:
            row.append(w.HTML(download_link(_("Save as file"), f"{ev.id}.json",
                                            evening_file.dumps(ev).encode(), "application/json")))
        box = w.HBox(row)
        box.add_class("kit-chooser")
        if self.store.coordinator:
            return box
        live_id = self.store.live_evening()
        live_title = next((e.title for e in evenings if e.id == live_id), "")
        status = w.HTML(render("live_status.html", is_live=ev is not None and live_id == self.evening_id,
                               title=live_title,
                               live=_("Live now: phones and the projector follow this evening."),
                               other=_("Live now: {title}").format(title=live_title) if live_id else
                               _("No evening is live yet: phones cannot join.")))
        parts: list[w.Widget] = [status]
        if ev is not None and live_id != self.evening_id:
            parts.append(button(_("Make this evening live"), self.make_live, "warning", "kit-make-live",
                                _("Phones then join this evening, and the projector shows it")))
        if ev is not None:
            dark = w.Checkbox(value=self.live.dark, description=_("Dark projector"), indent=False)
            dark.add_class("kit-projector-dark")
            dark.observe(lambda c: self.change_live(live.set_dark, c["new"]), "value")
            parts.append(dark)
        live_row = w.HBox(parts, layout=w.Layout(align_items="center"))
        live_row.add_class("kit-live-row")
        return w.VBox([box, live_row])

    def choose(self, evening_id: str) -> None:
        """Look at (and work on) an evening; what is live for the phones and the projector stays as it was."""
        self.store.set_setting("current_evening", evening_id)
        self.poll()

    def make_live(self) -> None:
        if self.evening_id:
            self.store.set_setting("live_evening", self.evening_id)
            self.build()

    def import_file(self, uploaded: dict) -> None:
        try:
            ev = evening_file.loads(bytes(uploaded["content"]).decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.say(self._("The file is not UTF-8 text. Save it as UTF-8 and try again."), error=True)
            return
        except evening_file.EveningFileError as err:
            self.say(self._("The file was not imported:") + "\n" + err.text(self._), error=True)
            return
        copy = self.store.exists(ev.id)
        if copy:  # never replace tonight's evening silently: keep both
            ev.evening.id = ops.free_id(ev.id, {e.id for e in self.store.evenings()})
        self.store.put(ev, replace=False)
        self.choose(ev.id)
        self.say(self._("Imported: {title}").format(title=ev.evening.title) +
                 (" " + self._("An evening with the same id was already here; both are kept.") if copy else ""))

    def details(self, ev: Evening) -> w.Widget:
        _ = self._
        self.detail_fields: dict[str, w.Text] = {}
        for key, label in DETAILS:
            self.detail_fields[key] = w.Text(description=_(label), style={"description_width": "9em"},
                                             layout=w.Layout(width="100%"))
            self.detail_fields[key].add_class(f"kit-detail-{key}")
        self.detail_lang = w.Dropdown(options=[(LANGUAGE_NAMES[c], c) for c in LANGUAGES],
                                      description=_("Language"), style={"description_width": "9em"})
        form = Form(dict(self.detail_fields), lambda v: self.save_details(), required="title",
                    empty_message=_("Write the title first."), say=self.say, keep=tuple(self.detail_fields))
        self.fill_forms(ev)
        box = w.VBox([heading(_("The evening")), *self.detail_fields.values(), self.detail_lang,
                      button(_("Save"), form.submit, "primary", "kit-save-details")])
        box.add_class("kit-card")
        return box

    def fill_forms(self, ev: Evening) -> None:
        """The details as stored; a save sends these back as `before`, so newer data is never overwritten."""
        self.details_before = {key: getattr(ev.evening, key) for key, _label in DETAILS}
        for key, field in self.detail_fields.items():
            field.value = self.shown_detail(key)
        self.detail_lang.value = ev.evening.language

    def shown_detail(self, key: str) -> str:
        value = self.details_before[key] or ""
        return short_date(value) if key == "date" else value

    def details_untouched(self) -> bool:
        return all(field.value == self.shown_detail(key) for key, field in self.detail_fields.items())

    def save_details(self) -> bool:
        lang_before = self.ev.evening.language if self.ev else None
        values = {key: field.value for key, field in self.detail_fields.items()}
        if self.do(ops.update_info, self.details_before, language=self.detail_lang.value, **values) is False:
            return False
        if self.ev is not None:
            self.fill_forms(self.ev)
        self.say(self._("Saved."))
        if self.detail_lang.value != lang_before and not self.chosen_lang:
            self.build()
        return True

    def refresh(self, ev: Evening) -> None:
        _ = self._
        stored = {key: getattr(ev.evening, key) for key, _label in DETAILS}
        if stored != self.details_before and self.details_untouched():  # changed elsewhere, not being typed here
            self.fill_forms(ev)
        key = tuple((item.start, item.item, item.kind, item.minutes) for item in ev.agenda)
        if key != self.agenda_key:  # an item being corrected is not redrawn under the cursor
            self.agenda_key = key
            self.agenda_box.children = [self.agenda_row(i, *row) for i, row in enumerate(key)]
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
        history = [e for e in self.store.load_all() if (e.evening.date or "") < (ev.evening.date or "")]
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

    def agenda_row(self, index: int, start: Optional[str], item: str, kind: str, minutes: int) -> w.Widget:
        """Corrections are saved on Enter in the text or the minutes, or at once when the kind is chosen."""
        _ = self._
        text = w.Text(value=item, layout=w.Layout(width="100%"))
        kinds = w.Dropdown(options=[(_(KIND_LABELS[k]), k) for k in AGENDA_KINDS], value=kind,
                           layout=w.Layout(width="9.5em"))
        mins = w.Text(value=str(minutes), layout=w.Layout(width="4.5em"))
        text.add_class("kit-agenda-item")
        mins.add_class("kit-agenda-minutes")
        before = (item, kind, minutes)

        def save(values: dict) -> bool:
            return self.do(ops.set_agenda_item, index, values["item"], kinds.value, values["minutes"], before) is not False
        Form({"item": text, "minutes": mins}, save, required="item", keep=("item", "minutes"))
        kinds.observe(lambda c: save({"item": text.value, "minutes": mins.value}), "value")
        row = w.HBox([w.HTML(render("time.html", time=start or "")), text, kinds, mins, w.Label(_("min")),
                      button("▶", lambda: self.change_live(live.set_agenda_now, index), "", "kit-agenda-now",
                             _("This is on now: the projector follows")),
                      button("↑", lambda: self.do(ops.move_agenda_item, index, -1), tip=_("Earlier")),
                      button("↓", lambda: self.do(ops.move_agenda_item, index, 1), tip=_("Later")),
                      button("✕", lambda: self.do(ops.remove_agenda_item, index), "", "kit-agenda-remove",
                             _("Remove"))])
        row.add_class("kit-agenda-row")
        return row

    def tick(self) -> None:
        ev = self.ev
        if ev is None or not self.built_with_evening:  # no programme on the screen yet
            return
        self.break_timer.show()
        moment = now()
        current = ops.current_agenda_index(ev, moment) if self.live.agenda_index is None else self.live.agenda_index
        text = render("clock.html", time=moment.strftime("%H:%M:%S"), label=self._("Now"),
                      item=ev.agenda[current].item if current is not None and current < len(ev.agenda) else "")
        self.clock.value = text
        for i, row in enumerate(self.agenda_box.children):
            (row.add_class if i == current else row.remove_class)("kit-now")
