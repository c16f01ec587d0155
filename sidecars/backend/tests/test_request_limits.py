"""Body limits, the launch token and the Host check answer before the body is read, on a real
backend process, spoken to over raw sockets so that the test decides what is (not) sent."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass

import pytest
from backend_support import secrets
from backend_support.normal import NormalBackend, meeting_body
from backend_support.sidecar import Sidecar
from meeting_backend.api.routes.meetings import MEETING_BODY_LIMIT
from meeting_backend.limits import AUDIO_CHUNK_BODY_LIMIT, DEFAULT_BODY_LIMIT, body_limit

TOKEN = secrets.LAUNCH_TOKEN
# Long enough for any answer the backend gives at once; far too short for it to read 64 MiB.
ANSWER_TIMEOUT_S = 10.0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, object]:
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


def _open(port: int, method: str, path: str, headers: dict[str, str]) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=ANSWER_TIMEOUT_S)
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
    return sock


def _read_answer(sock: socket.socket) -> Answer:
    """Reads one response; fails if none comes (the server would be waiting for the body)."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed without an answer: {data!r}")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])
        }
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    except TimeoutError:
        raise AssertionError(
            f"no answer within {ANSWER_TIMEOUT_S} s: the server is waiting for the body"
        ) from None
    return Answer(int(lines[0].split()[1]), headers, body)


def _send_chunks(sock: socket.socket, total: int, size: int = 16 * 1024) -> int:
    """Sends `total` bytes as chunks of a chunked body, without the closing chunk."""
    sent = 0
    while sent < total:
        n = min(size, total - sent)
        try:
            sock.sendall(b"%x\r\n" % n + b"a" * n + b"\r\n")
        except OSError:  # the server answered and closed: it stopped reading
            break
        sent += n
    return sent


def _is_413(answer: Answer) -> None:
    assert answer.status == 413, answer
    body = answer.json()
    assert body["code"] == "payload_too_large"
    assert isinstance(body["message"], str) and "larger than" in body["message"]


# --- the limits themselves ------------------------------------------------------------------


def test_a_64_mib_content_length_is_413_before_the_body_is_sent(setup_sidecar: Sidecar) -> None:
    assert setup_sidecar.port is not None
    headers = {
        "X-Launch-Token": TOKEN,
        "Content-Type": "application/json",
        "Content-Length": str(64 * 1024 * 1024),
    }
    with _open(setup_sidecar.port, "POST", "/api/setup/test-database", headers) as sock:
        answer = _read_answer(sock)  # not one byte of the body was sent
    _is_413(answer)
    assert answer.json()["limit"] == DEFAULT_BODY_LIMIT


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(setup_sidecar: Sidecar) -> None:
    assert setup_sidecar.port is not None
    headers = {
        "X-Launch-Token": TOKEN,
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }
    with _open(setup_sidecar.port, "POST", "/api/setup/test-auth", headers) as sock:
        # Past the limit, and the body never ends: only a reader that stops can answer.
        _send_chunks(sock, DEFAULT_BODY_LIMIT + 32 * 1024)
        answer = _read_answer(sock)
    _is_413(answer)


def test_a_chunked_body_under_the_limit_is_read(setup_sidecar: Sidecar) -> None:
    assert setup_sidecar.port is not None
    headers = {
        "X-Launch-Token": TOKEN,
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }
    body = json.dumps({"authApiUrl": "not a url"}).encode()
    with _open(setup_sidecar.port, "POST", "/api/setup/test-auth", headers) as sock:
        sock.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body))
        answer = _read_answer(sock)
    assert answer.status == 200, answer
    assert answer.json()["code"] == "invalid_url"


def test_each_route_has_its_documented_limit() -> None:
    assert body_limit("POST", "/api/setup/test-database") == 64 * 1024
    assert body_limit("POST", "/api/login") == 64 * 1024
    assert body_limit("POST", "/api/meetings") == MEETING_BODY_LIMIT
    assert body_limit("PUT", "/api/meetings/abc-123") == MEETING_BODY_LIMIT
    assert body_limit("DELETE", "/api/meetings/abc-123") == 64 * 1024
    assert body_limit("POST", "/api/meetings/abc-123/summarize") == 64 * 1024
    assert body_limit("PUT", "/api/admin/export-template") > 2 * 1024 * 1024
    assert body_limit("POST", "/api/ai/transcribe-chunk") == 15 * 1024 * 1024 + 256 * 1024
    assert AUDIO_CHUNK_BODY_LIMIT == 15 * 1024 * 1024 + 256 * 1024
    assert body_limit("POST", "/api/ai/summarize") == MEETING_BODY_LIMIT


# --- the launch token and the Host header come before the body -------------------------------


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789"])
def test_a_request_without_the_launch_token_is_refused_before_the_body_is_read(
    setup_sidecar: Sidecar, token: str | None
) -> None:
    assert setup_sidecar.port is not None
    headers = {"Content-Type": "application/json", "Content-Length": "1000"}
    if token is not None:
        headers["X-Launch-Token"] = token
    with _open(setup_sidecar.port, "POST", "/api/setup/test-database", headers) as sock:
        answer = _read_answer(sock)  # the 1000 bytes were never sent
    assert answer.status == 401, answer
    assert answer.json()["code"] == "launch_token_required"


def test_the_token_is_checked_before_the_size(setup_sidecar: Sidecar) -> None:
    assert setup_sidecar.port is not None
    headers = {"Content-Length": str(64 * 1024 * 1024)}
    with _open(setup_sidecar.port, "POST", "/api/setup/test-database", headers) as sock:
        answer = _read_answer(sock)
    assert answer.status == 401, answer


def test_a_foreign_host_is_refused_before_the_body_is_read(setup_sidecar: Sidecar) -> None:
    port = setup_sidecar.port
    assert port is not None
    sock = socket.create_connection(("127.0.0.1", port), timeout=ANSWER_TIMEOUT_S)
    with sock:
        sock.sendall(
            b"POST /api/setup/test-database HTTP/1.1\r\nHost: rebind.example\r\n"
            b"X-Launch-Token: " + TOKEN.encode() + b"\r\nContent-Length: 1000\r\n\r\n"
        )
        answer = _read_answer(sock)
    assert answer.status == 403, answer


def test_health_needs_no_launch_token(setup_sidecar: Sidecar) -> None:
    assert setup_sidecar.get("/api/health").status_code == 200


def test_unknown_routes_need_the_launch_token_too(setup_sidecar: Sidecar) -> None:
    assert setup_sidecar.get("/api/nothing-here").status_code == 401
    with_token = setup_sidecar.get("/api/nothing-here", headers={"X-Launch-Token": TOKEN})
    assert with_token.status_code == 404


# --- normal mode: every route but health needs the token; meetings take their transcript -----


def test_normal_routes_need_the_launch_token(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    bearer = {"Authorization": f"Bearer {api.tokens['alice']}"}
    for method, path in (
        ("GET", "/api/meetings"),
        ("POST", "/api/login"),
        ("GET", "/api/admin/export-template/info"),
    ):
        response = api.call(method, path, headers={**bearer, "X-Launch-Token": ""})
        assert response.status_code == 401, (path, response.text)
        assert response.json()["code"] == "launch_token_required"
    assert api.call("GET", "/api/meetings", as_user="alice").status_code == 200


def test_a_meeting_takes_a_large_transcript_but_not_more(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    big = meeting_body(transcript="word " * 300_000)  # 1.5 MB: far over 64 KiB
    response = api.call("POST", "/api/meetings", as_user="alice", json=big)
    assert response.status_code == 201, response.text
    too_big = meeting_body(transcript="x" * (MEETING_BODY_LIMIT + 1))
    response = api.call("POST", "/api/meetings", as_user="alice", json=too_big)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_sign_in_is_limited_to_64_kib(normal_backend: NormalBackend) -> None:
    body = {"username": "alice", "password": "p" * (DEFAULT_BODY_LIMIT + 1)}
    response = normal_backend.api.call("POST", "/api/login", json=body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
