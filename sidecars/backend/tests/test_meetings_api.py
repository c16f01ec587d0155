"""The meetings API on a real backend process and real MariaDB: create, list, search, read,
edit with versions, delete, who sees what, validation, and numbers under concurrency."""

from __future__ import annotations

import concurrent.futures
import re
from typing import Any

import pytest
from backend_support.normal import NormalBackend, meeting_body, update_body


def _create(nb: NormalBackend, user: str, **fields: Any) -> dict[str, Any]:
    response = nb.api.call("POST", "/api/meetings", as_user=user, json=meeting_body(**fields))
    assert response.status_code == 201, response.text
    return response.json()


def test_create_answers_201_with_the_meeting(normal_backend: NormalBackend) -> None:
    meeting = _create(
        normal_backend, "alice", subject="Kick-off", meeting_time="2031-05-06T14:00:00-04:00"
    )
    assert re.fullmatch(r"M-20310506-\d{2,}", meeting["meeting_number"])
    assert meeting["meeting_time"] == "2031-05-06T14:00:00-04:00"
    assert meeting["recorder"] == "alice@example.com"  # defaults to the signed-in user
    assert meeting["created_by"] == "alice@example.com"
    assert meeting["version"] == 1
    assert meeting["conclusions"] == [] and meeting["action_items"] == []


def test_numbers_count_within_the_meetings_day(normal_backend: NormalBackend) -> None:
    numbers = [
        _create(normal_backend, "bob", meeting_time=f"2032-01-0{d}T23:30:00+08:00")[
            "meeting_number"
        ]
        for d in (2, 2, 3)
    ]
    # The day is the organiser's own date, not the UTC one (23:30+08:00 is 15:30Z the same day).
    assert numbers == ["M-20320102-01", "M-20320102-02", "M-20320103-01"]


def test_numbers_grow_past_two_digits(normal_backend: NormalBackend) -> None:
    normal_backend.database.sql(
        "INSERT INTO meeting_number_counters (kind, day, last_value) VALUES ('M', '2033-07-01', 99)"
    )
    meeting = _create(normal_backend, "bob", meeting_time="2033-07-01T10:00:00Z")
    assert meeting["meeting_number"] == "M-20330701-100"


def test_chinese_subject_and_transcript_round_trip(normal_backend: NormalBackend) -> None:
    subject = "第三季度預算審查會議 😀"
    transcript = "王小明：我們先看一下預算。\n李華：好的，沒問題。𠀋" * 2000  # noqa: RUF001
    meeting = _create(
        normal_backend, "alice", subject=subject, transcript=transcript, attendees="王小明, 李華"
    )
    again = normal_backend.api.call("GET", f"/api/meetings/{meeting['id']}", as_user="alice").json()
    assert again["subject"] == subject
    assert again["transcript"] == transcript
    assert again["attendees"] == "王小明, 李華"
    found = normal_backend.api.call(
        "GET", "/api/meetings", as_user="alice", params={"q": "預算審查"}
    ).json()
    assert [m["id"] for m in found["items"]] == [meeting["id"]]


def test_a_three_hour_transcript_fits(normal_backend: NormalBackend) -> None:
    transcript = ("word " * 40_000) * 9  # ~1.8 MB: well past a three-hour meeting
    meeting = _create(normal_backend, "alice", transcript=transcript)
    detail = normal_backend.api.call(
        "GET", f"/api/meetings/{meeting['id']}", as_user="alice"
    ).json()
    assert len(detail["transcript"]) == len(transcript)


def test_edit_saves_minutes_with_codes_in_order(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    meeting = _create(normal_backend, "alice", meeting_time="2034-02-03T10:00:00+01:00")
    body = update_body(
        meeting,
        subject="Renamed",
        transcript="hello",
        conclusions=[{"content": "We ship in May"}, {"content": "Budget approved"}],
        action_items=[
            {"content": "Book venue", "owner": "Bob", "due_date": "2034-02-10", "status": "Open"},
            {"content": "Send notes", "owner": None, "due_date": None, "status": "In Progress"},
        ],
    )
    saved = api.call("PUT", f"/api/meetings/{meeting['id']}", as_user="alice", json=body).json()
    assert saved["version"] == 2 and saved["subject"] == "Renamed"
    assert [c["code"] for c in saved["conclusions"]] == ["C-20340203-01", "C-20340203-02"]
    assert [a["code"] for a in saved["action_items"]] == ["A-20340203-01", "A-20340203-02"]
    assert saved["action_items"][0]["due_date"] == "2034-02-10"
    # Reorder, edit one, drop one, add one: ids keep their codes, the new one gets the next.
    _first, second = saved["action_items"]
    body = update_body(
        saved,
        action_items=[
            {**second, "status": "Done"},
            {
                "content": "Order food",
                "owner": "Carol",
                "due_date": "2034-02-04",
                "status": "Delayed",
            },
        ],
        conclusions=saved["conclusions"][1:],
    )
    again = api.call("PUT", f"/api/meetings/{meeting['id']}", as_user="alice", json=body).json()
    assert [(a["code"], a["status"]) for a in again["action_items"]] == [
        ("A-20340203-02", "Done"),
        ("A-20340203-03", "Delayed"),
    ]
    assert [c["code"] for c in again["conclusions"]] == ["C-20340203-02"]
    assert again["version"] == 3
    detail = api.call("GET", f"/api/meetings/{meeting['id']}", as_user="alice").json()
    assert detail == again


def test_stale_version_is_409_with_the_current_meeting(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    meeting = _create(normal_backend, "alice")
    theirs = api.call(
        "PUT",
        f"/api/meetings/{meeting['id']}",
        as_user="alice",
        json=update_body(meeting, location="Room 9"),
    )
    assert theirs.status_code == 200
    mine = api.call(
        "PUT",
        f"/api/meetings/{meeting['id']}",
        as_user="alice",
        json=update_body(meeting, location="Room 1"),
    )
    assert mine.status_code == 409
    body = mine.json()
    assert body["code"] == "edit_conflict"
    assert body["current"]["location"] == "Room 9" and body["current"]["version"] == 2
    stored = api.call("GET", f"/api/meetings/{meeting['id']}", as_user="alice").json()
    assert stored["location"] == "Room 9"  # nothing overwritten


def test_put_needs_the_whole_meeting(normal_backend: NormalBackend) -> None:
    meeting = _create(normal_backend, "alice")
    response = normal_backend.api.call(
        "PUT",
        f"/api/meetings/{meeting['id']}",
        as_user="alice",
        json={"subject": "Only this", "meeting_time": meeting["meeting_time"], "version": 1},
    )
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["fields"]}
    assert {"conclusions", "action_items", "transcript", "location"} <= fields


def test_foreign_item_ids_are_refused(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    other = _create(normal_backend, "alice")
    other = api.call(
        "PUT",
        f"/api/meetings/{other['id']}",
        as_user="alice",
        json=update_body(other, conclusions=[{"content": "theirs"}]),
    ).json()
    meeting = _create(normal_backend, "alice")
    foreign = other["conclusions"][0]
    response = api.call(
        "PUT",
        f"/api/meetings/{meeting['id']}",
        as_user="alice",
        json=update_body(meeting, conclusions=[foreign]),
    )
    assert response.status_code == 422
    assert response.json()["fields"][0]["field"] == "conclusions[0].id"
    unchanged = api.call("GET", f"/api/meetings/{other['id']}", as_user="alice").json()
    assert unchanged["conclusions"] == other["conclusions"]


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"subject": ""}, {"subject"}),
        ({"subject": "x" * 256}, {"subject"}),
        ({"meeting_time": "2025-03-04T09:30:00"}, {"meeting_time"}),
        ({"meeting_time": "next tuesday", "location": "x" * 300}, {"meeting_time", "location"}),
    ],
)
def test_create_validation_lists_each_bad_field(
    normal_backend: NormalBackend, fields: dict[str, Any], bad: set[str]
) -> None:
    response = normal_backend.api.call(
        "POST", "/api/meetings", as_user="alice", json=meeting_body(**fields)
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed"
    assert {f["field"] for f in body["fields"]} == bad
    for value in fields.values():
        if len(value) > 10:  # values are never echoed back
            assert value not in response.text


def test_action_item_status_and_due_date_are_validated(normal_backend: NormalBackend) -> None:
    meeting = _create(normal_backend, "alice")
    body = update_body(
        meeting,
        action_items=[
            {"content": "a", "status": "Finished"},
            {"content": "b", "due_date": "31/12/2030"},
        ],
    )
    response = normal_backend.api.call(
        "PUT", f"/api/meetings/{meeting['id']}", as_user="alice", json=body
    )
    assert response.status_code == 422
    assert {f["field"] for f in response.json()["fields"]} == {
        "action_items[0].status",
        "action_items[1].due_date",
    }


def test_list_is_newest_first_and_paged(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    made = [
        _create(
            normal_backend,
            "carol",
            subject=f"Paging {i}",
            meeting_time=f"2040-01-{i + 1:02d}T09:00:00Z",
        )
        for i in range(5)
    ]
    page1 = api.call(
        "GET", "/api/meetings", as_user="carol", params={"q": "Paging", "page_size": 2}
    ).json()
    page3 = api.call(
        "GET", "/api/meetings", as_user="carol", params={"q": "Paging", "page_size": 2, "page": 3}
    ).json()
    assert page1["total"] == 5 and page1["page"] == 1 and page1["page_size"] == 2
    assert [m["subject"] for m in page1["items"]] == ["Paging 4", "Paging 3"]
    assert [m["subject"] for m in page3["items"]] == ["Paging 0"]
    assert "transcript" not in page1["items"][0]
    assert made[0]["id"] == page3["items"][0]["id"]
    default = api.call("GET", "/api/meetings", as_user="carol").json()
    assert default["page_size"] == 50


@pytest.mark.parametrize(
    "params", [{"page_size": 201}, {"page_size": 0}, {"page": 0}, {"q": "x" * 201}]
)
def test_list_parameters_are_validated(
    normal_backend: NormalBackend, params: dict[str, Any]
) -> None:
    response = normal_backend.api.call("GET", "/api/meetings", as_user="alice", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


def test_search_matches_each_field_and_binds_the_text(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    meeting = _create(
        normal_backend,
        "dave",
        subject="Zebra review",
        location="Hall 100%",
        chairperson="Quentin_Q",
        attendees="Xavier <x@corp.example>",
    )
    number = meeting["meeting_number"]
    for q in ("zebra", number, "Hall 100%", "Quentin_Q", "xavier"):
        items = api.call("GET", "/api/meetings", as_user="dave", params={"q": q}).json()["items"]
        assert meeting["id"] in [m["id"] for m in items], q
    # % and _ are literal characters, not wildcards; SQL is just text.
    for q in ("%%", "Quentin%Q", "Hall 1_0", "' OR '1'='1", "x\\"):
        items = api.call("GET", "/api/meetings", as_user="dave", params={"q": q}).json()["items"]
        assert meeting["id"] not in [m["id"] for m in items], q


def test_who_sees_what(normal_backend: NormalBackend) -> None:
    """Admin sees all; a user sees what they created, record or attend; others get 404."""
    api = normal_backend.api
    meeting = _create(
        normal_backend,
        "alice",
        subject="Visibility matrix",
        recorder="Bob Wu <BOB@example.com>",
        attendees="Carol Lin <carol@example.com>, someone@else.example",
    )
    expected = {"admin": True, "alice": True, "bob": True, "carol": True, "dave": False}
    for user, sees in expected.items():
        detail = api.call("GET", f"/api/meetings/{meeting['id']}", as_user=user)
        assert detail.status_code == (200 if sees else 404), user
        listed = api.call(
            "GET", "/api/meetings", as_user=user, params={"q": "Visibility matrix"}
        ).json()
        assert (meeting["id"] in [m["id"] for m in listed["items"]]) == sees, user
        exported = api.call("GET", f"/api/meetings/{meeting['id']}/export", as_user=user)
        assert exported.status_code == (200 if sees else 404), user
    hidden = api.call("GET", f"/api/meetings/{meeting['id']}", as_user="dave")
    missing = api.call("GET", "/api/meetings/00000000-0000-4000-8000-000000000000", as_user="dave")
    garbage = api.call("GET", "/api/meetings/not-a-uuid", as_user="dave")
    assert hidden.json() == missing.json() == garbage.json()
    assert hidden.json()["code"] == "not_found"


def test_email_matching_is_exact(normal_backend: NormalBackend) -> None:
    # "al@example.com" is inside "hal@example.com", but it is someone else.
    meeting = _create(normal_backend, "bob", attendees="hal@example.com; alice@example.com.au")
    response = normal_backend.api.call("GET", f"/api/meetings/{meeting['id']}", as_user="alice")
    assert response.status_code == 404


def test_who_may_edit_and_delete(normal_backend: NormalBackend) -> None:
    api = normal_backend.api
    meeting = _create(
        normal_backend, "alice", recorder="bob@example.com", attendees="carol@example.com"
    )
    path = f"/api/meetings/{meeting['id']}"
    attendee_edit = api.call("PUT", path, as_user="carol", json=update_body(meeting, location="X"))
    assert attendee_edit.status_code == 403 and attendee_edit.json()["code"] == "forbidden"
    recorder_edit = api.call("PUT", path, as_user="bob", json=update_body(meeting, location="Y"))
    assert recorder_edit.status_code == 200
    assert api.call("DELETE", path, as_user="bob").status_code == 403  # recorder, not creator
    assert api.call("DELETE", path, as_user="carol").status_code == 403
    assert api.call("DELETE", path, as_user="dave").status_code == 404
    deleted = api.call("DELETE", path, as_user="alice")
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.call("GET", path, as_user="admin").status_code == 404
    left = normal_backend.database.sql(
        "SELECT COUNT(*) FROM meeting_access a JOIN meeting_records r ON r.id = a.meeting_id "
        "WHERE r.uuid = %s",
        (meeting["id"],),
    )
    assert left == [(0,)]


def test_admin_may_delete_anything(normal_backend: NormalBackend) -> None:
    meeting = _create(normal_backend, "dave")
    assert (
        normal_backend.api.call(
            "DELETE", f"/api/meetings/{meeting['id']}", as_user="admin"
        ).status_code
        == 204
    )


def test_fifty_concurrent_creates_get_unique_numbers(normal_backend: NormalBackend) -> None:
    api = normal_backend.api

    def create(i: int) -> Any:
        return api.call(
            "POST",
            "/api/meetings",
            as_user="alice",
            json=meeting_body(f"Concurrent {i}", meeting_time="2045-06-07T10:00:00+02:00"),
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        responses = list(pool.map(create, range(50)))
    assert [r.status_code for r in responses] == [201] * 50, [
        r.text for r in responses if r.status_code != 201
    ]
    numbers = sorted(r.json()["meeting_number"] for r in responses)
    assert numbers == [f"M-20450607-{n:02d}" for n in range(1, 51)]
