"""Learning café: tables × themes × rounds, a rotation timer, ideas per table, dot votes."""
from __future__ import annotations

import secrets
from typing import Any, Optional

import ipywidgets as w

from kit.phones import rules
from kit.core import live, ops
from kit.core.model import Evening, Idea
from .base import Form, Screen, button, render, text_field
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
        self.timer = TimerView(self, "cafe", _("Change tables!"), "kit-cafe-timer")
        self.table = w.Dropdown(layout=w.Layout(width="22em"))
        self.table.add_class("kit-idea-table")
        self.idea = text_field(_("An idea from this table – Enter saves"), self.add_idea, "kit-idea")
        self.cards = w.GridBox(layout=w.Layout(grid_template_columns="repeat(auto-fit, minmax(18em, 1fr))",
                                               grid_gap="0.6em", width="100%"))
        self.cards.add_class("kit-tables")
        self.reveal = w.ToggleButton(description=_("Votes shown on the projector"), icon="eye",
                                     layout=w.Layout(width="auto"))
        self.reveal.add_class("kit-reveal")
        self.reveal.observe(lambda c: self.change_live(live.reveal_votes, c["new"]), "value")
        self.voters = w.HTML()
        self.editor = self.idea_editor()
        self.settings = self.settings_panel(ev)
        self.join = JoinView(self.store, self.evening_id, _)
        top = w.HBox([w.VBox([w.Label(_("Round")), self.rounds]), self.timer.widget, self.join.widget])
        top.add_class("kit-cafe-top")
        capture = w.HBox([self.table, self.idea])
        capture.add_class("kit-capture")
        votes = w.HBox([self.reveal, self.voters])
        votes.add_class("kit-votes-bar")
        return [top, capture, self.editor, self.cards, votes, self.settings]

    def new_round(self, number: int) -> None:
        if self.ev is not None and number != self.ev.cafe.current_round:
            self.do(ops.set_round, number)
            self.change_live(live.timer_action, "cafe", "reset", self.ev.cafe.round_minutes * 60)

    def idea_editor(self) -> w.VBox:
        """One idea corrected from the laptop: its text, its table (moved), or merged into a duplicate."""
        _ = self._
        self.editing: Optional[tuple[str, str]] = None  # (idea id, its text when the editor opened)
        self.edit_text = w.Text(layout=w.Layout(flex="1 1 auto"))
        self.edit_text.add_class("kit-idea-edit-text")
        self.edit_table = w.Dropdown(description=_("Table"), layout=w.Layout(width="22em"))
        self.edit_table.add_class("kit-idea-edit-table")
        self.merge_into = w.Dropdown(description=_("Same as"), layout=w.Layout(width="30em"))
        self.merge_into.add_class("kit-idea-merge")
        form = Form({"text": self.edit_text}, lambda v: self.save_idea(), required="text", keep=("text",))
        box = w.VBox([w.HBox([self.edit_text, button(_("Save"), form.submit, "primary", "kit-idea-save")]),
                      w.HBox([self.edit_table, button(_("Move"), self.move_idea, "", "kit-idea-move")]),
                      w.HBox([self.merge_into, button(_("Merge"), self.merge_idea, "", "kit-idea-merge-do",
                                                      _("The votes are added together and one idea remains"))]),
                      w.HBox([button(_("Remove"), self.remove_idea, "danger", "kit-idea-remove"),
                              button(_("Close"), self.close_editor, "", "kit-idea-close")])],
                     layout=w.Layout(display="none"))
        box.add_class("kit-card")
        box.add_class("kit-idea-editor")
        return box

    def edit(self, idea_id: str) -> None:
        ev = self.ev
        idea = next((i for i in ev.cafe.ideas if i.id == idea_id), None) if ev else None
        if ev is None or idea is None:
            return
        self.editing = (idea_id, idea.text)
        self.edit_text.value = idea.text
        self.edit_table.options = [(t.theme, t.id) for t in ev.cafe.tables]
        self.edit_table.value = idea.table_id
        self.merge_into.options = [("", "")] + [(f"{o.text[:60]} ({o.votes})", o.id) for o in ev.cafe.ideas
                                                if o.id != idea_id and o.table_id == idea.table_id]
        self.merge_into.value = ""
        self.editor.layout.display = None
        self.edit_text.focus()

    def close_editor(self) -> None:
        self.editing = None
        self.editor.layout.display = "none"

    def save_idea(self) -> bool:
        if self.editing is None:
            return False
        idea_id, before = self.editing
        if self.do(ops.edit_idea, idea_id, self.edit_text.value, before) is False:
            return False
        self.close_editor()
        return True

    def move_idea(self) -> None:
        if self.editing and self.do(ops.move_idea, self.editing[0], self.edit_table.value) is not False:
            self.close_editor()

    def merge_idea(self) -> None:
        if not self.editing:
            return
        if not self.merge_into.value:
            self.say(self._("Choose the idea it is the same as."), error=True)
        elif self._run(self.change_with_ledger, rules.merge_ideas, self.merge_into.value, self.editing[0]):
            self.close_editor()
            self.say(self._("Merged: one idea remains, with the votes of both."))  # _run offered Undo

    def undo(self) -> None:
        if self.removed is None or self.removed.kind != "merged":
            return super().undo()
        removed, self.removed = self.removed, None
        self.undo_button.layout.display = "none"
        if self._run(self.change_with_ledger, rules.unmerge_ideas, removed) is not False:
            self.say(self._("Put back."))

    def change_with_ledger(self, evening_id: str, op: Any, *args: Any) -> Any:
        """A change to the evening and the phones' ledger in one transaction (the store's capture batch); what
        `op` returns (a merge's record, for Undo) stays here, the batch records only that it was done."""
        done: list[Any] = []
        [result] = self.store.capture_batch(evening_id, [(f"laptop-{secrets.token_hex(8)}",
                                                          lambda ev, ledger: done.append(op(ev, ledger, *args)) or {})])
        if isinstance(result, Exception):
            raise result
        return done[-1] if done else None

    def remove_idea(self) -> None:
        if self.editing and self.do(ops.remove_idea, self.editing[0]) is not False:
            self.close_editor()

    def fill_forms(self, ev: Evening) -> None:
        if self.editing is not None:
            self.edit(self.editing[0])

    def settings_panel(self, ev: Evening) -> w.Widget:
        _ = self._
        rounds = w.BoundedIntText(value=ev.cafe.rounds, min=1, max=20, description=_("Rounds"))
        minutes = w.BoundedIntText(value=ev.cafe.round_minutes, min=1, max=240, description=_("Minutes"))

        def save_rounds() -> None:
            if self.do(ops.set_cafe, rounds.value, minutes.value) is not False:
                self.timer.set_length(minutes.value * 60)
        self.table_editors = w.VBox()
        self.editors_key: list[tuple] = []
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
            rules.change_join_code(self.store, self.evening_id)
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
        self.rounds.value = ev.cafe.current_round
        last = ev.cafe.current_round >= ev.cafe.rounds  # no "Change tables!" after the last round
        self.timer.done_text = _("The last round is over.") if last else _("Change tables!")
        self.reveal.value = self.live.votes_revealed
        voters = rules.voters(self.store, self.evening_id)
        self.voters.value = render("hint.html", text=_.ngettext("{n} phone has voted", "{n} phones have voted",
                                                                voters).format(n=voters))
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
                name=host.name) if host else "", count=_.ngettext("{n} idea", "{n} ideas", len(ideas)).format(n=len(ideas)))
            card.children[0].value = head
            card.children = (card.children[0], *[self.idea_row(idea) for idea in ideas])
            cards.append(card)
        self.cards.children = cards
        editors_key = [(t.id, t.theme, t.host_id) for t in ev.cafe.tables]
        if editors_key != self.editors_key:
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
                          button("✎", lambda: self.edit(idea.id), "", "kit-edit-idea",
                                 self._("Correct, move, merge or remove"))])
            row.add_class("kit-idea-row")
            self.idea_rows[idea.id] = (row, label)
        row, label = self.idea_rows[idea.id]
        label.value = render("idea.html", text=idea.text, votes=idea.votes, round=self._("round {n}").format(n=idea.round))
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
