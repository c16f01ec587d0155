"""Reads the events of one Dify run (streamed, or a blocking answer) into the app's answer text.

Dify sends `data: {json}` events whose `event` field says what they are, and `event: ping`
every 10 s. Text arrives in `message` (chat, advanced-chat, completion), `agent_message`
(agent-chat) and `text_chunk` (workflow); `message_replace` replaces the text so far (content
moderation). `message_end` ends a chat or completion run, `workflow_finished` a workflow run;
`error` ends any run with Dify's `{code, message, status}`.
"""

from __future__ import annotations

import json
from typing import Any

from meeting_backend.dify import errors
from meeting_backend.errors import ApiError

TEXT_EVENTS = {"message": "answer", "agent_message": "answer", "text_chunk": "text"}
OUTPUT_NAMES = ("result", "text", "answer")


def workflow_text(outputs: Any) -> str | None:
    """A workflow's answer: the output named result/text/answer, else its first string output,
    else (structured outputs) all of them as JSON."""
    if not isinstance(outputs, dict) or not outputs:
        return None
    for name in OUTPUT_NAMES:
        if isinstance(outputs.get(name), str):
            return str(outputs[name])
    for value in outputs.values():
        if isinstance(value, str):
            return value
    return json.dumps(outputs, ensure_ascii=False)


def error_event(event: dict[str, Any]) -> ApiError:
    status = event.get("status")
    if status in (401, 403):
        return errors.unauthorized(event, int(status))
    if status == 429:
        return errors.rate_limited(event)
    return errors.dify_error("Dify stopped with an error while writing the answer.", event)


class RunReader:
    """Feed it Dify's events in order; it collects the text and says when the run is over."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.done = False
        self._parts: list[str] = []
        self._final: str | None = None

    def accept(self, event: dict[str, Any]) -> str:
        """Returns the text this event adds ("" for none); raises ApiError for an error event."""
        kind = event.get("event")
        if kind == "error":
            self.done = True
            raise error_event(event)
        if kind in TEXT_EVENTS:
            piece = event.get(TEXT_EVENTS[kind]) if kind != "text_chunk" else None
            if kind == "text_chunk":
                data = event.get("data")
                piece = data.get("text") if isinstance(data, dict) else None
            if isinstance(piece, str) and piece:
                self._parts.append(piece)
                return piece
            return ""
        if kind == "message_replace" and isinstance(event.get("answer"), str):
            self._parts = [event["answer"]]
            return ""
        if kind == "workflow_finished":
            self._workflow_finished(event.get("data"))
        elif kind == "message_end" and self.mode != "workflow":
            self.done = True
        return ""

    def _workflow_finished(self, data: Any) -> None:
        data = data if isinstance(data, dict) else {}
        status = data.get("status")
        if status not in (None, "succeeded", "partial-succeeded"):
            self.done = True
            detail = data.get("error") or status
            raise errors.dify_error(f"The Dify workflow did not succeed ({detail}).")
        if self.mode == "workflow":
            # advanced-chat apps also send workflow_finished, then their message_end.
            self._final = workflow_text(data.get("outputs"))
            self.done = True

    def accept_blocking(self, body: Any) -> None:
        """A blocking answer (`response_mode: blocking`, or a proxy that buffered the stream)."""
        if not isinstance(body, dict):
            raise errors.dify_error("Dify answered with something that is not JSON.")
        if isinstance(body.get("answer"), str):
            self._parts = [body["answer"]]
            self.done = True
        elif isinstance(body.get("data"), dict):
            self.mode = "workflow"
            self._workflow_finished(body["data"])
        else:
            raise errors.dify_error("Dify's answer holds no text.", body)

    @property
    def received(self) -> int:
        return sum(len(p) for p in self._parts)

    def answer(self) -> str:
        return self._final if self._final is not None else "".join(self._parts)
