"""A MariaDB server of the test's own (own datadir, socket and port), so that the test can
stop it and start it again without disturbing the harness's shared server."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pymysql

from backend_support.fakes import closed_port


class PrivateMariaDb:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ma-pdb-"))
        self.port = closed_port()
        self.socket = str(self.dir / "mysqld.sock")
        self.proc: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [
                "mariadb-install-db",
                "--no-defaults",
                "--user=root",
                f"--datadir={self.dir / 'data'}",
                "--auth-root-authentication-method=socket",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self, extra_args: Sequence[str] = ()) -> None:
        self.proc = subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                "--user=root",
                f"--datadir={self.dir / 'data'}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                f"--socket={self.socket}",
                f"--pid-file={self.dir / 'mysqld.pid'}",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=32M",
                f"--log-error={self.dir / 'error.log'}",
                *extra_args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                pymysql.connect(unix_socket=self.socket, user="root").close()
                return
            except pymysql.err.OperationalError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    log = (self.dir / "error.log").read_text(errors="replace")
                    raise RuntimeError(f"private mariadbd did not start:\n{log}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        """Stops the server (SIGTERM, by its own PID) and waits until it is gone."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
