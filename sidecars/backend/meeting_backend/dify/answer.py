"""Reads the minutes out of an LLM's answer.

LLMs wrap the JSON they were asked for in prose, in code fences, or after a `<think>` block,
and spell its fields in several ways. The first JSON object (the whole answer, then each fenced
block, then each `{` in the text) that has conclusions or action items and validates wins.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator

from meeting_backend.dify.schemas import ActionItemSummary, SummaryPublic
from meeting_backend.errors import ApiError

CONCLUSION_KEYS = ("conclusions", "conclusion", "decisions", "key_points")
ACTION_KEYS = ("action_items", "actionItems", "action-items", "actions", "todos", "tasks")
CONTENT_KEYS = ("content", "text", "task", "item", "action", "description", "title", "conclusion")
OWNER_KEYS = ("owner", "assignee", "responsible", "person", "who")
DUE_KEYS = ("due_date", "dueDate", "due", "deadline", "due_on")
ITEM_MAX_CHARS = 5_000
OWNER_MAX_CHARS = 255
MAX_OBJECT_STARTS = 200  # `{` positions tried in one answer

_FENCE = re.compile(r"```[\w+-]*[ \t]*\n?(.*?)```", re.DOTALL)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def _first(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((item[k] for k in keys if item.get(k) not in (None, "")), None)


def _text(value: Any, limit: int) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:limit]


def _date(value: Any) -> dt.date | None:
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return None  # "next week", "TBD": no date rather than no minutes
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


class _MinutesIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    conclusions: list[str] = Field(
        default_factory=list, validation_alias=AliasChoices(*CONCLUSION_KEYS)
    )
    action_items: list[ActionItemSummary] = Field(
        default_factory=list, validation_alias=AliasChoices(*ACTION_KEYS)
    )

    @field_validator("conclusions", mode="before")
    @classmethod
    def _conclusions(cls, value: Any) -> list[str]:
        items = value if isinstance(value, list) else [value]
        found = []
        for item in items:
            raw = _first(item, CONTENT_KEYS) if isinstance(item, dict) else item
            text = _text(raw, ITEM_MAX_CHARS)
            if text is not None:
                found.append(text)
        return found

    @field_validator("action_items", mode="before")
    @classmethod
    def _action_items(cls, value: Any) -> list[dict[str, Any]]:
        items = value if isinstance(value, list) else [value]
        found = []
        for item in items:
            fields = item if isinstance(item, dict) else {"content": item}
            content = _text(_first(fields, CONTENT_KEYS), ITEM_MAX_CHARS)
            if content is not None:
                found.append(
                    {
                        "content": content,
                        "owner": _text(_first(fields, OWNER_KEYS), OWNER_MAX_CHARS),
                        "due_date": _date(_first(fields, DUE_KEYS)),
                    }
                )
        return found


def _objects(text: str) -> Iterator[Any]:
    """JSON values in `text`, most likely first."""
    decoder = json.JSONDecoder()
    chunks = [text.strip(), *(m[1].strip() for m in _FENCE.finditer(text))]
    for chunk in chunks:
        with contextlib.suppress(ValueError):
            yield json.loads(chunk)
    starts = [m.start() for m in re.finditer(r"\{", text)][:MAX_OBJECT_STARTS]
    for start in starts:
        try:
            yield decoder.raw_decode(text, start)[0]
        except ValueError:
            continue


def _minutes_dicts(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The value itself, or a string holding JSON, or one level down ({"minutes": {...}})."""
    if isinstance(value, str) and depth < 2:
        yield from (d for v in _objects(value) for d in _minutes_dicts(v, depth + 1))
    elif isinstance(value, dict):
        if any(key in value for key in CONCLUSION_KEYS + ACTION_KEYS):
            yield value
        elif depth < 2:
            for inner in value.values():
                if isinstance(inner, dict | str):
                    yield from _minutes_dicts(inner, depth + 1)


def read_minutes(answer: str) -> SummaryPublic | None:
    """The minutes in an LLM answer, or None when no valid JSON object holds them."""
    text = _THINK.sub("", answer)
    for value in _objects(text):
        for candidate in _minutes_dicts(value):
            try:
                minutes = _MinutesIn.model_validate(candidate)
            except ValidationError:
                continue
            return SummaryPublic(conclusions=minutes.conclusions, action_items=minutes.action_items)
    return None


def unparseable(raw_text: str, part: int | None = None) -> ApiError:
    where = f" (for part {part} of the transcript)" if part is not None else ""
    return ApiError(
        422,
        "summary_unparseable",
        f"Dify answered{where}, but not with the conclusions and action items in the JSON "
        "format the app should use (docs/dify.md); the answer is in raw_text, so it can still "
        "be copied.",
        raw_text=raw_text,
    )
