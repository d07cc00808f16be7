"""A large countdown kept in the store: the speaker's, the café round's and the break's.

The buttons change the live state, so every tab and the projector show the same running time, and
a reload, a language switch or a restart of `kit start` leaves a running timer running.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Optional

import ipywidgets as w

from kit.core import live
from kit.core.timer import Countdown, chime, mmss

from .base import button, render

if TYPE_CHECKING:
    from .base import Screen

WARN_SECONDS = 30
DOUBLE_CLICK_SECONDS = 1.0  # a second Start/Pause this soon is a double click: it would stop what was just started


class TimerView:
    def __init__(self, screen: "Screen", name: str, done_text: str, cls: str):
        _ = screen._
        self.screen, self.name, self.done_text = screen, name, done_text
        self.chimed_for: Optional[float] = None  # the end time this page has already chimed for
        self.toggled_at = -DOUBLE_CLICK_SECONDS
        self.display = w.HTML()
        self.display.add_class("kit-timer")
        self.sound = w.Audio(value=b"", format="wav", autoplay=True, loop=False, controls=False,
                             layout=w.Layout(display="none"))
        self.toggle = button(_("Start"), self.start_or_pause, "success", f"{cls}-start")
        buttons = w.HBox([
            self.toggle, button(_("Again"), lambda: self.act("reset"), "", f"{cls}-reset", _("Start over")),
            button("+30 s", lambda: self.act("add", 30), "", f"{cls}-add", _("30 seconds more")), self.sound],
            layout=w.Layout(flex_flow="row wrap"))  # a narrow column (a 1024 px projector) wraps, never cuts
        self.widget = w.VBox([self.display, buttons])
        self.widget.add_class(cls)
        self.show()

    @property
    def countdown(self) -> Countdown:
        return self.screen.live.timer(self.name)

    def start_or_pause(self) -> None:
        if time.monotonic() - self.toggled_at >= DOUBLE_CLICK_SECONDS:
            self.toggled_at = time.monotonic()
            self.act("toggle")

    def act(self, action: str, seconds: Optional[float] = None) -> None:
        self.screen.change_live(live.timer_action, self.name, action, seconds)
        self.show()

    def set_length(self, seconds: float) -> None:
        """A new length for this timer, from the settings: the timer starts over with it."""
        if seconds != self.countdown.seconds:
            self.act("reset", seconds)

    def show(self) -> None:
        countdown = self.countdown
        left = countdown.remaining()
        done = left <= 0
        if done and countdown.running and self.chimed_for != countdown.ends_at:
            self.chimed_for = countdown.ends_at
            if -left < 5:  # only a page that sees the moment chimes, not one opened later
                self.sound.value = chime()
        state = "done" if done else ("warn" if left <= WARN_SECONDS else ("run" if countdown.running else "idle"))
        self.display.value = render("timer.html", time=mmss(left), state=state, text=self.done_text if done else "")
        self.toggle.description = self.screen._("Pause") if countdown.running else self.screen._("Start")
