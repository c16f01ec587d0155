"""A Dify server for tests: a real HTTP server that answers as Dify's service API does.

Built from Dify's API documentation and source (langgenius/dify, api/controllers/service_api/
app/: app.py, completion.py, workflow.py, audio.py, error.py; libs/external_api.py;
core/app/apps/base_app_generate_response_converter.py; services/audio_service.py):

- `GET /info` → `{name, description, tags, mode, author_name}`; `GET /parameters` →
  `user_input_form` (entries like `{"paragraph": {"variable", "label", "required",
  "max_length"}}`), `speech_to_text: {enabled}`, …
- `POST /chat-messages` (chat, advanced-chat, agent-chat), `/completion-messages`
  (completion), `/workflows/run` (workflow); the wrong route for the app's mode is a 400
  (`not_chat_app`, `app_unavailable`, `not_workflow_app`). `user` is required.
- `response_mode: "streaming"`: chunked `text/event-stream` of `data: {json}\\n\\n` events
  (`message`, `agent_message`, `agent_thought`, `text_chunk`, `workflow_started`,
  `node_started`, `node_finished`, `workflow_finished`, `message_end`, `error`) and
  `event: ping\\n\\n` (every 10 s in Dify; here every few events). Each event's JSON is written
  in two network chunks, as a proxy may cut it. `"blocking"`: one JSON answer; agent-chat apps
  refuse it (400 invalid_param).
- `POST …/{task_id}/stop` (`/chat-messages/…`, `/completion-messages/…`,
  `/workflows/tasks/…`) with `{user}` → `{"result": "success"}`; the run then ends.
- `POST /audio-to-text` (multipart `file`, `user`): 400 invalid_param "Speech to text is not
  enabled", 415 unsupported_audio_type (MIME type not audio/{mp3,mp4,mpeg,mpga,m4a,wav,webm,
  amr}), 413 audio_too_large, else `{"text"}`.
- Errors are `{code, message, status}`: 401 unauthorized ("Access token is invalid"), 429
  rate_limit_error, …

Tests change the app behind a key (`fake.apps[key]`), as an administrator would in Dify.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_MODES = ("chat", "advanced-chat", "agent-chat")
AUDIO_TYPES = tuple(
    f"audio/{t}" for t in ("mp3", "mp4", "mpeg", "mpga", "m4a", "wav", "webm", "amr")
)
DIFY_AUDIO_LIMIT = 30 * 1024 * 1024  # services/audio_service.py FILE_SIZE

MINUTES = {
    "conclusions": ["The Q3 budget is approved.", "The launch moves to May."],
    "action_items": [
        {"content": "Send the budget to finance", "owner": "Alice Chen", "due_date": "2025-03-10"},
        {"content": "Book the launch venue", "owner": "Bob Wu", "due_date": None},
    ],
}
MINUTES_JSON = json.dumps(MINUTES, ensure_ascii=False)


def paragraph(variable: str = "transcript", max_length: int = 2_000_000) -> dict[str, Any]:
    return {
        "paragraph": {
            "label": "Transcript",
            "variable": variable,
            "required": True,
            "max_length": max_length,
            "default": "",
        }
    }


@dataclass
class DifyApp:
    """One Dify app, reached with its API key."""

    mode: str = "chat"
    # The LLM's answer: fixed, or made from the text the app received.
    answer: str | Callable[[str], str] = MINUTES_JSON
    user_input_form: list[dict[str, Any]] = field(default_factory=lambda: [paragraph()])
    workflow_output: str = "result"
    chunk_chars: int = 16  # answer characters per text event
    pace_s: float = 0.0  # pause between events
    ping_every: int = 4  # a ping after this many text events
    error_after: int | None = None  # an error event after this many text events
    stall_after: int | None = None  # after this many text events only pings, until stopped
    drop_after: int | None = None  # after this many text events the connection just closes
    http_errors: list[int] = field(default_factory=list)  # the next runs / audio get these first
    buffered: bool = False  # a proxy that buffers: a blocking answer even when asked to stream
    speech_to_text: bool = True
    stt_text: str = "the quarterly budget was approved"
    audio_limit: int = DIFY_AUDIO_LIMIT
    revoked: bool = False


@dataclass
class Run:
    path: str
    body: dict[str, Any]
    task_id: str
    stopped: threading.Event = field(default_factory=threading.Event)
    first_text_at: float | None = None  # time.perf_counter() when the first text was sent
    end_at: float | None = None  # … and the end event
    ended: str = ""  # "end", "error", "stopped", "client_gone"


@dataclass
class FakeDify:
    url: str = ""
    apps: dict[str, DifyApp] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)
    stops: list[dict[str, Any]] = field(default_factory=list)
    audio: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)  # method, path, authorization
    attempts: list[str] = field(default_factory=list)  # run requests, errors included
    lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self, key: str) -> DifyApp:
        return self.apps[key]

    def wait_for(self, what: Callable[[], Any], timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = what()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError("the fake Dify did not see what the test waited for")


def error_body(code: str, message: str, status: int) -> dict[str, Any]:
    return {"code": code, "message": message, "status": status}


HTTP_ERRORS: dict[int, tuple[str, Any]] = {
    429: ("json", error_body("rate_limit_error", "Rate Limit Error", 429)),
    500: ("json", error_body("unknown", "Internal Server Error", 500)),
    502: ("html", b"<html><head><title>502 Bad Gateway</title></head></html>"),
    503: ("html", b"<html><head><title>503 Service Temporarily Unavailable</title></head></html>"),
}


class _Dropped(Exception):
    pass


def _pieces(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Each event goes out when written (TCP_NODELAY), as a streaming server should send it.
    disable_nagle_algorithm = True
    fake: FakeDify

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # --- plumbing ------------------------------------------------------------------------

    def _send(self, status: int, body: Any, kind: str = "json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if kind == "html" else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, code: str, message: str, status: int) -> None:
        self._send(status, error_body(code, message, status))

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _app(self) -> DifyApp | None:
        auth = self.headers.get("Authorization", "")
        self.fake.requests.append(
            {"method": self.command, "path": self.path, "authorization": auth}
        )
        if not auth.startswith("Bearer "):
            self._error(
                "unauthorized", "Authorization header must be provided and start with 'Bearer'", 401
            )
            return None
        app = self.fake.apps.get(auth.removeprefix("Bearer ").strip())
        if app is None or app.revoked:
            self._error("unauthorized", "Access token is invalid", 401)
            return None
        return app

    def _injected_error(self, app: DifyApp) -> bool:
        """Answers with the app's next queued HTTP error, if any (runs and audio only)."""
        if not app.http_errors:
            return False
        status = app.http_errors.pop(0)
        kind, body = HTTP_ERRORS[status]
        self._send(status, body, kind)
        return True

    # --- routes --------------------------------------------------------------------------

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path not in ("/v1/info", "/v1/parameters"):
            self._error("not_found", "The requested URL was not found on the server.", 404)
            return
        app = self._app()
        if app is None:
            return
        if path == "/v1/info":
            self._send(
                200,
                {
                    "name": "Meeting minutes",
                    "description": "",
                    "tags": [],
                    "mode": app.mode,
                    "author_name": "IT",
                },
            )
            return
        self._send(
            200,
            {
                "opening_statement": "",
                "suggested_questions": [],
                "suggested_questions_after_answer": {"enabled": False},
                "speech_to_text": {"enabled": app.speech_to_text},
                "text_to_speech": {"enabled": False, "voice": "", "language": ""},
                "retriever_resource": {"enabled": False},
                "annotation_reply": {"enabled": False},
                "more_like_this": {"enabled": False},
                "user_input_form": app.user_input_form if app.mode != "chat" else [],
                "sensitive_word_avoidance": {"enabled": False},
                "file_upload": {"image": {"enabled": False}},
                "system_parameters": {"file_size_limit": 15, "audio_file_size_limit": 50},
            },
        )

    def do_POST(self) -> None:
        path = self.path.split("?")[0]
        raw = self._body()
        stop = re.fullmatch(
            r"/v1/(chat-messages|completion-messages|workflows/tasks)/([^/]+)/stop", path
        )
        routes = ("/v1/chat-messages", "/v1/completion-messages", "/v1/workflows/run")
        if path == "/v1/audio-to-text":
            self._audio(raw)
        elif stop:
            self._stop(stop[1], stop[2], raw)
        elif path in routes:
            self._run(path, raw)
        else:
            self._error("not_found", "The requested URL was not found on the server.", 404)

    def _stop(self, route: str, task_id: str, raw: bytes) -> None:
        app = self._app()
        if app is None:
            return
        body = json.loads(raw or b"{}")
        if not body.get("user"):
            self._error("invalid_param", "Arg user must be provided.", 400)
            return
        self.fake.stops.append({"route": route, "task_id": task_id, "user": body["user"]})
        for run in self.fake.runs:
            if run.task_id == task_id:
                run.stopped.set()
        self._send(200, {"result": "success"})

    def _check_mode(self, path: str, app: DifyApp) -> bool:
        if path == "/v1/chat-messages" and app.mode not in CHAT_MODES:
            self._error(
                "not_chat_app",
                "Please check if your Chat app mode matches the right API route.",
                400,
            )
            return False
        if path == "/v1/completion-messages" and app.mode != "completion":
            self._error(
                "app_unavailable", "App unavailable, please check your app configurations.", 400
            )
            return False
        if path == "/v1/workflows/run" and app.mode != "workflow":
            self._error(
                "not_workflow_app",
                "Please check if your Workflow app mode matches the right API route.",
                400,
            )
            return False
        return True

    def _input_text(self, path: str, app: DifyApp, body: dict[str, Any]) -> str | None:
        inputs = body.get("inputs")
        if not isinstance(inputs, dict):
            self._error("invalid_param", "inputs is required", 400)
            return None
        if path == "/v1/chat-messages":
            query = body.get("query")
            if not isinstance(query, str) or not query:
                self._error("invalid_param", "query is required", 400)
                return None
            return query
        text = None
        for entry in app.user_input_form:
            for spec in entry.values():
                value = inputs.get(spec["variable"])
                if spec.get("required") and not value:
                    self._error(
                        "invalid_param", f"{spec['variable']} is required in input form", 400
                    )
                    return None
                if isinstance(value, str) and len(value) > spec.get("max_length", 48):
                    self._error(
                        "invalid_param",
                        f"{spec['variable']} in input form must be less than "
                        f"{spec['max_length']} characters",
                        400,
                    )
                    return None
                text = text if text is not None else value
        return text or ""

    def _run(self, path: str, raw: bytes) -> None:
        app = self._app()
        if app is None:
            return
        with self.fake.lock:
            self.fake.attempts.append(path)
        if self._injected_error(app):
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._error(
                "invalid_param", "Invalid JSON payload received or JSON payload is empty.", 400
            )
            return
        if not body.get("user"):
            self._error("invalid_param", "Arg user must be provided.", 400)
            return
        if not self._check_mode(path, app):
            return
        text = self._input_text(path, app, body)
        if text is None:
            return
        answer = app.answer(text) if callable(app.answer) else app.answer
        run = Run(path, body, str(uuid.uuid4()))
        with self.fake.lock:
            self.fake.runs.append(run)
        if body.get("response_mode") != "streaming" and app.mode == "agent-chat":
            self._error("invalid_param", "Agent Chat App does not support blocking mode", 400)
            return
        if body.get("response_mode") != "streaming" or app.buffered:
            self._send(200, self._blocking(app, run, answer))
            run.ended = "end"
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            self._stream(app, run, answer)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except _Dropped:
            pass  # no end chunk: the body is cut off, as when a proxy or Dify's worker dies
        except OSError:
            run.ended = run.ended or "client_gone"
        self.close_connection = True

    # --- answers ---------------------------------------------------------------------------

    def _blocking(self, app: DifyApp, run: Run, answer: str) -> dict[str, Any]:
        now = int(time.time())
        if app.mode == "workflow":
            return {
                "task_id": run.task_id,
                "workflow_run_id": str(uuid.uuid4()),
                "data": {
                    "id": str(uuid.uuid4()),
                    "workflow_id": str(uuid.uuid4()),
                    "status": "succeeded",
                    "outputs": {app.workflow_output: answer},
                    "error": None,
                    "elapsed_time": 0.5,
                    "total_tokens": 100,
                    "total_steps": 3,
                    "created_at": now,
                    "finished_at": now,
                },
            }
        message_id = str(uuid.uuid4())
        return {
            "event": "message",
            "task_id": run.task_id,
            "id": message_id,
            "message_id": message_id,
            "conversation_id": str(uuid.uuid4()) if app.mode != "completion" else "",
            "mode": app.mode,
            "answer": answer,
            "metadata": {"usage": {"total_tokens": 100}},
            "created_at": now,
        }

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, event: dict[str, Any] | None) -> None:
        """One event; its JSON in two network writes (a ping when `event` is None)."""
        if event is None:
            self._chunk(b"event: ping\n\n")
            return
        data = b"data: " + json.dumps(event, ensure_ascii=False).encode() + b"\n\n"
        cut = max(1, len(data) // 2)
        self._chunk(data[:cut])
        time.sleep(0.001)
        self._chunk(data[cut:])

    def _stream(self, app: DifyApp, run: Run, answer: str) -> None:
        base = {"task_id": run.task_id}
        message_id = str(uuid.uuid4())
        chat = {**base, "id": message_id, "message_id": message_id, "conversation_id": "c-1"}
        workflow = {**base, "workflow_run_id": str(uuid.uuid4())}
        created = int(time.time())
        self._event(None)  # Dify's first ping comes at once
        if app.mode in ("workflow", "advanced-chat"):
            self._event({**workflow, "event": "workflow_started", "data": {"id": "w-1"}})
            self._event({**workflow, "event": "node_started", "data": {"node_type": "llm"}})
        if app.mode == "agent-chat":
            self._event({**chat, "event": "agent_thought", "thought": "", "position": 1})
        for index, piece in enumerate(_pieces(answer, app.chunk_chars), start=1):
            if run.stopped.is_set():
                break
            if app.mode == "workflow":
                event = {**workflow, "event": "text_chunk", "data": {"text": piece}}
            else:
                kind = "agent_message" if app.mode == "agent-chat" else "message"
                event = {**chat, "event": kind, "answer": piece, "created_at": created}
            if app.pace_s:
                time.sleep(app.pace_s)
            self._event(event)
            if run.first_text_at is None:
                run.first_text_at = time.perf_counter()
            if index % app.ping_every == 0:
                self._event(None)
            if app.error_after is not None and index >= app.error_after:
                self._event(
                    {
                        **(workflow if app.mode == "workflow" else chat),
                        "event": "error",
                        "status": 400,
                        "code": "completion_request_error",
                        "message": "[openai] Error: The server had an error while processing "
                        "your request.",
                    }
                )
                run.ended = "error"
                return
            if app.drop_after is not None and index >= app.drop_after:
                run.ended = "dropped"
                raise _Dropped
            if app.stall_after is not None and index >= app.stall_after:
                while not run.stopped.wait(0.2):
                    self._event(None)
                break
        if app.pace_s:
            time.sleep(app.pace_s)
        status = "stopped" if run.stopped.is_set() else "succeeded"
        if app.mode in ("workflow", "advanced-chat"):
            outputs = (
                {app.workflow_output: answer} if app.mode == "workflow" else {"answer": answer}
            )
            self._event({**workflow, "event": "node_finished", "data": {"status": status}})
            self._event(
                {
                    **workflow,
                    "event": "workflow_finished",
                    "data": {"status": status, "outputs": outputs, "error": None},
                }
            )
        if app.mode != "workflow":
            self._event({**chat, "event": "message_end", "metadata": {"usage": {}}})
        run.end_at = time.perf_counter()
        run.ended = "stopped" if run.stopped.is_set() else "end"

    # --- speech-to-text --------------------------------------------------------------------

    def _audio(self, raw: bytes) -> None:
        app = self._app()
        if app is None:
            return
        content_type = self.headers.get("Content-Type", "")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
        )
        parts = {
            part.get_param("name", header="content-disposition"): part
            for part in (message.iter_parts() if message.is_multipart() else [])
        }
        file = parts.get("file")
        user = parts["user"].get_content() if "user" in parts else ""
        record = {"user": user, "size": None, "content_type": None}
        self.fake.audio.append(record)
        if self._injected_error(app):
            return
        if not app.speech_to_text:
            self._error("invalid_param", "Speech to text is not enabled", 400)
            return
        if file is None:
            self._error("no_audio_uploaded", "Please upload your audio.", 400)
            return
        data = file.get_payload(decode=True) or b""
        record.update(size=len(data), content_type=file.get_content_type())
        if file.get_content_type() not in AUDIO_TYPES:
            self._error("unsupported_audio_type", "Audio type not allowed.", 415)
            return
        if len(data) > app.audio_limit:
            self._error(
                "audio_too_large",
                f"Audio size exceeded. Audio size larger than {app.audio_limit // 1048576} mb",
                413,
            )
            return
        self._send(200, {"text": app.stt_text})


@contextlib.contextmanager
def fake_dify(apps: dict[str, DifyApp]) -> Iterator[FakeDify]:
    fake = FakeDify(apps=apps)
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
