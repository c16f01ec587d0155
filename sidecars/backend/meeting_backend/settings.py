"""Settings the sidecar receives as one JSON line on stdin.

The line is the `backend` object of config.json with its secrets filled in, plus `launchToken`.
Field names match config.json (camelCase); Python code uses snake_case attributes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import (
    AliasGenerator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic.alias_generators import to_camel

from meeting_backend.db.connect import SslMode, TlsSetupError, tls_context
from meeting_backend.logs import secrets as secret_registry

LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
# The Electron renderer's origins: the packaged app loads file:// pages, development uses the
# Vite dev server. "null" and "*" are refused: sandboxed iframes on any web site send "null".
DEFAULT_ALLOWED_ORIGINS = ("file://", "http://localhost:5173", "http://127.0.0.1:5173")
# The same list as JWT_PLACEHOLDERS in electron/contract/config-fields.ts (tests/test_contract.py).
PLACEHOLDER_SECRETS = frozenset(
    {"changethis", "changeme", "change-me", "secret", "password", "jwt-secret", "your-secret-here"}
)
# Dotted paths (config.json spelling) of the fields that hold secrets.
SECRET_PATHS = (
    ("database", "password"),
    ("externalApis", "difyApiKey"),
    ("externalApis", "difySttApiKey"),
    ("auth", "jwtSecret"),
    ("launchToken",),
)


class _CamelModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=AliasGenerator(validation_alias=to_camel, serialization_alias=to_camel),
        populate_by_name=True,
        extra="ignore",
        frozen=True,
    )


class DatabaseSettings(_CamelModel):
    host: str = ""
    # config.json's default (docs/config.md); MySQL's own usual port, 3306, is set explicitly.
    port: int = Field(default=33306, ge=1, le=65535)
    user: str = ""
    password: SecretStr = SecretStr("")
    database: str = ""
    # MySQL's --ssl-mode values; see db/connect.py.
    ssl: SslMode = "preferred"
    ssl_ca: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.host.strip())


class ExternalApiSettings(_CamelModel):
    auth_api_url: str = ""
    dify_api_url: str = ""
    dify_api_key: SecretStr = SecretStr("")
    dify_stt_api_key: SecretStr = SecretStr("")
    # A Dify call that has not finished by then is stopped and answered dify_timeout.
    dify_timeout_seconds: int = Field(default=120, ge=1, le=3600)
    # Transcripts longer than this are summarised in parts, then merged (docs/dify.md).
    dify_summary_part_chars: int = Field(default=12_000, ge=1_000, le=1_000_000)


class AuthSettings(_CamelModel):
    admin_email: str = ""
    jwt_secret: SecretStr = SecretStr("")
    jwt_expire_hours: int = Field(default=24, ge=1, le=720)  # 30 days, as in config.json

    @field_validator("jwt_secret")
    @classmethod
    def _no_placeholder(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError("is a well-known placeholder; generate a random secret")
        return value


class BackendSettings(_CamelModel):
    model_config = ConfigDict(extra="allow")

    # config.json's switch, accepted and not used here; missing means false there (docs/config.md).
    embedded: bool = False
    host: Literal["127.0.0.1", "localhost"] = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    database: DatabaseSettings | None = None
    external_apis: ExternalApiSettings = ExternalApiSettings()
    auth: AuthSettings = AuthSettings()
    launch_token: SecretStr = Field(min_length=16)
    allowed_origins: tuple[str, ...] = DEFAULT_ALLOWED_ORIGINS

    @field_validator("allowed_origins")
    @classmethod
    def _no_wildcards(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for origin in value:
            if origin in ("*", "null"):
                raise ValueError(f"{origin!r} is not allowed: list the app's own origin")
        return value

    @property
    def mode(self) -> Literal["setup", "normal"]:
        return "normal" if self.database is not None and self.database.configured else "setup"

    @property
    def bind_host(self) -> str:
        # "localhost" may resolve to ::1 first; the Host allowlist and the events use 127.0.0.1.
        return "127.0.0.1"

    def unknown_keys(self) -> list[str]:
        return sorted((self.model_extra or {}).keys())


class SettingsError(Exception):
    """The settings line is missing or invalid. `str()` never contains a secret value."""


def iter_secret_values(raw: Any) -> Iterator[str]:
    """Yields the secret strings found in a raw settings object (before validation)."""
    if not isinstance(raw, dict):
        return
    for path in SECRET_PATHS:
        node: Any = raw
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str) and node:
            yield node


def _describe(error: Any) -> str:
    loc = ".".join(str(part) for part in error["loc"]) or "(settings)"
    # pydantic's `msg` never contains the input; the input itself is deliberately left out.
    return f"{loc}: {error['msg']}"


def parse_settings_line(line: bytes) -> tuple[BackendSettings, list[str]]:
    """Parses the stdin line. Returns the settings and the secret values found in it.

    Raises SettingsError with a message that names every faulty field.
    """
    if not line.strip():
        raise SettingsError("no settings line on stdin (expected one JSON object)")
    try:
        raw = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SettingsError(f"settings line is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SettingsError(
            f"settings line is not valid JSON: {exc.msg} at column {exc.colno}"
        ) from None
    if not isinstance(raw, dict):
        raise SettingsError("settings line must be a JSON object")
    secrets = list(iter_secret_values(raw))
    # Registered before validation, so that no message about a bad field can carry a secret.
    secret_registry.register(*secrets)
    try:
        settings = BackendSettings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors(include_input=False))
        raise SettingsError(f"invalid settings: {problems}") from None
    db = settings.database
    if db is not None and db.configured:
        missing = [name for name in ("user", "database") if not getattr(db, name).strip()]
        if missing:
            names = ", ".join(f"database.{name}" for name in missing)
            raise SettingsError(f"invalid settings: {names}: required when database.host is set")
        try:
            tls_context(db.ssl, db.ssl_ca)
        except TlsSetupError as exc:
            raise SettingsError(f"invalid settings: database.sslCa: {exc}") from None
    return settings, secrets
