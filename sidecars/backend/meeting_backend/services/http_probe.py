"""Shared HTTP client settings and plain-language explanations of network failures."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import truststore

from meeting_backend.services.results import CheckFailure, root_causes

USER_AGENT = "MeetingAssistant-Backend"


def tls_context() -> ssl.SSLContext:
    # The operating system's trust store: company CAs installed by IT (TLS inspection, internal
    # servers) are trusted, as in the user's browser.
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def client(timeout_s: float) -> httpx.AsyncClient:
    # One budget per phase; the caller also bounds the whole call with asyncio.timeout.
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_s),
        verify=tls_context(),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
    )


def invalid_url(url: str) -> CheckFailure | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return CheckFailure(
            "invalid_url",
            f"'{url}' is not a web address: it must start with https:// or http:// and name a "
            "server.",
            "Copy the full address, for example https://api.example.com/v1.",
        )
    return None


@dataclass(frozen=True)
class _Tls:
    message: str
    hint: str


def _explain_tls(error: ssl.SSLError, host: str) -> _Tls:
    text = f"{getattr(error, 'reason', '') or ''} {error}".lower()
    verify_message = getattr(error, "verify_message", "") or ""
    if "wrong_version_number" in text or "record layer" in text or "http_request" in text:
        return _Tls(
            f"{host} did not answer with an encrypted (TLS) connection.",
            "The address probably should start with http:// instead of https://, or the port "
            "is wrong.",
        )
    if "hostname mismatch" in text or "ip address mismatch" in text:
        return _Tls(
            f"The certificate of {host} was issued for a different name.",
            "Use the exact server name the certificate was issued for; ask IT if unsure.",
        )
    if "expired" in text or "expired" in verify_message:
        return _Tls(
            f"The certificate of {host} has expired.",
            "The server's administrator must renew its certificate.",
        )
    if "certificate_verify_failed" in text or isinstance(error, ssl.SSLCertVerificationError):
        detail = f" ({verify_message})" if verify_message else ""
        return _Tls(
            f"This computer does not trust the certificate of {host}{detail}.",
            "The certificate is self-signed or issued by an authority this computer does not "
            "know. If your company inspects HTTPS traffic, IT must install its root certificate "
            "on this computer.",
        )
    return _Tls(
        f"The encrypted (TLS) connection to {host} failed ({getattr(error, 'reason', None)}).",
        "Ask IT whether a proxy or firewall interferes with HTTPS connections to this server.",
    )


def explain_transport_error(exc: BaseException, url: str, timeout_s: float) -> CheckFailure:
    """Codes: dns_failed, connection_refused, timeout, tls_error, unreachable."""
    host = urlsplit(url).hostname or url
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return CheckFailure(
            "timeout",
            f"{host} did not answer within {timeout_s:g} s.",
            "A firewall may block the connection, or the server is overloaded. Check the "
            "address and your network or VPN connection.",
        )
    chain = root_causes(exc)
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return CheckFailure(
                "dns_failed",
                f"The server name '{host}' could not be found (DNS lookup failed).",
                "Check the spelling of the address. An internal company name may only resolve "
                "on the company network or VPN.",
            )
        if isinstance(cause, ssl.SSLError):
            tls = _explain_tls(cause, host)
            return CheckFailure("tls_error", tls.message, tls.hint)
        if isinstance(cause, ConnectionRefusedError):
            return CheckFailure(
                "connection_refused",
                f"{host} refused the connection: nothing is listening on that port.",
                "Check the address and port, and that the service is running.",
            )
    text = " ".join(str(c) for c in chain).lower()
    if "name or service not known" in text or "nodename nor servname" in text:
        return CheckFailure(
            "dns_failed",
            f"The server name '{host}' could not be found (DNS lookup failed).",
            "Check the spelling of the address, and the network or VPN connection.",
        )
    if "connection refused" in text:
        return CheckFailure(
            "connection_refused",
            f"{host} refused the connection: nothing is listening on that port.",
            "Check the address and port, and that the service is running.",
        )
    return CheckFailure(
        "unreachable",
        f"{host} could not be reached ({exc.__class__.__name__}).",
        "Check the address and your network connection; a proxy or firewall may block it.",
    )
