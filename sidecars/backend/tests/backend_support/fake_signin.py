"""A company sign-in service, as docs/auth-api.md describes real ones: a real HTTP server.

Each shape answers like a kind of service companies run (the documented examples):
- "nested": `{"success": true, "data": {"user": {"email", "displayName"}}}`; a wrong password is
  HTTP 200 with `{"success": false, "code": 40101, "message": …}`.
- "flat": the user at the top level (`mail`, `name`); a wrong password is HTTP 401 with an
  OAuth-style `{"error": "invalid_grant", "error_description": …}`.
- "user_info": `{"code": 0, "data": {"user_info": {"mail": [...], "display_name"}}}`; a wrong
  password is HTTP 403 with `{"msg": …}`.
Special accounts: "noemail" succeeds without an e-mail; "broken" gets an HTML 500 page.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from backend_support import secrets


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    email: str
    name: str


ACCOUNTS = (
    Account("admin", secrets.USER_PASSWORD, "Admin@Example.com", "Ada Admin"),
    Account("alice", secrets.USER_PASSWORD, "alice@example.com", "Alice Chen"),
    Account("bob", secrets.USER_PASSWORD, "bob@example.com", "Bob Wu"),
    Account("carol", secrets.USER_PASSWORD, "carol@example.com", "Carol Lin"),
    Account("dave", secrets.USER_PASSWORD, "dave@example.com", "Dave Stranger"),
    Account("wang", secrets.USER_PASSWORD, "wang@example.com", "王小明"),
)
WRONG_MESSAGE = {
    "nested": "帳號或密碼錯誤 (wrong user name or password)",
    "flat": "Invalid user credentials",
    "user_info": "Account or password incorrect",
}


@dataclass
class FakeSignIn:
    shape: str = "nested"
    calls: list[str] = field(default_factory=list)  # usernames only, never passwords
    url: str = ""

    def _find(self, username: str) -> Account | None:
        lowered = username.lower()
        return next((a for a in ACCOUNTS if lowered in (a.username, a.email.lower())), None)

    def answer(self, body: Any) -> tuple[int, Any, str]:
        if not isinstance(body, dict):
            return 400, {"success": False, "message": "username and password are required"}, "json"
        username, password = str(body.get("username", "")), str(body.get("password", ""))
        self.calls.append(username)
        if username == "broken":
            return 500, b"<html><body>Internal Server Error</body></html>", "html"
        if username == "noemail":
            return 200, {"success": True, "data": {"user": {"name": "No Mail"}}}, "json"
        account = self._find(username)
        if account is None or password != account.password:
            return self._wrong()
        return self._success(account)

    def _wrong(self) -> tuple[int, Any, str]:
        message = WRONG_MESSAGE[self.shape]
        if self.shape == "nested":
            return 200, {"success": False, "code": 40101, "message": message}, "json"
        if self.shape == "flat":
            return 401, {"error": "invalid_grant", "error_description": message}, "json"
        return 403, {"code": 403, "msg": message}, "json"

    def _success(self, a: Account) -> tuple[int, Any, str]:
        if self.shape == "nested":
            user = {"id": 7, "email": a.email, "displayName": a.name}
            return (
                200,
                {"success": True, "code": 0, "data": {"token": "opaque", "user": user}},
                "json",
            )
        if self.shape == "flat":
            return 200, {"username": a.username, "mail": a.email, "name": a.name}, "json"
        info = {"uid": a.username, "mail": [a.email], "display_name": a.name}
        return 200, {"code": 0, "msg": "success", "data": {"user_info": info}}, "json"


@contextlib.contextmanager
def fake_signin(shape: str = "nested") -> Iterator[FakeSignIn]:
    fake = FakeSignIn(shape)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            status, reply, kind = fake.answer(body)
            data = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html" if kind == "html" else "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/api/auth/login"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
