"""Turns a transcript into minutes with the Dify app, in parts when it is long.

The size rule (docs/dify.md): a transcript longer than `externalApis.difySummaryPartChars`
(12,000 characters by default) is cut into parts of at most that many characters, at line
breaks, else at sentence ends, else anywhere. Each part is summarised on its own, then one last
call merges the parts' minutes. 12,000 characters are about 3,000 tokens of English or 12,000
to 18,000 tokens of Chinese, which leaves room for the prompt and the answer in a model with a
32k context.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass

from meeting_backend.dify.answer import read_minutes, unparseable
from meeting_backend.dify.client import Answer, DifyClient
from meeting_backend.dify.schemas import SummaryPublic

# Sentence ends: ASCII ones before a space, and the full-width ones of Chinese and Japanese.
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


async def summarize(
    client: DifyClient, transcript: str, user: str, part_chars: int
) -> AsyncGenerator[Progress | SummaryPublic, None]:
    """Yields Progress while Dify writes, then the minutes; raises ApiError on failure."""
    app = await client.profile()
    pieces = split_transcript(transcript, part_chars)
    calls = len(pieces) + 1 if len(pieces) > 1 else 1
    received = 0

    async def one_call(text: str, call: int) -> AsyncIterator[Progress | str]:
        nonlocal received
        before = received
        async for event in client.run(app, text, user):
            if isinstance(event, Answer):
                yield event.text
            else:
                received = before + event.received
                yield Progress(received, call, calls)

    if len(pieces) == 1:
        texts = [pieces[0]]
    else:
        texts = [part_text(p, i, len(pieces)) for i, p in enumerate(pieces, start=1)]
    minutes: list[SummaryPublic] = []
    for call, text in enumerate(texts, start=1):
        async for item in one_call(text, call):
            if isinstance(item, Progress):
                yield item
                continue
            found = read_minutes(item)
            if found is None:
                raise unparseable(item, call if len(pieces) > 1 else None)
            minutes.append(found)
    if len(pieces) == 1:
        yield minutes[0]
        return
    async for item in one_call(merge_text(minutes), calls):
        if isinstance(item, Progress):
            yield item
            continue
        merged = read_minutes(item)
        if merged is None:
            raise unparseable(item)
        yield merged
