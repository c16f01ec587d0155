"""Where live speech starts and ends: faster-whisper's Silero VAD, fed as audio arrives.

`SpeechProbabilities` turns samples into one speech probability per 32 ms window with the Silero
model that faster-whisper ships (`faster_whisper.vad`). Its model call starts from a fresh state,
so each call is given the last `WARMUP_WINDOWS` windows again and their outputs are dropped.

`Endpointer` reads those probabilities the way faster-whisper's `get_speech_timestamps` does
(speech above `threshold`, silence below `threshold - 0.15`) but one window at a time, so a
stretch of speech is closed as soon as `silence_ms` of silence follows it, or at `max_seconds`
(at the last short pause if there was one, so a word is rarely cut in two).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np

RATE = 16000
WINDOW = 512  # samples per Silero window at 16 kHz (32 ms)
WARMUP_WINDOWS = 16


class SpeechProbabilities:
    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._model: Any = get_vad_model()
        self._history = np.zeros(0, dtype=np.float32)  # already scored, kept as warm-up
        self._pending = np.zeros(0, dtype=np.float32)  # fewer than WINDOW samples

    def feed(self, samples: np.ndarray) -> np.ndarray:
        """Probabilities of the whole windows completed by `samples` (float32, -1..1)."""
        audio = np.concatenate([self._pending, samples])
        whole = len(audio) // WINDOW * WINDOW
        self._pending = audio[whole:]
        if whole == 0:
            return np.zeros(0, dtype=np.float32)
        block = np.concatenate([self._history, audio[:whole]])
        probs = np.asarray(self._model(block), dtype=np.float32).reshape(-1)
        self._history = block[-WARMUP_WINDOWS * WINDOW :]
        return probs[len(probs) - whole // WINDOW :]


@dataclass(frozen=True)
class Speech:
    """A stretch of speech in samples since the stream started; `capped` when cut at the limit."""

    start: int
    end: int
    capped: bool = False


class Endpointer:
    def __init__(
        self,
        *,
        threshold: float = 0.5,
        silence_ms: int = 500,
        max_seconds: float = 15.0,
        min_speech_ms: int = 250,
        pause_ms: int = 100,
    ) -> None:
        self.threshold = threshold
        self.neg_threshold = max(threshold - 0.15, 0.01)
        self.silence = RATE * silence_ms // 1000
        self.max_len = int(RATE * max_seconds)
        self.min_speech = RATE * min_speech_ms // 1000
        self.pause = RATE * pause_ms // 1000
        self.start: int | None = None  # the open stretch, if any
        self._silence_from: int | None = None
        self._last_pause: int | None = None  # where a pause of `pause_ms` or more began
        self._windows = 0

    @property
    def position(self) -> int:
        """Samples scored so far."""
        return self._windows * WINDOW

    def feed(self, prob: float) -> Speech | None:
        """One window's probability; the stretch it closes, if it closes one."""
        at = self.position
        self._windows += 1
        end = self.position
        if self.start is None:
            if prob >= self.threshold:
                self.start, self._silence_from, self._last_pause = at, None, None
            return None
        if prob >= self.threshold:
            self._silence_from = None
        elif prob < self.neg_threshold and self._silence_from is None:
            self._silence_from = at
        if self._silence_from is not None:
            if end - self._silence_from >= self.pause:
                self._last_pause = self._silence_from
            if end - self._silence_from >= self.silence:
                return self._close(self._silence_from, reopen_at=None)
        if end - self.start >= self.max_len:
            pause = self._last_pause
            cut = pause if pause is not None and pause - self.start >= self.max_len // 2 else end
            if self._silence_from is not None and self._silence_from > self.start:
                cut = self._silence_from
            return self._close(cut, reopen_at=cut, capped=True)
        return None

    def flush(self) -> Speech | None:
        """The open stretch at the end of the stream."""
        if self.start is None:
            return None
        end = self._silence_from if self._silence_from is not None else self.position
        return self._close(end, reopen_at=None)

    def _close(self, end: int, *, reopen_at: int | None, capped: bool = False) -> Speech | None:
        start = self.start
        assert start is not None
        self.start, self._silence_from, self._last_pause = reopen_at, None, None
        if end - start < self.min_speech:
            return None
        return Speech(start, end, capped)
