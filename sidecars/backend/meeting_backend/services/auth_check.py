"""Checks that the company auth API answers at all: any HTTP response means reachable."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from meeting_backend.services import http_probe
from meeting_backend.services.results import CheckFailure


@dataclass(frozen=True)
class AuthCheckOk:
    status: int
    latency_ms: int

    def public(self) -> dict[str, object]:
        return {"ok": True, "status": self.status, "latencyMs": self.latency_ms}


async def check_auth_api(url: str, timeout_s: float) -> AuthCheckOk | CheckFailure:
    """Codes: invalid_url, dns_failed, connection_refused, timeout, tls_error, unreachable."""
    bad = http_probe.invalid_url(url)
    if bad is not None:
        return bad
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s), http_probe.client(timeout_s) as client:
            response = await client.get(url.strip())
    except (httpx.HTTPError, OSError, TimeoutError) as exc:
        return http_probe.explain_transport_error(exc, url, timeout_s)
    latency_ms = round((time.monotonic() - started) * 1000)
    return AuthCheckOk(status=response.status_code, latency_ms=latency_ms)
