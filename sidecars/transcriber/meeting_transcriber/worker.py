"""Runs requests: one job at a time on a daemon thread, each with its own cancel flag."""

import logging
import threading
from collections.abc import Callable
from typing import Any

from meeting_transcriber.download import DiskFree, ModelFetcher, disk_free
from meeting_transcriber.errors import Cancelled, WorkerError
from meeting_transcriber.progress import Throttle
from meeting_transcriber.protocol import (
    CancelRequest,
    Emitter,
    LoadRequest,
    RequestError,
    SplitRequest,
    StreamAudioRequest,
    StreamStartRequest,
    StreamStopRequest,
    TranscribeRequest,
    parse_request,
)
from meeting_transcriber.settings import WhisperSettings
from meeting_transcriber.split import Chunk, split
from meeting_transcriber.stream import StreamSegment, StreamSession, pcm_samples
from meeting_transcriber.transcribe import Segment, load_model, transcribe, transcribe_clip

log = logging.getLogger(__name__)

# A job's body returns its closing event (name and fields) or raises WorkerError.
Body = Callable[[threading.Event], tuple[str, dict[str, Any]]]


class Worker:
    def __init__(
        self, settings: WhisperSettings, emitter: Emitter, *, free_bytes: DiskFree = disk_free
    ) -> None:
        self.settings = settings
        self.emit = emitter
        self.free_bytes = free_bytes
        self._lock = threading.Lock()
        self._jobs: dict[str, tuple[threading.Event, threading.Thread]] = {}
        self._model: Any = None
        self._model_path: str | None = None
        self._streams: dict[str, StreamSession] = {}  # touched by the stdin thread only

    def handle_line(self, line: str) -> None:
        """On the stdin thread: everything here returns at once (work runs on a job thread)."""
        if not line.strip():
            return
        try:
            request = parse_request(line)
        except RequestError as exc:
            self.emit.error(exc.request_id, exc.code, exc.message)
            return
        if isinstance(request, StreamAudioRequest):
            self._stream_audio(request)
        elif isinstance(request, StreamStopRequest):
            self._stream_stop(request)
        elif isinstance(request, CancelRequest):
            self._cancel(request)
        elif isinstance(request, StreamStartRequest):
            self._stream_start(request)
        elif isinstance(request, SplitRequest):
            self._start(request.id, lambda cancel: self._split(request, cancel))
        elif isinstance(request, LoadRequest):
            self._start(request.id, lambda cancel: self._load(request.id, cancel))
        else:
            self._start(request.id, lambda cancel: self._transcribe(request, cancel))

    def shutdown(self, timeout: float) -> None:
        """Cancel every job and wait up to `timeout` s for them (threads are daemons anyway)."""
        with self._lock:
            jobs = list(self._jobs.values())
        for cancel, _ in jobs:
            cancel.set()
        for _, thread in jobs:
            thread.join(timeout / max(len(jobs), 1))

    def _start(self, job_id: str, body: Body) -> bool:
        with self._lock:
            if job_id in self._jobs:
                self.emit.error(job_id, "invalid_request", f"request id {job_id!r} is in use")
                return False
            if self._jobs:
                running = next(iter(self._jobs))
                self.emit.error(job_id, "busy", f"request {running!r} is still running")
                return False
            cancel = threading.Event()
            thread = threading.Thread(
                target=self._run, args=(job_id, body, cancel), name=f"job-{job_id}", daemon=True
            )
            self._jobs[job_id] = (cancel, thread)
        thread.start()
        return True

    def _run(self, job_id: str, body: Body, cancel: threading.Event) -> None:
        final: tuple[str, dict[str, Any]]
        try:
            final = body(cancel)
        except WorkerError as exc:
            final = ("error", {"code": exc.code, "message": exc.message})
        except Exception as exc:
            log.exception("request %s failed", job_id)
            final = ("error", {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}"})
        with self._lock:  # free the slot first: the parent may send the next request at once
            self._jobs.pop(job_id, None)
        self.emit.emit(final[0], id=job_id, **final[1])

    def _cancel(self, request: CancelRequest) -> None:
        with self._lock:
            job = self._jobs.get(request.target)
        if job is None:
            self.emit.error(
                request.id, "unknown_target", f"no running request {request.target!r} to cancel"
            )
            return
        job[0].set()  # the target answers with error code "cancelled"

    def _ensure_model(self, job_id: str, cancel: threading.Event) -> str:
        if self._model is not None and self._model_path is not None:
            return self._model_path
        throttle = Throttle(
            lambda file, done, total: self.emit.emit(
                "download_progress",
                id=job_id,
                file=file,
                downloadedBytes=done,
                totalBytes=total,
            )
        )

        def progress(file: str, done: int, total: int) -> None:
            throttle(file, done, total)

        def restarted(file: str, reason: str) -> None:
            self.emit.emit("download_restarted", id=job_id, file=file, reason=reason)

        fetcher = ModelFetcher(
            self.settings,
            progress=progress,
            cancel=cancel,
            free_bytes=self.free_bytes,
            restarted=restarted,
        )
        path = fetcher.fetch()
        fetcher.check_cancel()
        model = load_model(path, self.settings)
        self._model, self._model_path = model, path
        fetcher.check_cancel()  # cancelled while loading: keep the model, but say so
        return path

    def _load(self, job_id: str, cancel: threading.Event) -> tuple[str, dict[str, Any]]:
        return "model_ready", {"path": self._ensure_model(job_id, cancel)}

    def _transcribe(
        self, request: TranscribeRequest, cancel: threading.Event
    ) -> tuple[str, dict[str, Any]]:
        self._ensure_model(request.id, cancel)
        if cancel.is_set():
            raise Cancelled("The transcription was cancelled.")

        def on_segment(seg: Segment) -> None:
            self.emit.emit("segment", id=request.id, start=seg.start, end=seg.end, text=seg.text)

        language = request.language or self.settings.language
        result = transcribe(
            self._model,
            request.path,
            language=language,
            cancel=cancel,
            on_segment=on_segment,
            chinese_script=self.settings.chinese_script,
        )
        return "result", {
            "text": result.text,
            "language": result.language,
            "duration": result.duration,
        }

    def _split(self, request: SplitRequest, cancel: threading.Event) -> tuple[str, dict[str, Any]]:
        def on_chunk(chunk: Chunk) -> None:
            self.emit.emit(
                "chunk", id=request.id, path=chunk.path, start=chunk.start, end=chunk.end
            )

        result = split(
            request.path,
            max_seconds=request.max_seconds,
            out_dir=request.out_dir,
            cancel=cancel,
            on_chunk=on_chunk,
        )
        return "result", {"chunks": result.chunks, "duration": result.duration}

    def _stream_start(self, request: StreamStartRequest) -> None:
        if request.id in self._streams:
            self.emit.error(request.id, "invalid_request", f"stream {request.id!r} is open")
            return
        session = StreamSession(partials=request.partials)
        self._streams[request.id] = session  # audio sent while the model loads is queued
        if not self._start(request.id, lambda cancel: self._stream(request, session, cancel)):
            del self._streams[request.id]

    def _stream_audio(self, request: StreamAudioRequest) -> None:
        session = self._streams.get(request.id)
        if session is None:
            self.emit.error(request.id, "unknown_target", f"no open stream {request.id!r}")
            return
        try:
            session.push(pcm_samples(request.pcm))
        except WorkerError as exc:  # the stream ends with this error (one end per request id)
            del self._streams[request.id]
            session.fail(exc)

    def _stream_stop(self, request: StreamStopRequest) -> None:
        session = self._streams.pop(request.id, None)
        if session is None:
            self.emit.error(request.id, "unknown_target", f"no open stream {request.id!r}")
            return
        session.stop()  # the stream's job answers with its last segments, then stream_stopped

    def _stream(
        self, request: StreamStartRequest, session: StreamSession, cancel: threading.Event
    ) -> tuple[str, dict[str, Any]]:
        try:
            self._ensure_model(request.id, cancel)
            self.emit.emit("stream_started", id=request.id)
            language = request.language or self.settings.language
            script = self.settings.chinese_script

            def decode(audio: Any) -> str:
                return transcribe_clip(
                    self._model, audio, language=language, chinese_script=script
                )[0]

            def on_segment(seg: StreamSegment) -> None:
                self.emit.emit(
                    "segment",
                    id=request.id,
                    segmentId=seg.segment_id,
                    text=seg.text,
                    start=seg.start,
                    end=seg.end,
                    final=seg.final,
                )

            count = session.run(decode, on_segment, cancel)
        finally:
            self._streams.pop(request.id, None)  # the job thread: dict ops are atomic
        return "stream_stopped", {"segments": count}
