"""electron/contract/transcriber*.ts and this worker name the same codes, keys and events."""

import re
import typing
from pathlib import Path

from meeting_transcriber.errors import ErrorCode
from meeting_transcriber.settings import WhisperSettings

CONTRACT_DIR = Path(__file__).resolve().parents[3] / "electron" / "contract"
# The settings line and requests; the events and error codes (re-exported by transcriber.ts).
CONTRACT_FILES = (CONTRACT_DIR / "transcriber.ts", CONTRACT_DIR / "transcriber-events.ts")


def _contract_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CONTRACT_FILES)


def _ts_list(name: str) -> set[str]:
    text = _contract_text()
    body = re.search(rf"{name} = \[(.*?)\]", text, re.S)
    assert body, name
    return set(re.findall(r"'([^']+)'", body[1]))


def test_error_codes_match() -> None:
    assert _ts_list("TRANSCRIBER_ERROR_CODES") == set(typing.get_args(ErrorCode))


def test_settings_keys_match() -> None:
    text = _contract_text()
    block = re.search(r"TranscriberSettingsSchema = z\.strictObject\(\{(.*?)\n\}\);", text, re.S)
    assert block
    ts_keys = set(re.findall(r"^  (\w+):", block[1], re.M)) - {"launchToken"}
    py_keys = {f.alias or name for name, f in WhisperSettings.model_fields.items()}
    assert ts_keys == py_keys


def test_event_names_match() -> None:
    text = _contract_text()
    events = set(re.findall(r"event: z\.literal\('(\w+)'\)", text))
    worker_src = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(__file__).parents[1] / "meeting_transcriber").glob("*.py")
    )
    emitted = (
        set(re.findall(r'emit\(\s*"(\w+)"', worker_src))
        | set(re.findall(r'return "(\w+)", \{', worker_src))
        | {"error"}
    )
    assert emitted <= events, emitted - events


def test_request_ops_match() -> None:
    from meeting_transcriber.protocol import AnyRequest

    text = (CONTRACT_DIR / "transcriber.ts").read_text(encoding="utf-8")
    ts_ops = set(re.findall(r"op: z\.literal\('(\w+)'\)", text))
    py_ops = {
        typing.get_args(model.model_fields["op"].annotation)[0]
        for model in typing.get_args(AnyRequest)
    }
    assert ts_ops == py_ops


def test_pcm_line_limit_matches() -> None:
    from meeting_transcriber.protocol import MAX_PCM_BASE64

    text = (CONTRACT_DIR / "transcriber.ts").read_text(encoding="utf-8")
    assert "Math.floor((4 * 10 * 16000 * 2) / 3) + 4" in text
    assert MAX_PCM_BASE64 == (4 * 10 * 16000 * 2) // 3 + 4
