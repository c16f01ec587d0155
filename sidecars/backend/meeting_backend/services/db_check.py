"""Tries a real MySQL/MariaDB sign-in and explains the failure in plain words.

The whole attempt (name lookup, TCP connect, handshake, TLS, sign-in, one query) is bounded by
one deadline: it runs in a worker thread, and when the deadline passes the socket is shut down
under it. Nothing from the request is ever put into SQL text.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pymysql
from pymysql.constants import ER

from meeting_backend.db.connect import (
    CleartextPasswordRefused,
    SslMode,
    TlsSetupError,
    connect_kwargs,
)
from meeting_backend.services.results import CheckFailure, root_causes
from meeting_backend.settings import DatabaseSettings

Stage = Literal["resolve", "connect", "handshake", "query"]
ER_HOST_NOT_PRIVILEGED = 1130
CR_SSL_CONNECTION_ERROR = 2026  # PyMySQL: TLS is required, but the server does not offer it


@dataclass(frozen=True)
class DbTarget:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    database: str
    ssl: SslMode = "preferred"
    ssl_ca: str = ""

    @classmethod
    def from_settings(cls, db: DatabaseSettings) -> DbTarget:
        return cls(
            host=db.host.strip(),
            port=db.port,
            user=db.user,
            password=db.password.get_secret_value(),
            database=db.database,
            ssl=db.ssl,
            ssl_ca=db.ssl_ca,
        )


@dataclass(frozen=True)
class DbCheckOk:
    server_version: str
    latency_ms: int

    def public(self) -> dict[str, object]:
        return {"ok": True, "serverVersion": self.server_version, "latencyMs": self.latency_ms}


DbCheckResult = DbCheckOk | CheckFailure


@dataclass
class _Attempt:
    stage: Stage = "resolve"
    sock: socket.socket | None = None
    conn: pymysql.Connection[Any] | None = None
    result: DbCheckResult | None = None
    done: threading.Event = field(default_factory=threading.Event)


def check_database(target: DbTarget, timeout_s: float) -> DbCheckResult:
    """Blocks for at most about `timeout_s` seconds."""
    attempt = _Attempt()
    started = time.monotonic()
    deadline = started + timeout_s
    worker = threading.Thread(
        target=_run,
        args=(target, timeout_s, deadline, started, attempt),
        name="db-check",
        daemon=True,
    )
    worker.start()
    if attempt.done.wait(timeout_s + 0.2) and attempt.result is not None:
        return attempt.result
    stage = attempt.stage
    sock = attempt.sock
    if sock is not None:
        # Unblocks the worker's recv(); its own result is discarded.
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    return _timeout(target, stage, timeout_s)


def _run(
    target: DbTarget, timeout_s: float, deadline: float, started: float, attempt: _Attempt
) -> None:
    try:
        attempt.result = _attempt(target, deadline, started, attempt)
    except BaseException as exc:  # classify everything: this thread must always report
        # pymysql sets server_version once it has parsed the server's greeting.
        greeted = getattr(attempt.conn, "server_version", None) is not None
        attempt.result = classify_failure(exc, target, attempt.stage, greeted, timeout_s)
    finally:
        attempt.done.set()


def _remaining(deadline: float) -> float:
    return max(0.05, deadline - time.monotonic())


def _attempt(target: DbTarget, deadline: float, started: float, attempt: _Attempt) -> DbCheckOk:
    kwargs = connect_kwargs(
        host=target.host,
        port=target.port,
        user=target.user,
        password=target.password,
        database=target.database,
        ssl_mode=target.ssl,
        ssl_ca=target.ssl_ca,
        connect_timeout=_remaining(deadline),
    )
    attempt.stage = "resolve"
    infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    attempt.stage = "connect"
    sock = _connect_first(infos, deadline, attempt)
    attempt.stage = "handshake"
    kwargs["connect_timeout"] = _remaining(deadline)
    conn = pymysql.Connection(
        **kwargs,
        charset="utf8mb4",
        read_timeout=_remaining(deadline),
        write_timeout=_remaining(deadline),
        defer_connect=True,
    )
    attempt.conn = conn
    try:
        conn.connect(sock)
        attempt.stage = "query"
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        version = conn.get_server_info()  # type: ignore[no-untyped-call]
    finally:
        if conn.open:
            conn.close()
    latency_ms = round((time.monotonic() - started) * 1000)
    return DbCheckOk(server_version=str(version), latency_ms=latency_ms)


def _connect_first(
    infos: Sequence[tuple[socket.AddressFamily, socket.SocketKind, int, str, tuple[Any, ...]]],
    deadline: float,
    attempt: _Attempt,
) -> socket.socket:
    last: OSError | None = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        attempt.sock = sock
        sock.settimeout(_remaining(deadline))
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            if time.monotonic() >= deadline:
                break
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise last if last is not None else OSError("the name resolved to no address")


def _timeout(target: DbTarget, stage: Stage, timeout_s: float) -> CheckFailure:
    where = f"{target.host}:{target.port}"
    limit = f"{timeout_s:g} s"
    if stage == "resolve":
        return CheckFailure(
            "timeout",
            f"Looking up the name '{target.host}' took longer than {limit}.",
            "The DNS server did not answer in time. Check the network or VPN connection, "
            "or enter the server's IP address instead.",
        )
    if stage == "connect":
        return CheckFailure(
            "timeout",
            f"No answer from {where} within {limit}.",
            "A firewall may be dropping the connection, or the address is wrong. Check the "
            "host and port, and that this computer may reach the database server (VPN?).",
        )
    if stage == "handshake":
        return CheckFailure(
            "timeout",
            f"{where} accepted the connection but sent no MySQL greeting within {limit}.",
            "The port may belong to a different kind of service, or the database server is "
            "overloaded. Check the port number (MySQL and MariaDB usually use 3306).",
        )
    return CheckFailure(
        "timeout",
        f"Signed in to {where}, but the server did not answer a simple query within {limit}.",
        "The database server looks overloaded. Try again, or ask its administrator.",
    )


def classify_failure(
    exc: BaseException, target: DbTarget, stage: Stage, greeted: bool, timeout_s: float
) -> CheckFailure:
    """Turns a real pymysql or socket failure into one documented code with plain words."""
    where = f"{target.host}:{target.port}"
    chain = root_causes(exc)
    tls = _tls_failure(chain, target, where)
    if tls is not None:
        return tls
    mysql_errno = next(
        (
            e.args[0]
            for e in chain
            if isinstance(e, pymysql.err.MySQLError) and e.args and isinstance(e.args[0], int)
        ),
        None,
    )
    if mysql_errno == ER.ACCESS_DENIED_ERROR:  # 1045
        return CheckFailure(
            "access_denied",
            f"The server refused to sign in user '{target.user}'. MariaDB and MySQL answer this "
            "way when the password is wrong, when the user does not exist, and when the user "
            "may not connect from this computer.",
            "Check the user name and password (both are case-sensitive). If they are right, ask "
            f"the database administrator whether '{target.user}' may connect from this computer."
            + (
                # MariaDB answers 1045 as well when it accepts only TLS clients.
                " The server may also accept only encrypted connections: try the TLS mode "
                "'preferred'."
                if target.ssl == "disabled"
                else ""
            ),
        )
    if mysql_errno == ER.DBACCESS_DENIED_ERROR:  # 1044: the password was right
        return CheckFailure(
            "database_access_denied",
            f"User '{target.user}' signed in, but has no rights on database "
            f"'{target.database}'. The server gives the same answer when that database does "
            "not exist, so its name may also be wrong.",
            f"Check the database name. If it is right, ask the database administrator to grant "
            f"'{target.user}' rights on '{target.database}'.",
        )
    if mysql_errno == ER_HOST_NOT_PRIVILEGED:
        return CheckFailure(
            "access_denied",
            f"{where} does not accept connections from this computer's address.",
            "Ask the database administrator to allow this user to connect from this computer.",
        )
    if mysql_errno == ER.BAD_DB_ERROR:  # 1049
        return CheckFailure(
            "unknown_database",
            f"Database '{target.database}' does not exist on {where}. User '{target.user}' "
            "signed in and has rights that would cover it.",
            "Check the database name (it may be case-sensitive), or ask the database "
            "administrator to create it.",
        )
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return CheckFailure(
                "dns_failed",
                f"The database server name '{target.host}' could not be found (DNS lookup failed).",
                "Check the spelling of the host name, or enter its IP address. An internal "
                "company name may only resolve on the company network or VPN.",
            )
        if isinstance(cause, ConnectionRefusedError):
            return CheckFailure(
                "connection_refused",
                f"{where} refused the connection: nothing is listening on port {target.port}.",
                "Check the port number (MySQL and MariaDB usually use 3306) and that the "
                "database server is running and accepts network connections.",
            )
        if isinstance(cause, TimeoutError):
            return _timeout(target, stage, timeout_s)
    if mysql_errno is not None and isinstance(exc, pymysql.err.MySQLError) and greeted:
        return _unknown(target, f"the server answered with error {mysql_errno}: {exc.args[-1]}")
    if stage == "handshake" and not greeted:
        if mysql_errno is not None and mysql_errno < 2000:
            # A MySQL error packet instead of a greeting: a real server refusing us early.
            return _unknown(target, f"the server refused the connection: {exc.args[-1]}")
        return CheckFailure(
            "not_mysql",
            f"Something answered on {where}, but it is not a MySQL or MariaDB server.",
            "Check the port number: MySQL and MariaDB usually use 3306; ports such as 80, 443 "
            "or 22 belong to other services.",
        )
    for cause in chain:
        if isinstance(cause, OSError):
            return _unknown(target, f"the network reported: {cause.strerror or cause}")
    return _unknown(target, f"{exc.__class__.__name__}: {exc}")


def _tls_failure(chain: list[BaseException], target: DbTarget, where: str) -> CheckFailure | None:
    """The cases where TLS, or its absence, is the reason; checked before anything else."""
    for cause in chain:
        if isinstance(cause, CleartextPasswordRefused):
            return CheckFailure(
                "cleartext_password_refused",
                f"{where} asked for the password in clear text over a connection without TLS. "
                "The app refused, and did not send the password.",
                "Ask the database administrator to enable TLS on the server (then use the TLS "
                "mode 'required' or stronger), or to give this account a password plugin that "
                "does not need the password in clear text.",
            )
        if isinstance(cause, TlsSetupError):
            return CheckFailure(
                "tls_error",
                str(cause),
                "Check the path in the CA certificate field: it must be a PEM file this "
                "computer can read.",
            )
        if isinstance(cause, pymysql.err.OperationalError) and cause.args[:1] == (
            CR_SSL_CONNECTION_ERROR,
        ):
            return CheckFailure(
                "tls_error",
                f"{where} does not offer an encrypted (TLS) connection, and the TLS mode "
                f"'{target.ssl}' requires one.",
                "Ask the database administrator to enable TLS on the server, or choose the TLS "
                "mode 'preferred'.",
            )
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or cause.reason or "certificate not trusted"
            return CheckFailure(
                "tls_error",
                f"The database server's TLS certificate was not accepted ({detail}).",
                "With TLS mode 'verify_ca' or 'verify_identity', the CA certificate field must "
                "name the file of the CA that signed the server's certificate, and with "
                "'verify_identity' the certificate must be made out to the host name entered.",
            )
        if isinstance(cause, ssl.SSLError):
            reason = getattr(cause, "reason", None) or cause.__class__.__name__
            return CheckFailure(
                "tls_error",
                f"The encrypted (TLS) connection to {where} failed ({reason}).",
                "The server's TLS setup does not work with this app. Ask the database "
                "administrator to check the server's TLS certificate and settings.",
            )
    return None


def _unknown(target: DbTarget, detail: str) -> CheckFailure:
    return CheckFailure(
        "unknown",
        f"The database check on {target.host}:{target.port} failed: {detail}.",
        "If this keeps happening, show this message to the database administrator.",
    )
