"""Learning café: tables × themes × rounds, a rotation timer, ideas per table, dot votes."""
from __future__ import annotations

from typing import Any, Optional

import ipywidgets as w

from kit.phones import rules
from kit.core import ops
from kit.core.model import Evening, Idea
from .base import Screen, button, render, text_field
from .joinview import JoinView
from .timerview import TimerView


class CafeScreen(Screen):
    name = "cafe"

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        assert ev is not None
        self.idea_rows: dict[str, tuple[w.HBox, w.HTML]] = {}
        self.table_cards: dict[str, w.VBox] = {}
        self.rounds = w.ToggleButtons()
        self.rounds.add_class("kit-round")
        self.rounds.observe(lambda c: c["new"] and self.new_round(c["new"]), "value")
        self.timer = TimerView(ev.cafe.round_minutes * 60, _, _("Change tables!"), "kit-cafe-timer")
        self.table = w.Dropdown(layout=w.Layout(width="22em"))
        self.table.add_class("kit-idea-table")
        self.idea = text_field(_("An idea from this table – Enter saves"), self.add_idea, "kit-idea")
        self.cards = w.GridBox(layout=w.Layout(grid_template_columns="repeat(auto-fit, minmax(18em, 1fr))",
                                               grid_gap="0.6em", width="100%"))
        self.cards.add_class("kit-tables")
        self.settings = self.settings_panel(ev)
        self.join = JoinView(self.store, ev.id, _)
        top = w.HBox([w.VBox([w.Label(_("Round")), self.rounds]), self.timer.widget, self.join.widget])
        top.add_class("kit-cafe-top")
        capture = w.HBox([self.table, self.idea])
        capture.add_class("kit-capture")
        return [top, capture, self.cards, self.settings]

    def new_round(self, number: int) -> None:
        self.timer.reset(self.ev.cafe.round_minutes * 60 if self.ev else None)
        self.do(ops.set_round, number)

    def settings_panel(self, ev: Evening) -> w.Widget:
        _ = self._
        rounds = w.BoundedIntText(value=ev.cafe.rounds, min=1, max=20, description=_("Rounds"))
        minutes = w.BoundedIntText(value=ev.cafe.round_minutes, min=1, max=240, description=_("Minutes"))

        def save_rounds() -> None:
            if self.do(ops.set_cafe, rounds.value, minutes.value) is not False:
                self.timer.reset(minutes.value * 60)
        self.table_editors = w.VBox()
        new_table = text_field(_("Theme of a new table – Enter adds"), lambda t: self.do(ops.add_table, t)
                               is not False, "kit-new-table")
        dots = w.BoundedIntText(value=ev.cafe.votes_per_person, min=1, max=20, description=_("Dots each"))
        dots.add_class("kit-dots-each")
        phones = w.HBox([dots, button(_("Save"), lambda: self.do(ops.set_votes_per_person, dots.value), "primary",
                                      "kit-save-dots"),
                         button(_("New join code"), self.new_code, "warning", "kit-new-code",
                                _("Phones with the old code can no longer send anything"))])
        panel = w.VBox([w.HBox([rounds, minutes, button(_("Save"), save_rounds, "primary", "kit-save-rounds")]),
                        self.table_editors, new_table, phones])
        accordion = w.Accordion(children=[panel], titles=(_("Tables and rounds"),), selected_index=None)
        accordion.add_class("kit-settings")
        return accordion

    def new_code(self) -> None:
        if self.ev:
            rules.change_join_code(self.store, self.ev.id)
            self.join.show()
            self.say(self._("A new join code is on the screen; phones with the old one must join again."))

    def add_idea(self, text: str) -> bool:
        if not self.table.value:
            self.say(self._("Add a table first."), error=True)
            return False
        ev = self.ev
        return self.do(ops.add_idea, self.table.value, ev.cafe.current_round if ev else 1, text) is not False

    def refresh(self, ev: Evening) -> None:
        _ = self._
        options = [(_("Round {n}").format(n=n), n) for n in range(1, ev.cafe.rounds + 1)]
        if self.rounds.options != tuple(options):
            self.rounds.options = options
        if self.rounds.value != ev.cafe.current_round:
            self.rounds.value = ev.cafe.current_round
        tables = [(f"{t.theme}", t.id) for t in ev.cafe.tables]
        if self.table.options != tuple(tables):
            chosen = self.table.value
            self.table.options = tables
            self.table.value = chosen if chosen in {t for _l, t in tables} else (tables[0][1] if tables else None)
        cards = []
        for table in ev.cafe.tables:  # cards and rows are kept by id: a new idea adds one row, not a new room
            host = ev.participant(table.host_id)
            ideas = ops.ranked_ideas(ev, table.id)
            if table.id not in self.table_cards:
                card = w.VBox([w.HTML()])
                card.add_class("kit-table-card")
                self.table_cards[table.id] = card
            card = self.table_cards[table.id]
            head = render("table_head.html", theme=table.theme, host=_("Host: {name}").format(
                name=host.name) if host else "", count=_("{n} ideas").format(n=len(ideas)))
            if card.children[0].value != head:
                card.children[0].value = head
            children = (card.children[0], *[self.idea_row(idea) for idea in ideas])
            if card.children != children:
                card.children = children
            cards.append(card)
        if self.cards.children != tuple(cards):
            self.cards.children = cards
        editors_key = [(t.id, t.theme, t.host_id) for t in ev.cafe.tables]
        if editors_key != getattr(self, "editors_key", None):
            self.editors_key = editors_key
            self.table_editors.children = [self.table_editor(ev, *key) for key in editors_key]

    def idea_row(self, idea: Idea) -> w.HBox:
        """Rows are kept by idea id, so a vote changes one label instead of redrawing the room."""
        if idea.id not in self.idea_rows:
            label = w.HTML(layout=w.Layout(flex="1 1 auto"))
            row = w.HBox([label,
                          button("+1", lambda: self.do(ops.vote, idea.id, 1), "", "kit-vote", self._("Add a dot")),
                          button("−1", lambda: self.do(ops.vote, idea.id, -1), "", "kit-unvote",
                                 self._("Take a dot away")),
                          button("✕", lambda: self.do(ops.remove_idea, idea.id), "", "kit-remove-idea",
                                 self._("Remove"))])
            row.add_class("kit-idea-row")
            self.idea_rows[idea.id] = (row, label)
        row, label = self.idea_rows[idea.id]
        html = render("idea.html", text=idea.text, votes=idea.votes, round=self._("round {n}").format(n=idea.round))
        if label.value != html:
            label.value = html
        return row

    def table_editor(self, ev: Evening, table_id: str, theme: str, host_id: Optional[str]) -> w.Widget:
        _ = self._
        text = w.Text(value=theme, continuous_update=False, layout=w.Layout(width="20em"))
        hosts = [(_("(no host)"), "")] + [(p.name, p.id) for p in ev.participants if p.attended]
        host = w.Dropdown(options=hosts, value=host_id if host_id in {h for _n, h in hosts} else "")

        def save(*_a: Any) -> None:
            self.do(ops.update_table, table_id, text.value, host.value or None)
        text.observe(save, "value")
        host.observe(save, "value")
        return w.HBox([text, host, button("✕", lambda: self.do(ops.remove_table, table_id), tip=_("Remove"))])

    def tick(self) -> None:
        self.timer.show()
        self.join.tick()
