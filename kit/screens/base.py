"""What every screen shares: header, language and theme switches, messages, live refresh.

A screen builds widgets from the store and changes the store only through
`Screen.do(op, ...)`. A background asyncio task polls the store's revision a
few times a second and calls `refresh()`; it never loops inside a cell.
"""
from __future__ import annotations

import asyncio
import base64
import itertools
import os
import time
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable, Optional

import ipywidgets as w
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from kit.core import live as live_ops
from kit.core.live import PHASES, LiveState
from kit.core.model import Evening
from kit.core.ops import InputError, Removed, StaleEdit, restore
from kit.core.store import COORDINATOR_READS_ONLY, EveningNotFound, Store
from kit.i18n import LANGUAGE_NAMES, LANGUAGES, N_, UserError, language, translator
from kit.i18n.dates import short_date
from kit.resources import PAGE_SCRIPT, SCREEN_CSS

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
PHASE_LABELS = {"welcome": N_("Welcome and programme"), "introductions": N_("Introductions"),
                "cafe": N_("Learning café"), "break": N_("Break"), "voting": N_("Voting"), "summary": N_("Summary"),
                "feedback": N_("Feedback"), "closing": N_("Closing")}
SETTLE_SECONDS = 0.4  # typing this recent may still be on its way from the browser (a round trip under load)
SETTLE_MAX_SECONDS = 3.0
REPEAT_SECONDS = 2.0  # a second click or Enter this soon after a save is the same save, not an empty form
HEARTBEAT_SECONDS = 1.0  # the page shows "Disconnected" when the kernel's heartbeat stops for a while
_templates = Environment(loader=PackageLoader("kit.screens", "templates"), autoescape=True,
                         undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context: Any) -> str:
    """HTML from a template; every value is escaped, so typed text stays text."""
    return _templates.get_template(template).render(**context)


@lru_cache(maxsize=1)
def css() -> str:
    return SCREEN_CSS.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def page_script() -> str:
    """The page's own script: the kernel's heartbeat watch, and typing ahead while a form is being saved."""
    return PAGE_SCRIPT.read_text(encoding="utf-8")


class Unavailable:
    """What a screen shows when its store cannot be opened (a data folder that cannot be written, a region's
    database out of reach or an account it does not know): the reason, as a person can act on it."""

    def __init__(self, error: UserError, lang: Optional[str] = None):
        _ = translator(language(lang or os.environ.get("KIT_LANG")))  # no evening to take the language from
        self.root = w.HTML(f"<style>{css()}</style>" + render("unavailable.html", title=_(
            "The evenings cannot be opened."), text=error.text(_)))
        self.root.add_class("kit-root")


def button(label: str, on_click: Callable[[], Any], style: str = "", cls: str = "", tip: str = "") -> w.Button:
    b = w.Button(description=label, button_style=style, tooltip=tip or label)
    if cls:
        b.add_class(cls)
    b.on_click(lambda _b: after_typing(on_click))
    return b


_form_numbers = itertools.count(1)
_typed_at = [-1e9]  # when a field's value last reached this kernel (one screen per kernel)


def typed(_change: Any = None) -> None:
    _typed_at[0] = time.monotonic()


def after_typing(action: Callable[[], Any]) -> None:
    """Run `action` once what was typed just before it has reached the kernel.

    The browser holds back a field's newest value while the kernel is busy with the previous one,
    but sends Enter and clicks at once, so they can overtake the last keystrokes. Right after
    typing, wait until the field has been quiet for a moment; otherwise act at once.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # driven from Python (tests): values are already there
        action()
        return
    asked = time.monotonic()

    def when_quiet() -> None:
        now = time.monotonic()
        quiet = now - _typed_at[0]
        if quiet < SETTLE_SECONDS and now - asked < SETTLE_MAX_SECONDS:
            loop.call_later(SETTLE_SECONDS - quiet, when_quiet)
            return
        action()
    when_quiet()


def text_field(placeholder: str, on_submit: Callable[[str], Any], cls: str = "", width: str = "100%") -> w.Text:
    """A one-line field that saves on Enter (never on leaving it) and then clears itself."""
    field = w.Text(placeholder=placeholder, layout=w.Layout(width=width))
    if cls:
        field.add_class(cls)
    Form({"text": field}, lambda values: on_submit(values["text"]), required="text")  # kept by the field's handler
    return field


class Form:
    """Fields saved together as one item: Enter in any one-line field, or the button, saves once.

    Leaving a field (Tab) saves nothing. Values reach the kernel as they are typed, so Enter and a
    click both see every field. A repeated click or Enter right after a save is ignored.
    """

    def __init__(self, fields: dict[str, w.Widget], save: Callable[[dict[str, Any]], Any], required: str,
                 empty_message: str = "", say: Optional[Callable[..., None]] = None, keep: tuple[str, ...] = ()):
        self.fields, self.save, self.required = fields, save, required
        self.empty_message, self.say, self.keep = empty_message, say, keep
        self.saved_at = -REPEAT_SECONDS
        mark = f"kit-form-{next(_form_numbers)}"  # the page's script (static/page.js) finds a form's fields by it
        for field in fields.values():
            if isinstance(field, w.Text):  # Combobox too
                field.continuous_update = True
                field.on_msg(self._message)
            field.observe(typed, "value")
            field.add_class(mark)
        fields[required].add_class("kit-form-required")
        first = next(iter(fields))
        if first not in keep:  # saving clears it: what is typed right after Enter belongs to the next entry
            fields[first].add_class("kit-form-clears")

    def _message(self, _widget: w.Widget, content: dict, _buffers: Any) -> None:
        if content.get("event") == "submit":
            after_typing(self.submit)

    def values(self) -> dict[str, Any]:
        return {key: field.value for key, field in self.fields.items()}

    def submit(self) -> None:
        values = self.values()
        if not str(values[self.required] or "").strip():
            if time.monotonic() - self.saved_at > REPEAT_SECONDS and self.say and self.empty_message:
                self.say(self.empty_message, error=True)
            return
        if self.save(values) is False:
            return
        self.saved_at = time.monotonic()
        for key, field in self.fields.items():
            if key not in self.keep:
                field.value = False if isinstance(field.value, bool) else ("" if isinstance(field.value, str) else field.value)
        first = next(iter(self.fields.values()))
        if hasattr(first, "focus"):
            first.focus()


def download_link(label: str, filename: str, data: bytes, mime: str) -> Markup:
    """A link that downloads `data` from the page itself: no file serving needed."""
    href = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    return Markup(render("download.html", label=label, filename=filename, href=href))


class Screen:
    name = ""
    needs_evening = True
    # a screen a person works in keeps its evening when another is chosen elsewhere, and offers to switch: the
    # door's check-in must not move to another evening under the name being typed
    keeps_evening = True
    speaks_to_the_room = False  # the projector: it keeps the evening's language, whatever the facilitator reads

    def __init__(self, store: Store, lang: Optional[str] = None):
        self.store = store
        self.chosen_lang = lang
        self.evening_id = store.current_evening()
        self.ev: Optional[Evening] = None
        self.live = LiveState()
        self.removed: Optional[Removed] = None  # the last delete on this screen, for undo
        self.updating = False
        self.beat = 0
        self.revision = -1
        self.dark = False
        self.root = w.VBox(layout=w.Layout(width="100%"))
        self.root.add_class("kit-root")
        self.message = w.HTML()
        self.message.add_class("kit-message")
        self.undo_button = w.Button(layout=w.Layout(display="none"))
        self.undo_button.add_class("kit-undo")
        self.undo_button.on_click(lambda _b: self.undo())
        self.heartbeat = w.HTML()
        self.heartbeat.add_class("kit-heartbeat")
        self.projector: Optional[w.Dropdown] = None
        self._task: Optional[asyncio.Task] = None
        self.in_use = False  # a browser shows this screen (not one built ahead in Voilà's pool, nor a test)
        self.other_evening: Optional[str] = None  # chosen elsewhere, offered here
        self.switch_text = w.HTML()
        self.switch_notice = w.HBox([self.switch_text], layout=w.Layout(display="none", align_items="center"))
        self.switch_notice.add_class("kit-switch-notice")
        self.build()

    # language and building
    @property
    def lang(self) -> str:
        """The screens' language: chosen in this screen, else switched to in any screen for this evening (screens
        opened later follow it), else the evening's."""
        if self.chosen_lang:
            return language(self.chosen_lang)
        switched = self.store.setting(f"language:{self.evening_id}") \
            if self.evening_id and not self.speaks_to_the_room else ""
        ev = None if switched else self.evening()
        return language(switched or (ev.evening.language if ev else None))

    def evening(self) -> Optional[Evening]:
        if self.evening_id is None:
            return None
        try:
            return self.store.load(self.evening_id)
        except EveningNotFound:
            return None

    def build(self) -> None:
        """(Re)build the whole screen: on start, a language switch or another evening chosen."""
        self.built_lang = self.lang
        self._ = translator(self.built_lang)
        ev = self.ev = self.evening()
        self.revision = self.store.revision(self.evening_id) if self.evening_id else 0
        self.live = self.store.live(self.evening_id) if self.evening_id else LiveState()
        self.has_body = ev is not None or not self.needs_evening
        self.built_with_evening = ev is not None  # an evening that appears or goes needs other widgets
        body = self.body(ev) if self.has_body else [self.no_evening()]
        self.undo_button.description = self._("Undo")
        self.heartbeat.value = render("heartbeat.html", text=self._("Disconnected – reload the page"), beat=0)
        # a region's coordinator reads every screen but may change nothing: said before they type, not after
        read_only = [w.HTML(render("message.html", text=self._(COORDINATOR_READS_ONLY), error=False))
                     ] if self.store.coordinator else []
        self.root.children = [w.HTML(f"<style>{css()}</style>" + render("watch.html", script=page_script())),
                              self.heartbeat, self.header(ev), self.switch_notice, *read_only,
                              w.HBox([self.message, self.undo_button], layout=w.Layout(align_items="center")), *body]
        if ev is not None:
            self.show(ev)

    def show(self, ev: Evening) -> None:
        """refresh() with the store's writes muted: showing a stored value must not save it again."""
        self.updating = True
        try:
            if self.projector is not None:
                self.projector.value = self.live.phase
            self.refresh(ev)
        finally:
            self.updating = False

    def header(self, ev: Optional[Evening]) -> w.Widget:
        _ = self._
        nav = render("nav.html", screens=[(name, _(label), name == self.name) for name, label in SCREENS])
        brand = render("brand.html", title=ev.evening.title if ev else "", date=short_date(ev.evening.date) if ev else "")
        langs = w.ToggleButtons(options=[(c.upper(), c) for c in LANGUAGES], value=self.lang,
                                tooltips=[LANGUAGE_NAMES[c] for c in LANGUAGES],
                                style={"button_width": "3em"})
        langs.add_class("kit-lang")
        langs.observe(lambda c: self.switch_language(c["new"]), "value")
        theme = w.ToggleButton(value=self.dark, description="", icon="moon", tooltip=_("Dark theme"),
                               layout=w.Layout(width="3em"))
        theme.add_class("kit-theme")
        theme.observe(lambda c: self.set_dark(c["new"]), "value")
        parts: list[w.Widget] = [w.HTML(brand, layout=w.Layout(flex="1 1 auto", min_width="0"))]
        self.projector = None
        if ev is not None:  # what the audience sees now, chosen from any screen
            self.projector = w.Dropdown(options=[(_(PHASE_LABELS[p]), p) for p in PHASES], value=self.live.phase,
                                        layout=w.Layout(width="12em"))
            self.projector.add_class("kit-phase")
            self.projector.observe(lambda c: self.change_live(live_ops.set_phase, c["new"]), "value")
            parts += [w.HTML(render("projector_link.html", label=_("On the projector:"), open=_("Open ↗"),
                                    tip=_("Open the projector view in a new window; move it to the projector "
                                          "and press F11"))), self.projector]
        top = w.HBox([*parts, langs, theme])  # the controls beside the title, so the screens' links fit one row
        top.add_class("kit-header-top")
        box = w.VBox([top, w.HTML(nav)])
        box.add_class("kit-header")
        return box

    def switch_language(self, lang: str) -> None:
        """Labels come in the new language; what was typed and not yet saved stays in its field."""
        typed = {key: field.value for key, field in self.text_fields().items() if field.value}
        self.chosen_lang = lang
        if self.evening_id:
            self.store.set_setting(f"language:{self.evening_id}", lang)
        self.build()
        self.updating = True  # putting typed text back is not a save
        try:
            for key, field in self.text_fields().items():
                if key in typed and typed[key] != field.value:
                    field.value = typed[key]
        finally:
            self.updating = False

    def text_fields(self) -> dict[str, w.Widget]:
        """The screen's text fields by their kit-* class (a field's name that survives a rebuild)."""
        found: dict[str, w.Widget] = {}
        todo: list[w.Widget] = [self.root]
        while todo:
            widget = todo.pop()
            todo += list(getattr(widget, "children", ()))
            if isinstance(widget, (w.Text, w.Textarea)):
                names = [c for c in widget._dom_classes if c.startswith("kit-")]
                if names:
                    found.setdefault(names[0], widget)
        return found

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
        """Run one change in one transaction; show a message instead of raising.

        A delete can be undone from the message line; a save from a form older than the stored data
        is refused and the screen shows the newer data.
        """
        return self._run(self.store.change, op, *args, **kwargs)

    def change_live(self, op: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Change the live state (phase, speaker, timers) that every screen and the projector share."""
        return self._run(self.store.change_live, op, *args, **kwargs)

    def _run(self, change: Callable[..., Any], op: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self.evening_id is None or self.updating:
            return None
        try:
            result = change(self.evening_id, op, *args, **kwargs)
        except StaleEdit as err:
            self.revision = -1  # show the newer data, forms included
            self.poll(forms=True)
            self.say(err.text(self._), error=True)
            return False
        except InputError as err:
            self.say(err.text(self._), error=True)
            return False
        except EveningNotFound:
            self.say(self._("This evening was removed."), error=True)
            return False
        self.say("")
        if isinstance(result, Removed):
            self.removed = result
            self.say(self._("Removed."))
            self.undo_button.layout.display = None
        self.poll()
        return result

    def undo(self) -> None:
        removed, self.removed = self.removed, None
        self.undo_button.layout.display = "none"
        if removed is not None and self.do(restore, removed) is not False:
            self.say(self._("Put back."))

    def fill_forms(self, ev: Evening) -> None:
        """Fill the edit forms from the stored evening (after a refused stale save)."""

    def offer(self, target: w.HTML, filename: str, data: bytes, mime: str, warnings: list[str]) -> None:
        """Save a document beside the data and show its name, size, place and a download link."""
        path = self.store.save_output(filename, data)
        target.value = render("document.html", link=download_link(self._("Download"), path.name, data, mime),
                              name=path.name, size=f"{len(data) / 1024:.0f} kB", where=str(path),
                              saved=self._("Saved in"), warnings=warnings)
        self.say(self._("Ready: {name}").format(name=path.name))

    def say(self, text: str, error: bool = False) -> None:
        self.message.value = render("message.html", text=text, error=error) if text else ""
        self.undo_button.layout.display = "none"  # undo is offered only right after a delete

    # live updates
    def watched_evening(self) -> Optional[str]:
        """The evening this screen follows: the one chosen on the start screen."""
        return self.store.current_evening()

    def poll(self, forms: bool = False) -> None:
        current = self.watched_evening()
        if current != self.evening_id:
            if not (self.in_use and self.keeps_evening and current and self.evening_id and
                    self.store.exists(self.evening_id)):
                self.follow(current)
                return
            self.offer_evening(current)
        elif self.other_evening is not None:  # chosen back: nothing to offer
            self.other_evening = None
            self.switch_notice.layout.display = "none"
        current = self.evening_id
        revision = self.store.revision(current) if current else 0
        if revision != self.revision:
            self.revision = revision
            self.ev = self.evening()
            self.live = self.store.live(current) if current else LiveState()
            if (self.ev is not None) != self.built_with_evening:
                self.build()
            elif self.ev is not None:
                self.show(self.ev)
                if forms:
                    self.fill_forms(self.ev)

    def follow(self, evening_id: Optional[str]) -> None:
        self.evening_id, self.other_evening, self.removed = evening_id, None, None
        self.switch_notice.layout.display = "none"
        self.build()

    def offer_evening(self, evening_id: str) -> None:
        """Say that another evening was chosen elsewhere, with a button to switch to it."""
        if evening_id == self.other_evening:
            return
        self.other_evening = evening_id
        _ = self._
        title = self.store.load(evening_id).evening.title
        self.switch_text.value = render("message.html", error=False, text=_(
            "The evening “{title}” was chosen on another screen. This one stays on this evening until you switch."
        ).format(title=title))
        switch = button(_("Switch to it"), lambda: self.follow(evening_id), "warning", "kit-switch-evening")
        self.switch_notice.children = [self.switch_text, switch]
        self.switch_notice.layout.display = None

    def beat_heart(self) -> None:
        """Tell the page the kernel is alive (the page says "Disconnected" when this stops)."""
        beat = int(time.monotonic() / HEARTBEAT_SECONDS)
        if beat != self.beat:
            self.beat = beat
            self.heartbeat.value = render("heartbeat.html", text=self._("Disconnected – reload the page"), beat=beat)

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
                if self.watched_evening() != self.evening_id:
                    self.poll()
                elif self.lang != self.built_lang:  # switched in another screen meanwhile
                    self.build()
        self.in_use = True
        if self.lang != self.built_lang:
            self.build()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                self.poll()
                self.beat_heart()
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
