"""The backend's OpenAPI document, written the same way every time (docs/api/openapi.json).

It describes the embedded backend, so it has every route: the setup routes and the normal-mode
ones (server mode serves the same routes minus setup). Main's zod schemas are generated from it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import SecretStr

from meeting_backend.app import create_app
from meeting_backend.settings import BackendSettings


def openapi_document() -> dict[str, Any]:
    # No database and a throwaway token: building the app connects to nothing.
    settings = BackendSettings(launch_token=SecretStr("openapi-document-only"))
    return create_app(settings, port=8000).openapi()


def openapi_text() -> str:
    """Stable text: keys in FastAPI's order, two-space indent, LF line ends, final newline."""
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"
