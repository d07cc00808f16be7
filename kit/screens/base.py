"""What every screen shares: header, language and theme switches, messages, live refresh.

A screen builds widgets from the store and changes the store only through
`Screen.do(op, ...)`. A background asyncio task polls the store's revision a
few times a second and calls `refresh()`; it never loops inside a cell.
"""
from __future__ import annotations

import asyncio
import base64
import os
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable, Optional

import ipywidgets as w
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kit.i18n import N_, language, translator
from kit.core.model import Evening
from kit.core.ops import InputError
from kit.core.store import EveningNotFound, Store
from kit.resources import SCREEN_CSS

HIDDEN_POLL_SECONDS = 0.5  # a screen rendered ahead checks only which evening is open, not every input
POLL_SECONDS = 0.1  # a one-row read; the room sees a phone's idea within half a second even under load
SCREENS = [  # (notebook, label)
    ("start", N_("Start page")),
    ("checkin", N_("Check-in")),
    ("introductions", N_("Introductions")),
    ("cafe", N_("Learning café")),
    ("summary", N_("Summary")),
    ("report", N_("Reports")),
    ("register", N_("Register")),
]
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
LANGUAGE_CODES = {"fi": "FI", "sv": "SV", "en": "EN"}
_templates = Environment(loader=PackageLoader("kit.screens", "templates"), autoescape=True,
                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: Any) -> str:
    """HTML from a template; every value is escaped, so typed text stays text."""
    return _templates.get_template(template).render(**context)


@lru_cache(maxsize=1)
def css() -> str:
    return SCREEN_CSS.read_text(encoding="utf-8")


def button(label: str, on_click: Callable[[], Any], style: str = "", cls: str = "", tip: str = "") -> w.Button:
    b = w.Button(description=label, button_style=style, tooltip=tip or label)
    if cls:
        b.add_class(cls)
    b.on_click(lambda _b: on_click())
    return b


def text_field(placeholder: str, on_submit: Callable[[str], Any], cls: str = "", width: str = "100%") -> w.Text:
    """A one-line field that saves on Enter (or when it loses focus) and then clears itself."""
    field = w.Text(placeholder=placeholder, continuous_update=False, layout=w.Layout(width=width))
    if cls:
        field.add_class(cls)

    def changed(change: dict) -> None:
        if change["new"].strip():
            if on_submit(change["new"]) is not False:
                field.value = ""
    field.observe(changed, "value")
    return field


def download_link(label: str, filename: str, data: bytes, mime: str) -> Markup:
    """A link that downloads `data` from the page itself: no file serving needed."""
    href = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    return Markup(render("download.html", label=label, filename=filename, href=href))


class Screen:
    name = ""
    needs_evening = True

    def __init__(self, store: Store, lang: Optional[str] = None):
        self.store = store
        self.chosen_lang = lang
        self.evening_id = store.current_evening()
        self.ev: Optional[Evening] = None
        self.updating = False
        self.revision = -1
        self.dark = False
        self.root = w.VBox(layout=w.Layout(width="100%"))
        self.root.add_class("kit-root")
        self.message = w.HTML()
        self.message.add_class("kit-message")
        self._task: Optional[asyncio.Task] = None
        self.build()

    # language and building
    @property
    def lang(self) -> str:
        if self.chosen_lang:
            return language(self.chosen_lang)
        ev = self.evening()
        return language(ev.evening.language if ev else None)

    def evening(self) -> Optional[Evening]:
        if self.evening_id is None:
            return None
        try:
            return self.store.load(self.evening_id)
        except EveningNotFound:
            return None

    def build(self) -> None:
        """(Re)build the whole screen: on start, a language switch or another evening chosen."""
        self._ = translator(self.lang)
        ev = self.ev = self.evening()
        self.revision = self.store.revision(self.evening_id) if self.evening_id else 0
        self.has_body = ev is not None or not self.needs_evening
        body = self.body(ev) if self.has_body else [self.no_evening()]
        self.root.children = [w.HTML(f"<style>{css()}</style>"), self.header(ev), self.message, *body]
        if ev is not None:
            self.show(ev)

    def show(self, ev: Evening) -> None:
        """refresh() with the store's writes muted: showing a stored value must not save it again."""
        self.updating = True
        try:
            self.refresh(ev)
        finally:
            self.updating = False

    def header(self, ev: Optional[Evening]) -> w.Widget:
        _ = self._
        nav = render("nav.html", screens=[(name, _(label), name == self.name) for name, label in SCREENS],
                     title=ev.evening.title if ev else "", date=ev.evening.date if ev and ev.evening.date else "")
        langs = w.ToggleButtons(options=[(LANGUAGE_CODES[c], c) for c in ("fi", "sv", "en")], value=self.lang,
                                tooltips=[LANGUAGE_NAMES[c] for c in ("fi", "sv", "en")],
                                style={"button_width": "3em"})
        langs.add_class("kit-lang")
        langs.observe(lambda c: self.switch_language(c["new"]), "value")
        theme = w.ToggleButton(value=self.dark, description="", icon="moon", tooltip=_("Dark theme"),
                               layout=w.Layout(width="3em"))
        theme.add_class("kit-theme")
        theme.observe(lambda c: self.set_dark(c["new"]), "value")
        box = w.HBox([w.HTML(nav, layout=w.Layout(flex="1 1 auto")), langs, theme])
        box.add_class("kit-header")
        return box

    def switch_language(self, lang: str) -> None:
        self.chosen_lang = lang
        self.build()

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        (self.root.add_class if dark else self.root.remove_class)("kit-dark")

    def no_evening(self) -> w.Widget:
        return w.HTML(render("empty.html", text=self._("No evening yet. Create one on the start screen."),
                             link=self._("Go to the start screen")))

    # subclasses fill these
    def body(self, ev: Optional[Evening]) -> list[w.Widget]:
        raise NotImplementedError

    def refresh(self, ev: Evening) -> None:
        """Show the evening as stored now; never touch a field the user is typing in."""

    def tick(self) -> None:
        """Called a few times a second: clocks and timers."""

    # changing the store
    def do(self, op: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run one change in one transaction; show a message instead of raising."""
        if self.evening_id is None or self.updating:
            return None
        try:
            result = self.store.change(self.evening_id, op, *args, **kwargs)
        except InputError as err:
            self.say(err.text(self._), error=True)
            return False
        except EveningNotFound:
            self.say(self._("This evening was removed."), error=True)
            return False
        self.say("")
        self.poll()
        return result

    def offer(self, target: w.HTML, filename: str, data: bytes, mime: str, warnings: list[str]) -> None:
        """Save a document beside the data and show its name, size, place and a download link."""
        path = self.store.save_output(filename, data)
        target.value = render("document.html", link=download_link(self._("Download"), path.name, data, mime),
                              name=path.name, size=f"{len(data) / 1024:.0f} kB", where=str(path),
                              saved=self._("Saved in"), warnings=warnings)
        self.say(self._("Ready: {name}").format(name=path.name))

    def say(self, text: str, error: bool = False) -> None:
        self.message.value = render("message.html", text=text, error=error) if text else ""

    # live updates
    def poll(self) -> None:
        current = self.store.current_evening()
        if current != self.evening_id:
            self.evening_id = current
            self.build()
            return
        revision = self.store.revision(current) if current else 0
        if revision != self.revision:
            self.revision = revision
            self.ev = self.evening()
            if self.ev is not None:
                self.show(self.ev)

    def start_watching(self) -> "Screen":
        if self._task is None:
            self._task = asyncio.get_event_loop().create_task(self._watch())
        return self

    async def _watch(self) -> None:
        visible = shown()
        while not visible.is_set():  # waiting in Voilà's pool: follow only a change of evening (a rebuild)
            try:
                await asyncio.wait_for(visible.wait(), HIDDEN_POLL_SECONDS)
            except asyncio.TimeoutError:
                if self.store.current_evening() != self.evening_id:
                    self.poll()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                self.poll()
                if self.has_body:  # a screen waiting for an evening has no clocks to tick
                    self.tick()
            except Exception as err:  # keep the evening running; show what went wrong
                self.say(f"{type(err).__name__}: {err}", error=True)


def shown() -> asyncio.Event:
    """Set once a browser shows this kernel's screen.

    Voilà renders screens ahead in preheated kernels (one per notebook); until a page takes one
    over, nobody watches it, so it must not spend the laptop's CPU refreshing on every input.
    A page that connects asks for its widgets (comm_info_request / comm_msg): that is the sign.
    """
    event = asyncio.Event()
    kernel = _kernel()
    if kernel is None or os.environ.get("VOILA_PREHEAT") != "True":
        event.set()
        return event
    for msg_type in ("comm_info_request", "comm_msg"):
        original = kernel.shell_handlers[msg_type]

        def handler(*args: Any, _original: Callable[..., Any] = original) -> Any:
            event.set()
            return _original(*args)
        kernel.shell_handlers[msg_type] = handler
    return event


def _kernel() -> Any:
    try:
        from ipykernel.kernelbase import Kernel
    except ImportError:
        return None
    return Kernel.instance() if Kernel.initialized() else None


def now() -> datetime:
    return datetime.now()


def heading(text: str) -> w.HTML:
    return w.HTML(render("heading.html", text=text))
