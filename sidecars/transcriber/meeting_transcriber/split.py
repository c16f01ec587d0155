"""Cut an audio or video file into 16 kHz mono WAV chunks of at most `max_seconds`.

The file is decoded as a stream with PyAV (which faster-whisper already uses), so at most one
chunk's worth of samples (`max_seconds` of 16-bit audio: 9.6 MB for 300 s) is held at a time,
whatever the length of the file. Each cut is placed in the quietest 300 ms of the last quarter
of the chunk (at most its last 60 s), which is a pause between words when there is one.
"""

import errno
import threading
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from meeting_transcriber.errors import Cancelled, WorkerError

RATE = 16000
FRAME = RATE // 10  # 100 ms: the unit in which the quietest place is looked for
QUIET_FRAMES = 3  # a cut sits in the middle of the quietest 300 ms
SEARCH_SECONDS = 60.0


@dataclass(frozen=True)
class Chunk:
    path: str
    start: float
    end: float


@dataclass(frozen=True)
class SplitResult:
    chunks: int
    duration: float


def split(
    audio_path: str,
    *,
    max_seconds: float,
    out_dir: str,
    cancel: threading.Event,
    on_chunk: Callable[[Chunk], None],
) -> SplitResult:
    path = Path(audio_path).expanduser()
    if not path.is_file():
        raise WorkerError("file_not_found", f"No audio file at {path}")
    folder = Path(out_dir).expanduser()
    _write_guard(lambda: folder.mkdir(parents=True, exist_ok=True), folder)
    max_samples = int(max_seconds * RATE)
    pending: list[np.ndarray] = []
    held = 0
    written = 0  # samples already in chunks
    count = 0

    def emit_chunk(samples: np.ndarray) -> None:
        nonlocal written, count
        count += 1
        out = folder / f"chunk-{count:04d}.wav"
        _write_wav(out, samples)
        end = written + len(samples)
        on_chunk(Chunk(str(out), round(written / RATE, 3), round(end / RATE, 3)))
        written = end

    for block in _decode(path):
        if cancel.is_set():
            raise Cancelled("The split was cancelled.")
        pending.append(block)
        held += len(block)
        while held >= max_samples:
            audio = np.concatenate(pending)
            cut = quiet_cut(audio[:max_samples], max_samples)
            emit_chunk(audio[:cut])
            pending, held = [audio[cut:]], len(audio) - cut
    if held:
        emit_chunk(np.concatenate(pending))
    if count == 0:
        raise WorkerError("audio_decode_failed", f"{path.name} contains no audio")
    return SplitResult(count, round(written / RATE, 3))


def quiet_cut(audio: np.ndarray, max_samples: int) -> int:
    """The sample at which to end a chunk of `audio` (at most `max_samples` long)."""
    search = int(min(SEARCH_SECONDS * RATE, max_samples / 4))
    lo = (len(audio) - search) // FRAME * FRAME
    frames = audio[lo : lo + (len(audio) - lo) // FRAME * FRAME].astype(np.float32)
    if len(frames) < FRAME * QUIET_FRAMES:
        return len(audio)
    energy = np.square(frames.reshape(-1, FRAME)).mean(axis=1)
    windows = np.convolve(energy, np.ones(QUIET_FRAMES), mode="valid")
    best = len(windows) - 1 - int(np.argmin(windows[::-1]))  # the latest of equally quiet places
    return lo + (best * FRAME) + FRAME * QUIET_FRAMES // 2


def _decode(path: Path) -> Iterator[np.ndarray]:
    """16 kHz mono int16 blocks of the file's first audio stream, as they are decoded."""
    import av

    try:
        container = av.open(str(path), metadata_errors="ignore")
    except Exception as exc:  # PyAV raises many kinds (InvalidDataError, OSError, ...)
        raise WorkerError("audio_decode_failed", f"Could not open {path.name}: {exc}") from exc
    with container:
        if not container.streams.audio:
            raise WorkerError("audio_decode_failed", f"{path.name} has no audio track")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        frames = container.decode(audio=0)
        while True:
            try:
                frame = next(frames, None)
                out = resampler.resample(frame)  # None at the end: flushes the resampler
            except Exception as exc:
                message = f"Could not decode {path.name}: {exc}"
                raise WorkerError("audio_decode_failed", message) from exc
            for resampled in out:
                yield resampled.to_ndarray().reshape(-1).astype(np.int16, copy=False)
            if frame is None:
                return


def _write_wav(out: Path, samples: np.ndarray) -> None:
    def write() -> None:
        with wave.open(str(out), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(np.ascontiguousarray(samples, dtype="<i2").data)  # no copy

    try:
        _write_guard(write, out)
    except WorkerError:
        out.unlink(missing_ok=True)  # a partial chunk is no chunk
        raise


def _write_guard(action: Callable[[], object], target: Path) -> None:
    try:
        action()
    except OSError as exc:
        if exc.errno == errno.ENOSPC:  # Windows' ERROR_DISK_FULL maps to ENOSPC too
            raise WorkerError("disk_full", f"The disk is full while writing {target}") from exc
        raise WorkerError("write_failed", f"Could not write {target}: {exc}") from exc
