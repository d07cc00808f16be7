"""Introduction round: speaking order, a large speaker timer, who we are and wishes."""
from __future__ import annotations

from typing import Optional

import ipywidgets as w

from kit.core import ops
from kit.core.model import Evening
from .base import Screen, button, render, text_field
from .timerview import TimerView


class IntroductionsScreen(Screen):
    name = "introductions"

    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        _ = self._
        self.current: Optional[str] = None
        self.order = w.Dropdown(layout=w.Layout(width="100%"))
        self.order.add_class("kit-speaker-pick")
        self.order.observe(lambda c: c["new"] and self.select(c["new"]), "value")
        self.minutes = w.BoundedFloatText(value=2, min=0.5, max=15, step=0.5, layout=w.Layout(width="5em"))
        self.minutes.observe(lambda c: self.timer.reset(c["new"] * 60), "value")
        self.timer = TimerView(120, _, _("Time is up – thank you!"), "kit-speaker-timer")
        self.speaker = w.HTML()
        self.speaker.add_class("kit-speaker")
        self.summary = w.Textarea(placeholder=_("Who we are, in a sentence or two"), layout=w.Layout(width="100%"))
        self.summary.add_class("kit-intro-summary")
        self.wish = text_field(_("A wish to the municipality – Enter saves"), self.add_wish, "kit-wish")
        self.wishes = w.VBox()
        self.heard = w.HTML()
        self.heard.add_class("kit-heard")
        left = w.VBox([w.HBox([w.Label(_("Speaker")), self.order,
                               button(_("Next"), self.next_speaker, "primary", "kit-next-speaker")]),
                       self.speaker, self.timer.widget,
                       w.HBox([w.Label(_("Minutes each")), self.minutes]),
                       self.summary, button(_("Save"), self.save_summary, "primary", "kit-save-summary"),
                       self.wish, self.wishes])
        left.add_class("kit-card")
        left.add_class("kit-main")
        right = w.VBox([self.heard])
        right.add_class("kit-card")
        right.add_class("kit-side")
        box = w.HBox([left, right])
        box.add_class("kit-columns")
        return [box]

    def select(self, org_id: str) -> None:
        if org_id == self.current:  # refresh() showing the current speaker
            return
        self.current = org_id
        self.timer.reset(self.minutes.value * 60)
        if self.ev is not None:
            intro = self.ev.introduction(org_id)
            self.summary.value = intro.summary if intro else ""
            self.show(self.ev)

    def next_speaker(self) -> None:
        if self.ev is None:
            return
        heard = {i.organisation_id for i in self.ev.introductions}
        waiting = [o.id for o in ops.speaking_order(self.ev) if o.id not in heard and o.id != self.current]
        if waiting:
            self.order.value = waiting[0]
        else:
            self.say(self._("Everyone has spoken."))

    def save_summary(self) -> None:
        if self.current and self.do(ops.save_summary, self.current, self.summary.value) is not False:
            self.say(self._("Saved."))

    def add_wish(self, text: str) -> bool:
        if not self.current:
            self.say(self._("Choose the speaker first."), error=True)
            return False
        return self.do(ops.add_wish, self.current, text) is not False

    def refresh(self, ev: Evening) -> None:
        _ = self._
        order = ops.speaking_order(ev)
        heard = {i.organisation_id for i in ev.introductions}
        options = [(("✓ " if o.id in heard else "") + o.name, o.id) for o in order]
        if self.order.options != tuple(options):
            self.order.options = options
        if self.current not in {o.id for o in order}:
            waiting = [o.id for o in order if o.id not in heard]
            self.current = waiting[0] if waiting else (order[0].id if order else None)
            intro = ev.introduction(self.current) if self.current else None
            self.summary.value = intro.summary if intro else ""
        if self.order.value != self.current:
            self.order.value = self.current
        org = ev.organisation(self.current)
        intro = ev.introduction(self.current) if self.current else None
        speaker = ev.participant(intro.speaker_id) if intro else None
        if speaker is None and org:
            speaker = next((p for p in ev.participants if p.organisation_id == org.id and p.attended), None)
        self.speaker.value = render("speaker.html", org=org.name if org else _("No organisations are here yet."),
                                    person=speaker.name if speaker and speaker.consent.memo else "")
        wishes = intro.wishes if intro else []
        self.wishes.children = [w.HBox([w.HTML(render("wish.html", text=text)),
                                        button("✕", lambda i=i: self.do(ops.remove_wish, self.current, i),
                                               tip=_("Remove"))]) for i, text in enumerate(wishes)]
        items = [(ev.organisation(i.organisation_id), i) for i in ev.introductions]
        self.heard.value = render("heard.html", title=_("Heard so far ({n}/{total})").format(
            n=len(items), total=len(order)), items=[(o.name, i.summary, i.wishes) for o, i in items if o])

    def tick(self) -> None:
        self.timer.show()
