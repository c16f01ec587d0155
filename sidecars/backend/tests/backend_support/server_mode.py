"""`meeting-backend serve` and `migrate` as real processes: server.json and .env on disk, JSON
logs, the worker processes."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from backend_support import secrets
from backend_support.databases import ScratchDb
from backend_support.fakes import closed_port
from backend_support.normal import ADMIN_EMAIL, Api
from backend_support.sidecar import DEV_COMMAND, Sidecar

HOST_NAME = "meetings.test"


def write_server_files(
    folder: Path, db: ScratchDb, auth_url: str, workers: int = 2, **server: Any
) -> tuple[Path, int]:
    """server.json with the server section; the database and secrets in .env, the existing
    server's keys."""
    port = closed_port()
    config = {
        "server": {
            "host": "127.0.0.1",
            "port": port,
            "workers": workers,
            "allowedHosts": [HOST_NAME],
            **server,
        },
        "externalApis": {"authApiUrl": auth_url},
        "auth": {"adminEmail": ADMIN_EMAIL, "jwtExpireHours": 8},
    }
    path = folder / "server.json"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    env = {
        "DB_HOST": db.host,
        "DB_PORT": str(db.port),
        "DB_USER": db.user,
        "DB_PASS": db.password,
        "DB_NAME": db.name,
        "DIFY_API_URL": "http://127.0.0.1:9/v1",
        "DIFY_API_KEY": secrets.DIFY_API_KEY,
        "JWT_SECRET": secrets.SERVER_JWT_SECRET,
    }
    lines = [f"{k}={dotenv_quote(v)}" for k, v in env.items()]
    (folder / ".env").write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(folder / ".env", 0o600)
    return path, port


def dotenv_quote(value: str) -> str:
    """A value as docs/server-deployment.md tells administrators to write it in .env."""
    if "'" not in value:
        return f"'{value}'"  # single quotes: every character as it is
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def start_server(sidecar: Sidecar, config: Path, command: list[str] | None = None) -> Sidecar:
    sidecar.command = [*(command or DEV_COMMAND), "serve", "--config", str(config)]
    return sidecar.start(raw_line=b"")


def wait_serving(port: int, server: Sidecar, timeout: float = 60) -> Api:
    api = Api(f"http://127.0.0.1:{port}", launch_token=None, host_header=HOST_NAME)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if api.call("GET", "/api/health").status_code == 200:
                return api
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the server did not answer health in time:\n{server.output}")
        time.sleep(0.2)


def children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def worker_pids(pid: int) -> list[int]:
    # Spawned workers run multiprocessing's spawn_main (dev) or --multiprocessing-fork (frozen);
    # the resource tracker is also a child, and is not a worker.
    return [p for p, cmd in children(pid) if "spawn_main" in cmd or "--multiprocessing-fork" in cmd]


def json_logs(sidecar: Sidecar) -> list[dict[str, Any]]:
    return [json.loads(line) for line in sidecar.stdout_lines if line.strip()]


def migrate_command(
    db: ScratchDb, user: str, password: str, command: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    args = [
        *(command or DEV_COMMAND),
        "migrate",
        "--host",
        db.host,
        "--port",
        str(db.port),
        "--database",
        db.name,
        "--user",
        user,
        "--password-stdin",
    ]
    return subprocess.run(args, input=password + "\n", capture_output=True, text=True, timeout=120)
