import io
import wave

from kit.core.timer import Countdown, chime, mmss


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_countdown_runs_pauses_and_overruns():
    clock = Clock()
    t = Countdown(120, clock)
    t.start()
    clock.now = 30
    assert t.remaining() == 90
    t.pause()
    clock.now = 100
    assert t.remaining() == 90 and not t.running
    t.start()
    clock.now = 200
    assert t.finished and mmss(t.remaining()) == "−0:10"
    t.add(30)
    assert t.remaining() == 20
    t.reset(60)
    assert t.remaining() == 60 and not t.running


def test_mmss():
    assert [mmss(s) for s in (120, 59.2, 0.4, 0)] == ["2:00", "1:00", "0:01", "0:00"]


def test_chime_is_a_playable_wav():
    with wave.open(io.BytesIO(chime())) as w:
        assert w.getnchannels() == 1 and w.getnframes() > 10000
