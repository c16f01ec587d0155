"""Binds the listening socket before uvicorn starts, so the real port is known up front."""

from __future__ import annotations

import errno
import socket
import sys
from dataclasses import dataclass

# Windows reports a port inside an excluded range (Hyper-V, WSL) as WSAEACCES, not "in use".
_PORT_UNAVAILABLE = {errno.EADDRINUSE, errno.EACCES, 10013, 10048}


@dataclass(frozen=True)
class BoundSocket:
    sock: socket.socket
    host: str
    port: int
    requested_port: int
    fallback: bool


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP, not 0: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP. Without it a response written in two parts waits for the client's delayed ACK,
    # ~40 ms on every keep-alive request (measured by the meetings bench).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if sys.platform == "win32":
            # Without it another process could bind the same port on Windows and steal requests.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
        else:
            # Lets a restart reuse a port still in TIME_WAIT; Linux and macOS still refuse a
            # port that another socket is listening on.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(False)
    except BaseException:
        sock.close()
        raise
    return sock


def bind_listen_socket(host: str, port: int) -> BoundSocket:
    """Binds `port`, or a free port when it is taken (port 0 always means a free port)."""
    try:
        sock = _bind(host, port)
        fallback = False
    except OSError as exc:
        if port == 0 or exc.errno not in _PORT_UNAVAILABLE:
            raise
        sock = _bind(host, 0)
        fallback = True
    return BoundSocket(
        sock=sock,
        host=host,
        port=int(sock.getsockname()[1]),
        requested_port=port,
        fallback=fallback,
    )


def bind_exact(host: str, port: int) -> socket.socket:
    """Binds exactly `host`:`port` or raises OSError (server mode: no fallback port)."""
    return _bind(host, port)
