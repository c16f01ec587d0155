"""Parsing the stdin settings line, in process."""

from __future__ import annotations

import json
from typing import Any

import pytest
from backend_support import secrets
from backend_support.config import base_settings
from meeting_backend.settings import SettingsError, parse_settings_line


def parse(settings: dict[str, Any]) -> Any:
    return parse_settings_line(json.dumps(settings).encode() + b"\n")[0]


def test_config_json_names_map_to_settings() -> None:
    settings = parse(
        base_settings(
            database={"host": "db", "port": 3307, "user": "u", "password": "p", "database": "d"},
            allowedOrigins=["app://meeting"],
        )
    )
    assert settings.mode == "normal"
    assert settings.database.port == 3307
    assert settings.external_apis.dify_api_key.get_secret_value() == secrets.DIFY_API_KEY
    assert settings.auth.jwt_expire_hours == 24
    assert settings.allowed_origins == ("app://meeting",)
    assert secrets.DB_PASSWORD not in repr(settings)


@pytest.mark.parametrize("database", [None, {}, {"host": ""}, {"host": "  ", "user": "u"}])
def test_no_database_host_means_setup_mode(database: Any) -> None:
    overrides = {} if database is None else {"database": database}
    assert parse(base_settings(**overrides)).mode == "setup"


def test_unknown_keys_are_listed_by_name() -> None:
    settings = parse(base_settings(futureThing={"token": secrets.JWT_SECRET}))
    assert settings.unknown_keys() == ["futureThing"]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(SettingsError) as info:
        parse({"port": -1, "host": "10.0.0.1", "auth": {"jwtExpireHours": 0}})
    message = str(info.value)
    for field in ("port", "host", "launchToken", "auth.jwtExpireHours"):
        assert field in message


def test_localhost_is_accepted_and_binds_127_0_0_1() -> None:
    settings = parse(base_settings(host="localhost"))
    assert settings.bind_host == "127.0.0.1"
