"""Summary for the projector: figures, ideas by votes, wishes, agreements, feedback, next evening.

The "On screen" tab is what the room watches grow; "Write down" holds the forms.
"""
from __future__ import annotations

from typing import Optional

import ipywidgets as w
from babel.numbers import format_decimal

from kit.documents import charts
from kit.core import ops
from kit.documents.contacts import contacts_csv
from kit.documents.docx_fill import TemplateError
from kit.documents.invite import MessageTemplateError, memo_distribution
from kit.documents.memo import build_memo
from kit.i18n.dates import long_date, short_date
from kit.core.model import Evening
from .joinview import JoinView
from .base import Form, Screen, button, heading, render

TOP_IDEAS = 5
LATEST_IDEAS = 3  # the newest ideas stay in view, so the room sees its words arrive
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SummaryScreen(Screen):
    name = "summary"

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.figures = w.HTML()
        self.ideas = w.HTML()
        self.ideas.add_class("kit-sum-ideas")
        self.wishes = w.HTML()
        self.wishes.add_class("kit-sum-wishes")
        self.agreed = w.HTML()
        self.agreed.add_class("kit-sum-agreed")
        self.chart = w.Image(format="png", layout=w.Layout(width="100%", max_width="28em"))
        self.chart_key: Optional[tuple] = None
        self.next_text = w.HTML()
        grid = w.GridBox([w.VBox([self.ideas]), w.VBox([self.wishes]),
                          w.VBox([self.agreed, self.chart, self.next_text])],
                         layout=w.Layout(grid_template_columns="minmax(0, 1.2fr) minmax(0, 1fr) minmax(0, 1.2fr)",
                                          grid_gap="0.8em", width="100%"))
        grid.add_class("kit-summary-grid")
        assert ev is not None
        self.join = JoinView(self.store, self.evening_id, _)
        self.figures.layout = w.Layout(flex="1 1 auto")
        top = w.HBox([self.figures, self.join.widget])
        top.add_class("kit-summary-top")
        on_screen = w.VBox([top, grid])
        tabs = w.Tab(children=[on_screen, self.forms()], titles=(_("On screen"), _("Write down")))
        tabs.add_class("kit-summary-tabs")
        return [tabs]

    def forms(self) -> w.Widget:
        _ = self._
        self.what = w.Text(placeholder=_("What was agreed"), layout=w.Layout(width="28em"))
        self.what.add_class("kit-agree-what")
        self.who = w.Text(placeholder=_("Who does it"), layout=w.Layout(width="14em"))
        self.who.add_class("kit-agree-who")
        self.due = w.Text(placeholder=_("By when (31.3.2027)"), layout=w.Layout(width="12em"))
        self.due.add_class("kit-agree-due")
        self.agree_form = Form({"what": self.what, "who": self.who, "due": self.due}, self.add_agreement,
                               required="what", empty_message=_("Write what was agreed first."), say=self.say)
        self.agreement_list = w.VBox()
        self.agreements_key: tuple = ()
        self.editing: Optional[tuple[str, tuple[str, str, str]]] = None
        self.edit_what = w.Text(description=_("What"), layout=w.Layout(width="28em"))
        self.edit_what.add_class("kit-agree-edit-what")
        self.edit_who = w.Text(description=_("Who"), layout=w.Layout(width="16em"))
        self.edit_due = w.Text(description=_("By when"), layout=w.Layout(width="14em"))
        self.edit_due.add_class("kit-agree-edit-due")
        edit_form = Form({"what": self.edit_what, "who": self.edit_who, "due": self.edit_due}, self.save_agreement,
                         required="what", empty_message=_("Write what was agreed first."), say=self.say,
                         keep=("what", "who", "due"))
        self.agree_editor = w.VBox([w.HBox([self.edit_what, self.edit_who, self.edit_due]),
                                    w.HBox([button(_("Save"), edit_form.submit, "primary", "kit-agree-edit-save"),
                                            button(_("Cancel"), self.close_editor, "", "kit-agree-edit-cancel")])],
                                   layout=w.Layout(display="none"))
        self.rating = w.ToggleButtons(options=[("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)], value=None)
        self.rating.add_class("kit-rating")
        self.comment = w.Text(placeholder=_("Comment (optional) – Enter saves"), layout=w.Layout(width="100%"))
        self.comment.add_class("kit-feedback-comment")
        # the rating is what must be there: Enter in an empty comment saves it, and a second click right after a
        # save is ignored instead of asking for a rating again
        feedback_form = Form({"comment": self.comment, "rating": self.rating}, self.add_feedback, required="rating",
                             empty_message=_("Choose a rating from 1 to 5."), say=self.say)
        nxt = self.ev.next_evening if self.ev else None
        self.next_date = w.Text(value=short_date(nxt.date) if nxt else "", placeholder="15.3.2027",
                                description=_("Date"))
        self.next_date.add_class("kit-next-date")
        self.next_shown = (short_date(nxt.date) if nxt else "", (nxt.theme or "") if nxt else "")
        self.next_theme = w.Text(value=nxt.theme or "" if nxt else "", description=_("Theme"),
                                 layout=w.Layout(width="30em"))
        Form({"date": self.next_date, "theme": self.next_theme}, lambda v: self.save_next(), required="date",
             keep=("date", "theme"))
        agreements = w.VBox([heading(_("What we agreed")),
                             w.HBox([self.what, self.who, self.due,
                                     button(_("Add"), self.agree_form.submit, "primary", "kit-agree-add")]),
                             self.agree_editor, self.agreement_list])
        feedback = w.VBox([heading(_("Feedback")), w.HBox([w.Label(_("Rating")), self.rating]),
                           w.HBox([self.comment, button(_("Save"), feedback_form.submit, "primary",
                                                        "kit-feedback-save")])])
        nxt_box = w.VBox([heading(_("Next evening")), self.next_date, self.next_theme,
                          button(_("Save"), self.save_next, "primary", "kit-next-save")])
        self.documents = w.HTML()
        self.documents.add_class("kit-documents")
        docs = w.VBox([heading(_("After the evening")),
                       w.HBox([button(_("Make the memo"), self.make_memo, "primary", "kit-make-memo"),
                               button(_("E-mail draft with the memo"), lambda: self.make_memo(as_mail=True), "", "kit-make-memo-mail",
                                      _("To the organisations and to those who came and consented, in Bcc")),
                               button(_("Contact list"), self.make_contacts, "", "kit-make-contacts",
                                      _("E-mails of those who allowed sharing them"))]),
                       self.documents])
        for part in (agreements, feedback, nxt_box, docs):
            part.add_class("kit-card")
        return w.VBox([agreements, feedback, nxt_box, docs])

    def make_memo(self, as_mail: bool = False) -> None:
        """Build the memo (or its e-mail draft) from the stored evening, save it and offer it for download."""
        ev = self.evening()
        if ev is None:
            return
        try:
            memo = build_memo(ev, self.lang, self.store.own_file("memo-template.docx"))
            mail = memo_distribution(ev, memo.filename, memo.data, self.lang) if as_mail else b""
        except (TemplateError, MessageTemplateError) as err:
            self.say(err.text(self._), error=True)
            return
        if as_mail:
            self.offer(self.documents, memo.filename.replace(".docx", ".eml"), mail, "message/rfc822", memo.warnings)
        else:
            self.offer(self.documents, memo.filename, memo.data, DOCX, memo.warnings)

    def make_contacts(self) -> None:
        ev = self.evening()
        if ev is not None:
            self.offer(self.documents, ev.id + "-" + self._("contacts") + ".csv", contacts_csv(ev, self.lang), "text/csv", [])

    def add_agreement(self, values: dict) -> bool:
        return self.do(ops.add_agreement, values["what"], values["who"], values["due"]) not in (None, False)

    def edit(self, agreement_id: str) -> None:
        found = next((a for a in self.ev.agreements if a.id == agreement_id), None) if self.ev else None
        if found is None:
            return
        before = (found.what, found.who or "", found.due or "")
        self.editing = (agreement_id, before)
        self.edit_what.value, self.edit_who.value = before[0], before[1]
        self.edit_due.value = short_date(found.due)
        self.agree_editor.layout.display = None
        self.edit_what.focus()

    def close_editor(self) -> None:
        self.editing = None
        self.agree_editor.layout.display = "none"

    def save_agreement(self, values: dict) -> bool:
        if self.editing is None:
            return False
        agreement_id, before = self.editing
        if self.do(ops.edit_agreement, agreement_id, values["what"], values["who"], values["due"], before) is False:
            return False
        self.close_editor()
        return True

    def fill_forms(self, ev: Evening) -> None:
        if self.editing is not None:
            self.edit(self.editing[0])

    def add_feedback(self, values: dict) -> bool:
        if self.do(ops.add_feedback, values["rating"], values["comment"]) is False:
            return False
        self.rating.value = None
        self.say(self._("Thank you for the feedback!"))
        return True

    def save_next(self) -> bool:
        if self.do(ops.set_next_evening, self.next_date.value, self.next_theme.value) is False:
            return False
        self.say(self._("Saved."))
        return True

    def refresh(self, ev: Evening) -> None:
        _ = self._
        f = ops.figures(ev)
        self.figures.value = render("figures.html", figures=[
            (_("Organisations"), f.organisations), (_("Participants"), f.participants),
            (_("Wishes"), f.wishes), (_("Ideas"), f.ideas), (_("Dots"), f.votes)])
        tables = [(t.theme, [(i.text, i.votes) for i in ops.ranked_ideas(ev, t.id)[:TOP_IDEAS]],
                   len([i for i in ev.cafe.ideas if i.table_id == t.id])) for t in ev.cafe.tables]
        latest = ev.cafe.ideas[-LATEST_IDEAS:][::-1]  # in the order they came: timestamps tie within a second
        self.ideas.value = render("sum_ideas.html", title=_("Ideas by votes"), tables=tables,
                                  latest=[i.text for i in latest], latest_title=_("Just in"),
                                  more=_("and {n} more"), top=TOP_IDEAS, empty=_("No ideas yet."))
        groups = [(ev.organisation(i.organisation_id).name, i.wishes) for i in ev.introductions
                  if i.wishes and ev.organisation(i.organisation_id)]
        self.wishes.value = render("sum_wishes.html", title=_("Wishes to the municipality"), groups=groups,
                                   empty=_("No wishes yet."))
        self.agreed.value = render("sum_agreed.html", title=_("What we agreed"),
                                   head=(_("What"), _("Who"), _("By when")),
                                   rows=[(a.what, a.who or "", long_date(a.due, self.lang, weekday=False))
                                         for a in ev.agreements],
                                   empty=_("Nothing yet."))
        key = tuple((a.id, a.what, a.who, a.due) for a in ev.agreements)
        if key != self.agreements_key:
            self.agreements_key = key
            self.agreement_list.children = [
                w.HBox([w.HTML(render("agreement.html", what=a.what, who=a.who or "", due=short_date(a.due))),
                        button("✎", lambda i=a.id: self.edit(i), "", "kit-agree-edit", _("Correct")),
                        button("✕", lambda i=a.id: self.do(ops.remove_agreement, i), "", "kit-agree-remove",
                               _("Remove"))], layout=w.Layout(align_items="center"))
                for a in ev.agreements]
        counts = ops.rating_counts(ev)
        key = (tuple(counts.values()), self.lang, self.dark)
        if key != self.chart_key:
            self.chart_key = key
            average = ops.rating_average(ev)
            title = _("Feedback: {avg} / 5 ({n} answers)").format(
                avg=format_decimal(round(average, 1), "0.0", locale=self.lang) if average else "–", n=len(ev.feedback))
            self.chart.value = charts.ratings_chart(counts, title, self.dark)
        nxt = ev.next_evening
        shown = (self.next_date.value, self.next_theme.value)
        stored = (short_date(nxt.date) if nxt else "", (nxt.theme or "") if nxt else "")
        if shown == self.next_shown and stored != shown:  # changed elsewhere, not being typed here
            self.next_date.value, self.next_theme.value = stored
        self.next_shown = stored
        self.next_text.value = render("sum_next.html", title=_("Next evening"),
                                      date=short_date(nxt.date) if nxt else "", theme=nxt.theme or "" if nxt else "")

    def tick(self) -> None:
        self.join.tick()

    def set_dark(self, dark: bool) -> None:
        super().set_dark(dark)
        if self.ev is not None:
            self.show(self.ev)
