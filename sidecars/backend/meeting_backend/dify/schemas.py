"""Request and response bodies of the AI routes (snake_case on the wire)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from meeting_backend.meetings.schemas import TRANSCRIPT_MAX_CHARS, MeetingPublic

SummaryText = Annotated[str, StringConstraints(min_length=1, max_length=5_000)]


class SummarizeRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    transcript: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=TRANSCRIPT_MAX_CHARS),
    ]
    meeting_id: str | None = Field(
        default=None, description="Also save the result as this meeting's minutes."
    )
    replace: bool = Field(
        default=False,
        description="With meeting_id: put the result in place of the meeting's minutes "
        "instead of adding it after them.",
    )


class ActionItemSummary(BaseModel):
    content: SummaryText
    owner: str | None = None
    due_date: dt.date | None = Field(default=None, description="YYYY-MM-DD")


class SummaryPublic(BaseModel):
    conclusions: list[SummaryText]
    action_items: list[ActionItemSummary]


class SummarizePublic(SummaryPublic):
    meeting: MeetingPublic | None = Field(
        default=None, description="With meeting_id: the meeting with its saved minutes."
    )


class TranscriptionPublic(BaseModel):
    text: str
