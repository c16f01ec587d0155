"""A private MariaDB that speaks TLS with a self-signed certificate made here with openssl.

The certificate names 127.0.0.1 only (CN and subjectAltName), so `verify_identity` passes for
127.0.0.1 and fails for `localhost`; no system CA trusts it, so `verify_ca` needs its file.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend_support import secrets
from backend_support.databases import root
from backend_support.private_mariadb import PrivateMariaDb

DB_NAME = "ma_tls"
USER = "ma_tls_user"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@dataclass(frozen=True)
class TlsMariaDb:
    server: PrivateMariaDb
    cert: Path
    user: str = USER
    password: str = secrets.DB_PASSWORD
    database: str = DB_NAME

    @property
    def port(self) -> int:
        return self.server.port

    def target(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": self.database,
        }
        body.update(overrides)
        return body

    def require_secure_transport(self, on: bool) -> None:
        conn = root(self.server.socket)
        try:
            with conn.cursor() as cur:
                cur.execute(f"SET GLOBAL require_secure_transport = {'ON' if on else 'OFF'}")
        finally:
            conn.close()


@contextlib.contextmanager
def tls_mariadb() -> Iterator[TlsMariaDb]:
    server = PrivateMariaDb()
    try:
        cert, key = make_certificate(server.dir)
        server.start([f"--ssl-cert={cert}", f"--ssl-key={key}", f"--ssl-ca={cert}"])
        conn = root(server.socket)
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{DB_NAME}`")
            for host in ("127.0.0.1", "localhost"):
                cur.execute("CREATE USER %s@%s IDENTIFIED BY %s", (USER, host, secrets.DB_PASSWORD))
                cur.execute(f"GRANT ALL ON `{DB_NAME}`.* TO %s@%s", (USER, host))
        conn.close()
        yield TlsMariaDb(server, cert)
    finally:
        server.remove()
