"""Orphan check: the sidecar must die with its parent, even when the parent is SIGKILLed."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

from backend_support import secrets
from backend_support.config import base_settings
from backend_support.sidecar import VENV_PYTHON, wait_gone

PARENT_SCRIPT = r"""
import json, subprocess, sys, time
command = json.loads(sys.argv[1])
settings_line = sys.stdin.buffer.readline()
with open(sys.argv[2], "wb") as stderr_file:
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=stderr_file)
child.stdin.write(settings_line)
child.stdin.flush()
first = child.stdout.readline()
print(child.pid, flush=True)
print(first.decode().strip(), flush=True)
time.sleep(3600)
"""


def run_orphan_check(command: list[str], tmp_path: Path) -> None:
    stderr_path = tmp_path / "sidecar.stderr"
    parent = subprocess.Popen(
        [str(VENV_PYTHON), "-c", PARENT_SCRIPT, json.dumps(command), str(stderr_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert parent.stdin is not None and parent.stdout is not None
        parent.stdin.write(json.dumps(base_settings()).encode() + b"\n")
        parent.stdin.close()
        child_pid = int(parent.stdout.readline())
        assert json.loads(parent.stdout.readline())["event"] == "listening"
        parent.send_signal(signal.SIGKILL)
        parent.wait(5)
        assert wait_gone(child_pid, 3.0), (
            f"sidecar {child_pid} still runs 3 s after its parent died"
        )
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
    output = stderr_path.read_text(errors="replace")
    assert not secrets.leaks(output)
