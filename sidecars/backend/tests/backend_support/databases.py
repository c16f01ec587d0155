"""Databases and accounts made per test on the harness's MariaDB (root over its socket)."""

from __future__ import annotations

import os
import secrets as token_source
from dataclasses import dataclass
from typing import Any

import pymysql

from backend_support import secrets

HOSTS = ("127.0.0.1", "localhost")
# What an app account needs at run time, without the right to change tables.
RUN_TIME_RIGHTS = "SELECT, INSERT, UPDATE, DELETE"


def root(socket: str | None = None, database: str | None = None) -> pymysql.Connection[Any]:
    return pymysql.connect(
        unix_socket=socket or os.environ["MA_TEST_DB_SOCKET"],
        user="root",
        database=database,
        charset="utf8mb4",
        autocommit=True,
    )


@dataclass(frozen=True)
class ScratchDb:
    host: str
    port: int
    name: str
    user: str
    password: str
    socket: str

    def target(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "database": self.name,
        }
        body.update(overrides)
        return body

    def sql(self, statement: str, args: Any = None) -> list[tuple[Any, ...]]:
        conn = root(self.socket, self.name)
        try:
            with conn.cursor() as cur:
                cur.execute(statement, args)
                return list(cur.fetchall())
        finally:
            conn.close()

    def add_user(self, user: str, password: str, rights: str) -> None:
        conn = root(self.socket)
        with conn.cursor() as cur:
            for host in HOSTS:
                cur.execute("DROP USER IF EXISTS %s@%s", (user, host))
                cur.execute("CREATE USER %s@%s IDENTIFIED BY %s", (user, host, password))
                cur.execute(f"GRANT {rights} ON `{self.name}`.* TO %s@%s", (user, host))
        conn.close()

    def drop(self) -> None:
        conn = root(self.socket)
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{self.name}`")
            for host in HOSTS:
                cur.execute("DROP USER IF EXISTS %s@%s", (self.user, host))
        conn.close()


def create_database(
    port: int, socket: str, rights: str = "ALL", host: str = "127.0.0.1"
) -> ScratchDb:
    """An empty database and an account with `rights` on it (password secrets.DB_PASSWORD)."""
    suffix = token_source.token_hex(4)
    db = ScratchDb(host, port, f"ma_t_{suffix}", f"ma_u_{suffix}", secrets.DB_PASSWORD, socket)
    conn = root(socket)
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{db.name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn.close()
    db.add_user(db.user, db.password, rights)
    return db
