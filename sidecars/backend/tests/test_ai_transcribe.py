"""POST /api/ai/transcribe-chunk: a real backend process and the fake Dify's /audio-to-text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from backend_support import secrets
from backend_support.dify_backend import STT_KEY, DifyBackend, dify_backend

CHUNK = b"RIFF" + os.urandom(64 * 1024)  # what it holds does not matter to the fake
MB = 1024 * 1024


@pytest.fixture(scope="module")
def backend(db: Any) -> Iterator[DifyBackend]:
    with dify_backend(db.port, db.socket) as started:
        yield started


def post_chunk(
    backend: DifyBackend,
    data: bytes = CHUNK,
    name: str = "chunk-0001.wav",
    content_type: str = "audio/wav",
    field: str = "file",
) -> httpx.Response:
    return backend.api.call(
        "POST",
        "/api/ai/transcribe-chunk",
        as_user="alice",
        files={field: (name, data, content_type)},
    )


def test_a_chunk_is_forwarded_with_the_stt_key_and_its_text_returned(
    backend: DifyBackend,
) -> None:
    backend.reset()
    response = post_chunk(backend)
    assert response.status_code == 200, response.text
    assert response.json() == {"text": "the quarterly budget was approved"}
    (seen,) = backend.dify.audio
    assert seen == {"user": "alice@example.com", "size": len(CHUNK), "content_type": "audio/wav"}
    audio_requests = [r for r in backend.dify.requests if r["path"] == "/v1/audio-to-text"]
    assert audio_requests[-1]["authorization"] == f"Bearer {STT_KEY}"


def test_a_browser_style_audio_type_is_given_to_dify_as_it_accepts_it(
    backend: DifyBackend,
) -> None:
    backend.reset()
    response = post_chunk(backend, name="chunk.webm", content_type="audio/webm;codecs=opus")
    assert response.status_code == 200, response.text
    response = post_chunk(backend, content_type="audio/x-wav")
    assert response.status_code == 200, response.text
    assert [a["content_type"] for a in backend.dify.audio] == ["audio/webm", "audio/wav"]


@pytest.mark.parametrize("status", [429, 503])
def test_a_429_or_5xx_is_tried_again(backend: DifyBackend, status: int) -> None:
    backend.reset()
    backend.dify.apps[STT_KEY].http_errors = [status]
    response = post_chunk(backend)
    assert response.status_code == 200, response.text
    assert len(backend.dify.audio) == 2
    assert backend.dify.audio[-1]["size"] == len(CHUNK)  # the chunk was sent whole again


def test_dify_refusing_the_size_is_audio_too_large(backend: DifyBackend) -> None:
    backend.reset()
    backend.dify.apps[STT_KEY].audio_limit = 1 * MB
    response = post_chunk(backend, data=b"x" * (2 * MB))
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "audio_too_large"
    assert "Audio size exceeded" in body["message"]


def test_a_chunk_over_15_mb_is_refused_before_dify(backend: DifyBackend) -> None:
    backend.reset()
    response = post_chunk(backend, data=b"x" * (15 * MB + 1))
    assert response.status_code == 413
    assert response.json()["code"] == "audio_too_large"
    assert backend.dify.audio == []


def test_a_chunk_over_15_mb_without_a_length_is_refused_while_it_streams(
    backend: DifyBackend,
) -> None:
    backend.reset()
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode()
    sent = []

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(20):  # 20 MB in 1 MB pieces, with no Content-Length
            sent.append(MB)
            yield b"x" * MB
        yield f"\r\n--{boundary}--\r\n".encode()

    api = backend.api
    response = httpx.post(
        api.base_url + "/api/ai/transcribe-chunk",
        content=body(),
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Launch-Token": secrets.LAUNCH_TOKEN,
            "Authorization": f"Bearer {api.tokens['alice']}",
        },
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json()["code"] == "audio_too_large"
    assert backend.dify.audio == []


def test_an_audio_type_dify_refuses_is_unsupported_audio_type(backend: DifyBackend) -> None:
    backend.reset()
    response = post_chunk(backend, name="notes.txt", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_audio_type"


def test_speech_to_text_disabled_in_the_app_is_stt_disabled(backend: DifyBackend) -> None:
    backend.reset()
    backend.dify.apps[STT_KEY].speech_to_text = False
    response = post_chunk(backend)
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "stt_disabled"
    assert "administrator must enable Speech to Text" in body["message"]


def test_a_revoked_stt_key_is_dify_unauthorized(backend: DifyBackend) -> None:
    backend.reset()
    backend.dify.apps[STT_KEY].revoked = True
    response = post_chunk(backend)
    assert response.status_code == 502
    assert response.json()["code"] == "dify_unauthorized"
    assert STT_KEY not in response.text


def test_a_request_without_a_file_part_is_a_field_error(backend: DifyBackend) -> None:
    backend.reset()
    response = post_chunk(backend, field="audio")
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "file"
    assert backend.dify.audio == []


def test_speech_to_text_needs_a_sign_in(backend: DifyBackend) -> None:
    response = backend.api.call(
        "POST", "/api/ai/transcribe-chunk", files={"file": ("c.wav", CHUNK, "audio/wav")}
    )
    assert response.status_code == 401


def test_no_stt_key_in_the_backend_log(backend: DifyBackend) -> None:
    backend.reset()
    backend.dify.apps[STT_KEY].http_errors = [429]
    post_chunk(backend)
    log = backend.sidecar.output
    assert "audio-to-text" in log
    assert secrets.DIFY_STT_API_KEY not in log and secrets.DIFY_API_KEY not in log
