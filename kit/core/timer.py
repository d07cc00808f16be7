"""A countdown for speakers and café rounds; plain arithmetic on a monotonic clock."""
from __future__ import annotations

import io
import math
import struct
import time
import wave
from dataclasses import dataclass
from typing import Callable, Optional


@dataclass
class Countdown:
    seconds: float
    clock: Callable[[], float] = time.monotonic
    _ends_at: Optional[float] = None
    _left_when_paused: Optional[float] = None

    @property
    def running(self) -> bool:
        return self._ends_at is not None

    def remaining(self) -> float:
        if self._ends_at is not None:
            return self._ends_at - self.clock()
        return self.seconds if self._left_when_paused is None else self._left_when_paused

    def start(self) -> None:
        if not self.running:
            self._ends_at = self.clock() + self.remaining()

    def pause(self) -> None:
        if self.running:
            self._left_when_paused, self._ends_at = self.remaining(), None

    def reset(self, seconds: Optional[float] = None) -> None:
        self.seconds = self.seconds if seconds is None else seconds
        self._ends_at = self._left_when_paused = None

    def add(self, seconds: float) -> None:
        if self._ends_at is not None:
            self._ends_at += seconds
        else:
            self._left_when_paused = self.remaining() + seconds

    @property
    def finished(self) -> bool:
        return self.remaining() <= 0


def mmss(seconds: float) -> str:
    """12:05, and −0:07 once time is over (so the facilitator sees the overrun)."""
    whole = math.ceil(seconds) if seconds > 0 else math.floor(seconds)
    sign = "−" if whole < 0 else ""
    whole = abs(whole)
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def chime(rate: int = 22050) -> bytes:
    """A three-note chime as WAV bytes: the end-of-round signal, made here so nothing is downloaded."""
    frames = bytearray()
    for freq in (880, 660, 990):
        n = int(rate * 0.35)
        for k in range(n):
            fade = min(1.0, (n - k) / (rate * 0.1))
            frames += struct.pack("<h", int(14000 * fade * math.sin(2 * math.pi * freq * k / rate)))
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return buf.getvalue()
