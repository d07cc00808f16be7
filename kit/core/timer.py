"""A countdown for speakers, café rounds and breaks; plain arithmetic on the clock."""
from __future__ import annotations

import io
import math
import struct
import time
import wave
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass
class Countdown:
    """Counts on the wall clock, so a timer started in one process reads the same in another."""
    seconds: float
    clock: Callable[[], float] = field(default=time.time, repr=False, compare=False)
    ends_at: Optional[float] = None  # when it reaches zero, while it runs
    left: Optional[float] = None  # seconds left, while paused

    def to_dict(self) -> dict:
        return {"seconds": self.seconds, "ends_at": self.ends_at, "left": self.left}

    @property
    def running(self) -> bool:
        return self.ends_at is not None

    def remaining(self) -> float:
        if self.ends_at is not None:
            return self.ends_at - self.clock()
        return self.seconds if self.left is None else self.left

    def start(self) -> None:
        if not self.running:
            self.ends_at = self.clock() + self.remaining()

    def pause(self) -> None:
        if self.running:
            self.left, self.ends_at = self.remaining(), None

    def reset(self, seconds: Optional[float] = None) -> None:
        self.seconds = self.seconds if seconds is None else seconds
        self.ends_at = self.left = None

    def add(self, seconds: float) -> None:
        if self.ends_at is not None:
            self.ends_at += seconds
        else:
            self.left = self.remaining() + seconds

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
