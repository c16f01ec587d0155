"""The one error shape of the worker: a code the app maps to a sentence, plus a message."""

from typing import Literal

ErrorCode = Literal[
    "invalid_request",
    "busy",
    "unknown_target",
    "model_not_found",
    "offline_model_missing",
    "download_failed",
    "disk_full",
    "write_failed",
    "model_load_failed",
    "file_not_found",
    "audio_decode_failed",
    "transcription_failed",
    "cancelled",
    "internal_error",
]


class WorkerError(Exception):
    """A failure that ends one request with `{"event":"error","code":...}`."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message


class Cancelled(WorkerError):
    def __init__(self, message: str = "The request was cancelled.") -> None:
        super().__init__("cancelled", message)
