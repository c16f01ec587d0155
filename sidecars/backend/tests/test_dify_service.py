"""The Dify pieces without HTTP: reading LLM answers, cutting transcripts, reading events; and the
Dify client against the fake Dify server (a real socket) in this process."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from backend_support.fake_dify import MINUTES_JSON, DifyApp, fake_dify
from meeting_backend.dify.answer import read_minutes
from meeting_backend.dify.client import Answer, AppProfile, DifyClient, TextDelta
from meeting_backend.dify.schemas import SummaryPublic
from meeting_backend.dify.stream import RunReader
from meeting_backend.dify.summarize import merge_groups, merge_text, split_transcript
from meeting_backend.errors import ApiError

KEY = "app-service-test-key"


def test_conclusions_as_strings_or_objects_and_action_item_spellings() -> None:
    answer = json.dumps(
        {
            "conclusions": ["A", {"content": "B"}, {"text": "C"}, "  ", None],
            "action_items": [
                {"content": "one", "owner": "Ann", "due_date": "2025-03-10"},
                {"task": "two", "assignee": "Ben", "due": "2025/4/2"},
                {"action": "three", "deadline": "2025-13-40"},
                "four",
                {"owner": "nobody", "due": "2025-01-01"},
            ],
        }
    )
    minutes = read_minutes(answer)
    assert minutes is not None
    assert minutes.conclusions == ["A", "B", "C"]
    items = [(a.content, a.owner, a.due_date) for a in minutes.action_items]
    assert items == [
        ("one", "Ann", dt.date(2025, 3, 10)),
        ("two", "Ben", dt.date(2025, 4, 2)),
        ("three", None, None),
        ("four", None, None),
    ]


def test_action_items_camel_case_and_nested_objects_are_found() -> None:
    answer = 'Result: {"minutes": {"actionItems": [{"content": "x"}], "decisions": ["y"]}}'
    minutes = read_minutes(answer)
    assert minutes is not None
    assert minutes.conclusions == ["y"]
    assert [a.content for a in minutes.action_items] == ["x"]


def test_a_think_block_with_braces_is_skipped() -> None:
    answer = '<think>maybe {"conclusions": ["wrong"]}</think>\n' + MINUTES_JSON
    minutes = read_minutes(answer)
    assert minutes is not None and minutes.conclusions[0] == "The Q3 budget is approved."


def test_json_inside_a_json_string_is_read() -> None:
    minutes = read_minutes(json.dumps(MINUTES_JSON))
    assert minutes is not None and len(minutes.action_items) == 2


@pytest.mark.parametrize(
    "answer",
    ["", "No decisions were made.", '{"summary": "nothing"}', '{"conclusions": ["cut', "[1, 2]"],
)
def test_answers_without_minutes_give_none(answer: str) -> None:
    assert read_minutes(answer) is None


def test_a_transcript_is_cut_at_line_breaks_within_the_limit() -> None:
    lines = [f"line {i}: " + "word " * (i % 7) for i in range(200)]
    text = "\n".join(lines)
    parts = split_transcript(text, 300)
    assert len(parts) > 1
    assert all(len(p) <= 300 for p in parts)
    assert "\n".join(parts).split() == text.split()


def test_text_without_line_breaks_is_cut_at_sentence_ends() -> None:
    text = "我們決定延後發布。" * 100 + "Then we agreed. " * 50
    parts = split_transcript(text, 200)
    assert all(len(p) <= 200 for p in parts)
    assert all(p.endswith(("。", ".")) for p in parts[:-1])
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def test_a_short_transcript_is_one_part() -> None:
    assert split_transcript("  short  ", 1000) == ["short"]


def test_message_replace_replaces_the_text_so_far() -> None:
    reader = RunReader("chat")
    reader.accept({"event": "message", "answer": "bad words"})
    reader.accept({"event": "message_replace", "answer": "[removed]"})
    reader.accept({"event": "message_end"})
    assert reader.done and reader.answer() == "[removed]"


def test_a_failed_workflow_is_dify_error_with_its_message() -> None:
    reader = RunReader("workflow")
    with pytest.raises(ApiError) as caught:
        reader.accept(
            {"event": "workflow_finished", "data": {"status": "failed", "error": "LLM node broke"}}
        )
    assert caught.value.code == "dify_error" and "LLM node broke" in caught.value.message


def test_an_advanced_chat_ends_at_message_end_not_workflow_finished() -> None:
    reader = RunReader("advanced-chat")
    reader.accept({"event": "message", "answer": "hi"})
    reader.accept({"event": "workflow_finished", "data": {"status": "succeeded", "outputs": {}}})
    assert not reader.done
    reader.accept({"event": "message_end"})
    assert reader.done and reader.answer() == "hi"


@pytest.mark.parametrize("mode", ["chat", "agent-chat", "workflow"])
def test_the_client_reads_a_stream_cut_mid_json_with_pings(mode: str) -> None:
    app = DifyApp(mode=mode, chunk_chars=7, ping_every=2)

    async def run(url: str) -> tuple[list[TextDelta], Answer]:
        async with DifyClient(url, KEY, 10) as client:
            profile = await client.profile()
            assert profile == AppProfile(mode, "transcript" if mode == "workflow" else None)  # type: ignore[arg-type]
            deltas, answers = [], []
            async for event in client.run(profile, "the transcript", "ann@example.com"):
                (deltas if isinstance(event, TextDelta) else answers).append(event)
            return deltas, answers[0]  # type: ignore[return-value]

    with fake_dify({KEY: app}) as fake:
        deltas, answer = asyncio.run(run(fake.url))
    assert answer.text == MINUTES_JSON
    assert "".join(d.text for d in deltas) == MINUTES_JSON
    assert [d.received for d in deltas] == sorted(d.received for d in deltas)
    assert len(deltas) == -(-len(MINUTES_JSON) // 7)


def _minutes(text: str) -> SummaryPublic:
    return SummaryPublic(conclusions=[text], action_items=[])


def test_merge_groups_keep_each_request_within_the_limit_and_in_order() -> None:
    minutes = [_minutes(f"decision {i} " + "x" * 50) for i in range(12)]
    groups = merge_groups(minutes, 700)
    assert [m for group in groups for m in group] == minutes
    assert all(len(merge_text(g)) <= 700 for g in groups if len(g) > 1)
    assert any(len(g) > 1 for g in groups)


def test_merge_groups_pair_minutes_that_are_each_too_long() -> None:
    minutes = [_minutes("y" * 2000) for _ in range(5)]
    assert [len(g) for g in merge_groups(minutes, 1000)] == [2, 2, 1]
