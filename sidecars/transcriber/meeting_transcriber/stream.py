"""A live stream: audio pushed from the stdin thread, cut at pauses and decoded on the job thread.

`push` only appends bytes to a queue, so the thread that reads stdin never waits for Whisper:
audio that arrives while a segment is decoded waits in the queue, and none is dropped. The job
thread scores it with the VAD (endpoint.py), decodes each stretch of speech as soon as it ends
(`final: true`), and, when it has caught up with the queue, decodes the stretch still open
(`final: false`) once it has grown by `PARTIAL_EVERY` seconds, or by twice the wall time the last
decode took if that is longer: on a slow or busy computer partials become rarer instead of
delaying the finals (a decode cannot be interrupted, so a final may wait for one partial).
"""

import binascii
import queue
import threading
import time
from base64 import b64decode
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from meeting_transcriber.endpoint import RATE, Endpointer, Speech, SpeechProbabilities
from meeting_transcriber.errors import Cancelled, WorkerError

PAD = RATE * 200 // 1000  # audio kept either side of a stretch: Whisper needs word onsets
PARTIAL_EVERY = RATE * 3 // 2
_STOP = b""


@dataclass(frozen=True)
class StreamSegment:
    segment_id: int
    text: str
    start: float
    end: float
    final: bool


# (float32 samples) -> text; raises WorkerError
Decode = Callable[[np.ndarray], str]


def pcm_samples(pcm_base64: str) -> bytes:
    """The s16le bytes of a `stream_audio` line, or WorkerError(invalid_request)."""
    try:
        data = b64decode(pcm_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WorkerError("invalid_request", f"pcm is not base64: {exc}") from exc
    if len(data) % 2:
        raise WorkerError("invalid_request", "pcm must hold whole 16-bit samples (even length)")
    return data


class StreamSession:
    def __init__(self, *, partials: bool, endpointer: Endpointer | None = None) -> None:
        self._queue: queue.SimpleQueue[bytes | WorkerError] = queue.SimpleQueue()
        self._partials = partials
        self._endpointer = endpointer or Endpointer()
        self._odd = b""
        self.segments = 0  # final segments emitted
        self._next_id = 0
        self._open_id: int | None = None
        self._partial_sent: set[int] = set()
        self._partial_at = 0
        self._decode_seconds = 0.0  # wall time of the last decode
        # Audio from sample `_base` on: the open stretch (or the last PAD samples) and what follows.
        self._audio = np.zeros(0, dtype=np.float32)
        self._base = 0

    def push(self, pcm: bytes) -> None:
        """From the stdin thread: never blocks."""
        if pcm:
            self._queue.put(pcm)

    def stop(self) -> None:
        self._queue.put(_STOP)

    def fail(self, error: WorkerError) -> None:
        """End the stream with `error` (after the audio already queued is dropped)."""
        self._queue.put(error)

    def run(
        self,
        decode: Decode,
        emit: Callable[[StreamSegment], None],
        cancel: threading.Event,
    ) -> int:
        """Until `stop` (then the open stretch is decoded too): returns the final segment count."""
        probs = SpeechProbabilities()
        while True:
            try:
                data = self._queue.get(timeout=0.1)
            except queue.Empty:
                data = None
            if cancel.is_set():
                raise Cancelled("The live transcription was cancelled.")
            if data is None:
                continue
            chunks: list[bytes] = []
            while True:  # take everything already queued
                if isinstance(data, WorkerError):
                    raise data
                if data == _STOP:
                    break
                chunks.append(data)
                if self._queue.empty():
                    break
                data = self._queue.get()
            stopping = data == _STOP
            if chunks:
                self._take(b"".join(chunks), probs, decode, emit, cancel)
            if stopping:
                tail = self._endpointer.flush()
                if tail is not None:
                    self._final(tail, decode, emit)
                return self.segments
            if self._partials and self._queue.empty():
                self._partial(decode, emit)

    def _take(
        self,
        data: bytes,
        probs: SpeechProbabilities,
        decode: Decode,
        emit: Callable[[StreamSegment], None],
        cancel: threading.Event,
    ) -> None:
        data = self._odd + data
        whole = len(data) // 2 * 2
        self._odd = data[whole:]
        samples = np.frombuffer(data[:whole], dtype="<i2").astype(np.float32) / 32768.0
        self._audio = np.concatenate([self._audio, samples])
        for prob in probs.feed(samples):
            was_open = self._endpointer.start is not None
            speech = self._endpointer.feed(float(prob))
            if not was_open and self._endpointer.start is not None:
                self._opened()
            if speech is not None:
                if cancel.is_set():
                    raise Cancelled("The live transcription was cancelled.")
                self._final(speech, decode, emit)
                if self._endpointer.start is not None:  # cut at the limit: speech goes on
                    self._opened()
        self._trim()

    def _opened(self) -> None:
        self._open_id = self._next_id
        self._next_id += 1
        self._partial_at = self._endpointer.start or 0

    def _final(self, speech: Speech, decode: Decode, emit: Callable[[StreamSegment], None]) -> None:
        segment_id = self._open_id if self._open_id is not None else self._next_id
        self._open_id = None
        if segment_id == self._next_id:
            self._next_id += 1
        pad = 0 if speech.capped else PAD  # a cut mid-speech: the next stretch starts there
        start, end = max(speech.start - PAD, 0), speech.end + pad
        text = self._timed(decode, self._slice(start, end))
        if text or segment_id in self._partial_sent:  # a partial is always closed by its final
            self._partial_sent.discard(segment_id)
            self.segments += 1
            seconds = round(start / RATE, 3), round(end / RATE, 3)
            emit(StreamSegment(segment_id, text, *seconds, True))

    def _partial(self, decode: Decode, emit: Callable[[StreamSegment], None]) -> None:
        start = self._endpointer.start
        end = self._endpointer.position
        every = max(PARTIAL_EVERY, int(2 * self._decode_seconds * RATE))
        if start is None or self._open_id is None or end - self._partial_at < every:
            return
        self._partial_at = end
        clip_start = max(start - PAD, 0)
        text = self._timed(decode, self._slice(clip_start, end))
        if text:
            self._partial_sent.add(self._open_id)
            emit(
                StreamSegment(
                    self._open_id, text, round(clip_start / RATE, 3), round(end / RATE, 3), False
                )
            )

    def _timed(self, decode: Decode, audio: np.ndarray) -> str:
        started = time.monotonic()
        try:
            return decode(audio)
        finally:
            self._decode_seconds = time.monotonic() - started

    def _slice(self, start: int, end: int) -> np.ndarray:
        lo = max(start - self._base, 0)
        return self._audio[lo : max(end - self._base, lo)]

    def _trim(self) -> None:
        """Keep only the open stretch (or the last PAD samples) and what has not been scored."""
        open_start = self._endpointer.start
        keep_from = (open_start if open_start is not None else self._endpointer.position) - PAD
        drop = max(keep_from - self._base, 0)
        if drop:
            self._audio = self._audio[drop:]
            self._base += drop
