"""The join box on the projector: the capture page's address, its QR code and the evening's join code."""
from __future__ import annotations

from functools import lru_cache

import ipywidgets as w
from markupsafe import Markup

from kit.phones import rules
from kit.i18n import Translate
from kit.core.store import Store
from .base import render

CHECK_EVERY = 6  # ticks (about a second): a code changed in another tab shows here soon


class JoinView:
    def __init__(self, store: Store, evening_id: str, _: Translate):
        self.store, self.evening_id, self._ = store, evening_id, _
        self.widget = w.HTML()
        self.widget.add_class("kit-join-box")
        self.ticks = 0
        self.show()

    def show(self) -> None:
        url = self.store.setting("capture_url")
        if not url:  # kit start without --lan: phones cannot reach this laptop, so offer nothing
            self.widget.value = ""
            return
        if self.store.live_evening() != self.evening_id:  # phones join only the evening made live
            html = render("hint.html", text=self._("This evening is not live, so phones cannot join it. "
                                                   "Make it live on the start screen."))
            self.widget.value = html  # the same text again does not reach the browser (traitlets)
            return
        code = rules.join_code(self.store, self.evening_id)
        html = join_html(url, code, self._("Join with your phone"), self._("Code"))
        self.widget.value = html

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % CHECK_EVERY == 0:
            self.show()


@lru_cache(maxsize=16)
def join_html(url: str, code: str, title: str, code_label: str) -> str:
    return render("join.html", qr=Markup(rules.qr_svg(f"{url}#{code}")), url=url, code=rules.show_code(code),
                  title=title, code_label=code_label)
