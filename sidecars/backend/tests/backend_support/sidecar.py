"""Starts the backend as a real process and speaks its stdin/stdout protocol."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

SIDECARS = Path(__file__).resolve().parents[3]
WINDOWS = sys.platform == "win32"
VENV_PYTHON = SIDECARS / ".venv" / ("Scripts/python.exe" if WINDOWS else "bin/python")
BUILT_EXE = (
    SIDECARS
    / "dist"
    / "meeting-backend"
    / ("meeting-backend.exe" if WINDOWS else "meeting-backend")
)
DEV_COMMAND = [
    str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)),
    "-m",
    "meeting_backend",
]

# Every process started by the suite, so the output of all of them can be scanned for secrets.
ALL_PROCESSES: list[Sidecar] = []


class Sidecar:
    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or DEV_COMMAND
        self.proc: subprocess.Popen[bytes] | None = None
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.stdout_lines: list[str] = []
        self.stderr_lines: list[str] = []
        self.port: int | None = None
        self.listening: dict[str, Any] | None = None
        ALL_PROCESSES.append(self)

    # --- process -------------------------------------------------------------------------
    def start(
        self, settings: dict[str, Any] | None = None, raw_line: bytes | None = None
    ) -> Sidecar:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        line = raw_line if raw_line is not None else json.dumps(settings).encode() + b"\n"
        assert self.proc.stdin is not None
        self.proc.stdin.write(line)
        self.proc.stdin.flush()
        return self

    def _read_stdout(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for raw in self.proc.stdout:
            text = raw.decode("utf-8", "replace").rstrip("\n")
            self.stdout_lines.append(text)
            try:
                self.events.put(json.loads(text))
            except ValueError:
                self.events.put({"event": "__not_json__", "line": text})

    def _read_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        for raw in self.proc.stderr:
            self.stderr_lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def next_event(self, timeout: float = 15.0) -> dict[str, Any]:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"no stdout event within {timeout} s; stderr:\n{self.stderr}"
            ) from None

    def wait_listening(self, timeout: float = 20.0) -> dict[str, Any]:
        event = self.next_event(timeout)
        assert event["event"] == "listening", f"{event}\nstderr:\n{self.stderr}"
        self.listening = event
        self.port = int(event["port"])
        return event

    def close_stdin(self) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.close()

    def wait_exit(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            self.close_stdin()
            self.proc.wait(timeout=5)
        except (subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait(timeout=5)

    @property
    def stderr(self) -> str:
        return "\n".join(self.stderr_lines)

    @property
    def output(self) -> str:
        return "\n".join(self.stdout_lines + self.stderr_lines)

    # --- HTTP ----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(self.base_url + path, timeout=40, **kwargs)

    def post(
        self, path: str, json_body: Any, token: str | bytes | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["X-Launch-Token"] = token
        return httpx.post(
            self.base_url + path, json=json_body, headers=headers, timeout=40, **kwargs
        )


def wait_gone(pid: int, timeout: float) -> bool:
    """True once `pid` no longer runs (a zombie waiting for its reaper counts as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_running(pid):
            return True
        time.sleep(0.05)
    return not is_running(pid)


def is_running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    for line in status.splitlines():
        if line.startswith("State:"):
            return "Z" not in line.split()[1]
    return True
