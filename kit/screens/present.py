"""The projector view: what the audience sees, following the live phase by itself.

No buttons, inputs, navigation or language switch: the facilitator drives it from the other screens
(the "On the projector" choice in their header). Long lists show a page at a time and turn pages by
themselves. People are named only with consent (the speaker); nothing else personal is shown.
"""
from __future__ import annotations

import time
from typing import Any, Optional, Sequence, TypeVar

import ipywidgets as w
from markupsafe import Markup

from kit.core import live, ops
from kit.core.live import LiveState
from kit.core.model import Evening
from kit.core.timer import mmss
from kit.phones import rules
from kit.i18n.dates import short_date
from .base import PHASE_LABELS, Screen, css, render
from .joinview import join_html

PAGE_SECONDS = 10  # a page of a long list stays this long
PER_PAGE = {"agenda": 7, "heard": 8, "tables": 3, "ideas": 6, "wishes": 4, "agreements": 4}
NEWEST_PER_TABLE = 2
SUMMARY_PARTS = ("ideas", "wishes", "agreements", "feedback")  # the summary shows these in turn
T = TypeVar("T")


def page(items: Sequence[T], size: int, moment: float, offset: int = 0) -> tuple[list[T], int, int]:
    """The page of `items` to show at `moment`: (items, page number from 1, pages)."""
    pages = max(1, -(-len(items) // size))
    number = (int(moment // PAGE_SECONDS) + offset) % pages
    return list(items[number * size:(number + 1) * size]), number + 1, pages


class PresentScreen(Screen):
    name = "present"
    needs_evening = False
    keeps_evening = False  # the projector follows the evening made live
    speaks_to_the_room = True

    def watched_evening(self) -> Optional[str]:
        """The projector shows the evening made live, whatever the facilitator is looking at; a region's
        coordinator, who makes none live, the one they look at."""
        return self.store.current_evening() if self.store.coordinator else self.store.live_evening()

    def build(self) -> None:
        from kit.i18n import translator
        self.built_lang = self.lang
        self._ = translator(self.built_lang)
        self.ev = self.evening()
        self.revision = self.store.revision(self.evening_id) if self.evening_id else 0
        self.live = self.store.live(self.evening_id) if self.evening_id else LiveState()
        self.has_body = True
        self.built_with_evening = self.ev is not None
        self.stage = w.HTML()
        self.stage.add_class("kit-stage")
        self.root.add_class("kit-present")
        self.root.children = [w.HTML(f"<style>{css()}</style>"), self.stage]
        self.tick()

    def show(self, ev: Evening) -> None:
        self.tick()

    def tick(self) -> None:
        html = self.render_phase(time.time())
        self.stage.value = html  # the same page again does not reach the browser (traitlets)
        (self.root.add_class if self.live.dark else self.root.remove_class)("kit-dark")

    def render_phase(self, moment: float) -> str:
        _ = self._
        ev = self.ev
        if ev is None:
            return render("present.html", phase="none", _=_, title=_("Nothing is live yet"),
                          text=_("Choose the evening on the start screen and make it live."))
        phase = self.live.phase
        join = self.join_box(ev)
        self.phones = bool(join)  # without --lan phones cannot join: the room votes and rates on paper or aloud
        context: dict[str, Any] = {"phase": phase, "_": _, "ngettext": _.ngettext, "title": ev.evening.title,
                                   "heading": _(PHASE_LABELS[phase]), "join": join,
                                   "clock": time.strftime("%H:%M", time.localtime(moment))}
        context.update(getattr(self, f"phase_{phase}")(ev, moment))
        return render("present.html", **context)

    def join_box(self, ev: Evening) -> Markup:
        url = self.store.setting("capture_url")
        if not url:
            return Markup("")
        return Markup(join_html(url, rules.join_code(self.store, self.evening_id), self._("Join with your phone"),
                                self._("Code")))

    def timer(self, name: str, done_text: str) -> dict[str, str]:
        countdown = self.live.timer(name)
        left = countdown.remaining()
        state = "done" if left <= 0 else ("warn" if left <= 30 else ("run" if countdown.running else "idle"))
        return {"time": mmss(left), "state": state, "done": done_text if left <= 0 else ""}

    # one method per phase: what it shows
    def phase_welcome(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        now = self.live.agenda_index
        rows = [(item.start or "", item.item, "now" if i == now else ("next" if now is not None and i == now + 1
                                                                        else "")) for i, item in enumerate(ev.agenda)]
        shown, number, pages = page(rows, PER_PAGE["agenda"], moment)
        info = ev.evening
        return {"heading": _("Welcome!"), "agenda": shown, "page": (number, pages),
                "where": " · ".join(x for x in (short_date(info.date), info.venue or "") if x),
                "theme": info.theme or "", "now_label": _("Now"), "next_label": _("Next")}

    def phase_introductions(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        order = ops.speaking_order(ev)
        heard_ids = [i.organisation_id for i in ev.introductions]
        speaker_id = live.speaker(self.live, ev)
        org = ev.organisation(speaker_id)
        intro = ev.introduction(speaker_id) if speaker_id else None
        person = ev.participant(intro.speaker_id) if intro else None
        if person is None and org:
            person = next((p for p in ev.participants if p.organisation_id == org.id and p.attended), None)
        heard = [ev.organisation(i).name for i in heard_ids if ev.organisation(i) and i != speaker_id]
        shown, number, pages = page(heard, PER_PAGE["heard"], moment)
        return {"org": org.name if org else "", "person": person.name if person and person.consent.memo else "",
                "about": intro.summary if intro else "",
                "timer": self.timer("speaker", _("Time is up – thank you!")), "heard": shown, "page": (number, pages),
                "heard_title": _("Heard so far ({n}/{total})").format(n=len(ev.introductions), total=len(order))}

    def phase_cafe(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        cafe = ev.cafe
        last = cafe.current_round >= cafe.rounds
        tables = [(t.theme, [i.text for i in cafe.ideas if i.table_id == t.id][-NEWEST_PER_TABLE:][::-1],
                   sum(i.table_id == t.id for i in cafe.ideas)) for t in cafe.tables]
        shown, number, pages = page(tables, PER_PAGE["tables"], moment)
        return {"round": _("Round {n} of {total}").format(n=cafe.current_round, total=cafe.rounds),
                "timer": self.timer("cafe", _("The last round is over.") if last else _("Change tables!")),
                "tables": shown, "page": (number, pages)}

    def phase_break(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        now = self.live.agenda_index
        following = ev.agenda[now + 1].item if now is not None and now + 1 < len(ev.agenda) else ""
        return {"heading": _("Break"), "timer": self.timer("break", _("The break is over.")),
                "next": _("Next: {item}").format(item=following) if following else ""}

    def phase_voting(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        revealed = self.live.votes_revealed
        ideas = ops.ranked_ideas(ev) if revealed else sorted(ev.cafe.ideas, key=lambda i: (i.table_id, i.created or ""))
        rows = [(i.text, i.votes if revealed else None, ev.table(i.table_id).theme if ev.table(i.table_id) else "")
                for i in ideas]
        shown, number, pages = page(rows, PER_PAGE["ideas"], moment)
        return {"ideas": shown, "page": (number, pages), "revealed": revealed,
                "hint": _("The results") if revealed else
                _("Place your dots on your phone. The results are shown when voting closes.") if self.phones else
                _("Place your dots on the ideas at the tables. The results are shown when voting closes.")}

    def phase_summary(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        part = SUMMARY_PARTS[int(moment // PAGE_SECONDS) % len(SUMMARY_PARTS)]
        context: dict[str, Any] = {"part": part}
        if part == "ideas":
            rows = [(i.text, i.votes, ev.table(i.table_id).theme if ev.table(i.table_id) else "")
                    for i in ops.ranked_ideas(ev)]
            context.update(part_title=_("Ideas by votes"), ideas=rows[:PER_PAGE["ideas"]], revealed=True)
        elif part == "wishes":
            groups = [(ev.organisation(i.organisation_id).name, i.wishes) for i in ev.introductions
                      if i.wishes and ev.organisation(i.organisation_id)]
            shown, number, pages = page(groups, PER_PAGE["wishes"], moment // len(SUMMARY_PARTS))
            context.update(part_title=_("Wishes to the municipality"), groups=shown, page=(number, pages))
        elif part == "agreements":
            rows = [(a.what, a.who or "", short_date(a.due)) for a in ev.agreements]
            shown, number, pages = page(rows, PER_PAGE["agreements"], moment // len(SUMMARY_PARTS))
            context.update(part_title=_("What we agreed"), agreements=shown, page=(number, pages),
                           head=(_("What"), _("Who"), _("By when")))
        else:
            context.update(part_title=_("Feedback"), **self.feedback(ev))
        context["empty"] = _("Nothing yet.")
        return context

    def feedback(self, ev: Evening) -> dict[str, Any]:
        counts = ops.rating_counts(ev)
        most = max(counts.values()) or 1
        return {"bars": [(r, counts[r], round(100 * counts[r] / most)) for r in range(5, 0, -1)],
                "answers": self._.ngettext("{n} answer", "{n} answers", len(ev.feedback)).format(n=len(ev.feedback))}

    def phase_feedback(self, ev: Evening, moment: float) -> dict[str, Any]:
        return {"hint": self._("How was the evening? Give 1–5 on your phone.") if self.phones else
                self._("How was the evening? Give 1–5: we write it down."), **self.feedback(ev)}

    def phase_closing(self, ev: Evening, moment: float) -> dict[str, Any]:
        _ = self._
        nxt = ev.next_evening
        return {"heading": _("Thank you for coming!"),
                "next": _("Next evening: {date}").format(date=short_date(nxt.date)) if nxt and nxt.date else "",
                "theme": nxt.theme or "" if nxt else "",
                "memo": _("The memo comes to you by e-mail.")}
