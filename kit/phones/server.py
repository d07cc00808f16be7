"""The capture page and its small JSON API, on the laptop's Wi-Fi address with `kit start --lan`.

One light page served by tornado in the `kit start` process: a phone costs a
keep-alive connection, not a kernel. Only capture actions of the evening open on
the projector are reachable, each with the join code; there is no file serving
(the page's three files are named one by one), no facilitator screen, no
names or e-mails. An input is acknowledged only after its transaction is on disk.

Run alone (tests, benchmarks): python -m kit.capture_server --data DIR --port N [--host H]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
from collections import Counter
from functools import lru_cache
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import tornado.httpserver
import tornado.web
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kit.phones import rules
from kit.i18n import N_, N_plural, UserError, language, translator
from kit.core.model import LANGUAGES
from kit.core.store import EveningNotFound, Store, open_store
from kit.resources import PHONE_PAGE

PAGE = PHONE_PAGE
ASSETS = {"capture.js": "text/javascript; charset=utf-8", "capture.css": "text/css; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_page = Environment(loader=FileSystemLoader(PAGE), autoescape=True, undefined=StrictUndefined)


class Limits:
    """Requests a second per device and per address; wrong join codes and new device ids a minute per address."""

    def __init__(self, device_rate: float = 5, device_burst: float = 20, ip_rate: float = 100,
                 ip_burst: float = 300, wrong_codes_per_minute: float = 10, new_devices_per_minute: float = 10):
        self.device = rules.RateLimiter(device_rate, device_burst)
        self.ip = rules.RateLimiter(ip_rate, ip_burst)
        self.wrong_code = rules.RateLimiter(wrong_codes_per_minute / 60, wrong_codes_per_minute)
        self.new_device = rules.RateLimiter(new_devices_per_minute / 60, new_devices_per_minute)


class Writer:
    """Group commit: requests that arrive while the disk flushes the previous batch go in the next one.

    The writes run in one thread with its own connection, so the page keeps answering while the disk
    works; each request is answered only after the transaction holding it is on disk.
    """

    def __init__(self, store: Store):
        self.store = store.reopen()  # its own connection (the laptop's SQLite file, or the region's pool)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="capture-writer")
        self.pending: list[tuple[str, str, Callable[[Any, dict], dict], asyncio.Future]] = []
        self.busy = False

    async def submit(self, evening_id: str, key: str, fn: Callable[[Any, dict], dict]) -> tuple[dict, bool]:
        future = asyncio.get_running_loop().create_future()
        self.pending.append((evening_id, key, fn, future))
        if not self.busy:
            self.busy = True
            asyncio.get_running_loop().create_task(self.drain())
        return await future

    async def drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self.pending:
                batch, self.pending = self.pending, []
                for evening_id in dict.fromkeys(item[0] for item in batch):
                    items = [item for item in batch if item[0] == evening_id]
                    try:
                        results = await loop.run_in_executor(self.pool, self.store.capture_batch, evening_id,
                                                             [(key, fn) for _e, key, fn, _f in items])
                    except Exception as err:  # nothing of this batch was stored; each phone will retry
                        results = [err] * len(items)
                    for (_e, _k, _fn, future), result in zip(items, results):
                        if isinstance(result, Exception):
                            future.set_exception(result)
                        else:
                            future.set_result(result)
        finally:
            self.busy = False


WRONG_CODE = N_("The join code is not right, or it has been changed. Ask for the new code.")
NOT_FROM_PAGE = N_("Send from the capture page itself.")
TOO_MANY = N_("Too many requests. Wait a moment and try again.")


class Refused(UserError):
    """A request refused with an HTTP status other than 400 (bad input)."""

    def __init__(self, status: int, msgid: str, **params: Any):
        super().__init__(msgid, **params)
        self.status = status


class Base(tornado.web.RequestHandler):
    store: Store
    limits: Limits
    writer: Writer

    def initialize(self, store: Store, limits: Limits, writer: Writer) -> None:
        self.store, self.limits, self.writer = store, limits, writer

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def lang(self) -> str:
        asked = self.get_query_argument("lang", "") or self.request.headers.get("X-Kit-Lang", "")
        if asked in LANGUAGES:
            return asked
        accepted = self.request.headers.get("Accept-Language", "")
        return next((c for c in (p.strip()[:2].lower() for p in accepted.split(",")) if c in LANGUAGES),
                    language(None))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.refuse(status_code, UserError(N_("Not found.") if status_code == 404 else N_("Something went wrong.")))

    def refuse(self, status: int, err: UserError, join_again: bool = False) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        answer = {"error": err.text(translator(self.lang()))}
        if join_again:  # the phone asks for a new device id by itself, with the code it has
            answer["join"] = True
        self.finish(json.dumps(answer, ensure_ascii=False))

    def answer(self, data: dict) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(data, ensure_ascii=False))

    def address(self) -> str:
        return self.request.remote_ip or "?"

    def check_rate(self) -> None:
        if not self.limits.ip.allow(self.address()):
            raise Refused(429, TOO_MANY)

    def check_code(self, evening_id: Optional[str]) -> str:
        """The evening this request's join code opens: only the one on the projector, only with its code."""
        address = self.address()
        if self.limits.wrong_code.blocked(address):
            raise Refused(429, N_("Too many wrong codes. Wait a minute and try again."))
        current = self.store.live_evening()
        given = self.request.headers.get("X-Join-Code", "")
        if current is None or (evening_id is not None and evening_id != current) or \
                not rules.code_matches(given, rules.join_code(self.store, current)):
            self.limits.wrong_code.allow(address)
            raise Refused(403, WRONG_CODE)
        return current

    async def guard(self, action: Any, *args: Any) -> None:
        try:
            self.check_rate()
            done = action(*args)
            if asyncio.iscoroutine(done):
                await done
        except rules.UnknownDevice as err:
            self.refuse(403, err, join_again=True)
        except EveningNotFound:
            self.refuse(403, UserError(WRONG_CODE))
        except UserError as err:
            self.refuse(getattr(err, "status", 400), err)


class PageHandler(Base):
    async def get(self) -> None:
        await self.guard(self.page)

    def page(self) -> None:
        lang = self.lang()
        _ = translator(lang)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(_page.get_template("capture.html").render(_=_, lang=lang, texts=page_texts(lang)))


class AssetHandler(Base):
    def get(self, name: str) -> None:
        self.set_header("Content-Type", ASSETS[name])
        self.set_header("Cache-Control", "max-age=300")
        self.finish(asset(name))


class JoinHandler(Base):
    async def get(self) -> None:
        await self.guard(self.join)

    def join(self) -> None:
        """The evening the code opens and this phone's device id: the one it has, or a new one."""
        evening_id = self.check_code(None)
        secret = rules.capture_secret(self.store)
        try:
            device = rules.check_device(secret, evening_id, self.get_query_argument("device", ""))
        except rules.UnknownDevice:
            if not self.limits.new_device.allow(self.address()):
                raise Refused(429, TOO_MANY) from None
            device = rules.issue_device(secret, evening_id, self.address())
        self.answer({"evening": evening_id, "device": device})


class StateHandler(Base):
    async def get(self, evening_id: str) -> None:
        await self.guard(self.state, evening_id)

    def state(self, evening_id: str) -> None:
        evening_id = self.check_code(evening_id)
        device = rules.check_device(rules.capture_secret(self.store), evening_id,
                                    self.get_query_argument("device", ""))
        revision = self.store.revision(evening_id)
        tag = f'"{revision}-{device}"'
        if self.request.headers.get("If-None-Match") == tag:
            self.set_status(304)
            self.finish()
            return
        ev, ledger = cached_evening(self.store, evening_id, revision)
        self.set_header("ETag", tag)
        self.answer(rules.public_state(ev, rules.Ledger.from_dict(ledger), device, revision))


class SubmitHandler(Base):
    async def post(self, evening_id: str) -> None:
        await self.guard(self.submit, evening_id)

    async def submit(self, evening_id: str) -> None:
        origin = self.request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.request.host:
            raise Refused(403, NOT_FROM_PAGE)
        if not self.request.headers.get("Content-Type", "").startswith("application/json"):
            raise Refused(415, NOT_FROM_PAGE)
        if len(self.request.body) > rules.BODY_MAX:
            raise Refused(413, N_("The text is too long ({n} characters, at most {limit})."),
                          n=len(self.request.body), limit=rules.BODY_MAX)
        evening_id = self.check_code(evening_id)
        try:
            body = json.loads(self.request.body)
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, NOT_FROM_PAGE) from None
        if not isinstance(body, dict):
            raise Refused(400, NOT_FROM_PAGE)
        device = rules.check_device(rules.capture_secret(self.store), evening_id, body.get("device"))
        key = rules.check_token(body.get("key"))
        rules.check_body(body)  # a malformed request is refused here, never inside another phone's transaction
        if not self.limits.device.allow(device):
            raise Refused(429, TOO_MANY)
        response, replayed = await self.writer.submit(evening_id, f"{evening_id}/{device}/{key}",
                                                      rules.change(device, body))
        self.answer({"ok": True, "replayed": replayed, **response})


class NotFound(Base):
    def prepare(self) -> None:
        self.refuse(404, UserError(N_("Not found.")))


@lru_cache(maxsize=None)
def asset(name: str) -> bytes:
    return (PAGE / name).read_bytes()


@lru_cache(maxsize=8)
def cached_evening(store: Store, evening_id: str, revision: int) -> tuple[Any, dict]:
    """Phones poll often; the evening is parsed once per revision, not once per phone."""
    return store.load(evening_id), store.capture_ledger(evening_id)


@lru_cache(maxsize=None)
def page_texts(lang: str) -> dict[str, str | list[str]]:
    """The messages the page's script shows, in the page's language."""
    _ = translator(lang)
    return {key: [_.ngettext(*msgid, 1), _.ngettext(*msgid, 2)] if isinstance(msgid, tuple) else _(msgid)
            for key, msgid in PAGE_MESSAGES.items()}


PAGE_MESSAGES = {
    "saved": N_("Saved"),
    "waiting": N_plural("{n} waiting to be sent – it goes as soon as the connection is back",
                        "{n} waiting to be sent – they go as soon as the connection is back"),
    "offline": N_("No connection to the laptop – trying again…"),
    "round": N_("Round {n}"),
    "now": N_("now"),
    "edit": N_("Edit"),
    "withdraw": N_("Withdraw"),
    "save": N_("Save"),
    "cancel": N_("Cancel"),
    "dots_left": N_("Dots left: {n}"),
    "add_dot": N_("Add a dot"),
    "take_dot": N_("Take a dot away"),
    "no_tables": N_("The facilitator has not set up the tables yet."),
    "no_ideas": N_("No ideas yet."),
    "thanks": N_("Thank you! You can change your feedback until the evening ends."),
    "votes": N_("dots"),
}


def make_app(store: Store, limits: Optional[Limits] = None) -> tornado.web.Application:
    args = {"store": store, "limits": limits or Limits(), "writer": Writer(store)}
    eid = r"([A-Za-z0-9._-]{1,80})"
    return tornado.web.Application([
        (r"/", PageHandler, args),
        (r"/(capture\.js|capture\.css)", AssetHandler, args),
        (r"/api/join", JoinHandler, args),
        (rf"/api/e/{eid}/state", StateHandler, args),
        (rf"/api/e/{eid}/submit", SubmitHandler, args),
    ], default_handler_class=NotFound, default_handler_args=args, xheaders=False, compress_response=True)


IDLE_SECONDS = 30  # a phone polls every 3 s; a connection silent this long is closed
BODY_SECONDS = 10  # to send a request's body (at most 64 kB)
CONNECTIONS_PER_ADDRESS = 20  # a browser opens about six; idle sockets must not use up the laptop's files


class CappedServer(tornado.httpserver.HTTPServer):
    """An HTTP server that closes connections beyond a number per address at once."""

    def initialize(self, *args: Any, per_address: int = CONNECTIONS_PER_ADDRESS, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.per_address, self.open = per_address, Counter()

    def handle_stream(self, stream: Any, address: Any) -> None:
        ip = address[0] if isinstance(address, tuple) and address else "0.0.0.0"  # as tornado's remote_ip
        if self.open[ip] >= self.per_address:
            logging.getLogger("kit.phones").warning("too many connections from %s; closing the newest", ip)
            stream.close()
            return
        self.open[ip] += 1
        super().handle_stream(stream, address)

    def on_close(self, server_conn: Any) -> None:
        ip = server_conn.context.remote_ip
        self.open[ip] -= 1
        if self.open[ip] <= 0:
            del self.open[ip]
        super().on_close(server_conn)


class Once(logging.Filter):
    """Lets each message through once: an error that repeats (out of files, a flood) is not a console flood."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        key = f"{record.name}:{record.msg}:{type(error).__name__}:{error}"[:300]
        if key in self.seen:
            return False
        if len(self.seen) < 1000:
            self.seen.add(key)
        return True


def more_open_files() -> None:
    """Raise this process's open-files limit to what the system allows (often 1,024 by default)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def listen(store: Store, host: str, port: int, limits: Optional[Limits] = None,
           idle_seconds: float = IDLE_SECONDS, per_address: int = CONNECTIONS_PER_ADDRESS) -> Any:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # a refused phone is not news on the console
    once = Once()
    for name in ("asyncio", "tornado.application", "tornado.general", "kit.phones"):
        logging.getLogger(name).addFilter(once)
    more_open_files()
    server = CappedServer(make_app(store, limits), max_body_size=rules.BODY_MAX * 4, per_address=per_address,
                          idle_connection_timeout=idle_seconds, body_timeout=BODY_SECONDS)
    server.listen(port, address=host)
    return server


async def serve_forever(data: Optional[str], host: str, port: int, limits: Limits, idle_seconds: float) -> None:
    listen(open_store(None, data), host, port, limits, idle_seconds)
    await asyncio.Event().wait()


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8867)
    parser.add_argument("--ip-rate", type=float, default=100, help="requests a second from one address")
    parser.add_argument("--new-devices", type=float, default=10, help="new device ids a minute from one address")
    parser.add_argument("--idle-seconds", type=float, default=IDLE_SECONDS, help="close connections silent so long")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve_forever(args.data, args.host, args.port, Limits(
            ip_rate=args.ip_rate, ip_burst=args.ip_rate * 3, new_devices_per_minute=args.new_devices),
            args.idle_seconds))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
