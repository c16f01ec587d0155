"""Request and response bodies of the meetings API (snake_case on the wire).

Limits are those of the columns they are stored in; the transcript may be large (a three-hour
meeting is about 40,000 words), everything else is short.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

ActionStatus = Literal["Open", "In Progress", "Done", "Delayed"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("Open", "In Progress", "Done", "Delayed")

TRANSCRIPT_MAX_CHARS = 2_000_000
ITEM_MAX_CHARS = 5_000
MAX_CONCLUSIONS = 500
MAX_ACTION_ITEMS = 2_000

Subject = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]
Attendees = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]
Transcript = Annotated[str, StringConstraints(max_length=TRANSCRIPT_MAX_CHARS)]
ItemText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ITEM_MAX_CHARS)
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


# --- minutes ------------------------------------------------------------------------------


class ConclusionBase(_Body):
    content: ItemText


class ConclusionUpdate(ConclusionBase):
    id: int | None = Field(default=None, description="Omit for a new conclusion.")


class ConclusionPublic(ConclusionBase):
    id: int
    code: str | None


class ActionItemBase(_Body):
    content: ItemText
    owner: ShortText | None = None
    due_date: dt.date | None = Field(default=None, description="YYYY-MM-DD")
    status: ActionStatus = "Open"


class ActionItemUpdate(ActionItemBase):
    id: int | None = Field(default=None, description="Omit for a new action item.")


class ActionItemPublic(ActionItemBase):
    id: int
    code: str | None


class MinutesCreate(_Body):
    """Conclusions and action items to add to (or put in place of) a meeting's minutes."""

    conclusions: list[ConclusionBase] = Field(default_factory=list, max_length=MAX_CONCLUSIONS)
    action_items: list[ActionItemBase] = Field(default_factory=list, max_length=MAX_ACTION_ITEMS)


# --- meetings -----------------------------------------------------------------------------


class MeetingBase(_Body):
    subject: Subject
    meeting_time: AwareDatetime = Field(description="ISO 8601 with an offset")
    location: ShortText | None = None
    chairperson: ShortText | None = None
    recorder: ShortText | None = Field(
        default=None, description="Defaults to the signed-in user's e-mail when created."
    )
    attendees: Attendees | None = Field(
        default=None, description="Free text; the e-mail addresses in it may see the meeting."
    )


class MeetingCreate(MeetingBase):
    transcript: Transcript | None = None


class MeetingUpdate(MeetingBase):
    """The whole meeting as the client has it, and the version it was based on.

    Every field is required, so that a client that forgot one cannot erase it by accident.
    """

    location: ShortText | None
    chairperson: ShortText | None
    recorder: ShortText | None
    attendees: Attendees | None
    transcript: Transcript | None
    conclusions: list[ConclusionUpdate] = Field(max_length=MAX_CONCLUSIONS)
    action_items: list[ActionItemUpdate] = Field(max_length=MAX_ACTION_ITEMS)
    version: int = Field(ge=1)


class MeetingSummaryPublic(BaseModel):
    id: str
    meeting_number: str
    subject: str
    meeting_time: dt.datetime
    location: str | None
    chairperson: str | None
    recorder: str | None
    attendees: str | None
    created_by: str | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    version: int


class MeetingPublic(MeetingSummaryPublic):
    transcript: str | None
    conclusions: list[ConclusionPublic]
    action_items: list[ActionItemPublic]


class MeetingsPage(BaseModel):
    items: list[MeetingSummaryPublic]
    total: int
    page: int
    page_size: int
