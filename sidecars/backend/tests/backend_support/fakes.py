"""Small real servers on 127.0.0.1 that fail the way the checks must recognise."""

from __future__ import annotations

import contextlib
import datetime
import json
import socket
import ssl
import struct
import tempfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


def closed_port() -> int:
    """A port nothing listens on (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def silent_listener() -> Iterator[int]:
    """Accepts TCP connections (in the kernel backlog) and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


@contextlib.contextmanager
def banner_server(banner: bytes) -> Iterator[int]:
    """Accepts connections, sends `banner`, then closes: a non-MySQL service on the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                if banner:  # an empty banner: close at once, without a word
                    conn.sendall(banner)
                    conn.recv(1024)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield int(sock.getsockname()[1])
    finally:
        stop.set()
        sock.close()


def _mysql_greeting_with_tls() -> bytes:
    """A MySQL protocol-10 greeting that offers TLS (CLIENT_SSL)."""
    caps = 0x00000001 | 0x00000008 | 0x00000200 | 0x00000800 | 0x00008000 | 0x00080000
    salt = b"abcdefgh" + b"ijklmnopqrst"
    payload = (
        b"\x0a"
        + b"5.5.5-10.11.99-FakeMariaDB\x00"
        + struct.pack("<I", 7)
        + salt[:8]
        + b"\x00"
        + struct.pack("<H", caps & 0xFFFF)
        + b"\x21"
        + struct.pack("<H", 2)
        + struct.pack("<H", caps >> 16)
        + bytes([21])
        + b"\x00" * 10
        + salt[8:]
        + b"\x00"
        + b"mysql_native_password\x00"
    )
    return struct.pack("<I", len(payload))[:3] + b"\x00" + payload


@contextlib.contextmanager
def broken_tls_mysql() -> Iterator[int]:
    """Greets like MySQL and offers TLS, then answers the TLS handshake with garbage."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                conn.sendall(_mysql_greeting_with_tls())
                conn.recv(4096)  # SSL request packet (and maybe the ClientHello)
                conn.sendall(b"this is not a TLS record at all\r\n" * 4)
                conn.recv(4096)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


# --- HTTP ------------------------------------------------------------------------------------

DIFY_PARAMETERS = {
    "opening_statement": "",
    "suggested_questions": [],
    "suggested_questions_after_answer": {"enabled": False},
    "speech_to_text": {"enabled": True},
    "text_to_speech": {"enabled": False, "voice": "", "language": ""},
    "retriever_resource": {"enabled": False},
    "annotation_reply": {"enabled": False},
    "more_like_this": {"enabled": False},
    "user_input_form": [],
    "sensitive_word_avoidance": {"enabled": False},
    "file_upload": {"image": {"enabled": False, "number_limits": 3, "transfer_methods": []}},
    "system_parameters": {
        "file_size_limit": 15,
        "image_file_size_limit": 10,
        "audio_file_size_limit": 50,
        "video_file_size_limit": 100,
        "workflow_file_upload_limit": 10,
    },
}


def _dify_error(code: str, message: str, status: int) -> tuple[int, dict[str, Any]]:
    return status, {"code": code, "message": message, "status": status}


class FakeDify:
    """Dify's service API as documented: GET /v1/parameters with a Bearer app key.

    Keys: KEY_STT (speech-to-text on), KEY_NO_STT (off), KEY_DISABLED (service API disabled),
    KEY_UNAVAILABLE (app not published); any other key is invalid.
    """

    KEY_STT = "app-fake-stt-on"
    KEY_NO_STT = "app-fake-stt-off"
    KEY_DISABLED = "app-fake-api-disabled"
    KEY_UNAVAILABLE = "app-fake-unavailable"

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []

    def respond(self, path: str, authorization: str | None) -> tuple[int, dict[str, Any]]:
        if path.rstrip("/") != "/v1/parameters":
            return _dify_error(
                "not_found",
                "The requested URL was not found on the server. If you entered the URL manually "
                "please check your spelling and try again.",
                404,
            )
        if not authorization or not authorization.startswith("Bearer "):
            return _dify_error(
                "unauthorized",
                "Authorization header must be provided and start with 'Bearer'",
                401,
            )
        key = authorization.removeprefix("Bearer ").strip()
        if key == self.KEY_DISABLED:
            return _dify_error("forbidden", "The app's API service has been disabled.", 403)
        if key == self.KEY_UNAVAILABLE:
            return _dify_error(
                "app_unavailable", "App unavailable, please check your app configurations.", 400
            )
        if key in (self.KEY_STT, self.KEY_NO_STT):
            body = json.loads(json.dumps(DIFY_PARAMETERS))
            body["speech_to_text"] = {"enabled": key == self.KEY_STT}
            return 200, body
        return _dify_error("unauthorized", "Access token is invalid", 401)


@contextlib.contextmanager
def http_server(handler_fn: Any, tls: ssl.SSLContext | None = None) -> Iterator[int]:
    """Runs `handler_fn(method, path, headers) -> (status, body, content_type)` on 127.0.0.1."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, content_type = handler_fn("GET", self.path, self.headers)
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def fake_dify() -> Iterator[tuple[str, FakeDify]]:
    dify = FakeDify()

    def handle(method: str, path: str, headers: Any) -> tuple[int, Any, str]:
        dify.requests.append({"path": path, "authorization": headers.get("Authorization", "")})
        status, body = dify.respond(path, headers.get("Authorization"))
        return status, body, "application/json"

    with http_server(handle) as port:
        yield f"http://127.0.0.1:{port}/v1", dify


@contextlib.contextmanager
def html_server() -> Iterator[int]:
    """A plain web site: 200 text/html for every path."""

    def handle(method: str, path: str, headers: Any) -> tuple[int, Any, str]:
        return 200, b"<!doctype html><title>Intranet</title><p>Hello</p>", "text/html"

    with http_server(handle) as port:
        yield port


def self_signed_context() -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ma-test-self-signed")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = Path(tempfile.mkdtemp(prefix="ma-tls-"))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context
