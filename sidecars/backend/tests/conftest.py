"""Fixtures for the backend tests: a real MariaDB (from tests/harness/with-services.sh), real
sidecar processes, and the secret scan over every process's output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymysql
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from backend_support import secrets
from backend_support.config import base_settings
from backend_support.databases import ScratchDb, create_database
from backend_support.fake_signin import FakeSignIn, fake_signin
from backend_support.normal import NormalBackend, start_normal
from backend_support.sidecar import ALL_PROCESSES, Sidecar

DB_NAME = "ma_app"
MISSING_DB_NAME = "ma_not_created"


@dataclass(frozen=True)
class Db:
    host: str
    port: int
    socket: str
    user_ok: str = "ma_ok"  # all rights on ma_app, password secrets.DB_PASSWORD
    user_no_rights: str = "ma_norights"  # signs in, no rights on any database
    user_ghost_db: str = "ma_ghostdb"  # has rights on a database name that does not exist
    password: str = secrets.DB_PASSWORD
    database: str = DB_NAME
    missing_database: str = MISSING_DB_NAME

    def target(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": self.user_ok,
            "password": self.password,
            "database": self.database,
        }
        body.update(overrides)
        return body


def _root() -> pymysql.Connection[Any]:
    return pymysql.connect(
        unix_socket=os.environ["MA_TEST_DB_SOCKET"], user="root", charset="utf8mb4", autocommit=True
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A hung sidecar or socket must fail one test, not stall CI (pytest-timeout).
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(90))


@pytest.fixture(scope="session")
def db() -> Db:
    port = os.environ.get("MA_TEST_DB_PORT")
    if not port or not os.environ.get("MA_TEST_DB_SOCKET"):
        pytest.fail(
            "MA_TEST_DB_PORT/MA_TEST_DB_SOCKET are not set: the backend tests need the real "
            "MariaDB started by the harness. Run them as "
            "`bash tests/harness/with-services.sh bash sidecars/test.sh backend/tests` "
            "from the repository root.",
            pytrace=False,
        )
    info = Db(
        host=os.environ.get("MA_TEST_DB_HOST", "127.0.0.1"),
        port=int(port),
        socket=os.environ["MA_TEST_DB_SOCKET"],
    )
    conn = _root()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE IF NOT EXISTS `{DB_NAME}`")
        # Both host forms: TCP clients match '127.0.0.1', socket clients 'localhost'.
        for host in ("127.0.0.1", "localhost"):
            for user in (info.user_ok, info.user_no_rights, info.user_ghost_db):
                cur.execute("DROP USER IF EXISTS %s@%s", (user, host))
                cur.execute("CREATE USER %s@%s IDENTIFIED BY %s", (user, host, info.password))
            cur.execute(f"GRANT ALL ON `{DB_NAME}`.* TO %s@%s", (info.user_ok, host))
            cur.execute(f"GRANT ALL ON `{MISSING_DB_NAME}`.* TO %s@%s", (info.user_ghost_db, host))
    conn.close()
    return info


@pytest.fixture(scope="session", autouse=True)
def no_secret_in_any_output() -> Iterator[None]:
    """After the whole session, scans stdout and stderr of every sidecar the suite started."""
    yield
    if ALL_PROCESSES:
        # The scan is only worth something if the processes did log.
        assert any(proc.stderr_lines or proc.stdout_lines for proc in ALL_PROCESSES)
    leaked = {}
    for proc in ALL_PROCESSES:
        found = secrets.leaks(proc.output)
        if found:
            leaked[" ".join(proc.command)] = found
    assert not leaked, f"secret values appeared in sidecar output: {leaked}"


@pytest.fixture
def sidecar_factory() -> Iterator[Any]:
    started: list[Sidecar] = []

    def make(command: list[str] | None = None) -> Sidecar:
        sidecar = Sidecar(command)
        started.append(sidecar)
        return sidecar

    yield make
    for sidecar in started:
        sidecar.stop()
    for sidecar in started:
        found = secrets.leaks(sidecar.output)
        assert not found, f"secret values in sidecar output: {found}\n{sidecar.output}"


@pytest.fixture(scope="session")
def setup_sidecar() -> Iterator[Sidecar]:
    """One sidecar in setup mode shared by the HTTP tests."""
    sidecar = Sidecar().start(base_settings())
    sidecar.wait_listening()
    yield sidecar
    sidecar.stop()


@pytest.fixture
def fresh_db(db: Db) -> Iterator[ScratchDb]:
    """An empty database of its own and an account with all rights on it."""
    database = create_database(db.port, db.socket)
    yield database
    database.drop()


@pytest.fixture
def fake_auth() -> Iterator[FakeSignIn]:
    with fake_signin("nested") as fake:
        yield fake


@pytest.fixture(scope="module")
def normal_backend(db: Db) -> Iterator[NormalBackend]:
    """One backend in normal mode per test module, on its own database, signed in as the fake
    company accounts admin, alice, bob, carol and dave."""
    database = create_database(db.port, db.socket)
    with fake_signin("nested") as auth:
        sidecar = Sidecar()
        try:
            api = start_normal(sidecar, database, auth.url)
            api.sign_in("admin", "alice", "bob", "carol", "dave")
            yield NormalBackend(api, auth, database, sidecar)
        finally:
            sidecar.stop()
            found = secrets.leaks(sidecar.output)
            assert not found, f"secret values in backend output: {found}"
    database.drop()
