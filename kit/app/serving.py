"""The screens' Voilà server: started by `kit start` as `python -m kit.app.serving`, set up by voila/voila.json.

What voila.json cannot say is here: Voilà stops when `kit start` dies, a bounded number of kernels (and a
kernel goes when its page has gone), and kernel frames that the upstream parsers would choke on never reach them (docs/upstream-notes.md).
"""
from __future__ import annotations

import os
import signal
import struct
import sys
from pathlib import Path

import psutil

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.ioloop import IOLoop
from traitlets import Float, Integer

from kit.resources import NOTEBOOKS, VOILA_CONFIG

V1 = "v1.kernel.websocket.jupyter.org"
PARENT_PID = "KIT_PARENT_PID"  # set by `kit start` for its Voilà


def voila_command(port: int, preheat: bool = True) -> list[str]:
    """Everything else (loopback only, no sources, the secret, culling) is in voila/voila.json."""
    return [sys.executable, "-m", "kit.app.serving", str(NOTEBOOKS), f"--port={port}",
            f"--Voila.config_file_paths={VOILA_CONFIG}", f"--preheat_kernel={preheat}"]


def frame_is_sound(frame: bytes, subprotocol: str | None) -> bool:
    """Whether a binary kernel frame may reach jupyter_server's parser. A legacy frame is never needed (the
    widgets speak v1); a v1 frame must hold the offset table it announces, else the parser loops building it."""
    if subprotocol != V1 or len(frame) < 8:
        return False
    count = struct.unpack_from("<Q", frame)[0]
    return 2 <= count and 8 * (count + 1) <= len(frame)


class GuardedConnection(ZMQChannelsWebsocketConnection):
    def handle_incoming_message(self, incoming_msg) -> None:
        if isinstance(incoming_msg, bytes) and not frame_is_sound(incoming_msg, self.subprotocol):
            self.log.warning("Dropped a binary kernel frame that the parser cannot take (%d bytes)", len(incoming_msg))
            return
        super().handle_incoming_message(incoming_msg)


class BoundedKernelManager(AsyncMappingKernelManager):
    max_kernels = Integer(20, config=True, help="Kernels running at once; beyond this a screen gets 503.")
    unwatched_seconds = Float(10, config=True, help="A kernel whose page closed is shut down after this long "
                                                    "without a connection.")
    _starting = 0

    def notify_disconnect(self, kernel_id: str) -> None:
        """Every page load starts its own kernel (a reload too) and a screen's kernel never goes idle (its
        clocks tick), so culling never ends it: without this, moving between screens all evening piles up
        kernels until new screens get 503. The short wait lets a dropped websocket reconnect."""
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id) == 0:
            IOLoop.current().call_later(self.unwatched_seconds, self._end_if_unwatched, kernel_id)

    def _end_if_unwatched(self, kernel_id: str) -> None:
        if kernel_id in self and self._kernel_connections.get(kernel_id) == 0:
            self.log.info("Shutting down kernel %s: its page has closed", kernel_id)
            IOLoop.current().add_callback(self.shutdown_kernel, kernel_id)

    async def start_kernel(self, *args, **kwargs):
        if len(self.list_kernel_ids()) + self._starting >= self.max_kernels:
            raise web.HTTPError(503, "Too many screens are open; close some tabs.")
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1


def stop_with_parent() -> None:
    """On Linux the kernel sends us SIGTERM when `kit start` dies, even by kill -9; elsewhere `kit start` finds
    a left-over Voilà by its pid file. Voilà's kernels follow Voilà (ipykernel polls its parent)."""
    parent = int(os.environ.get(PARENT_PID, "0"))
    if sys.platform != "linux" or not parent:
        return
    try:
        import ctypes
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # a libc without prctl: the pid file still works
        return
    if os.getppid() != parent:  # `kit start` died before prctl took effect
        sys.exit(0)


def _pid_file(data_dir: Path) -> Path:
    return Path(data_dir) / "voila.pid"


def write_pid_file(data_dir: Path, pid: int) -> None:
    """The pid and start time of this evening's Voilà, so a later `kit start` can tell it from a reused pid."""
    _pid_file(data_dir).write_text(f"{pid} {psutil.Process(pid).create_time()}", encoding="ascii")


def remove_pid_file(data_dir: Path) -> None:
    _pid_file(data_dir).unlink(missing_ok=True)


def stop_left_over(data_dir: Path) -> bool:
    """Stop a Voilà (and its kernels) left running by a `kit start` that was killed; whether there was one."""
    try:
        pid, started = _pid_file(data_dir).read_text(encoding="ascii").split()
        voila = psutil.Process(int(pid))
        # a start time within a second: it is read off the wall clock, which NTP may have set since
        ours = abs(voila.create_time() - float(started)) < 1 and "kit.app.serving" in " ".join(voila.cmdline())
    except (OSError, ValueError, psutil.Error):
        ours = False
    remove_pid_file(data_dir)
    if not ours:
        return False
    try:
        family = [voila, *voila.children(recursive=True)]
    except psutil.Error:
        return False
    for proc in family:
        try:
            proc.terminate()
        except psutil.Error:
            pass
    _gone, alive = psutil.wait_procs(family, timeout=10)
    for proc in alive:
        try:
            proc.kill()
        except psutil.Error:
            pass
    return True


def main() -> None:
    stop_with_parent()
    from voila.app import main as voila
    sys.exit(voila())


if __name__ == "__main__":
    main()
