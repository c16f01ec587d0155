"""Reads server.json, a .env file and the environment into validated settings.

server.json holds the `server` section and, like config.json's `backend` object, `database`,
`externalApis` and `auth`. The `.env` keys of existing deployments are accepted too; a key set
in the environment wins over the .env file, which wins over server.json.
"""

from __future__ import annotations

import json
import secrets as token_source
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotenv import dotenv_values
from dotenv.parser import parse_stream
from pydantic import ValidationError

from meeting_backend.db.connect import TlsSetupError, tls_context
from meeting_backend.logs import secrets as secret_registry
from meeting_backend.server_mode.options import ServerOptions
from meeting_backend.settings import BackendSettings, DatabaseSettings, iter_secret_values

# .env key -> where it goes in server.json. The first seven are the existing server's.
ENV_KEYS: dict[str, tuple[str, str]] = {
    "DB_HOST": ("database", "host"),
    "DB_PORT": ("database", "port"),
    "DB_USER": ("database", "user"),
    "DB_PASS": ("database", "password"),
    "DB_NAME": ("database", "database"),
    "DIFY_API_URL": ("externalApis", "difyApiUrl"),
    "DIFY_API_KEY": ("externalApis", "difyApiKey"),
    "DIFY_STT_API_KEY": ("externalApis", "difySttApiKey"),
    "DIFY_TIMEOUT_SECONDS": ("externalApis", "difyTimeoutSeconds"),
    "DIFY_SUMMARY_PART_CHARS": ("externalApis", "difySummaryPartChars"),
    "AUTH_API_URL": ("externalApis", "authApiUrl"),
    "ADMIN_EMAIL": ("auth", "adminEmail"),
    "JWT_SECRET": ("auth", "jwtSecret"),
    "JWT_EXPIRE_HOURS": ("auth", "jwtExpireHours"),
}
MIN_JWT_SECRET = 32  # HS256 wants a key at least as long as its 256-bit hash


class ServerConfigError(Exception):
    """server.json, the .env file or a variable is unusable; the message names which and why."""


@dataclass(frozen=True)
class ServerConfig:
    settings: BackendSettings
    options: ServerOptions


def _read_json(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ServerConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ServerConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ServerConfigError(f"{path}: is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ServerConfigError(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(raw, dict):
        raise ServerConfigError(f"{path}: must hold one JSON object")
    return raw


def _read_env(path: Path) -> dict[str, str | None]:
    try:
        with path.open(encoding="utf-8") as stream:
            broken = [b.original.line for b in parse_stream(stream) if b.error]
    except (OSError, UnicodeDecodeError) as exc:
        raise ServerConfigError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    if broken:
        lines = ", ".join(str(n) for n in broken)
        raise ServerConfigError(
            f"{path}: line {lines} cannot be read; check its quotes (a value with both quote "
            'characters goes in double quotes, with \\" for " and \\\\ for \\)'
        )
    # No ${VAR} expansion: a password containing "$" must arrive exactly as written.
    return dotenv_values(path, interpolate=False)


def _overlay(raw: dict[str, Any], values: Mapping[str, str | None]) -> None:
    for key, (section, field) in ENV_KEYS.items():
        value = values.get(key)
        if value is None or value == "":
            continue
        target = raw.setdefault(section, {})
        if not isinstance(target, dict):
            raise ServerConfigError(f"'{section}' in server.json must be an object")
        target[field] = value


def _problems(exc: ValidationError, prefix: str = "") -> str:
    # pydantic's `msg` never contains the input; the input itself is deliberately left out.
    return "; ".join(
        f"{prefix}{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}"
        for e in exc.errors(include_input=False)
    )


def _raw_settings(
    config_path: Path, env_file: Path | None, environ: Mapping[str, str]
) -> dict[str, Any]:
    raw = _read_json(config_path)
    env_path = env_file if env_file is not None else config_path.parent / ".env"
    if env_file is not None and not env_file.is_file():
        raise ServerConfigError(f"{env_file}: no such .env file")
    _overlay(raw, _read_env(env_path) if env_path.is_file() else {})
    _overlay(raw, environ)
    # Registered before validation, so that no message about a bad field can carry a secret.
    secret_registry.register(*iter_secret_values(raw))
    # Server mode has no launch token (no setup routes); the field is the embedded sidecar's,
    # so it gets a random value that nothing ever checks or sees.
    raw["launchToken"] = token_source.token_urlsafe(32)
    raw["embedded"] = False
    raw.setdefault("allowedOrigins", [])
    return raw


def _settings(raw: dict[str, Any]) -> BackendSettings:
    try:
        return BackendSettings.model_validate(raw)
    except ValidationError as exc:
        raise ServerConfigError(f"invalid settings: {_problems(exc)}") from None


def load_server_config(
    config_path: Path, env_file: Path | None, environ: Mapping[str, str]
) -> ServerConfig:
    raw = _raw_settings(config_path, env_file, environ)
    server_raw = raw.pop("server", None)
    settings = _settings(raw)
    if not isinstance(server_raw, dict):
        raise ServerConfigError(
            "server.json needs a 'server' object with at least 'allowedHosts' (see "
            "docs/server-deployment.md)"
        )
    try:
        options = ServerOptions.model_validate(server_raw)
    except ValidationError as exc:
        raise ServerConfigError(f"invalid settings: {_problems(exc, 'server.')}") from None
    _check_database(settings)
    if len(settings.auth.jwt_secret.get_secret_value()) < MIN_JWT_SECRET:
        raise ServerConfigError(
            f"auth.jwtSecret (or JWT_SECRET) must be at least {MIN_JWT_SECRET} random "
            "characters, e.g. the output of `openssl rand -base64 48`"
        )
    return ServerConfig(settings, options)


def load_database_settings(
    config_path: Path, env_file: Path | None, environ: Mapping[str, str]
) -> DatabaseSettings:
    """Only the database part, for `meeting-backend migrate`."""
    raw = _raw_settings(config_path, env_file, environ)
    raw.pop("server", None)
    settings = _settings(raw)
    _check_database(settings)
    assert settings.database is not None
    return settings.database


def _check_database(settings: BackendSettings) -> None:
    db = settings.database
    if db is None or not db.configured:
        raise ServerConfigError("no database: set database.host (or DB_HOST)")
    if not db.user.strip() or not db.database.strip():
        raise ServerConfigError(
            "database.user and database.database (or DB_USER and DB_NAME) are required"
        )
    try:
        tls_context(db.ssl, db.ssl_ca)
    except TlsSetupError as exc:
        raise ServerConfigError(f"database.sslCa: {exc}") from None
