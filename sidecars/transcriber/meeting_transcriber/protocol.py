"""Requests read from stdin and the event writer for stdout (one JSON object per line)."""

import json
import threading
from typing import Annotated, Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from meeting_transcriber.errors import ErrorCode, WorkerError

# One stream_audio line carries at most 10 s of 16 kHz audio (the app sends about 100 ms).
MAX_PCM_BASE64 = 4 * (10 * 16000 * 2) // 3 + 4


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(min_length=1, max_length=200)


class LoadRequest(_Request):
    op: Literal["load"]


class TranscribeRequest(_Request):
    op: Literal["transcribe"]
    path: str = Field(min_length=1)
    language: str | None = None


class CancelRequest(_Request):
    op: Literal["cancel"]
    target: str = Field(min_length=1)


class StreamStartRequest(_Request):
    op: Literal["stream_start"]
    sample_rate: Literal[16000] = Field(alias="sampleRate")
    language: str | None = None
    partials: bool = True


class StreamAudioRequest(_Request):
    """`pcm`: base64 of 16-bit little-endian mono samples at the stream's rate (no reply)."""

    op: Literal["stream_audio"]
    pcm: str = Field(max_length=MAX_PCM_BASE64)


class StreamStopRequest(_Request):
    op: Literal["stream_stop"]


class SplitRequest(_Request):
    op: Literal["split"]
    path: str = Field(min_length=1)
    max_seconds: float = Field(default=300, ge=10, le=3600, alias="maxSeconds")
    out_dir: str = Field(min_length=1, alias="outDir")


AnyRequest = (
    LoadRequest
    | TranscribeRequest
    | CancelRequest
    | StreamStartRequest
    | StreamAudioRequest
    | StreamStopRequest
    | SplitRequest
)
Request = Annotated[AnyRequest, Field(discriminator="op")]
_REQUEST = TypeAdapter(Request)


def parse_request(line: str) -> AnyRequest:
    """Raise WorkerError(invalid_request) with the request id attached where one could be read."""
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise RequestError(None, f"request is not JSON: {exc}") from exc
    req_id = data.get("id") if isinstance(data, dict) else None
    try:
        return _REQUEST.validate_python(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise RequestError(req_id if isinstance(req_id, str) else None, problems) from exc


class RequestError(WorkerError):
    def __init__(self, request_id: str | None, message: str) -> None:
        super().__init__("invalid_request", message)
        self.request_id = request_id


class Emitter:
    """Writes events; one lock so lines from worker threads never interleave."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, event: str, **fields: Any) -> None:
        line = json.dumps({"event": event, **fields}, ensure_ascii=False, separators=(",", ":"))
        with self._lock:
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass  # the parent is gone; EOF on stdin ends the process

    def error(self, request_id: str | None, code: ErrorCode, message: str) -> None:
        self.emit("error", id=request_id, code=code, message=message)
