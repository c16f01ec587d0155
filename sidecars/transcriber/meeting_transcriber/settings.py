"""The `whisper` section of config.json, as read from the first stdin line."""

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from meeting_transcriber.chinese import ChineseScript

ComputeType = Literal[
    "default",
    "auto",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
]


class WhisperSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    model: str = Field(default="small", min_length=1)
    device: Literal["auto", "cpu", "cuda"] = "auto"
    compute_type: ComputeType = Field(default="int8", alias="computeType")
    language: str = Field(default="auto", min_length=1)
    download_root: str = Field(default="", alias="downloadRoot")
    hub_endpoint: str = Field(default="", alias="hubEndpoint")
    offline: bool = False
    chinese_script: ChineseScript = Field(default="traditional", alias="chineseScript")

    @field_validator("hub_endpoint")
    @classmethod
    def _endpoint_is_http(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be empty or start with http:// or https://")
        return value


class InvalidSettings(Exception):
    """Every problem with the settings line, one per line, each with its field path."""


def parse_settings(line: str) -> WhisperSettings:
    """Accept the bare `whisper` object (plus an optional `launchToken`, unused here) or
    `{"whisper": {...}, ...}` (other keys ignored)."""
    try:
        data: Any = json.loads(line)
    except ValueError as exc:
        raise InvalidSettings(f"settings line is not JSON: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("whisper"), dict):
        data = data["whisper"]
    elif isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "launchToken"}  # the sidecar envelope's
    try:
        return WhisperSettings.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"whisper.{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise InvalidSettings("\n".join(problems)) from exc
