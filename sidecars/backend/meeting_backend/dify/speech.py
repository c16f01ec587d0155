"""Speech-to-text for one audio chunk: Dify's `POST /audio-to-text` with the speech-to-text key."""

from __future__ import annotations

from meeting_backend.dify import errors
from meeting_backend.dify.client import DifyClient
from meeting_backend.dify.upload import AudioUpload
from meeting_backend.errors import ApiError


def _retry(status: int) -> bool:
    return status == 429 or status >= 500


def stt_disabled(said: str = "") -> ApiError:
    return ApiError(
        503,
        "stt_disabled",
        "Speech-to-text is not available: an administrator must enable Speech to Text in the "
        "Dify app whose key is externalApis.difySttApiKey (and give the workspace a "
        "speech-to-text model)." + said,
    )


async def transcribe(client: DifyClient, audio: AudioUpload, user: str) -> str:
    """The chunk's text; 429 and 5xx answers are tried again with backoff."""

    def rewind() -> None:
        audio.file.seek(0)

    response = await client.send(
        "POST",
        "/audio-to-text",
        retry_on=_retry,
        before_attempt=rewind,
        files={"file": (audio.filename, audio.file, audio.content_type)},
        data={"user": user},
    )
    body = errors.json_body(response)
    status = response.status_code
    if status == 200 and isinstance(body, dict) and isinstance(body.get("text"), str):
        return str(body["text"])
    code = errors.dify_code(body)
    said = errors.dify_said(body)
    if status == 413:
        raise ApiError(
            413,
            "audio_too_large",
            "The audio chunk is larger than the Dify server accepts; send shorter chunks." + said,
        )
    if status == 415:
        raise ApiError(
            415,
            "unsupported_audio_type",
            f"Dify does not accept this kind of audio ({audio.content_type}); send wav, mp3, "
            "m4a, webm, mp4, mpga or amr." + said,
        )
    if code == "provider_not_support_speech_to_text" or (
        status == 400 and code == "invalid_param" and "not enabled" in said.lower()
    ):
        raise stt_disabled(said)
    if status == 200:
        raise errors.dify_error("Dify's speech-to-text answer holds no text.")
    raise errors.from_response(status, body)
