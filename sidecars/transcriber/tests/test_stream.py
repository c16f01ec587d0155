"""Live streams through the real worker and tiny.en: espeak-ng speech sent as PCM frames."""

import base64
import subprocess
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PARAGRAPH, SENTENCE, WorkerProcess, word_error_rate

pytestmark = pytest.mark.timeout(180)

RATE = 16000
FRAME = RATE // 10  # 100 ms, as the app sends
MAX_WER = 0.35


@pytest.fixture
def worker(ready_worker: Callable[..., WorkerProcess], tiny_model_dir: Path) -> WorkerProcess:
    w = ready_worker({"model": str(tiny_model_dir), "offline": True, "device": "cpu"})
    w.write({"id": "load", "op": "load"})
    assert w.until_done("load")["event"] == "model_ready"
    return w


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (RATE, 1, 2)
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.int16)


def send(w: WorkerProcess, stream_id: str, audio: np.ndarray, speed: float | None = 4.0) -> None:
    """`audio` in 100 ms frames; `speed` times real time (None: as fast as the pipe takes it)."""
    for at in range(0, len(audio), FRAME):
        pcm = base64.b64encode(audio[at : at + FRAME].astype("<i2").tobytes()).decode()
        w.write({"id": stream_id, "op": "stream_audio", "pcm": pcm})
        if speed:
            time.sleep(0.1 / speed)


def start(w: WorkerProcess, stream_id: str = "s", **extra: Any) -> None:
    w.write({"id": stream_id, "op": "stream_start", "sampleRate": RATE, **extra})
    assert w.wait_for(lambda e: e.get("id") == stream_id)["event"] == "stream_started"


def final_segment(w: WorkerProcess, stream_id: str = "s", timeout: float = 60) -> dict[str, Any]:
    return w.wait_for(
        lambda e: (
            e.get("id") == stream_id and e["event"] in ("segment", "error") and e.get("final")
        ),
        timeout,
    )


def stop(w: WorkerProcess, stream_id: str = "s") -> dict[str, Any]:
    w.write({"id": stream_id, "op": "stream_stop"})
    return w.wait_for(
        lambda e: e.get("id") == stream_id and e["event"] in ("stream_stopped", "error"), 90
    )


def finals(w: WorkerProcess, stream_id: str = "s") -> list[dict[str, Any]]:
    return [e for e in w.of(stream_id, "segment") if e["final"]]


def test_a_final_segment_arrives_while_the_stream_is_open(
    worker: WorkerProcess, speech_wav: Path
) -> None:
    speech = samples(speech_wav)
    start(worker)
    send(worker, "s", np.concatenate([speech, silence(2)]))
    first = final_segment(worker)  # no stream_stop sent yet: the silence ended the segment
    assert first["event"] == "segment", first
    end = stop(worker)
    assert end["event"] == "stream_stopped"
    got = finals(worker)
    assert end["segments"] == len(got)
    text = " ".join(s["text"] for s in got)
    wer = word_error_rate(SENTENCE, text)
    print(f"WER {wer:.3f}: {text!r}")
    assert wer <= MAX_WER
    duration = len(speech) / RATE + 2
    for seg in got:
        assert 0 <= seg["start"] < seg["end"] <= duration
        assert isinstance(seg["segmentId"], int)
    # Speech starts at 0 s and ends about 2 s before the audio does.
    assert got[0]["start"] < 0.5
    assert got[-1]["end"] < duration - 1


def test_a_pause_of_a_second_ends_a_segment_and_the_next_one_gets_its_own(
    worker: WorkerProcess, speech_wav: Path
) -> None:
    speech = samples(speech_wav)
    start(worker)
    send(worker, "s", np.concatenate([speech, silence(1.2)]))
    first = final_segment(worker)
    send(worker, "s", np.concatenate([speech, silence(1.2)]))
    second = final_segment(worker)
    assert stop(worker)["segments"] == 2
    assert first["segmentId"] != second["segmentId"]
    assert second["start"] >= first["end"]
    # the second utterance began 1.2 s after the first ended
    assert second["start"] == pytest.approx(len(speech) / RATE + 1.2, abs=0.5)


def test_continuous_speech_is_cut_into_segments_of_at_most_15_seconds(
    worker: WorkerProcess, tmp_path: Path
) -> None:
    # No punctuation: espeak-ng reads it without the pauses that would end a segment first.
    words = "".join(c for c in PARAGRAPH if c.isalnum() or c == " ")
    raw, wav = tmp_path / "raw.wav", tmp_path / "run.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "170", "-w", str(raw), words], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True)
    speech = samples(wav)
    assert len(speech) / RATE > 25
    start(worker, partials=False)
    send(worker, "s", np.concatenate([speech, silence(1)]), speed=None)
    end = stop(worker)
    assert end["event"] == "stream_stopped", end
    got = finals(worker)
    lengths = [s["end"] - s["start"] for s in got]
    print("segment lengths", lengths)
    assert len(got) >= 2
    assert max(lengths) <= 15 + 0.4  # 15 s of speech plus 200 ms kept at its start and end
    assert max(lengths) >= 12  # the cap cut them, not pauses
    assert word_error_rate(words, " ".join(s["text"] for s in got)) <= MAX_WER


def test_stdin_is_read_while_a_segment_decodes_and_an_import_gets_busy(
    worker: WorkerProcess, long_speech_wav: Path, speech_wav: Path, tmp_path: Path
) -> None:
    start(worker)
    # All at once: the worker scores it and starts decoding the first segments.
    send(worker, "s", np.concatenate([samples(long_speech_wav), silence(1)]), speed=None)
    worker.write({"id": "t", "op": "transcribe", "path": str(speech_wav)})
    worker.write(
        {
            "id": "sp",
            "op": "split",
            "path": str(speech_wav),
            "maxSeconds": 60,
            "outDir": str(tmp_path),
        }
    )
    busy_t = worker.until_done("t")
    busy_sp = worker.until_done("sp")
    assert (busy_t["code"], busy_sp["code"]) == ("busy", "busy")
    # Both answers came while the stream's audio was still being decoded.
    assert not finals(worker), "the requests were answered only after a decode finished"
    send(worker, "s", samples(speech_wav), speed=None)  # audio sent during decoding is kept
    end = stop(worker)
    assert end["event"] == "stream_stopped"
    text = " ".join(s["text"] for s in finals(worker))
    assert word_error_rate(PARAGRAPH + " " + SENTENCE, text) <= MAX_WER


def test_a_stream_waits_for_a_running_import(worker: WorkerProcess, long_speech_wav: Path) -> None:
    worker.write({"id": "t", "op": "transcribe", "path": str(long_speech_wav)})
    worker.write({"id": "s", "op": "stream_start", "sampleRate": RATE})
    assert worker.until_done("s")["code"] == "busy"
    worker.write({"id": "s", "op": "stream_audio", "pcm": ""})  # nothing open by that id
    assert worker.until_done("s")["code"] == "unknown_target"
    assert worker.until_done("t", timeout=120)["event"] == "result"


def test_partial_text_comes_before_the_final_of_the_same_segment(
    worker: WorkerProcess, speech_wav: Path
) -> None:
    start(worker)
    send(worker, "s", np.concatenate([samples(speech_wav), silence(1)]), speed=1.0)
    stop(worker)
    segments = worker.of("s", "segment")
    partial = next(s for s in segments if not s["final"])
    final = next(s for s in segments if s["final"] and s["segmentId"] == partial["segmentId"])
    assert segments.index(partial) < segments.index(final)
    assert partial["end"] <= final["end"]


def test_cancel_ends_a_stream(worker: WorkerProcess, speech_wav: Path) -> None:
    start(worker)
    send(worker, "s", samples(speech_wav), speed=None)
    worker.write({"id": "c", "op": "cancel", "target": "s"})
    end = worker.until_done("s")
    assert (end["event"], end["code"]) == ("error", "cancelled")
    worker.write({"id": "s", "op": "stream_stop"})
    assert worker.until_done("s")["code"] == "unknown_target"


@pytest.mark.parametrize(
    ("request_line", "code"),
    [
        ({"id": "x", "op": "stream_start", "sampleRate": 44100}, "invalid_request"),
        ({"id": "x", "op": "stream_stop"}, "unknown_target"),
        ({"id": "x", "op": "stream_audio", "pcm": "AAA="}, "unknown_target"),
    ],
)
def test_stream_requests_that_cannot_be_served(
    worker: WorkerProcess, request_line: dict[str, Any], code: str
) -> None:
    worker.write(request_line)
    assert worker.until_done("x")["code"] == code


@pytest.mark.parametrize("pcm", ["not base64!", "AA=="])
def test_pcm_that_is_not_whole_samples_ends_the_stream_with_invalid_request(
    worker: WorkerProcess, pcm: str
) -> None:
    start(worker)
    worker.write({"id": "s", "op": "stream_audio", "pcm": pcm})
    err = worker.until_done("s")
    assert (err["event"], err["code"]) == ("error", "invalid_request")
    assert "pcm" in err["message"]
    worker.write({"id": "s", "op": "stream_stop"})
    assert worker.until_done("s")["code"] == "unknown_target"
