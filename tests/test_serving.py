"""The screens only the facilitator reaches: loopback Host names, a secret in the address, a bounded number of
kernels, no frames that upstream's parser loops on; and Voilà lives exactly as long as `kit start`."""
from __future__ import annotations

import asyncio
import http.client
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from kit.app import serving
from kit.app.cli import wait_for_port

from .conftest import CHROMIUM_ARGS, chromium_path, free_port, screen_url, secrets, start_kit

pytestmark = pytest.mark.slow


def kernels(proc: subprocess.Popen) -> list[psutil.Process]:
    return [p for p in psutil.Process(proc.pid).children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


def get(base: str, path: str, host: str | None = None) -> http.client.HTTPResponse:
    """A GET without following redirects, optionally with another Host header (as DNS rebinding sends)."""
    port = int(base.split(":")[2].split("/")[0])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = conn.getresponse()
    response.read()
    return response


@pytest.fixture(scope="module")
def cold_server(tmp_path_factory):
    """`kit start --no-preheat`, so every kernel there is one a request started."""
    data = tmp_path_factory.mktemp("data")
    proc, base = start_kit(data, "--no-preheat")
    yield proc, base
    proc.terminate()
    proc.wait(20)


def test_without_the_secret_a_screen_asks_to_log_in_and_starts_no_kernel(cold_server):
    proc, base = cold_server
    path = "/voila/render/start.ipynb"
    for query in ("", "?token=wrong", "?token="):
        response = get(base, path + query)
        assert response.status == 302 and response.headers["Location"].startswith("/login")
    assert kernels(proc) == []
    assert get(base, "/voila/render/start.ipynb?token=" + secrets[base]).status == 200
    assert len(kernels(proc)) == 1


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.nip.io", "192.168.1.10"])
def test_a_host_that_is_not_this_laptop_is_refused(cold_server, host):
    proc, base = cold_server
    port = base.split(":")[2].split("/")[0]
    before = len(kernels(proc))
    assert get(base, "/voila/render/start.ipynb?token=" + secrets[base], host=f"{host}:{port}").status == 403
    assert get(base, "/login", host=f"{host}:{port}").status == 403
    assert len(kernels(proc)) == before


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_the_loopback_names_are_let_in(cold_server, host):
    _proc, base = cold_server
    port = base.split(":")[2].split("/")[0]
    assert get(base, "/login", host=f"{host}:{port}").status == 200


def test_the_number_of_kernels_is_bounded(tmp_path):
    port = free_port()
    env = dict(os.environ, JUPYTER_TOKEN="s3cret", KIT_DATA=str(tmp_path))
    proc = subprocess.Popen(serving.voila_command(port, preheat=False) + ["--BoundedKernelManager.max_kernels=1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for_port(port, 60, proc)
        base = f"http://127.0.0.1:{port}/voila/render"
        assert get(base, "/voila/render/start.ipynb?token=s3cret").status == 200
        assert get(base, "/voila/render/checkin.ipynb?token=s3cret").status == 503
        assert len(kernels(proc)) == 1
    finally:
        proc.terminate()
        proc.wait(20)


def test_a_screen_whose_page_closed_gives_its_kernel_back(cold_server):
    """Each page load, reload or visit to another screen starts a kernel; one whose page is gone must end, or an
    evening of moving between screens fills the bound and the next screen gets 503 (seen after 16 screens)."""
    from tornado.websocket import websocket_connect
    proc, base = cold_server
    before = {k.pid for k in kernels(proc)}
    html = get_text(screen_url(base, "checkin"))
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', html).group(1)
    (mine,) = [k for k in kernels(proc) if k.pid not in before]
    channels = f"{base.split('/voila')[0].replace('http', 'ws')}/api/kernels/{kernel_id}/channels?token={secrets[base]}"

    async def visit() -> None:  # the page connects to its kernel, then the facilitator moves on
        ws = await websocket_connect(channels, subprotocols=[serving.V1])
        await asyncio.sleep(1)
        ws.close()
    asyncio.run(visit())
    assert mine.is_running()  # a dropped connection has a moment to come back
    mine.wait(timeout=serving.BoundedKernelManager.unwatched_seconds.default_value + 20)
    assert mine.pid not in {k.pid for k in kernels(proc)}


def get_text(url: str) -> str:
    import urllib.request
    return urllib.request.urlopen(url, timeout=90).read().decode()


def v1_frame(channel: str, parts: list[bytes]) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1
    return serialize_msg_to_ws_v1(parts, channel)


def test_frames_that_make_the_upstream_parser_loop_are_dropped():
    legacy = struct.pack("!i", 2**31 - 1) + b"{}"  # "two billion buffers": jupyter_server builds a format that long
    assert not serving.frame_is_sound(legacy, None)
    huge_count = struct.pack("<Q", 2**62) + b"shell"
    assert not serving.frame_is_sound(huge_count, serving.V1)
    assert not serving.frame_is_sound(b"\x01", serving.V1)
    assert serving.frame_is_sound(v1_frame("shell", [b"{}", b"{}", b"{}", b"{}", b"buffer"]), serving.V1)
    started = time.perf_counter()
    for frame in (legacy, huge_count):
        serving.frame_is_sound(frame, serving.V1)
    assert time.perf_counter() - started < 0.01


def peak_rss_mb(proc: psutil.Process) -> float:
    status = Path(f"/proc/{proc.pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


@pytest.mark.skipif(sys.platform != "linux", reason="reads the peak memory from /proc")
def test_crafted_frames_on_a_kernel_socket_neither_swell_nor_stall_voila(cold_server):
    """Without the guard these frames cost Voilà 300-600 MB each (and with larger counts, all the memory there is)."""
    import urllib.request

    from tornado.websocket import websocket_connect
    proc, base = cold_server
    html = urllib.request.urlopen(screen_url(base, "start"), timeout=90).read().decode()
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', html).group(1)
    voila = next(p for p in psutil.Process(proc.pid).children() if "kit.app.serving" in " ".join(p.cmdline()))
    before = peak_rss_mb(voila)
    channels = f"{base.split('/voila')[0].replace('http', 'ws')}/api/kernels/{kernel_id}/channels?token={secrets[base]}"

    async def send() -> None:
        for subprotocols, frame in ((None, struct.pack("!i", 20_000_000) + b"{}"),
                                    ([serving.V1], struct.pack("<Q", 20_000_000) + b"shell")):
            ws = await websocket_connect(channels, subprotocols=subprotocols)
            await ws.write_message(frame, binary=True)
            await asyncio.sleep(1)
            ws.close()
    asyncio.run(send())
    started = time.perf_counter()
    assert get(base, "/login").status == 200 and time.perf_counter() - started < 2
    assert peak_rss_mb(voila) - before < 100


def test_killing_kit_start_takes_voila_and_its_kernels_along(tmp_path):
    proc, base = start_kit(tmp_path, "--no-preheat")
    assert get(base, "/voila/render/start.ipynb?token=" + secrets[base]).status == 200
    family = psutil.Process(proc.pid).children(recursive=True)
    assert len(kernels(proc)) == 1 and len(family) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait(5)
    _gone, alive = psutil.wait_procs(family, timeout=10)
    alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == []
    port = int(base.split(":")[2].split("/")[0])
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # the port is free for the next evening


def test_a_taken_port_is_refused_with_a_clear_message_in_the_users_language(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        for lang, words in (("fi_FI.UTF-8", f"Portti {port} on toisen ohjelman käytössä"),
                            ("sv_FI.UTF-8", f"Port {port} används av ett annat program"),
                            ("C.UTF-8", f"Port {port} is in use by another program")):
            done = subprocess.run([sys.executable, "-m", "kit.app.cli", "start", "--no-browser", "--port", str(port),
                                   "--data", str(tmp_path)], capture_output=True, text=True, timeout=60,
                                  env=dict(os.environ, LANG=lang, LC_ALL="", LC_MESSAGES="", KIT_LANG=""))
            assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr
            assert "http://" not in done.stdout  # no address printed for a server that is not ours


def test_a_left_over_voila_named_in_the_pid_file_is_stopped(tmp_path):
    """Where there is no parent-death signal (Windows, macOS), the next `kit start` stops what the pid file names."""
    # The sleeper says when it runs: just after Popen, a busy machine may not have shown its command line yet.
    sleeper = [sys.executable, "-c", "import time; print(flush=True); time.sleep(60)"]
    ours = subprocess.Popen(sleeper + ["kit.app.serving"], stdout=subprocess.PIPE)
    ours.stdout.readline()
    serving.write_pid_file(tmp_path, ours.pid)
    assert serving.stop_left_over(tmp_path) is True
    assert ours.wait(10) is not None and not (tmp_path / "voila.pid").exists()
    stranger = subprocess.Popen(sleeper, stdout=subprocess.PIPE)  # a reused pid belongs to someone else: left alone
    stranger.stdout.readline()
    try:
        serving.write_pid_file(tmp_path, stranger.pid)
        assert serving.stop_left_over(tmp_path) is False and stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()


@pytest.mark.browser
def test_with_the_secret_the_screen_renders_in_chromium_and_without_it_does_not(cold_server):
    from playwright.sync_api import sync_playwright
    _proc, base = cold_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(screen_url(base, "checkin"))
        page.wait_for_selector(".kit-root .kit-header", timeout=90_000)
        stranger = browser.new_page()  # another context: no cookie from the facilitator's tab
        stranger.goto(f"{base}/checkin.ipynb")
        stranger.wait_for_load_state()
        assert "/login" in stranger.url and stranger.locator(".kit-root").count() == 0
        browser.close()
