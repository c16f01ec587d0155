"""Receives one multipart audio chunk as it streams in, never holding it whole in memory.

Starlette's multipart parser spools the file part to a temporary file (in memory up to 1 MB,
then on disk); the stream it reads is cut off as soon as the body passes the limit, so a
too-large chunk is refused while it arrives, not after. The rest of a refused body is not read,
and the answer says `Connection: close`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import IO

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from meeting_backend.errors import ApiError, validation_failed

AUDIO_CHUNK_MAX_BYTES = 15 * 1024 * 1024
# Room for the multipart boundary and part headers around the file. It is less than the body
# limit middleware's margin (limits.AUDIO_CHUNK_BODY_LIMIT), so that a chunk over 15 MB is
# answered audio_too_large here rather than the middleware's generic payload_too_large.
FORM_OVERHEAD_BYTES = 16 * 1024

DIFY_AUDIO_TYPES = ("mp3", "mp4", "mpeg", "mpga", "m4a", "wav", "webm", "amr")
_TYPE_ALIASES = {
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/x-m4a": "audio/m4a",
    "audio/mp4a-latm": "audio/m4a",
    "audio/x-mpeg": "audio/mpeg",
    "audio/x-mp3": "audio/mp3",
    "video/webm": "audio/webm",
    "video/mp4": "audio/mp4",
}


@dataclass(frozen=True)
class AudioUpload:
    file: IO[bytes]
    filename: str
    content_type: str
    size: int


class _TooLarge(MultiPartException):
    pass


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "audio_too_large",
        f"The audio chunk is larger than {limit // (1024 * 1024)} MB; send it in shorter chunks.",
        # The rest of the body is never read, so the connection cannot be reused.
        headers={"Connection": "close"},
        max_bytes=limit,
    )


def _no_file(message: str) -> ApiError:
    return validation_failed([{"field": "file", "message": message}])


def dify_content_type(content_type: str | None, filename: str) -> str:
    """The MIME type Dify accepts (audio/wav, not audio/x-wav), guessed from the name if need be."""
    base = (content_type or "").split(";")[0].strip().lower()
    base = _TYPE_ALIASES.get(base, base)
    if base.startswith("audio/"):
        return base
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension in DIFY_AUDIO_TYPES:
        return f"audio/{extension}"
    return base or "application/octet-stream"


async def _limited(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _TooLarge("too large")
        yield chunk


@contextlib.asynccontextmanager
async def spooled_audio(
    request: Request, limit: int = AUDIO_CHUNK_MAX_BYTES
) -> AsyncIterator[AudioUpload]:
    """The `file` part of a multipart/form-data request, spooled; 413 audio_too_large past
    `limit` bytes, 422 validation_failed without a file."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise _no_file("send the audio as multipart/form-data, in a part named 'file'")
    body_limit = limit + FORM_OVERHEAD_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:
        raise too_large(limit)  # before a byte is read; the connection is then closed
    parser = MultiPartParser(request.headers, _limited(request, body_limit), max_files=1)
    try:
        form = await parser.parse()
    except _TooLarge:
        raise too_large(limit) from None
    except MultiPartException as exc:
        raise _no_file(f"the multipart body cannot be read ({exc.message})") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _no_file("is required: one audio chunk in a part named 'file'")
        size = upload.size or 0
        if size > limit:
            raise too_large(limit)
        if size == 0:
            raise _no_file("is empty: send an audio chunk with some sound in it")
        filename = upload.filename or "chunk.wav"
        yield AudioUpload(
            upload.file, filename, dify_content_type(upload.content_type, filename), size
        )
    finally:
        await form.close()
