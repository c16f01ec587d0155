"""The "meetings backend" bench, driven by tests/bench/meetings.ts (npm run bench).

A real backend sidecar in normal mode on the harness's MariaDB, a fake company sign-in, 10,000
seeded meetings with 5 action items each. Each route is loaded by an asyncio httpx loop on
loopback at 1, 10 and 50 concurrent clients, bounded by a request count and a time limit, and
compared with GET /api/health (with its database check) at the same concurrency in the same run.
Prints one JSON document on stdout; asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sidecars" / "backend" / "tests"))

from backend_support.databases import ScratchDb, create_database, root
from backend_support.fake_signin import fake_signin
from backend_support.normal import Api, meeting_body, start_normal, update_body
from backend_support.sidecar import Sidecar

MEETINGS = 10_000
ITEMS_PER_MEETING = 5
EXPORT_ITEMS = 500
CONCURRENCY = (1, 10, 50)
TIME_LIMIT_S = 20.0
STATUSES = ("Open", "In Progress", "Done", "Delayed")


def requests_for(concurrency: int, heavy: bool) -> int:
    per_client = 4 if heavy else 12
    return max(40 if not heavy else 12, concurrency * per_client)


def seed(db: ScratchDb) -> None:
    """Bulk rows straight into the tables (the API would take minutes to create them)."""
    conn = root(db.socket, db.name)
    start = dt.datetime(2024, 1, 1, 8, 0)
    records, access, counters = [], [], {}
    for i in range(MEETINGS):
        when = start + dt.timedelta(hours=7 * i)
        day = when.date()
        counters[day] = counters.get(day, 0) + 1
        creator = f"user{i % 50}@example.com"
        attendees = f"Team {i % 7} <user{(i + 1) % 50}@example.com>, user{(i + 2) % 50}@example.com"
        records.append(
            (
                str(uuid.uuid4()),
                f"M-{day:%Y%m%d}-{counters[day]:02d}",
                f"Project {i % 300} review {i}",
                when,
                480,
                f"Room {i % 40}",
                f"Chair {i % 25}",
                creator,
                attendees,
                "transcript " * 200,
                creator,
            )
        )
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO meeting_records (uuid, meeting_number, subject, meeting_time, "
            "meeting_tz_offset, location, chairperson, recorder, attendees, transcript, created_by, "
            "created_at, updated_at, version) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
            "UTC_TIMESTAMP(), UTC_TIMESTAMP(), 1)",
            records,
        )
        cur.execute("SELECT id, created_by, attendees FROM meeting_records")
        rows = cur.fetchall()
        items = []
        for meeting_id, creator, _attendees in rows:
            n = meeting_id % 50
            emails = {
                creator,
                f"user{(n + 1) % 50}@example.com",
                f"user{(n + 2) % 50}@example.com",
            }
            if (
                meeting_id % 10 == 0
            ):  # the signed-in user of the "as a user" rows sees 1 in 10
                emails.add("alice@example.com")
            access.extend((email, meeting_id) for email in emails)
            for k in range(ITEMS_PER_MEETING):
                items.append(
                    (
                        meeting_id,
                        f"A-{meeting_id:06d}-{k}",
                        f"Follow-up {k} for {meeting_id}",
                        f"Owner {k}",
                        dt.date(2025, 1, 1 + k),
                        STATUSES[k % 4],
                        k,
                    )
                )
        cur.executemany(
            "INSERT IGNORE INTO meeting_access (email, meeting_id) VALUES (%s, %s)",
            access,
        )
        cur.executemany(
            "INSERT INTO meeting_action_items (meeting_id, code, content, owner, due_date, status, "
            "position) VALUES (%s,%s,%s,%s,%s,%s,%s)",
            items,
        )
        cur.executemany(
            "INSERT INTO meeting_number_counters (kind, day, last_value) VALUES ('M', %s, %s)",
            list(counters.items()),
        )
        cur.execute(
            "ANALYZE TABLE meeting_records, meeting_access, meeting_action_items"
        )
        cur.fetchall()
    conn.close()


def export_meeting(api: Api) -> str:
    created = api.call(
        "POST", "/api/meetings", as_user="admin", json=meeting_body("Export bench")
    ).json()
    body = {
        **update_body(created),
        "conclusions": [{"content": f"Conclusion {i}"} for i in range(20)],
        "action_items": [
            {
                "content": f"Action item {i} with a sentence of text",
                "owner": f"Owner {i % 9}",
                "due_date": "2025-06-30",
                "status": STATUSES[i % 4],
            }
            for i in range(EXPORT_ITEMS)
        ],
    }
    saved = api.call(
        "PUT", f"/api/meetings/{created['id']}", as_user="admin", json=body
    )
    assert saved.status_code == 200, saved.text
    return str(created["id"])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def load(
    base_url: str,
    concurrency: int,
    total: int,
    make: Callable[[int], tuple[str, str, dict[str, Any]]],
) -> list[float]:
    """`concurrency` clients share `total` requests; stops early at TIME_LIMIT_S."""
    latencies: list[float] = []
    counter = iter(range(total))
    deadline = time.monotonic() + TIME_LIMIT_S
    limits = httpx.Limits(
        max_connections=concurrency, max_keepalive_connections=concurrency
    )
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=120
    ) as client:

        async def worker() -> None:
            for i in counter:
                if time.monotonic() > deadline:
                    return
                method, path, kwargs = make(i)
                t0 = time.perf_counter()
                response = await client.request(method, path, **kwargs)
                await response.aread()
                latencies.append((time.perf_counter() - t0) * 1000)
                if response.status_code >= 400:
                    raise RuntimeError(
                        f"{method} {path}: {response.status_code} {response.text[:200]}"
                    )

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def main() -> None:
    port = int(os.environ["MA_TEST_DB_PORT"])
    socket = os.environ["MA_TEST_DB_SOCKET"]
    db = create_database(port, socket)
    sidecar = Sidecar()
    try:
        with fake_signin("nested") as auth:
            api = start_normal(sidecar, db, auth.url)
            t0 = time.perf_counter()
            seed(db)
            seed_s = time.perf_counter() - t0
            api.sign_in("admin", "alice")
            export_id = export_meeting(api)
            launch = {"X-Launch-Token": api.launch_token or ""}
            admin = {"Authorization": f"Bearer {api.tokens['admin']}", **launch}
            alice = {"Authorization": f"Bearer {api.tokens['alice']}", **launch}
            some_ids = [
                r[0]
                for r in db.sql(
                    "SELECT uuid FROM meeting_records ORDER BY id LIMIT 500"
                )
            ]
            scenarios: list[
                tuple[str, bool, Callable[[int], tuple[str, str, dict[str, Any]]]]
            ] = [
                (
                    "GET /api/health (baseline)",
                    False,
                    lambda i: ("GET", "/api/health", {}),
                ),
                (
                    "GET /api/meetings (page of 50)",
                    False,
                    lambda i: (
                        "GET",
                        "/api/meetings",
                        {"headers": admin, "params": {"page": 1 + i % 20}},
                    ),
                ),
                (
                    "GET /api/meetings (page of 50, as a user)",
                    False,
                    lambda i: (
                        "GET",
                        "/api/meetings",
                        {"headers": alice, "params": {"page": 1 + i % 20}},
                    ),
                ),
                (
                    "GET /api/meetings?q= (search)",
                    False,
                    lambda i: (
                        "GET",
                        "/api/meetings",
                        {"headers": admin, "params": {"q": f"Project {i % 300} "}},
                    ),
                ),
                (
                    "GET /api/meetings/{id} (detail)",
                    False,
                    lambda i: (
                        "GET",
                        f"/api/meetings/{some_ids[i % len(some_ids)]}",
                        {"headers": admin},
                    ),
                ),
                (
                    "POST /api/meetings (create)",
                    False,
                    lambda i: (
                        "POST",
                        "/api/meetings",
                        {"headers": admin, "json": meeting_body(f"Bench {i}")},
                    ),
                ),
                (
                    f"GET …/export ({EXPORT_ITEMS} action items)",
                    True,
                    lambda i: (
                        "GET",
                        f"/api/meetings/{export_id}/export",
                        {"headers": admin},
                    ),
                ),
            ]
            seeded = db.sql("SELECT COUNT(*) FROM meeting_records")[0][0]
            for _name, _heavy, make in scenarios:  # warm up every route once
                asyncio.run(load(api.base_url, 1, 3, make))
            results = []
            for concurrency in CONCURRENCY:
                for name, heavy, make in scenarios:
                    times = asyncio.run(
                        load(
                            api.base_url,
                            concurrency,
                            requests_for(concurrency, heavy),
                            make,
                        )
                    )
                    results.append(
                        {
                            "route": name,
                            "concurrency": concurrency,
                            "requests": len(times),
                            "p50": percentile(times, 0.5),
                            "p95": percentile(times, 0.95),
                        }
                    )
            print(
                json.dumps(
                    {"seeded": seeded, "seedSeconds": seed_s, "results": results}
                )
            )
    finally:
        sidecar.stop()
        db.drop()


if __name__ == "__main__":
    main()
