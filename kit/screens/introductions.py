"""Introduction round: speaking order, a large speaker timer, who we are and wishes.

The speaker and the timer live in the store (kit.core.live), so every tab and the projector agree;
a wish is always filed under the speaker chosen when it was typed.
"""
from __future__ import annotations

import time
from typing import Optional

import ipywidgets as w

from kit.core import live, ops
from kit.core.model import Evening
from .base import Form, Screen, button, render, typed
from .timerview import TimerView

DRAFT_SECONDS = 1.0  # "who we are" being typed is kept this often, so a reload does not lose it


class IntroductionsScreen(Screen):
    name = "introductions"

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.shown_speaker: Optional[str] = None  # whose "who we are" the text box holds
        self.summary_before = ""  # the stored text the box was filled from
        self.draft_dirty = False
        self.draft_at = 0.0
        self.wish_rows_key: tuple = ()
        self.wish_fields: list[tuple[str, w.Text]] = []  # (the stored wish, its field)
        self.order = w.Dropdown(layout=w.Layout(width="100%"))
        self.order.add_class("kit-speaker-pick")
        self.order.observe(lambda c: c["new"] and self.select(c["new"]), "value")
        self.minutes = w.BoundedFloatText(value=2, min=0.5, max=15, step=0.5, layout=w.Layout(width="5em"))
        self.minutes.observe(lambda c: self.updating or self.timer.set_length(c["new"] * 60), "value")
        self.timer = TimerView(self, "speaker", _("Time is up – thank you!"), "kit-speaker-timer")
        self.speaker = w.HTML()
        self.speaker.add_class("kit-speaker")
        self.summary = w.Textarea(placeholder=_("Who we are, in a sentence or two"), layout=w.Layout(width="100%"))
        self.summary.add_class("kit-intro-summary")
        self.summary.observe(typed, "value")
        self.summary.observe(lambda c: self.updating or setattr(self, "draft_dirty", True), "value")
        self.wish = w.Text(placeholder=_("A wish to the municipality – Enter saves"), layout=w.Layout(width="100%"))
        self.wish.add_class("kit-wish")
        self.wish_form = Form({"wish": self.wish}, lambda v: self.add_wish(v["wish"]), required="wish")
        self.wishes = w.VBox()
        self.heard = w.HTML()
        self.heard.add_class("kit-heard")
        left = w.VBox([w.HBox([w.Label(_("Speaker")), self.order,
                               button(_("Next"), self.next_speaker, "primary", "kit-next-speaker")]),
                       self.speaker, self.timer.widget,
                       w.HBox([w.Label(_("Minutes each")), self.minutes]),
                       self.summary, button(_("Save"), self.save_summary, "primary", "kit-save-summary"),
                       w.HBox([self.wish, button(_("Add"), self.wish_form.submit, "primary", "kit-wish-add")]),
                       self.wishes])
        left.add_class("kit-card")
        left.add_class("kit-main")
        right = w.VBox([self.heard])
        right.add_class("kit-card")
        right.add_class("kit-side")
        box = w.HBox([left, right])
        box.add_class("kit-columns")
        return [box]

    @property
    def current(self) -> Optional[str]:
        return live.speaker(self.live, self.ev) if self.ev is not None else None

    def select(self, org_id: str) -> None:
        if org_id == self.current and self.live.speaker:
            return
        self.save_draft()
        self.change_live(live.set_speaker, org_id)

    def next_speaker(self) -> None:
        if self.ev is None:
            return
        self.save_draft()
        heard = {i.organisation_id for i in self.ev.introductions}
        waiting = [o.id for o in ops.speaking_order(self.ev) if o.id not in heard and o.id != self.current]
        if waiting:
            self.change_live(live.set_speaker, waiting[0])
        else:
            self.say(self._("Everyone has spoken."))

    def draft_key(self, org_id: str) -> str:
        return f"draft:{self.evening_id}:{org_id}"

    def keep_draft(self) -> None:
        """Typed text is kept (not yet saved) about once a second, so a reload brings it back."""
        if not self.draft_dirty or not self.shown_speaker or time.monotonic() - self.draft_at < DRAFT_SECONDS:
            return
        self.draft_dirty, self.draft_at = False, time.monotonic()
        self.store.set_setting(self.draft_key(self.shown_speaker), self.summary.value)

    def save_draft(self) -> None:
        """Moving on saves what was typed for the speaker before (in this tab or another), like pressing Save."""
        org = self.shown_speaker
        if not org:
            return
        if self.draft_dirty:
            self.draft_at = -DRAFT_SECONDS
            self.keep_draft()
        draft = self.store.setting(self.draft_key(org))
        if draft.strip() and draft != self.summary_before:
            self.do(ops.save_summary, org, draft, self.summary_before)
        self.store.set_setting(self.draft_key(org), "")

    def save_summary(self) -> None:
        org = self.shown_speaker
        if org and self.do(ops.save_summary, org, self.summary.value, self.summary_before) is not False:
            self.store.set_setting(self.draft_key(org), "")
            self.say(self._("Saved."))

    def add_wish(self, text: str) -> bool:
        if not self.current:
            self.say(self._("Choose the speaker first."), error=True)
            return False
        return self.do(ops.add_wish, self.current, text) is not False

    def fill_forms(self, ev: Evening) -> None:
        if self.shown_speaker:  # the newer text is shown instead of what was typed
            self.store.set_setting(self.draft_key(self.shown_speaker), "")
        self.shown_speaker, self.draft_dirty = None, False
        self.show(ev)

    def refresh(self, ev: Evening) -> None:
        _ = self._
        order = ops.speaking_order(ev)
        heard = {i.organisation_id for i in ev.introductions}
        current = self.current
        # labels change (a ✓ for those heard) without the chosen speaker changing: options are set, then the value
        options = tuple((("✓ " if o.id in heard else "") + o.name, o.id) for o in order)
        if self.order.options != options:
            self.order.options = options
        self.order.value = current
        self.minutes.value = self.live.timer("speaker").seconds / 60
        intro = ev.introduction(current) if current else None
        if current != self.shown_speaker or (intro and intro.summary != self.summary_before
                                             and self.summary.value == self.summary_before):
            self.shown_speaker = current
            self.summary_before = intro.summary if intro else ""
            draft = self.store.setting(self.draft_key(current)) if current else ""
            self.summary.value = draft or self.summary_before
        org = ev.organisation(current)
        speaker = ev.participant(intro.speaker_id) if intro else None
        if speaker is None and org:
            speaker = next((p for p in ev.participants if p.organisation_id == org.id and p.attended), None)
        self.speaker.value = render("speaker.html", org=org.name if org else _("No organisations are here yet."),
                                    person=speaker.name if speaker and speaker.consent.memo else "")
        self.show_wishes(current, intro.wishes if intro else [])
        items = [(ev.organisation(i.organisation_id), i) for i in ev.introductions]
        self.heard.value = render("heard.html", title=_("Heard so far ({n}/{total})").format(
            n=len(items), total=len(order)), items=[(o.name, i.summary, i.wishes) for o, i in items if o])
        self.timer.show()

    def show_wishes(self, org_id: Optional[str], wishes: list[str]) -> None:
        """Each wish can be corrected (Enter saves) or removed (and put back with Undo)."""
        if (org_id, *wishes) == self.wish_rows_key:  # a wish being corrected is not redrawn under the cursor
            return
        # a correction being typed here survives another screen's change to the list: it stays with its wish
        typing = {before: f.value for before, f in self.wish_fields if f.value != before} \
            if self.wish_rows_key[:1] == (org_id,) else {}
        self.wish_rows_key = (org_id, *wishes)
        rows, self.wish_fields = [], []
        for index, text in enumerate(wishes):
            field = w.Text(value=typing.pop(text, text), layout=w.Layout(flex="1 1 auto"))
            field.add_class("kit-wish-edit")
            self.wish_fields.append((text, field))
            if field.value != text:
                field.focus()
            Form({"text": field}, lambda v, i=index, before=text: self.do(ops.edit_wish, org_id, i, v["text"], before),
                 required="text", keep=("text",))
            row = w.HBox([field, button("✕", lambda i=index, before=text: self.do(ops.remove_wish, org_id, i, before),
                                        "", "kit-wish-remove", self._("Remove"))])
            row.add_class("kit-wish-row")
            rows.append(row)
        self.wishes.children = rows
        for typed in typing.values():  # its wish was changed or removed elsewhere: the typing is shown, not lost
            self.say(self._("A wish you were correcting was changed on another screen. What you typed: "
                            "“{typed}”").format(typed=typed), error=True)

    def tick(self) -> None:
        if self.live.speaker is None and self.current:  # the first speaker, chosen by default: keep them chosen
            self.change_live(live.set_speaker, self.current)  # once they are heard, not the next one
        self.timer.show()
        self.keep_draft()
