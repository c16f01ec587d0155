"""Real speech through the real pipeline: espeak-ng audio, Whisper tiny.en (CTranslate2, MIT)."""

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SENTENCE, WorkerProcess, word_error_rate

pytestmark = pytest.mark.timeout(120)

MAX_WER = 0.2  # tiny.en on this sentence measured 0.06 ("jump" for "jumps")


@pytest.fixture
def worker(ready_worker: Callable[..., WorkerProcess], tiny_model_dir: Path) -> WorkerProcess:
    w = ready_worker({"model": str(tiny_model_dir), "offline": True, "device": "cpu"})
    w.write({"id": "load", "op": "load"})
    assert w.until_done("load")["event"] == "model_ready"
    return w


def _transcribe(w: WorkerProcess, path: Path | str, req_id: str = "t") -> dict[str, Any]:
    w.write({"id": req_id, "op": "transcribe", "path": str(path)})
    return w.until_done(req_id, timeout=90)


def _seconds(path: Path) -> float:
    return float(
        subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout
    )


def test_transcribes_known_sentence_within_wer_bound(
    worker: WorkerProcess, speech_wav: Path
) -> None:
    result = _transcribe(worker, speech_wav)
    assert result["event"] == "result", result
    wer = word_error_rate(SENTENCE, result["text"])
    print(f"WER {wer:.3f}: {result['text']!r}")
    assert wer <= MAX_WER
    assert result["language"] == "en"
    assert result["duration"] == pytest.approx(_seconds(speech_wav), abs=0.05)

    segments = worker.of("t", "segment")
    assert segments, "segments must be reported before the result"
    assert worker.events.index(segments[-1]) < worker.events.index(result)
    assert " ".join(s["text"] for s in segments) == result["text"]
    starts = [s["start"] for s in segments]
    assert starts == sorted(starts)
    assert all(0 <= s["start"] <= s["end"] <= result["duration"] + 0.5 for s in segments)


def test_transcribe_loads_the_model_itself_when_needed(
    ready_worker: Callable[..., WorkerProcess], tiny_model_dir: Path, speech_wav: Path
) -> None:
    w = ready_worker({"model": str(tiny_model_dir), "language": "en"})
    assert _transcribe(w, speech_wav)["event"] == "result"


def test_cancel_stops_a_transcription_between_segments(
    worker: WorkerProcess, long_speech_wav: Path
) -> None:
    worker.write({"id": "long", "op": "transcribe", "path": str(long_speech_wav)})
    worker.wait_for(lambda e: e["event"] == "segment" and e["id"] == "long")
    worker.write({"id": "c", "op": "cancel", "target": "long"})
    end = worker.until_done("long", timeout=30)
    assert (end["event"], end["code"]) == ("error", "cancelled")
    # the worker stays usable
    worker.write({"id": "c2", "op": "cancel", "target": "long"})
    assert worker.until_done("c2")["code"] == "unknown_target"


@pytest.mark.parametrize("kind", ["empty", "corrupt", "not_audio", "truncated_wav"])
def test_bad_audio_is_audio_decode_failed(
    worker: WorkerProcess, tmp_path: Path, speech_wav: Path, kind: str
) -> None:
    path = tmp_path / f"{kind}.wav"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "corrupt":
        path.write_bytes(bytes(range(256)) * 64)
    elif kind == "not_audio":
        path = tmp_path / "notes.txt"
        path.write_text("minutes of the meeting\n" * 100)
    else:
        path.write_bytes(speech_wav.read_bytes()[:30])  # a header cut short
    err = _transcribe(worker, path)
    assert (err["event"], err["code"]) == ("error", "audio_decode_failed"), err
    assert not worker.of("t", "segment")


def test_missing_file(worker: WorkerProcess, tmp_path: Path) -> None:
    err = _transcribe(worker, tmp_path / "gone.wav")
    assert (err["event"], err["code"]) == ("error", "file_not_found")
