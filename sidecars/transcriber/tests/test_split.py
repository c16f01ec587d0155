"""`split` through the real worker: long generated files, many containers, bounded memory."""

import itertools
import subprocess
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import WorkerProcess

pytestmark = pytest.mark.timeout(300)

RATE = 16000
GAP = 1.5  # seconds of digital silence after each utterance


@pytest.fixture
def worker(ready_worker: Callable[..., WorkerProcess]) -> WorkerProcess:
    return ready_worker({"model": "tiny.en", "offline": True})  # split needs no model


def split(
    w: WorkerProcess, path: Path, out_dir: Path, max_seconds: float = 300, req_id: str = "sp"
) -> dict[str, Any]:
    w.write(
        {
            "id": req_id,
            "op": "split",
            "path": str(path),
            "maxSeconds": max_seconds,
            "outDir": str(out_dir),
        }
    )
    return w.until_done(req_id, timeout=240)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (RATE, 1, 2)
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


@pytest.fixture(scope="session")
def twelve_minutes(speech_wav: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sentence, then GAP s of silence, over and over for 12 minutes (a 48 kHz stereo WAV)."""
    period = len(read_wav(speech_wav)) / RATE + GAP
    repeats = int(12 * 60 / period)
    out = tmp_path_factory.mktemp("long") / "twelve.wav"
    subprocess.run(
        [
            *("sox", "-D", str(speech_wav), "-r", "48000", "-c", "2", str(out)),
            *("pad", "0", str(GAP), "repeat", str(repeats)),
        ],
        check=True,
    )
    return out


def test_a_12_minute_file_is_cut_in_silences_into_chunks_of_at_most_300_s(
    worker: WorkerProcess, twelve_minutes: Path, speech_wav: Path, tmp_path: Path
) -> None:
    result = split(worker, twelve_minutes, tmp_path / "chunks")
    assert result["event"] == "result", result
    chunks = worker.of("sp", "chunk")
    assert result["chunks"] == len(chunks) == 3
    # Contiguous and complete: each chunk starts where the previous one ended.
    assert chunks[0]["start"] == 0
    for before, after in itertools.pairwise(chunks):
        assert after["start"] == before["end"]
    source = read_wav_any(twelve_minutes)
    assert chunks[-1]["end"] == pytest.approx(len(source) / RATE, abs=0.002)
    assert result["duration"] == chunks[-1]["end"]
    pieces = [read_wav(Path(chunk["path"])) for chunk in chunks]
    for chunk, audio in zip(chunks, pieces, strict=True):
        assert len(audio) == pytest.approx((chunk["end"] - chunk["start"]) * RATE, abs=16)  # 1 ms
        assert len(audio) <= 300 * RATE
    # Every cut lies in a gap between utterances (100 ms either side silent but for resampler
    # ripple), although a cut made at exactly 300 s would have fallen in speech.
    period = len(read_wav(speech_wav)) / RATE + GAP
    assert 300 % period < period - GAP, "the layout must put 300 s in speech"
    assert np.abs(source[300 * RATE - RATE // 20 : 300 * RATE + RATE // 20]).max() > 1000
    for before, after in itertools.pairwise(pieces):
        assert np.abs(before[-RATE // 10 :]).max() <= 8
        assert np.abs(after[: RATE // 10]).max() <= 8


def read_wav_any(path: Path) -> np.ndarray:
    """The file as 16 kHz mono int16, converted by sox (independent of the worker's decoder)."""
    raw = subprocess.run(
        [
            "sox",
            "-D",
            str(path),
            "-t",
            "raw",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            "-e",
            "signed",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype="<i2")


def _encode(src: Path, out: Path, codec: str) -> Path:
    """`src` re-encoded with PyAV into `out` (its container from the suffix)."""
    import av

    audio = read_wav(src)
    with av.open(str(out), "w") as container:
        stream = container.add_stream(codec, rate=48000 if codec == "libopus" else RATE)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(audio.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name, layout="mono", rate=stream.rate
        )
        for chunk in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(chunk):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out


@pytest.mark.parametrize(
    ("suffix", "codec"),
    [
        ("mp3", "libmp3lame"),
        ("m4a", "aac"),
        ("webm", "libopus"),
        ("ogg", "libopus"),
        ("mp4", "aac"),
    ],
)
def test_each_container_is_split_into_16_khz_mono_wav(
    worker: WorkerProcess, long_speech_wav: Path, tmp_path: Path, suffix: str, codec: str
) -> None:
    source = _encode(long_speech_wav, tmp_path / f"meeting.{suffix}", codec)
    result = split(worker, source, tmp_path / "out", max_seconds=15)
    assert result["event"] == "result", result
    chunks = worker.of("sp", "chunk")
    assert len(chunks) == result["chunks"] >= 3  # about 38 s
    expected = len(read_wav(long_speech_wav)) / RATE
    assert result["duration"] == pytest.approx(expected, abs=0.25)  # codec priming and padding
    for chunk in chunks:
        audio = read_wav(Path(chunk["path"]))
        assert 0 < len(audio) <= 15 * RATE


def test_missing_file_is_file_not_found(worker: WorkerProcess, tmp_path: Path) -> None:
    err = split(worker, tmp_path / "gone.mp3", tmp_path / "out")
    assert (err["event"], err["code"]) == ("error", "file_not_found")


@pytest.mark.parametrize("kind", ["empty", "corrupt", "text", "video_without_sound"])
def test_undecodable_files_are_audio_decode_failed(
    worker: WorkerProcess, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.mp4"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "corrupt":
        path.write_bytes(bytes(range(256)) * 64)
    elif kind == "text":
        path.write_text("minutes of the meeting\n" * 100)
    else:
        _silent_video(path)
    err = split(worker, path, tmp_path / "out")
    assert (err["event"], err["code"]) == ("error", "audio_decode_failed"), err
    assert not worker.of("sp", "chunk")


def _silent_video(path: Path) -> None:
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height = 64, 48
        for i in range(10):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), i * 20, np.uint8), "rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (Linux, as root): a real ENOSPC part-way through the second chunk."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=False
    )
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_is_disk_full_and_leaves_no_partial_chunk(
    worker: WorkerProcess, long_speech_wav: Path, small_disk: Path
) -> None:
    err = split(worker, long_speech_wav, small_disk / "out", max_seconds=20)  # 640 KB per 20 s
    assert (err["event"], err["code"]) == ("error", "disk_full"), err
    written = {Path(c["path"]) for c in worker.of("sp", "chunk")}
    assert len(written) == 1
    assert set((small_disk / "out").iterdir()) == written


def test_splitting_an_hour_holds_one_chunk_in_memory_not_the_file(
    worker: WorkerProcess, tmp_path: Path
) -> None:
    """A generous bound: the whole hour as 16-bit samples alone would be 115 MB."""
    hour = tmp_path / "hour.wav"
    subprocess.run(
        [
            *("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(hour)),
            *("synth", "3600", "sine", "300", "tremolo", "0.5", "90"),
        ],
        check=True,
    )
    status = Path(f"/proc/{worker.proc.pid}/status")
    if not status.exists():
        pytest.skip("needs /proc")

    def kib(field: str) -> int:
        line = next(x for x in status.read_text().splitlines() if x.startswith(field + ":"))
        return int(line.split()[1])

    # PyAV and numpy loaded first, so the measure is the split and not the imports
    split(worker, read_wav_source(tmp_path), tmp_path / "warm", max_seconds=60, req_id="warm")
    before = kib("VmRSS")
    result = split(worker, hour, tmp_path / "out", max_seconds=60)
    assert result["event"] == "result", result
    assert result["chunks"] >= 60
    growth_mb = (kib("VmHWM") - before) / 1024
    print(f"peak RSS growth while splitting an hour: {growth_mb:.1f} MB")
    assert growth_mb < 60


def read_wav_source(tmp_path: Path) -> Path:
    small = tmp_path / "small.wav"
    subprocess.run(
        [
            "sox",
            "-n",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            str(small),
            "synth",
            "5",
            "sine",
            "300",
        ],
        check=True,
    )
    return small
