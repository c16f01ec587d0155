"""The stdin/stdout/exit-code contract, on real sidecar processes."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import time
from typing import Any

import httpx
import pytest
from backend_support import fakes, secrets
from backend_support.config import base_settings
from backend_support.orphans import run_orphan_check
from backend_support.sidecar import DEV_COMMAND, Sidecar

SidecarFactory = Any


# --- settings ---------------------------------------------------------------------------------


def start_invalid(factory: SidecarFactory, line: bytes) -> tuple[Sidecar, dict[str, Any]]:
    sidecar = factory().start(raw_line=line)
    event = sidecar.next_event()
    assert sidecar.wait_exit(10) == 2, sidecar.stderr
    assert event["event"] == "fatal" and event["code"] == "invalid_settings", event
    assert sidecar.events.empty()  # nothing else on stdout
    return sidecar, event


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({k: v for k, v in base_settings().items() if k != "launchToken"}, "launchToken"),
        (base_settings(launchToken="short"), "launchToken"),
        (base_settings(port="eighty"), "port"),
        (base_settings(port=70000), "port"),
        (base_settings(host="0.0.0.0"), "host"),
        (base_settings(allowedOrigins=["*"]), "allowedOrigins"),
        (
            base_settings(database={"host": "db", "port": "x", "password": secrets.DB_PASSWORD}),
            "database.port",
        ),
        (
            base_settings(database={"host": "db", "user": "", "password": secrets.DB_PASSWORD}),
            "database.user",
        ),
        (base_settings(auth={"jwtSecret": "changethis"}), "auth.jwtSecret"),
    ],
)
def test_invalid_settings_name_the_field_and_exit_2(
    sidecar_factory: SidecarFactory, settings: dict[str, Any], field: str
) -> None:
    sidecar, event = start_invalid(sidecar_factory, json.dumps(settings).encode() + b"\n")
    assert field in event["message"]
    assert not secrets.leaks(sidecar.output)


@pytest.mark.parametrize(
    "line",
    [b"{not json\n", b"[1, 2]\n", b"\xff\xfe\n", b"\n"],
    ids=["json", "array", "utf8", "empty"],
)
def test_unreadable_settings_line_exits_2(sidecar_factory: SidecarFactory, line: bytes) -> None:
    start_invalid(sidecar_factory, line)


def test_secret_in_a_bad_field_is_not_echoed(sidecar_factory: SidecarFactory) -> None:
    # A secret pasted into the wrong field must not come back in the message.
    settings = base_settings(port=secrets.DB_PASSWORD)
    settings["database"] = {
        "host": "db",
        "user": "u",
        "database": "d",
        "password": secrets.DB_PASSWORD,
    }
    sidecar, event = start_invalid(sidecar_factory, json.dumps(settings).encode() + b"\n")
    assert "port" in event["message"]
    assert secrets.DB_PASSWORD not in sidecar.output


def test_stdin_closed_before_settings_exits_2(sidecar_factory: SidecarFactory) -> None:
    sidecar = sidecar_factory().start(raw_line=b"")
    sidecar.close_stdin()
    assert sidecar.next_event()["code"] == "invalid_settings"
    assert sidecar.wait_exit(10) == 2


# --- listening and ports ----------------------------------------------------------------------


def test_listening_event_then_health(sidecar_factory: SidecarFactory) -> None:
    sidecar = sidecar_factory().start(base_settings())
    event = sidecar.wait_listening()
    assert event["host"] == "127.0.0.1"
    assert event["requestedPort"] == 0 and event["fallback"] is False
    assert event["mode"] == "setup"
    # Announced only once the server accepts connections: the first request must succeed.
    response = sidecar.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "mode": "setup",
        "version": event["version"],
        "database": "unconfigured",
    }
    assert all(json.loads(line)["event"] for line in sidecar.stdout_lines)


def test_configured_port_is_used_when_free(sidecar_factory: SidecarFactory) -> None:
    port = fakes.closed_port()
    event = sidecar_factory().start(base_settings(port=port)).wait_listening()
    assert event["port"] == port and event["fallback"] is False


def test_taken_port_falls_back_to_a_free_one(sidecar_factory: SidecarFactory) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        sidecar = sidecar_factory().start(base_settings(port=port))
        event = sidecar.wait_listening()
        assert event["port"] != port
        assert event["requestedPort"] == port and event["fallback"] is True
        assert sidecar.get("/api/health").status_code == 200


# --- stopping ---------------------------------------------------------------------------------


def test_eof_on_stdin_stops_within_2s(sidecar_factory: SidecarFactory) -> None:
    sidecar = sidecar_factory().start(base_settings())
    sidecar.wait_listening()
    assert sidecar.get("/api/health").status_code == 200
    started = time.monotonic()
    sidecar.close_stdin()
    assert sidecar.wait_exit(5) == 0
    assert time.monotonic() - started < 2.0
    assert {"event": "stopping", "reason": "stdin_closed"} in [
        json.loads(line) for line in sidecar.stdout_lines
    ]


def test_sigterm_stops_within_2s_with_exit_0(sidecar_factory: SidecarFactory) -> None:
    sidecar = sidecar_factory().start(base_settings())
    sidecar.wait_listening()
    assert sidecar.proc is not None
    started = time.monotonic()
    sidecar.proc.send_signal(signal.SIGTERM)
    assert sidecar.wait_exit(5) == 0
    assert time.monotonic() - started < 2.0


def test_open_keepalive_connection_does_not_delay_shutdown(sidecar_factory: SidecarFactory) -> None:
    sidecar = sidecar_factory().start(base_settings())
    sidecar.wait_listening()
    with httpx.Client(base_url=sidecar.base_url) as client:
        assert client.get("/api/health").status_code == 200
        started = time.monotonic()
        sidecar.close_stdin()
        assert sidecar.wait_exit(5) == 0
        assert time.monotonic() - started < 2.0


# --- health in normal mode --------------------------------------------------------------------


def test_health_normal_mode_ok(sidecar_factory: SidecarFactory, db: Any) -> None:
    settings = base_settings(database=db.target())
    sidecar = sidecar_factory().start(settings)
    assert sidecar.wait_listening()["mode"] == "normal"
    response = sidecar.get("/api/health")
    assert response.status_code == 200, response.text
    assert response.json()["database"] == "ok"
    assert response.json()["mode"] == "normal"


def test_health_normal_mode_database_down_is_503(sidecar_factory: SidecarFactory, db: Any) -> None:
    settings = base_settings(database=db.target(port=fakes.closed_port()))
    sidecar = sidecar_factory().start(settings)
    sidecar.wait_listening()
    response = sidecar.get("/api/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["database"] == "error"
    assert body["code"] == "connection_refused" and body["message"]


def test_health_normal_mode_wrong_password_is_503(sidecar_factory: SidecarFactory, db: Any) -> None:
    settings = base_settings(database=db.target(password=secrets.WRONG_PASSWORD))
    sidecar = sidecar_factory().start(settings)
    sidecar.wait_listening()
    response = sidecar.get("/api/health")
    assert response.status_code == 503
    assert response.json()["code"] == "access_denied"
    assert not secrets.leaks(response.text)


# --- orphans ----------------------------------------------------------------------------------


def test_no_orphan_when_parent_is_killed(tmp_path: Any) -> None:
    run_orphan_check(DEV_COMMAND, tmp_path)


def test_stop_within_2s_while_a_check_is_still_running(
    sidecar_factory: SidecarFactory, db: Any
) -> None:
    import threading

    sidecar = sidecar_factory().start(base_settings())
    sidecar.wait_listening()
    with fakes.silent_listener() as port:
        body = db.target(port=port, timeoutSeconds=30)

        def slow_check() -> None:
            # The sidecar goes away mid-request; that is the point.
            with contextlib.suppress(httpx.HTTPError):
                sidecar.post("/api/setup/test-database", body, token=secrets.LAUNCH_TOKEN)

        thread = threading.Thread(target=slow_check, daemon=True)
        thread.start()
        time.sleep(0.5)
        started = time.monotonic()
        sidecar.close_stdin()
        assert sidecar.wait_exit(5) == 0
        assert time.monotonic() - started < 2.0


def test_sigterm_says_why_it_stops(sidecar_factory: SidecarFactory) -> None:
    sidecar = sidecar_factory().start(base_settings())
    sidecar.wait_listening()
    assert sidecar.proc is not None
    sidecar.proc.send_signal(signal.SIGTERM)
    assert sidecar.next_event(5) == {"event": "stopping", "reason": "sigterm"}
    assert sidecar.wait_exit(5) == 0


def test_unknown_settings_keys_are_named_not_valued(sidecar_factory: SidecarFactory) -> None:
    settings = base_settings(futureThing=secrets.JWT_SECRET)
    sidecar = sidecar_factory().start(settings)
    sidecar.wait_listening()
    assert "futureThing" in sidecar.stderr
