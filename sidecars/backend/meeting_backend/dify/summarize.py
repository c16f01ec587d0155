"""Turns a transcript into minutes with the Dify app, in parts when it is long.

The size rule (docs/dify.md): a transcript longer than `externalApis.difySummaryPartChars`
(12,000 characters by default) is cut into parts of at most that many characters, at line
breaks, else at sentence ends, else anywhere. Each part is summarised on its own, then a last
call merges the parts' minutes; when they are too long to merge at once (the merge request
would pass the same limit), they are merged in rounds of consecutive groups.

12,000 characters are about 3,000 tokens of English or 12,000 to 18,000 tokens of Chinese,
which leaves room for the prompt and the answer in a model with a 32k context.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import AsyncGenerator
from dataclasses import dataclass

from meeting_backend.dify.answer import read_minutes, unparseable
from meeting_backend.dify.client import Answer, AppProfile, DifyClient
from meeting_backend.dify.schemas import SummaryPublic

# Sentence ends: ASCII ones before a space, and the full-width ones of Chinese and Japanese.
log = logging.getLogger("meeting_backend.dify")

_SENTENCE_END = re.compile("[.!?;](?:\\s+|$)|[\u3002\uff01\uff1f\uff1b]")


@dataclass(frozen=True)
class Progress:
    characters: int  # of Dify's answers, over every call so far
    part: int  # which call this is (1-based)
    parts: int  # how many calls there will be: the parts, plus the merge when there are parts


def _cut(text: str, limit: int) -> int:
    """Where to end the first part of `text` (at most `limit` characters)."""
    window = text[:limit]
    newline = window.rfind("\n")
    if newline >= limit // 2:
        return newline + 1
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] >= limit // 2:
        return ends[-1]
    space = window.rfind(" ")
    return space + 1 if space >= limit // 2 else limit


def split_transcript(text: str, limit: int) -> list[str]:
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        end = _cut(rest, limit)
        part = rest[:end].strip()
        if part:
            parts.append(part)
        rest = rest[end:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def part_text(part: str, number: int, total: int) -> str:
    return f"(Part {number} of {total} of the meeting transcript.)\n\n{part}"


def merge_text(minutes: list[SummaryPublic]) -> str:
    blocks = "\n\n".join(
        f"Minutes of part {i}:\n{json.dumps(m.model_dump(mode='json'), ensure_ascii=False)}"
        for i, m in enumerate(minutes, start=1)
    )
    return (
        f"The transcript of this meeting was too long for one request, so it was summarised in "
        f"{len(minutes)} consecutive parts. Below are the minutes of each part, in order. Merge "
        "them into the minutes of the whole meeting: keep every conclusion and action item, "
        "combine the ones that say the same thing, and answer in the same JSON format.\n\n"
        f"{blocks}"
    )


def merge_groups(minutes: list[SummaryPublic], limit: int) -> list[list[SummaryPublic]]:
    """Consecutive groups whose merge request stays within `limit` characters; at least one
    group has two or more, so that every round of merges shortens the list."""
    groups: list[list[SummaryPublic]] = []
    current: list[SummaryPublic] = []
    for item in minutes:
        if current and len(merge_text([*current, item])) > limit:
            groups.append(current)
            current = []
        current.append(item)
    groups.append(current)
    if len(minutes) > 1 and all(len(group) == 1 for group in groups):
        groups = [minutes[i : i + 2] for i in range(0, len(minutes), 2)]
    return groups


class _Calls:
    """Runs the app once per text and counts the calls and the characters received."""

    def __init__(self, client: DifyClient, app: AppProfile, user: str, planned: int) -> None:
        self.client, self.app, self.user = client, app, user
        self.done = 0
        self.planned = planned
        self.received = 0

    async def minutes(
        self, text: str, part: int | None = None
    ) -> AsyncGenerator[Progress | SummaryPublic, None]:
        self.done += 1
        before = self.received
        async for event in self.client.run(self.app, text, self.user):
            if isinstance(event, Answer):
                found = read_minutes(event.text)
                if found is None:
                    raise unparseable(event.text, part)
                yield found
            else:
                self.received = before + event.received
                yield Progress(self.received, self.done, self.planned)


async def summarize(
    client: DifyClient, transcript: str, user: str, part_chars: int
) -> AsyncGenerator[Progress | SummaryPublic, None]:
    """Yields Progress while Dify writes, then the minutes; raises ApiError on failure.

    `Progress.parts` counts the calls planned so far: the parts, then one merge; it grows when
    the parts' minutes are too long to merge in one call and are merged in rounds.
    """
    started = time.monotonic()
    app = await client.profile()
    pieces = split_transcript(transcript, part_chars)
    calls = _Calls(client, app, user, len(pieces) + 1 if len(pieces) > 1 else 1)

    def done() -> None:
        log.info(
            "summary by the Dify %s app: %d call(s), %d transcript characters, %d answer "
            "characters, %.1f s",
            app.mode,
            calls.done,
            len(transcript),
            calls.received,
            time.monotonic() - started,
        )

    if len(pieces) == 1:
        async for event in calls.minutes(pieces[0]):
            if not isinstance(event, Progress):
                done()
            yield event
        return
    minutes: list[SummaryPublic] = []
    for number, piece in enumerate(pieces, start=1):
        async for event in calls.minutes(part_text(piece, number, len(pieces)), number):
            if isinstance(event, Progress):
                yield event
            else:
                minutes.append(event)
    while len(minutes) > 1:
        groups = merge_groups(minutes, part_chars)
        merges = sum(1 for group in groups if len(group) > 1)
        calls.planned = calls.done + merges + (1 if len(groups) > 1 else 0)
        merged: list[SummaryPublic] = []
        for group in groups:
            if len(group) == 1:
                merged.append(group[0])
                continue
            async for event in calls.minutes(merge_text(group)):
                if isinstance(event, Progress):
                    yield event
                else:
                    merged.append(event)
        minutes = merged
    done()
    yield minutes[0]
