"""A normal-mode backend whose Dify is the fake Dify (tests/backend_support/fake_dify.py)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from backend_support import secrets
from backend_support.databases import create_database
from backend_support.fake_dify import DifyApp, FakeDify, fake_dify
from backend_support.fake_signin import fake_signin
from backend_support.normal import Api, start_normal
from backend_support.sidecar import Sidecar

SUMMARY_KEY = secrets.DIFY_API_KEY
STT_KEY = secrets.DIFY_STT_API_KEY
TIMEOUT_S = 4
PART_CHARS = 1_000


@dataclass
class DifyBackend:
    api: Api
    dify: FakeDify
    sidecar: Sidecar

    def reset(self, **summary_app: Any) -> DifyApp:
        """A fresh summary app (with these settings) and speech-to-text app; forgets requests."""
        self.dify.apps[SUMMARY_KEY] = DifyApp(**summary_app)
        self.dify.apps[STT_KEY] = DifyApp(mode="chat")
        for records in (self.dify.runs, self.dify.stops, self.dify.audio, self.dify.attempts):
            records.clear()
        return self.dify.apps[SUMMARY_KEY]


@contextlib.contextmanager
def dify_backend(db_port: int, db_socket: str, **external: Any) -> Iterator[DifyBackend]:
    database = create_database(db_port, db_socket)
    with fake_dify({}) as dify, fake_signin("nested") as auth:
        sidecar = Sidecar()
        try:
            apis = {
                "difyApiUrl": dify.url,
                "difyApiKey": SUMMARY_KEY,
                "difySttApiKey": STT_KEY,
                "difyTimeoutSeconds": TIMEOUT_S,
                "difySummaryPartChars": PART_CHARS,
                **external,
            }
            api = start_normal(sidecar, database, auth.url, externalApis=apis)
            api.sign_in("admin", "alice", "bob")
            backend = DifyBackend(api, dify, sidecar)
            backend.reset()
            yield backend
        finally:
            sidecar.stop()
            found = secrets.leaks(sidecar.output)
            assert not found, f"secret values in backend output: {found}"
    database.drop()


def sse_events(response: httpx.Response) -> Iterator[tuple[str, Any]]:
    """(event, data) of the backend's server-sent events, as they arrive."""
    event, data = "", ""
    for line in response.iter_lines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()
        elif not line and event:
            yield event, json.loads(data)
            event, data = "", ""
