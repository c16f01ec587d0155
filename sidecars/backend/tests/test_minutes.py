"""meetings.service.save_minutes, the call the summarizer (POST /api/ai/summarize with a
meeting_id) makes: one transaction, codes, append or replace, and the same permission rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from backend_support.databases import ScratchDb
from meeting_backend.auth.users import CurrentUser
from meeting_backend.db.runtime import Database
from meeting_backend.errors import ApiError
from meeting_backend.meetings import service
from meeting_backend.meetings.schemas import (
    ActionItemBase,
    ConclusionBase,
    MeetingCreate,
    MinutesCreate,
)
from meeting_backend.settings import DatabaseSettings
from sqlalchemy.orm import Session

ALICE = CurrentUser("alice@example.com", "Alice", "user")
CAROL = CurrentUser("carol@example.com", "Carol", "user")
DAVE = CurrentUser("dave@example.com", "Dave", "user")


@pytest.fixture
def session(fresh_db: ScratchDb) -> Iterator[Session]:
    database = Database(DatabaseSettings.model_validate(fresh_db.target()))
    assert database.ensure_schema().state == "ready"
    with Session(database.engine) as s:
        yield s
    database.dispose()


def _minutes(*contents: str) -> MinutesCreate:
    return MinutesCreate(
        conclusions=[ConclusionBase(content=c) for c in contents],
        action_items=[
            ActionItemBase(content=f"do {c}", owner="Bob", due_date=dt.date(2030, 1, 2))
            for c in contents
        ],
    )


def test_minutes_are_added_or_replaced(session: Session) -> None:
    meeting = service.create_meeting(
        session,
        ALICE,
        MeetingCreate(
            subject="AI minutes",
            meeting_time=dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC),
            attendees="carol@example.com",
        ),
    )
    first = service.save_minutes(session, ALICE, meeting.id, _minutes("a", "b"), replace=False)
    assert [c.code for c in first.conclusions] == ["C-20300101-01", "C-20300101-02"]
    assert [a.code for a in first.action_items] == ["A-20300101-01", "A-20300101-02"]
    assert first.version == 2
    added = service.save_minutes(session, ALICE, meeting.id, _minutes("c"), replace=False)
    assert [c.content for c in added.conclusions] == ["a", "b", "c"]
    assert [a.content for a in added.action_items] == ["do a", "do b", "do c"]
    replaced = service.save_minutes(session, ALICE, meeting.id, _minutes("d"), replace=True)
    assert [(c.code, c.content) for c in replaced.conclusions] == [("C-20300101-04", "d")]
    assert [a.owner for a in replaced.action_items] == ["Bob"]
    assert replaced.version == 4
    with pytest.raises(ApiError) as attendee:
        service.save_minutes(session, CAROL, meeting.id, _minutes("x"), replace=True)
    assert attendee.value.code == "forbidden"
    with pytest.raises(ApiError) as stranger:
        service.save_minutes(session, DAVE, meeting.id, _minutes("x"), replace=True)
    assert stranger.value.code == "not_found"
    after = service.get_meeting(session, ALICE, meeting.id)
    assert after == replaced  # the refused calls changed nothing
