"""Load a faster-whisper model and turn an audio file into segments."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meeting_transcriber.chinese import ChineseScript, to_script
from meeting_transcriber.errors import Cancelled, WorkerError
from meeting_transcriber.settings import WhisperSettings


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Result:
    text: str
    language: str
    duration: float


def load_model(path: str, settings: WhisperSettings) -> Any:
    from faster_whisper import WhisperModel  # heavy import: only when a model is loaded

    try:
        return WhisperModel(path, device=settings.device, compute_type=settings.compute_type)
    except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError for bad models
        message = f"Could not load the model in {path}: {exc}"
        raise WorkerError("model_load_failed", message) from exc


def transcribe(
    model: Any,
    audio_path: str,
    *,
    language: str | None,
    cancel: threading.Event,
    on_segment: Callable[[Segment], None],
    chinese_script: ChineseScript = "traditional",
) -> Result:
    from faster_whisper.audio import decode_audio

    path = Path(audio_path).expanduser()
    if not path.is_file():
        raise WorkerError("file_not_found", f"No audio file at {path}")
    try:
        audio = decode_audio(str(path), sampling_rate=model.feature_extractor.sampling_rate)
    except Exception as exc:  # PyAV raises many kinds (InvalidDataError, EOFError, IndexError...)
        raise WorkerError("audio_decode_failed", f"Could not decode {path.name}: {exc}") from exc
    if audio.size == 0:
        raise WorkerError("audio_decode_failed", f"{path.name} contains no audio")
    lang = None if language in (None, "", "auto") else language
    try:
        # Silero VAD skips silence, where Whisper tends to invent text (meetings have plenty).
        segments, info = model.transcribe(audio, language=lang, vad_filter=True)
        texts = []
        for seg in segments:  # a generator: each segment is decoded when asked for
            if cancel.is_set():
                raise Cancelled("The transcription was cancelled.")
            text = to_script(seg.text.strip(), info.language, chinese_script)
            texts.append(text)
            on_segment(Segment(round(seg.start, 3), round(seg.end, 3), text))
        if cancel.is_set():  # cancelled while the last window was decoded
            raise Cancelled("The transcription was cancelled.")
    except WorkerError:
        raise
    except Exception as exc:
        raise WorkerError("transcription_failed", f"{path.name}: {exc}") from exc
    return Result(" ".join(t for t in texts if t), info.language, round(info.duration, 3))


def transcribe_clip(
    model: Any, audio: Any, *, language: str | None, chinese_script: ChineseScript
) -> tuple[str, str]:
    """One stretch of speech (float32 samples at 16 kHz) as one text, and its language.

    The caller already cut the audio at pauses (stream.py), so Whisper's own VAD is off and
    the previous segment's text is not used as a prompt (a wrong word would repeat).
    """
    lang = None if language in (None, "", "auto") else language
    try:
        segments, info = model.transcribe(
            audio, language=lang, vad_filter=False, condition_on_previous_text=False
        )
        text = " ".join(t for t in (seg.text.strip() for seg in segments) if t)
    except Exception as exc:
        raise WorkerError("transcription_failed", f"live audio: {exc}") from exc
    return to_script(text, info.language, chinese_script), str(info.language)
