"""Settings lines for the sidecar under test."""

from __future__ import annotations

from typing import Any

from backend_support import secrets


def base_settings(**overrides: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "embedded": True,
        "host": "127.0.0.1",
        "port": 0,
        "externalApis": {
            "authApiUrl": "",
            "difyApiUrl": "",
            "difyApiKey": secrets.DIFY_API_KEY,
            "difySttApiKey": secrets.DIFY_STT_API_KEY,
        },
        "auth": {
            "adminEmail": "admin@example.com",
            "jwtSecret": secrets.JWT_SECRET,
            "jwtExpireHours": 24,
        },
        "launchToken": secrets.LAUNCH_TOKEN,
    }
    settings.update(overrides)
    return settings
