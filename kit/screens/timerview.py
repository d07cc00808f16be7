"""The large countdown shared by the introduction round and the café."""
from __future__ import annotations

import ipywidgets as w

from kit.i18n import Translate
from kit.core.timer import Countdown, chime, mmss
from .base import button, render


class TimerView:
    def __init__(self, seconds: float, _: Translate, done_text: str, cls: str):
        self.countdown = Countdown(seconds)
        self._ = _
        self.done_text = done_text
        self.signalled = False
        self.display = w.HTML()
        self.display.add_class("kit-timer")
        self.sound = w.Audio(value=b"", format="wav", autoplay=True, loop=False, controls=False,
                             layout=w.Layout(display="none"))
        self.toggle = button(_("Start"), self.start_pause, "success", f"{cls}-start")
        self.widget = w.VBox([self.display, w.HBox([
            self.toggle, button(_("Again"), self.reset, "", f"{cls}-reset", _("Start over")),
            button("+30 s", lambda: self.add(30), "", f"{cls}-add", _("30 seconds more")), self.sound])])
        self.widget.add_class(cls)
        self.show()

    def start_pause(self) -> None:
        if self.countdown.running:
            self.countdown.pause()
        else:
            self.countdown.start()
        self.show()

    def reset(self, seconds: float | None = None) -> None:
        self.countdown.reset(seconds)
        self.signalled = False
        self.sound.value = b""
        self.show()

    def add(self, seconds: float) -> None:
        self.countdown.add(seconds)
        self.signalled = self.countdown.finished and self.signalled
        self.show()

    def show(self) -> None:
        left = self.countdown.remaining()
        done = left <= 0
        if done and self.countdown.running and not self.signalled:
            self.signalled = True
            self.sound.value = chime()
        state = "done" if done else ("warn" if left <= 30 else ("run" if self.countdown.running else "idle"))
        html = render("timer.html", time=mmss(left), state=state, text=self.done_text if done else "")
        if self.display.value != html:
            self.display.value = html
        label = self._("Pause") if self.countdown.running else self._("Start")
        if self.toggle.description != label:
            self.toggle.description = label
