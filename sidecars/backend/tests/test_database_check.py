"""POST /api/setup/test-database: each code comes from a real failure (real MariaDB, sockets)."""

from __future__ import annotations

import struct
import time
from typing import Any

import pytest
from backend_support import fakes, secrets
from backend_support.sidecar import Sidecar

TOKEN = secrets.LAUNCH_TOKEN


def check(sidecar: Sidecar, body: dict[str, Any]) -> dict[str, Any]:
    response = sidecar.post("/api/setup/test-database", body, token=TOKEN)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    assert not secrets.leaks(response.text)
    if not result["ok"]:
        assert set(result) == {"ok", "code", "message", "hint"}
        assert result["message"] and result["hint"]
    return result


def test_success_with_a_password_full_of_special_characters(
    setup_sidecar: Sidecar, db: Any
) -> None:
    # The password has quotes, a space, a backslash, %, ; and non-ASCII letters.
    result = check(setup_sidecar, db.target())
    assert result["ok"] is True, result
    assert set(result) == {"ok", "serverVersion", "latencyMs"}
    assert "MariaDB" in result["serverVersion"]
    assert isinstance(result["latencyMs"], int) and result["latencyMs"] >= 0


def test_success_without_a_database_name(setup_sidecar: Sidecar, db: Any) -> None:
    assert check(setup_sidecar, db.target(database=""))["ok"] is True


def test_wrong_password_is_access_denied(setup_sidecar: Sidecar, db: Any) -> None:
    result = check(setup_sidecar, db.target(password=secrets.WRONG_PASSWORD))
    assert result["code"] == "access_denied"
    assert db.user_ok in result["message"]
    assert "password" in result["message"]


def test_unknown_user_is_access_denied(setup_sidecar: Sidecar, db: Any) -> None:
    result = check(setup_sidecar, db.target(user="ma_nobody"))
    assert result["code"] == "access_denied"


def test_no_rights_on_the_database_names_it(setup_sidecar: Sidecar, db: Any) -> None:
    # MariaDB 1044 after a good password: its own code, not the wrong-password one (1045).
    result = check(setup_sidecar, db.target(user=db.user_no_rights))
    assert result["code"] == "database_access_denied"
    assert f"no rights on database '{db.database}'" in result["message"]
    assert "signed in" in result["message"]


def test_missing_database_without_rights_is_reported_honestly(
    setup_sidecar: Sidecar, db: Any
) -> None:
    # MariaDB answers 1044 here too: the message must say the name may also be wrong.
    result = check(setup_sidecar, db.target(user=db.user_no_rights, database="ma_nope"))
    assert result["code"] == "database_access_denied"
    assert "signed in" in result["message"]
    assert "no rights on database 'ma_nope'" in result["message"]
    assert "not exist" in result["message"]


def test_unknown_database(setup_sidecar: Sidecar, db: Any) -> None:
    result = check(setup_sidecar, db.target(user=db.user_ghost_db, database=db.missing_database))
    assert result["code"] == "unknown_database"
    assert db.missing_database in result["message"]


def test_dns_failure(setup_sidecar: Sidecar, db: Any) -> None:
    result = check(setup_sidecar, db.target(host="mariadb.ma-test.invalid"))
    assert result["code"] == "dns_failed"
    assert "mariadb.ma-test.invalid" in result["message"]


def test_closed_port(setup_sidecar: Sidecar, db: Any) -> None:
    result = check(setup_sidecar, db.target(port=fakes.closed_port()))
    assert result["code"] == "connection_refused"


def test_port_that_accepts_and_never_answers_times_out(setup_sidecar: Sidecar, db: Any) -> None:
    with fakes.silent_listener() as port:
        started = time.monotonic()
        result = check(setup_sidecar, db.target(port=port, timeoutSeconds=1))
        elapsed = time.monotonic() - started
    assert result["code"] == "timeout"
    assert "greeting" in result["message"]
    assert elapsed < 2.5


@pytest.mark.parametrize(
    "banner",
    [
        b"SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n",
        b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
    ],
    ids=["ssh", "http"],
)
def test_non_mysql_server(setup_sidecar: Sidecar, db: Any, banner: bytes) -> None:
    with fakes.banner_server(banner) as port:
        result = check(setup_sidecar, db.target(port=port))
    assert result["code"] == "not_mysql"


def test_port_that_closes_without_greeting_is_not_mysql(setup_sidecar: Sidecar, db: Any) -> None:
    with fakes.banner_server(b"") as port:
        result = check(setup_sidecar, db.target(port=port))
    assert result["code"] == "not_mysql"


def test_broken_tls_handshake(setup_sidecar: Sidecar, db: Any) -> None:
    with fakes.broken_tls_mysql() as port:
        result = check(setup_sidecar, db.target(port=port))
    assert result["code"] == "tls_error"


def test_server_error_before_greeting_is_unknown_with_the_servers_words(
    setup_sidecar: Sidecar, db: Any
) -> None:
    payload = b"\xff" + struct.pack("<H", 1040) + b"#08004Too many connections"
    packet = struct.pack("<I", len(payload))[:3] + b"\x00" + payload
    with fakes.banner_server(packet) as port:
        result = check(setup_sidecar, db.target(port=port))
    assert result["code"] == "unknown"
    assert "Too many connections" in result["message"]


@pytest.mark.parametrize("timeout", [0, 0.5, 31, "x"])
def test_timeout_outside_1_to_30_is_rejected_without_echoing_the_body(
    setup_sidecar: Sidecar, db: Any, timeout: object
) -> None:
    response = setup_sidecar.post(
        "/api/setup/test-database", db.target(timeoutSeconds=timeout), token=TOKEN
    )
    assert response.status_code == 422
    assert "timeoutSeconds" in response.text
    assert not secrets.leaks(response.text)


def test_password_of_wrong_type_is_not_echoed(setup_sidecar: Sidecar, db: Any) -> None:
    body = db.target(password=[secrets.WRONG_PASSWORD])
    response = setup_sidecar.post("/api/setup/test-database", body, token=TOKEN)
    assert response.status_code == 422
    assert not secrets.leaks(response.text)


def test_localhost_name_works(setup_sidecar: Sidecar, db: Any) -> None:
    assert check(setup_sidecar, db.target(host="localhost"))["ok"] is True
