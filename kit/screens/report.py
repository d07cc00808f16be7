"""Reports: confirm welfare-report themes quickly, the network across evenings, the annual clock."""
from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Optional

import ipywidgets as w

from kit.core import ops
from kit.resources import SAMPLE_DATA
from kit.documents.hyte import Item, items, load_themes
from kit.documents.hyte_report import build_report, build_xlsx
from kit.documents.metrics import forecast, metrics_chart, metrics_frame, municipality_of
from kit.core.model import Evening
from kit.documents.invite import INVITE_DAYS_BEFORE, REMIND_DAYS_BEFORE
from kit.documents.vuosikello import KINDS, clock_chart, event_label, overlaps, read_clock, with_evenings
from .base import Screen, button, render
from .summary import DOCX

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportScreen(Screen):
    name = "report"

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.themes = load_themes(self.store.data_dir)
        self.network_key: Optional[tuple] = None
        self.queue: list[Item] = []
        self.review = w.HTML()
        self.review.add_class("kit-review")
        self.answer = w.Text(placeholder=_("Theme number + Enter"),
                             continuous_update=False, layout=w.Layout(width="26em"))
        self.answer.add_class("kit-theme-answer")
        self.answer.observe(lambda c: c["new"] and self.answer_given(c["new"]), "value")
        self.accept = button(_("Accept"), lambda: self.answer_given(""), "primary", "kit-theme-accept")
        self.theme_list = w.HTML(render("theme_list.html", themes=[(n, t.name(self.lang)) for n, t in
                                                                  enumerate(self.themes, start=1)]))
        self.progress = w.HTML()
        self.hyte_docs = w.HTML()
        themes_tab = w.VBox([self.progress, w.HBox([w.VBox([self.review, w.HBox([self.answer, self.accept])],
                                                           layout=w.Layout(flex="3 1 0")),
                                                    w.VBox([self.theme_list], layout=w.Layout(flex="2 1 0"))]),
                             w.HBox([button(_("Welfare report draft"), self.make_report, "primary", "kit-make-hyte"),
                                     button(_("Items as Excel"), self.make_xlsx, "", "kit-make-xlsx")]),
                             self.hyte_docs])
        self.network_chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="60em"))
        self.network_table = w.HTML()
        self.forecast = w.HTML()
        network_tab = w.VBox([self.forecast, self.network_chart, self.network_table])
        self.clock_chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="75em"))
        self.clock_list = w.HTML()
        upload = w.FileUpload(accept=".csv,.txt", multiple=False, description=_("Load a calendar (CSV)"))
        upload.observe(lambda c: c["new"] and self.load_clock(bytes(c["new"][0]["content"])), "value")
        clock_tab = w.VBox([upload, self.clock_chart, self.clock_list])  # the labelled clock needs the width
        tabs = w.Tab(children=[themes_tab, network_tab, clock_tab],
                     titles=(_("Welfare-report themes"), _("Network"), _("Annual clock")))
        tabs.add_class("kit-report-tabs")
        for tab in (themes_tab, network_tab, clock_tab):
            tab.add_class("kit-card")
        self.show_clock()
        return [tabs]

    # themes
    def refresh(self, ev: Evening) -> None:
        _ = self._
        found = items(ev, self.themes)
        self.queue = [i for i in found if not i.confirmed]
        self.progress.value = render("figures.html", figures=[
            (_("Items"), len(found)), (_("Theme confirmed"), len(found) - len(self.queue)),
            (_("To check"), len(self.queue))])
        self.show_next()
        self.show_network(ev)

    def show_next(self) -> None:
        _ = self._
        if not self.queue:
            self.review.value = render("review.html", done=_("Every item has a theme chosen by a person."),
                                       item=None)
            return
        item = self.queue[0]
        theme = next((t for t in self.themes if t.id == item.theme), None)
        self.review.value = render(
            "review.html", done="", item=item, kind=_("Wish") if item.kind == "wish" else _("Idea"),
            source=item.organisation or item.table, suggestion=theme.name(self.lang) if theme else _("no suggestion"),
            because=_("matched: {words}").format(words=", ".join(dict.fromkeys(item.words))) if item.words else "",
            label=_("Suggestion"))

    def answer_given(self, answer: str) -> None:
        """A number picks that theme; nothing accepts the suggestion. Then the next item comes up."""
        if not self.queue or self.updating:
            return
        item = self.queue[0]
        answer = answer.strip()
        if answer:
            if not answer.isdigit() or not 1 <= int(answer) <= len(self.themes):
                self.say(self._("Write a number from 1 to {n}.").format(n=len(self.themes)), error=True)
                self.answer.value = ""
                return
            theme = self.themes[int(answer) - 1].id
        elif item.theme:
            theme = item.theme
        else:
            self.say(self._("There is no suggestion: write the number of a theme."), error=True)
            return
        if item.kind == "idea":
            self.do(ops.set_idea_theme, item.key[0], theme)
        else:
            self.do(ops.set_wish_theme, item.key[0], item.key[1], theme)
        self.answer.value = ""
        self.answer.focus()

    def make_report(self) -> None:
        ev = self.evening()
        if ev is None:
            return
        data, warnings = build_report(self.evenings_of_year(ev), self.lang, self.store.own_file("hyte-template.docx"),
                                      self.store.data_dir)
        name = " ".join(x for x in (ev.evening.date, self._("Welfare report input")) if x)
        self.offer(self.hyte_docs, name + ".docx", data, DOCX, warnings)

    def make_xlsx(self) -> None:
        ev = self.evening()
        if ev is not None:
            name = " ".join(x for x in (ev.evening.date, self._("Items")) if x)
            self.offer(self.hyte_docs, name + ".xlsx",
                       build_xlsx(self.evenings_of_year(ev), self.lang, self.store.data_dir), XLSX, [])

    def evenings_of_year(self, ev: Evening) -> list[Evening]:
        """The year's evenings of the evening's municipality: a liaison serving two municipalities (or the
        sample data) keeps their welfare reports apart."""
        year = (ev.evening.date or "")[:4]
        return [e for e in (self.store.load_all(int(year)) if year else [])
                if municipality_of(e) == municipality_of(ev)] or [ev]

    def show_network(self, ev: Evening) -> None:
        _ = self._
        listed = self.store.evenings()
        key = (tuple((e.id, e.revision) for e in listed), ev.id, self.lang, self.dark)
        if key == self.network_key:  # a theme confirmed changes nothing here
            return
        self.network_key = key
        evenings = self.store.load_all()
        past = [e for e in evenings if (e.evening.date or "") < (ev.evening.date or "")]
        registered = ops.attendance(ev).registered
        expected, ratio, n = forecast(registered, past, ev.evening.municipality or "")
        self.forecast.value = render("forecast.html", text=_(
            "{registered} registered for this evening: expect about {expected} people (×{ratio} {basis}). "
            "Coffee and seats for {expected}.").format(
            registered=registered, expected=expected, ratio=f"{ratio:.2f}",
            basis=_("learned from {n} past evenings").format(n=n) if n else _("rule of thumb, no history yet")))
        self.network_chart.value = metrics_chart(evenings, self.lang, self.dark)
        self.network_table.value = metrics_frame(evenings, self.lang).to_html(index=False, classes="kit-metrics",
                                                                             border=0, escape=True)

    # annual clock
    def clock_file(self) -> Path:
        own = self.store.data_dir / "vuosikello.csv"
        return own if own.exists() else SAMPLE_DATA / "vuosikello.csv"

    def load_clock(self, data: bytes) -> None:
        clock = read_clock(data)
        if not clock.events:
            self.say("\n".join(m.text(self._) for m in clock.problems) or
                     self._("The calendar has no events."), error=True)
            return
        (self.store.data_dir / "vuosikello.csv").write_bytes(data)
        self.say(self._("Calendar loaded: {n} events.").format(n=len(clock.events)))
        self.show_clock()

    def show_clock(self) -> None:
        _ = self._
        mine = municipality_of(self.ev) if self.ev else ""  # the clock is a municipality's: its own evenings only
        stored = [(e.date, e.title) for e in self.store.evenings()
                  if e.date and (e.municipality or "").strip() == mine]
        clock = with_evenings(read_clock(self.clock_file()), stored, (INVITE_DAYS_BEFORE, REMIND_DAYS_BEFORE))
        today = Date.today()
        years = sorted({e.start.year for e in clock.events})
        year = today.year if today.year in years or not years else next((y for y in years if y >= today.year),
                                                                          years[-1])
        self.clock_chart.value = clock_chart(clock, year, self.lang, today, self.dark)
        clashes = {e for group in overlaps(clock.events) for e in group}
        self.clock_list.value = render("clock_list.html", title=_("The year {year}").format(year=year),
                                       events=[(event_label(e, self.lang), e.title, _(KINDS[e.kind][0]),
                                                KINDS[e.kind][1], e in clashes) for e in clock.events
                                               if e.start.year == year],
                                       clash=_("same week as another"),
                                       problems=[m.text(_) for m in clock.problems])
