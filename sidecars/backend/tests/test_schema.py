"""Migrations on real MariaDB with real backend processes: many first starts at once, an
account without rights, the administrator's migrate command, newer schemas, and adopting the
database of an existing deployment."""

from __future__ import annotations

import time
from typing import Any

import httpx
from backend_support import secrets
from backend_support.databases import RUN_TIME_RIGHTS, ScratchDb, root
from backend_support.fake_signin import fake_signin
from backend_support.legacy import LEGACY_DDL, LEGACY_ROWS
from backend_support.normal import meeting_body, normal_settings, start_normal, update_body
from backend_support.server_mode import migrate_command
from backend_support.sidecar import Sidecar

APP_USER = "ma_app_runtime"
APP_PASSWORD = "App-Runtime-Pw-5e5e"


def _health(sidecar: Sidecar) -> httpx.Response:
    return sidecar.get("/api/health")


def _wait_health(sidecar: Sidecar, status: int, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = _health(sidecar)
        if response.status_code == status or time.monotonic() > deadline:
            assert response.status_code == status, response.text
            return dict(response.json())
        time.sleep(0.25)


def _schema(db: ScratchDb) -> tuple[int, str]:
    version = db.sql("SELECT version FROM meeting_schema WHERE id = 1")[0][0]
    revision = db.sql("SELECT version_num FROM alembic_version")[0][0]
    return int(version), str(revision)


def test_eight_backends_start_at_once_on_an_empty_database(
    sidecar_factory: Any, fresh_db: ScratchDb
) -> None:
    with fake_signin() as auth:
        sidecars = [sidecar_factory() for _ in range(8)]
        for sidecar in sidecars:  # all started before any is waited for
            sidecar.start(normal_settings(fresh_db, auth.url))
        for sidecar in sidecars:
            sidecar.wait_listening(timeout=90)
        for sidecar in sidecars:
            assert _wait_health(sidecar, 200)["database"] == "ok"
    assert _schema(fresh_db) == (2, "0002")
    logs = [s.stderr for s in sidecars]
    migrated = [log for log in logs if "migrating the database from schema version 0" in log]
    assert len(migrated) == 1, "exactly one backend migrates"
    assert all("database schema ready" in log for log in logs)


def test_account_without_rights_reports_schema_outdated_until_an_admin_migrates(
    sidecar_factory: Any, fresh_db: ScratchDb
) -> None:
    fresh_db.add_user(APP_USER, APP_PASSWORD, RUN_TIME_RIGHTS)
    with fake_signin() as auth:
        sidecar = sidecar_factory()
        api = start_normal(
            sidecar,
            fresh_db,
            auth.url,
            database=fresh_db.target(user=APP_USER, password=APP_PASSWORD),
        )
        health = _wait_health(sidecar, 503)
        assert health["database"] == "schema_outdated"
        assert health["code"] == "schema_outdated"
        assert health["schemaVersion"] == 0 and health["requiredSchemaVersion"] == 2
        assert "meeting-backend migrate" in health["message"] and "version 2" in health["message"]
        assert APP_USER not in health["message"]  # no account names to unauthenticated callers
        refused = api.login("alice")
        assert refused.status_code == 503 and refused.json()["code"] == "schema_outdated"

        weak = migrate_command(fresh_db, APP_USER, APP_PASSWORD)
        assert weak.returncode == 1
        assert "may not change tables" in weak.stderr

        done = migrate_command(fresh_db, fresh_db.user, fresh_db.password)
        assert done.returncode == 0, done.stderr
        assert "migrated to schema version 2" in done.stderr
        assert not secrets.leaks(done.stdout + done.stderr)

        # The running backend notices by itself: no restart.
        assert _wait_health(sidecar, 200)["database"] == "ok"
        assert api.login("alice").status_code == 200

    again = migrate_command(fresh_db, fresh_db.user, fresh_db.password)
    assert again.returncode == 0 and "already at schema version 2" in again.stderr
    wrong = migrate_command(fresh_db, fresh_db.user, secrets.WRONG_PASSWORD)
    assert wrong.returncode == 1 and "refused to sign in" in wrong.stderr
    assert not secrets.leaks(wrong.stdout + wrong.stderr)


def test_a_newer_incompatible_schema_asks_for_an_update(
    sidecar_factory: Any, fresh_db: ScratchDb
) -> None:
    assert migrate_command(fresh_db, fresh_db.user, fresh_db.password).returncode == 0
    fresh_db.sql("UPDATE meeting_schema SET version = 3, compatible_from = 3")
    fresh_db.sql("UPDATE alembic_version SET version_num = '0003'")
    with fake_signin() as auth:
        sidecar = sidecar_factory()
        api = start_normal(sidecar, fresh_db, auth.url)
        health = _wait_health(sidecar, 503)
        assert health["database"] == "schema_too_new"
        assert "Update Meeting Assistant" in health["message"]
        assert api.login("alice").json()["code"] == "schema_too_new"
    assert _schema(fresh_db) == (3, "0003")  # never touched
    refused = migrate_command(fresh_db, fresh_db.user, fresh_db.password)
    assert refused.returncode == 4 and "newer Meeting Assistant" in refused.stderr


def test_a_newer_compatible_schema_is_used(sidecar_factory: Any, fresh_db: ScratchDb) -> None:
    assert migrate_command(fresh_db, fresh_db.user, fresh_db.password).returncode == 0
    fresh_db.sql("UPDATE meeting_schema SET version = 3, compatible_from = 2")
    fresh_db.sql("UPDATE alembic_version SET version_num = '0003'")
    with fake_signin() as auth:
        sidecar = sidecar_factory()
        api = start_normal(sidecar, fresh_db, auth.url)
        assert _wait_health(sidecar, 200)["database"] == "ok"
        api.sign_in("alice")
        created = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body())
        assert created.status_code == 201
    assert _schema(fresh_db) == (3, "0003")


def test_an_existing_deployments_database_is_adopted(
    sidecar_factory: Any, fresh_db: ScratchDb
) -> None:
    for statement in (*LEGACY_DDL, *LEGACY_ROWS):
        fresh_db.sql(statement)
    with fake_signin() as auth:
        sidecar = sidecar_factory()
        api = start_normal(sidecar, fresh_db, auth.url)
        assert _wait_health(sidecar, 200)["database"] == "ok"
        api.sign_in("alice", "bob")
        # Alice attends the old meeting: the e-mails in old rows were picked up.
        mine = api.call("GET", "/api/meetings", as_user="alice").json()
        assert [m["meeting_number"] for m in mine["items"]] == ["M-20250301-01"]
        old = api.call(
            "GET", "/api/meetings/11111111-1111-4111-8111-111111111111", as_user="alice"
        ).json()
        assert old["transcript"] == "old transcript" and old["version"] == 1
        assert [c["code"] for c in old["conclusions"]] == ["C-20250301-01", "C-20250301-12"]
        assert old["action_items"][0]["status"] == "Done"
        # Numbers continue after the highest one the old server gave out that day.
        new = api.call(
            "POST",
            "/api/meetings",
            as_user="bob",
            json=meeting_body(
                "新會議 ✓", meeting_time="2025-03-01T15:00:00+08:00", transcript="長" * 70_000
            ),
        ).json()
        assert new["meeting_number"] == "M-20250301-08"
        body = {
            **update_body(new),
            "conclusions": [{"content": "新的結論"}],
            "action_items": [{"content": "做"}],
        }
        saved = api.call("PUT", f"/api/meetings/{new['id']}", as_user="bob", json=body).json()
        assert saved["conclusions"][0]["code"] == "C-20250301-13"
        assert saved["action_items"][0]["code"] == "A-20250301-04"
        assert saved["subject"] == "新會議 ✓" and len(saved["transcript"]) == 70_000
    collations = fresh_db.sql(
        "SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'meeting\\_%%'"
    )
    assert all(c.startswith("utf8mb4") for _, c in collations), collations
    transcript_type = fresh_db.sql(
        "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = 'meeting_records' AND COLUMN_NAME = 'transcript'"
    )
    # Converting to utf8mb4 already widens TEXT to MEDIUMTEXT (16 MB); either holds 2 MB.
    assert transcript_type in ([("longtext",)], [("mediumtext",)])
    # The old columns are all still there, with their data.
    assert fresh_db.sql("SELECT recorder, created_by FROM meeting_records WHERE id = 1") == [
        ("Bob", "bob@example.com")
    ]


def test_a_migration_in_progress_elsewhere_is_waited_for(
    sidecar_factory: Any, fresh_db: ScratchDb
) -> None:
    """Another backend holds the migration lock (a long migration): this one still says
    `listening` in time, reports it in health, and continues once the lock is released."""
    holder = root(fresh_db.socket)
    with holder.cursor() as cur:
        cur.execute("SELECT GET_LOCK(%s, 0)", (f"meeting_assistant.schema.{fresh_db.name}",))
        assert cur.fetchone() == (1,)
    try:
        with fake_signin() as auth:
            sidecar = sidecar_factory()
            api = start_normal(sidecar, fresh_db, auth.url)
            health = _wait_health(sidecar, 503)
            assert health["code"] == "schema_migrating"
            assert "updating the database" in health["message"]
            assert api.login("alice").json()["code"] == "database_unavailable"
            holder.close()  # the other backend is done (or gone): the lock is released
            assert _wait_health(sidecar, 200)["database"] == "ok"
            assert api.login("alice").status_code == 200
    finally:
        if holder.open:
            holder.close()
