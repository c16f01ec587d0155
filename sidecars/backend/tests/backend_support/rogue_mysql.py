"""A server that speaks just enough of the MySQL protocol to ask for the password in clear
text, and records every byte the client sends: the rogue server (or man in the middle) that a
database connection without TLS can meet."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

# LONG_PASSWORD, CONNECT_WITH_DB, PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH; no SSL offered.
CAPABILITIES = 0x00000001 | 0x00000008 | 0x00000200 | 0x00008000 | 0x00080000
SALT = b"abcdefghijklmnopqrst"


def _packet(seq: int, payload: bytes) -> bytes:
    return struct.pack("<I", len(payload))[:3] + bytes([seq]) + payload


def _greeting() -> bytes:
    payload = (
        b"\x0a"
        + b"5.5.5-10.11.99-RogueMariaDB\x00"
        + struct.pack("<I", 42)
        + SALT[:8]
        + b"\x00"
        + struct.pack("<H", CAPABILITIES & 0xFFFF)
        + b"\x21"
        + struct.pack("<H", 2)
        + struct.pack("<H", CAPABILITIES >> 16)
        + bytes([21])
        + b"\x00" * 10
        + SALT[8:]
        + b"\x00"
        + b"mysql_native_password\x00"
    )
    return _packet(0, payload)


def _auth_switch(plugin: str) -> bytes:
    # mysql_clear_password carries no data; MariaDB's PAM `dialog` sends its first prompt.
    data = b"\x04Password: " if plugin == "dialog" else b""
    return _packet(2, b"\xfe" + plugin.encode() + b"\x00" + data)


def _recv_packet(conn: socket.socket) -> bytes:
    header = b""
    while len(header) < 4:
        chunk = conn.recv(4 - len(header))
        if not chunk:
            raise ConnectionError("closed")
        header += chunk
    length = int.from_bytes(header[:3], "little")
    body = b""
    while len(body) < length:
        chunk = conn.recv(length - len(body))
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return header + body


@dataclass
class RogueMysql:
    port: int
    plugin: str
    connections: int = 0
    # Everything clients sent after being asked for the clear-text password.
    after_switch: list[bytes] = field(default_factory=list)
    # Everything clients sent at all (the handshake response included).
    received: list[bytes] = field(default_factory=list)


@contextlib.contextmanager
def rogue_mysql(plugin: str = "mysql_clear_password") -> Iterator[RogueMysql]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    rogue = RogueMysql(int(sock.getsockname()[1]), plugin)

    def handle(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError, ConnectionError):
            conn.settimeout(10)
            conn.sendall(_greeting())
            rogue.received.append(_recv_packet(conn))  # the handshake response
            conn.sendall(_auth_switch(plugin))
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                rogue.after_switch.append(chunk)
                rogue.received.append(chunk)
                # Accept whatever came, so a client that sent the password carries on.
                conn.sendall(_packet(4, b"\x00\x00\x00\x02\x00\x00\x00"))

    def serve() -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            rogue.connections += 1
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield rogue
    finally:
        sock.close()
