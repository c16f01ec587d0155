"""Database TLS (`database.ssl`, `database.sslCa`) and the clear-text password refusal, on a real
backend process: against a real MariaDB with a self-signed certificate, the harness's MariaDB
(no TLS), and a rogue server that asks for the password in clear text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from backend_support import secrets
from backend_support.config import base_settings
from backend_support.databases import ScratchDb
from backend_support.normal import start_normal
from backend_support.rogue_mysql import rogue_mysql
from backend_support.sidecar import Sidecar
from backend_support.tls_mariadb import TlsMariaDb, tls_mariadb

TOKEN = secrets.LAUNCH_TOKEN
PASSWORD_BYTES = secrets.DB_PASSWORD.encode("utf-8")


@pytest.fixture(scope="module")
def tls_db() -> Iterator[TlsMariaDb]:
    with tls_mariadb() as server:
        yield server


@pytest.fixture
def secure_only(tls_db: TlsMariaDb) -> Iterator[TlsMariaDb]:
    """The server refuses every client that does not use TLS."""
    tls_db.require_secure_transport(True)
    yield tls_db
    tls_db.require_secure_transport(False)


def _check(sidecar: Sidecar, body: dict[str, Any]) -> dict[str, Any]:
    response = sidecar.post("/api/setup/test-database", body, token=TOKEN)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    assert not secrets.leaks(response.text)
    return result


# --- TLS modes against a real MariaDB with a self-signed certificate --------------------------


def test_preferred_uses_tls_when_the_server_offers_it(
    setup_sidecar: Sidecar, secure_only: TlsMariaDb
) -> None:
    result = _check(setup_sidecar, secure_only.target())  # no `ssl`: the default, preferred
    assert result["ok"] is True, result


def test_disabled_never_uses_tls(setup_sidecar: Sidecar, secure_only: TlsMariaDb) -> None:
    result = _check(setup_sidecar, secure_only.target(ssl="disabled"))
    # MariaDB refuses a client without TLS as it refuses a wrong password (1045).
    assert result["ok"] is False and result["code"] == "access_denied", result
    assert "TLS mode 'preferred'" in result["hint"]


def test_verify_ca_refuses_a_certificate_no_trusted_ca_signed(
    setup_sidecar: Sidecar, tls_db: TlsMariaDb
) -> None:
    result = _check(setup_sidecar, tls_db.target(ssl="verify_ca"))
    assert result["ok"] is False and result["code"] == "tls_error", result
    assert "certificate" in result["message"]


def test_verify_ca_accepts_the_certificate_of_the_given_ca(
    setup_sidecar: Sidecar, secure_only: TlsMariaDb
) -> None:
    body = secure_only.target(ssl="verify_ca", sslCa=str(secure_only.cert))
    assert _check(setup_sidecar, body)["ok"] is True
    # verify_ca does not compare names: `localhost` is not in the certificate, and that is fine.
    body = secure_only.target(host="localhost", ssl="verify_ca", sslCa=str(secure_only.cert))
    assert _check(setup_sidecar, body)["ok"] is True


def test_verify_identity_checks_the_host_name(setup_sidecar: Sidecar, tls_db: TlsMariaDb) -> None:
    ca = str(tls_db.cert)
    assert _check(setup_sidecar, tls_db.target(ssl="verify_identity", sslCa=ca))["ok"] is True
    wrong_name = _check(
        setup_sidecar, tls_db.target(host="localhost", ssl="verify_identity", sslCa=ca)
    )
    assert wrong_name["ok"] is False and wrong_name["code"] == "tls_error", wrong_name


def test_required_refuses_a_server_without_tls(setup_sidecar: Sidecar, db: Any) -> None:
    result = _check(setup_sidecar, db.target(ssl="required"))  # the harness's server: no TLS
    assert result["ok"] is False and result["code"] == "tls_error", result
    assert "does not offer" in result["message"]
    assert _check(setup_sidecar, db.target(ssl="preferred"))["ok"] is True


def test_an_unreadable_ca_file_is_a_tls_error(setup_sidecar: Sidecar, tls_db: TlsMariaDb) -> None:
    body = tls_db.target(ssl="verify_ca", sslCa="/nonexistent/ca.pem")
    result = _check(setup_sidecar, body)
    assert result["ok"] is False and result["code"] == "tls_error", result
    assert "/nonexistent/ca.pem" in result["message"]


def test_an_unknown_ssl_mode_is_a_validation_error(setup_sidecar: Sidecar, db: Any) -> None:
    body = db.target(ssl="sometimes")
    response = setup_sidecar.post("/api/setup/test-database", body, token=TOKEN)
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "ssl"


def test_normal_mode_connects_with_the_configured_tls(
    secure_only: TlsMariaDb, fresh_db: ScratchDb, sidecar_factory: Any, fake_auth: Any
) -> None:
    database = secure_only.target(ssl="verify_identity", sslCa=str(secure_only.cert))
    sidecar = sidecar_factory()
    start_normal(sidecar, fresh_db, fake_auth.url, database=database)
    health = sidecar.get("/api/health")
    assert health.status_code == 200, health.text
    assert health.json()["database"] == "ok"


def test_normal_mode_refuses_an_untrusted_certificate(
    tls_db: TlsMariaDb, fresh_db: ScratchDb, sidecar_factory: Any, fake_auth: Any
) -> None:
    sidecar = sidecar_factory()
    start_normal(sidecar, fresh_db, fake_auth.url, database=tls_db.target(ssl="verify_ca"))
    health = sidecar.get("/api/health")
    assert health.status_code == 503
    assert health.json()["code"] == "tls_error"


def test_an_unreadable_ca_file_stops_the_backend_with_invalid_settings(
    sidecar_factory: Any, db: Any
) -> None:
    database = db.target(ssl="verify_ca", sslCa="/nonexistent/ca.pem")
    sidecar = sidecar_factory().start(base_settings(database=database))
    event = sidecar.next_event()
    assert event["event"] == "fatal" and event["code"] == "invalid_settings", event
    assert "database.sslCa" in event["message"]


# --- the password is never sent in clear text without TLS --------------------------------------


@pytest.mark.parametrize("plugin", ["mysql_clear_password", "dialog"])
def test_the_wizard_check_never_sends_a_clear_text_password(
    setup_sidecar: Sidecar, plugin: str
) -> None:
    with rogue_mysql(plugin) as rogue:
        body = {
            "host": "127.0.0.1",
            "port": rogue.port,
            "user": "someone",
            "password": secrets.DB_PASSWORD,
            "database": "anything",
        }
        result = _check(setup_sidecar, body)
    assert rogue.connections == 1
    assert PASSWORD_BYTES not in b"".join(rogue.received)
    assert rogue.after_switch == []  # asked for the password, it got nothing at all
    assert result["ok"] is False and result["code"] == "cleartext_password_refused", result


def test_normal_mode_never_sends_a_clear_text_password(
    fresh_db: ScratchDb, sidecar_factory: Any, fake_auth: Any
) -> None:
    with rogue_mysql() as rogue:
        database = fresh_db.target(port=rogue.port)
        sidecar = sidecar_factory()
        start_normal(sidecar, fresh_db, fake_auth.url, database=database)
        health = sidecar.get("/api/health", headers={"X-Launch-Token": TOKEN})
        stranger = sidecar.get("/api/health").json()
    assert rogue.connections >= 2  # the schema check at start, and health's probe
    assert PASSWORD_BYTES not in b"".join(rogue.received)
    assert rogue.after_switch == []
    assert health.status_code == 503
    assert health.json()["code"] == "cleartext_password_refused", health.text
    assert stranger["code"] == "cleartext_password_refused"
