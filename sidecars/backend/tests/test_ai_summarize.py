"""POST /api/ai/summarize: a real backend process, real MariaDB, and the fake Dify server."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from backend_support import secrets
from backend_support.dify_backend import (
    PART_CHARS,
    SUMMARY_KEY,
    TIMEOUT_S,
    DifyBackend,
    dify_backend,
    sse_events,
)
from backend_support.fake_dify import MINUTES, MINUTES_JSON, paragraph
from backend_support.normal import meeting_body, update_body

TRANSCRIPT = "Alice: the Q3 budget is approved.\nBob: we move the launch to May."
EXPECTED = {
    "conclusions": MINUTES["conclusions"],
    "action_items": [
        {"content": "Send the budget to finance", "owner": "Alice Chen", "due_date": "2025-03-10"},
        {"content": "Book the launch venue", "owner": "Bob Wu", "due_date": None},
    ],
}
MODES = ("chat", "advanced-chat", "agent-chat", "completion", "workflow")
SSE = {"Accept": "text/event-stream"}


@pytest.fixture(scope="module")
def backend(db: Any) -> Iterator[DifyBackend]:
    with dify_backend(db.port, db.socket) as started:
        yield started


def summarize(
    backend: DifyBackend, body: dict[str, Any] | None = None, **kw: Any
) -> httpx.Response:
    return backend.api.call(
        "POST", "/api/ai/summarize", as_user="alice", json=body or {"transcript": TRANSCRIPT}, **kw
    )


def summarize_sse(
    backend: DifyBackend, body: dict[str, Any] | None = None
) -> list[tuple[str, Any]]:
    api = backend.api
    headers = {**SSE, "X-Launch-Token": secrets.LAUNCH_TOKEN}
    headers["Authorization"] = f"Bearer {api.tokens['alice']}"
    with httpx.stream(
        "POST",
        api.base_url + "/api/ai/summarize",
        json=body or {"transcript": TRANSCRIPT},
        headers=headers,
        timeout=30,
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        return list(sse_events(response))


def minutes(body: dict[str, Any]) -> dict[str, Any]:
    return {"conclusions": body["conclusions"], "action_items": body["action_items"]}


# --- each app type ----------------


@pytest.mark.parametrize("mode", MODES)
def test_each_app_type_answers_json_with_the_minutes(backend: DifyBackend, mode: str) -> None:
    backend.reset(mode=mode)
    response = summarize(backend)
    assert response.status_code == 200, response.text
    assert minutes(response.json()) == EXPECTED
    (run,) = backend.dify.runs
    expected_path = {"completion": "/v1/completion-messages", "workflow": "/v1/workflows/run"}
    assert run.path == expected_path.get(mode, "/v1/chat-messages")
    assert run.body["response_mode"] == "streaming"
    assert run.body["user"] == "alice@example.com"
    if mode in ("completion", "workflow"):
        assert run.body["inputs"] == {"transcript": TRANSCRIPT}
        assert "query" not in run.body
    else:
        assert run.body["query"] == TRANSCRIPT


@pytest.mark.parametrize("mode", MODES)
def test_each_app_type_streams_progress_then_the_result(backend: DifyBackend, mode: str) -> None:
    backend.reset(mode=mode, chunk_chars=20)
    events = summarize_sse(backend)
    kinds = [kind for kind, _ in events]
    assert kinds[-1] == "result" and set(kinds[:-1]) == {"progress"}, kinds
    progress = [data["characters"] for kind, data in events if kind == "progress"]
    assert progress == sorted(progress) and len(progress) >= len(MINUTES_JSON) // 20
    assert progress[-1] == len(MINUTES_JSON)
    assert all(data["part"] == 1 and data["parts"] == 1 for k, data in events if k == "progress")
    assert minutes(events[-1][1]) == EXPECTED


@pytest.mark.parametrize("mode", ("chat", "completion", "workflow"))
def test_a_blocking_answer_from_a_buffering_proxy_is_read(backend: DifyBackend, mode: str) -> None:
    backend.reset(mode=mode, buffered=True)
    response = summarize(backend)
    assert response.status_code == 200, response.text
    assert minutes(response.json()) == EXPECTED


def test_the_transcript_goes_into_the_first_text_variable(backend: DifyBackend) -> None:
    form = [{"select": {"variable": "lang", "options": ["en"]}}, paragraph("minutes_source")]
    backend.reset(mode="workflow", user_input_form=form, workflow_output="summary")
    response = summarize(backend)
    assert response.status_code == 200, response.text
    assert backend.dify.runs[0].body["inputs"] == {"minutes_source": TRANSCRIPT}


def test_a_workflow_without_a_text_variable_is_refused(backend: DifyBackend) -> None:
    backend.reset(mode="workflow", user_input_form=[])
    response = summarize(backend)
    assert response.status_code == 502
    assert response.json()["code"] == "dify_app_unsupported"
    assert backend.dify.runs == []


# --- answers that are hard to read ----------------

SPELLED = {
    "conclusion": [{"content": "The Q3 budget is approved."}, "The launch moves to May."],
    "actionItems": [
        {"task": "Send the budget to finance", "assignee": "Alice Chen", "due": "2025/03/10"},
        {"content": "Book the launch venue", "owner": "Bob Wu", "deadline": "next week"},
    ],
}


@pytest.mark.parametrize(
    "answer",
    [
        f"Here are the minutes you asked for:\n{MINUTES_JSON}\nLet me know if you need more.",
        f"```json\n{MINUTES_JSON}\n```",
        f"<think>The user wants {{JSON}}.</think>\nSure!\n```\n{json.dumps(SPELLED)}\n```",
    ],
    ids=["prose", "fence", "think-fence-spellings"],
)
def test_json_wrapped_in_prose_or_fences_is_found(backend: DifyBackend, answer: str) -> None:
    backend.reset(answer=answer)
    response = summarize(backend)
    assert response.status_code == 200, response.text
    assert minutes(response.json()) == EXPECTED


BROKEN = 'Minutes: {"conclusions": ["The Q3 budget is approved.", "The launch'


def test_a_broken_answer_is_422_with_the_raw_text(backend: DifyBackend) -> None:
    backend.reset(answer=BROKEN)
    response = summarize(backend)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "summary_unparseable"
    assert body["raw_text"] == BROKEN


def test_a_broken_answer_streams_an_error_event_with_the_raw_text(backend: DifyBackend) -> None:
    backend.reset(answer="I could not find any decisions in this meeting.")
    kind, data = summarize_sse(backend)[-1]
    assert kind == "error"
    assert data["code"] == "summary_unparseable"
    assert data["raw_text"] == "I could not find any decisions in this meeting."


# --- failures ----------------


def test_a_revoked_key_is_dify_unauthorized(backend: DifyBackend) -> None:
    backend.reset(revoked=True)
    response = summarize(backend)
    assert response.status_code == 502
    body = response.json()
    assert body["code"] == "dify_unauthorized"
    assert "Access token is invalid" in body["message"]
    assert SUMMARY_KEY not in response.text


def test_dify_not_finishing_in_time_is_dify_timeout_and_stops_the_task(
    backend: DifyBackend,
) -> None:
    backend.reset(stall_after=2)
    response = summarize(backend)
    assert response.status_code == 504
    assert response.json()["code"] == "dify_timeout"
    assert f"{TIMEOUT_S} s" in response.json()["message"]
    run = backend.dify.runs[0]
    stop = backend.dify.wait_for(lambda: backend.dify.stops)[0]
    assert stop == {"route": "chat-messages", "task_id": run.task_id, "user": "alice@example.com"}


def test_a_429_is_tried_again_then_succeeds(backend: DifyBackend) -> None:
    backend.reset(http_errors=[429])
    response = summarize(backend)
    assert response.status_code == 200, response.text
    assert minutes(response.json()) == EXPECTED
    assert backend.dify.attempts == ["/v1/chat-messages", "/v1/chat-messages"]


def test_three_429s_are_dify_rate_limited(backend: DifyBackend) -> None:
    backend.reset(http_errors=[429, 429, 429])
    response = summarize(backend)
    assert response.status_code == 429
    assert response.json()["code"] == "dify_rate_limited"
    assert response.headers["retry-after"]
    assert len(backend.dify.attempts) == 3


def test_an_error_event_mid_stream_is_dify_error_with_difys_message(backend: DifyBackend) -> None:
    backend.reset(error_after=3)
    response = summarize(backend)
    assert response.status_code == 502
    body = response.json()
    assert body["code"] == "dify_error"
    assert "The server had an error while processing your request" in body["message"]
    assert body["dify_code"] == "completion_request_error"


def test_an_error_event_mid_stream_follows_the_progress_events(backend: DifyBackend) -> None:
    backend.reset(mode="workflow", error_after=3)
    events = summarize_sse(backend)
    assert [k for k, _ in events] == ["progress"] * 3 + ["error"]
    assert events[-1][1]["code"] == "dify_error"
    assert backend.dify.stops == []  # Dify ended that task itself


def test_a_connection_dropped_mid_stream_is_dify_unreachable(backend: DifyBackend) -> None:
    backend.reset(drop_after=2)
    response = summarize(backend)
    assert response.status_code == 502
    assert response.json()["code"] == "dify_unreachable"
    assert response.json()["reason"] == "connection_lost"


def test_a_dify_server_that_is_down_is_dify_unreachable(db: Any) -> None:
    with dify_backend(db.port, db.socket, difyApiUrl="http://127.0.0.1:9/v1") as other:
        response = summarize(other)
    assert response.status_code == 502
    assert response.json()["code"] == "dify_unreachable"
    assert response.json()["reason"] == "connection_refused"


def test_a_backend_without_dify_keys_says_what_the_administrator_must_set(db: Any) -> None:
    with dify_backend(db.port, db.socket, difyApiKey="", difySttApiKey="") as other:
        # A three-hour transcript passes the body limit and reaches the route.
        summary = summarize(other, {"transcript": "Alice: we agreed. " * 20_000})
        speech = other.api.call(
            "POST",
            "/api/ai/transcribe-chunk",
            as_user="alice",
            files={"file": ("c.wav", b"RIFF0000", "audio/wav")},
        )
        assert other.dify.requests == []
    assert summary.status_code == 503
    assert summary.json()["code"] == "dify_not_configured"
    assert "externalApis.difyApiKey" in summary.json()["message"]
    assert speech.status_code == 503
    assert speech.json()["code"] == "stt_disabled"
    assert "externalApis.difySttApiKey" in speech.json()["message"]


# --- cancel ----------------


@pytest.mark.parametrize(
    "app",
    [
        {"stall_after": 2},  # Dify thinking: only pings come
        {"answer": "word " * 2000, "chunk_chars": 5, "pace_s": 0.005},  # Dify still writing
    ],
    ids=["thinking", "writing"],
)
def test_a_client_leaving_mid_stream_stops_the_dify_task(
    backend: DifyBackend, app: dict[str, Any]
) -> None:
    backend.reset(mode="workflow", **app)
    api = backend.api
    headers = {**SSE, "X-Launch-Token": secrets.LAUNCH_TOKEN}
    headers["Authorization"] = f"Bearer {api.tokens['alice']}"
    with httpx.stream(
        "POST",
        api.base_url + "/api/ai/summarize",
        json={"transcript": TRANSCRIPT},
        headers=headers,
        timeout=30,
    ) as response:
        first = next(sse_events(response))
        assert first[0] == "progress"
    # Leaving the block closed the connection: the backend must stop Dify's task.
    stop = backend.dify.wait_for(lambda: backend.dify.stops)[0]
    run = backend.dify.runs[0]
    assert stop == {"route": "workflows/tasks", "task_id": run.task_id, "user": "alice@example.com"}


def test_a_client_leaving_a_json_request_stops_the_dify_task(backend: DifyBackend) -> None:
    backend.reset(stall_after=2, mode="completion")
    body = json.dumps({"transcript": TRANSCRIPT}).encode()
    host = backend.api.base_url.removeprefix("http://")
    request = (
        f"POST /api/ai/summarize HTTP/1.1\r\nHost: {host}\r\n"
        f"X-Launch-Token: {secrets.LAUNCH_TOKEN}\r\n"
        f"Authorization: Bearer {backend.api.tokens['alice']}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    hostname, port = host.split(":")
    with socket.create_connection((hostname, int(port)), timeout=10) as client:
        client.sendall(request + body)
        # Dify is writing the answer for this request; then the client goes away.
        run = backend.dify.wait_for(lambda: backend.dify.runs and backend.dify.runs[0])
        backend.dify.wait_for(lambda: run.first_text_at)
    stop = backend.dify.wait_for(lambda: backend.dify.stops)[0]
    assert stop["route"] == "completion-messages"
    assert stop["task_id"] == run.task_id
    # Stopped because the client left, not later by the timeout.
    assert "the client went away; stopping its summary" in backend.sidecar.output


# --- long transcripts ----------------


def _part_answer(text: str) -> str:
    if text.startswith("The transcript of this meeting was too long"):
        return json.dumps({"conclusions": ["Merged decision"], "action_items": []})
    number = text.split()[1]  # "(Part N of M ..."
    return json.dumps(
        {
            "conclusions": [f"Decision of part {number}"],
            "action_items": [{"content": f"Follow-up {number}", "owner": "Bob Wu"}],
        }
    )


def test_a_long_transcript_is_summarised_in_parts_then_merged(backend: DifyBackend) -> None:
    backend.reset(answer=_part_answer, chunk_chars=200)
    lines = [
        f"Speaker {i % 3}: line {i} of the long meeting about topic {i // 10}." for i in range(60)
    ]
    transcript = "\n".join(lines)
    assert len(transcript) > 2 * PART_CHARS
    events = summarize_sse(backend, {"transcript": transcript})
    runs = backend.dify.runs
    parts = [r.body["query"] for r in runs[:-1]]
    assert len(parts) >= 3
    for number, part in enumerate(parts, start=1):
        header = f"(Part {number} of {len(parts)} of the meeting transcript.)\n\n"
        assert part.startswith(header)
        assert len(part) - len(header) <= PART_CHARS
    # Every line arrives once, whole, in order.
    received = "\n".join(p.split("\n\n", 1)[1] for p in parts).split("\n")
    assert received == lines
    merge = runs[-1].body["query"]
    assert all(f"Decision of part {n}" in merge for n in range(1, len(parts) + 1))
    progress = [d for k, d in events if k == "progress"]
    assert {d["parts"] for d in progress} == {len(parts) + 1}
    assert [d["part"] for d in progress] == sorted(d["part"] for d in progress)
    assert progress[-1]["part"] == len(parts) + 1
    assert events[-1] == (
        "result",
        {"conclusions": ["Merged decision"], "action_items": [], "meeting": None},
    )


def _wordy_part_answer(text: str) -> str:
    if text.startswith("The transcript of this meeting was too long"):
        merged = sorted(set(re.findall(r"Decision of part \d+", text)))
        merged += sorted(set(re.findall(r"Merged: [^\"]+", text)))
        return json.dumps({"conclusions": [f"Merged: {', '.join(merged)}"], "action_items": []})
    number = text.split()[1]
    filler = "a long conclusion that takes room " * 8
    return json.dumps({"conclusions": [f"Decision of part {number}", filler], "action_items": []})


def test_minutes_too_long_to_merge_at_once_are_merged_in_rounds(backend: DifyBackend) -> None:
    backend.reset(answer=_wordy_part_answer, chunk_chars=400)
    lines = [
        f"Speaker {i % 3}: line {i} of the long meeting about topic {i // 10}." for i in range(60)
    ]
    events = summarize_sse(backend, {"transcript": "\n".join(lines)})
    queries = [r.body["query"] for r in backend.dify.runs]
    parts = [q for q in queries if q.startswith("(Part ")]
    merges = [q for q in queries if q.startswith("The transcript of this meeting was too long")]
    assert len(parts) >= 3 and len(merges) >= 2  # one merge of everything would be too long
    assert all(len(m) <= PART_CHARS or m.count("Minutes of part") == 2 for m in merges)
    final = events[-1]
    assert final[0] == "result"
    (conclusion,) = final[1]["conclusions"]
    for number in range(1, len(parts) + 1):
        assert f"Decision of part {number}" in conclusion
    progress = [d for k, d in events if k == "progress"]
    assert progress[-1]["part"] == progress[-1]["parts"] == len(parts) + len(merges)


# --- saving into a meeting ----------------


def _meeting_with_minutes(backend: DifyBackend) -> dict[str, Any]:
    api = backend.api
    meeting = api.call("POST", "/api/meetings", as_user="alice", json=meeting_body()).json()
    body = update_body(
        meeting,
        conclusions=[{"content": "An earlier decision"}],
        action_items=[{"content": "An earlier task"}],
    )
    response = api.call("PUT", f"/api/meetings/{meeting['id']}", as_user="alice", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_with_meeting_id_the_minutes_are_added_with_codes(backend: DifyBackend) -> None:
    backend.reset()
    meeting = _meeting_with_minutes(backend)
    response = summarize(backend, {"transcript": TRANSCRIPT, "meeting_id": meeting["id"]})
    assert response.status_code == 200, response.text
    saved = backend.api.call("GET", f"/api/meetings/{meeting['id']}", as_user="alice").json()
    assert [c["content"] for c in saved["conclusions"]] == [
        "An earlier decision",
        *MINUTES["conclusions"],
    ]
    assert [a["content"] for a in saved["action_items"]] == [
        "An earlier task",
        "Send the budget to finance",
        "Book the launch venue",
    ]
    assert all(c["code"].startswith("C") for c in saved["conclusions"])
    assert all(a["code"].startswith("A") for a in saved["action_items"])
    assert saved["action_items"][1]["due_date"] == "2025-03-10"
    assert saved["version"] == meeting["version"] + 1
    assert response.json()["meeting"] == saved


def test_with_replace_the_minutes_take_the_old_ones_place(backend: DifyBackend) -> None:
    backend.reset()
    meeting = _meeting_with_minutes(backend)
    body = {"transcript": TRANSCRIPT, "meeting_id": meeting["id"], "replace": True}
    events = summarize_sse(backend, body)
    assert events[-1][0] == "result"
    saved = backend.api.call("GET", f"/api/meetings/{meeting['id']}", as_user="alice").json()
    assert [c["content"] for c in saved["conclusions"]] == MINUTES["conclusions"]
    assert len(saved["action_items"]) == 2
    assert events[-1][1]["meeting"]["conclusions"] == saved["conclusions"]


def test_a_meeting_the_user_may_not_edit_is_refused_before_dify_is_called(
    backend: DifyBackend,
) -> None:
    backend.reset()
    meeting = _meeting_with_minutes(backend)
    response = backend.api.call(
        "POST",
        "/api/ai/summarize",
        as_user="bob",
        json={"transcript": TRANSCRIPT, "meeting_id": meeting["id"]},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert backend.dify.runs == []


def test_a_summary_needs_a_sign_in(backend: DifyBackend) -> None:
    response = backend.api.call("POST", "/api/ai/summarize", json={"transcript": TRANSCRIPT})
    assert response.status_code == 401


# --- logs ----------------


def test_no_dify_key_in_the_backend_log(backend: DifyBackend) -> None:
    backend.reset(revoked=True)
    summarize(backend)
    backend.reset(http_errors=[429])
    summarize(backend)
    backend.dify.wait_for(
        lambda: "summary by the Dify chat app: 1 call(s)" in backend.sidecar.output
    )
    log = backend.sidecar.output
    assert "429" in log  # the scan below looks at a log that talks of Dify's answers
    assert secrets.DIFY_API_KEY not in log
    assert secrets.DIFY_STT_API_KEY not in log
    # Every request the fake saw did carry the key: the backend did hold it.
    assert any(r["authorization"] == f"Bearer {SUMMARY_KEY}" for r in backend.dify.requests)
