"""HTTP calls to Dify's service API with one app key: what the app is, streamed runs (stopped
when nobody waits for them any more), and audio-to-text. Failures are ApiError codes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any, Literal, cast

import anyio
import httpx
from httpx_sse import EventSource

from meeting_backend.dify import errors
from meeting_backend.dify.stream import RunReader
from meeting_backend.errors import ApiError
from meeting_backend.services import http_probe

log = logging.getLogger("meeting_backend.dify")

AppMode = Literal["chat", "advanced-chat", "agent-chat", "completion", "workflow"]
RUN_PATHS: dict[str, str] = {
    "chat": "/chat-messages",
    "advanced-chat": "/chat-messages",
    "agent-chat": "/chat-messages",
    "completion": "/completion-messages",
    "workflow": "/workflows/run",
}
STOP_PATHS: dict[str, str] = {
    "chat": "/chat-messages/{task_id}/stop",
    "advanced-chat": "/chat-messages/{task_id}/stop",
    "agent-chat": "/chat-messages/{task_id}/stop",
    "completion": "/completion-messages/{task_id}/stop",
    "workflow": "/workflows/tasks/{task_id}/stop",
}
TEXT_VARIABLE_TYPES = ("paragraph", "text-input")
# A 429 is tried again twice, after these pauses (or Dify's Retry-After, up to 10 s).
RETRY_DELAYS_S = (1.0, 2.0)
MAX_RETRY_AFTER_S = 10.0
STOP_BUDGET_S = 5.0


@dataclass(frozen=True)
class AppProfile:
    mode: AppMode
    input_variable: str | None  # completion and workflow apps: where the text goes


@dataclass(frozen=True)
class TextDelta:
    text: str
    received: int  # characters of this run's answer so far


@dataclass(frozen=True)
class Answer:
    text: str


def first_text_variable(form: Any) -> str | None:
    """The first paragraph or text-input variable of `/parameters` → `user_input_form`."""
    for entry in form if isinstance(form, list) else []:
        if not isinstance(entry, dict):
            continue
        for kind, spec in entry.items():
            if kind in TEXT_VARIABLE_TYPES and isinstance(spec, dict):
                variable = spec.get("variable")
                if isinstance(variable, str) and variable:
                    return variable
    return None


def _retry_delay(response: httpx.Response, default: float) -> float:
    try:
        return min(max(float(response.headers.get("retry-after", "")), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        return default


class DifyClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        timeout_s: float,
        retry_delays: tuple[float, ...] = RETRY_DELAYS_S,
    ) -> None:
        self.base_url = base_url.strip().rstrip("/")
        self.timeout_s = timeout_s
        self._auth = {"Authorization": f"Bearer {api_key}"}
        self._retry_delays = retry_delays
        self._http = http_probe.client(timeout_s)

    async def __aenter__(self) -> DifyClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._http.aclose()

    # --- plain requests ------------------------------------------------------------------

    async def send(
        self,
        method: str,
        path: str,
        *,
        retry_on: Callable[[int], bool] = lambda status: status == 429,
        before_attempt: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request, tried again after the retry pauses while `retry_on(status)`.

        Returns the last response, whatever its status; raises ApiError when Dify cannot be
        reached at all.
        """
        url = self.base_url + path
        for delay in (*self._retry_delays, None):
            if before_attempt is not None:
                before_attempt()
            try:
                response = await self._http.request(method, url, headers=self._auth, **kwargs)
            except (httpx.HTTPError, OSError) as exc:
                raise errors.unreachable(exc, url, self.timeout_s) from None
            if delay is None or not retry_on(response.status_code):
                return response
            pause = _retry_delay(response, delay)
            log.info(
                "Dify answered HTTP %s to %s; trying again in %g s",
                response.status_code,
                path,
                pause,
            )
            await asyncio.sleep(pause)
        raise AssertionError("unreachable")

    async def get_json(self, path: str) -> dict[str, Any]:
        response = await self.send("GET", path)
        body = errors.json_body(response)
        if response.status_code != 200:
            raise errors.from_response(response.status_code, body)
        if not isinstance(body, dict):
            raise errors.dify_error(f"Dify's {path} answer is not a JSON object.")
        return cast(dict[str, Any], body)

    async def profile(self) -> AppProfile:
        """The app's type (`GET /info` → `mode`) and, for completion and workflow apps, the
        input variable that takes the text (`GET /parameters` → `user_input_form`)."""
        mode = (await self.get_json("/info")).get("mode")
        if mode not in RUN_PATHS:
            raise ApiError(
                502,
                "dify_app_unsupported",
                f"The Dify app's type is {mode!r}; a summary needs a chat, advanced-chat, "
                "agent-chat, completion or workflow app (older Dify versions do not report the "
                "type: upgrade Dify).",
            )
        if mode in ("chat", "advanced-chat", "agent-chat"):
            return AppProfile(cast(AppMode, mode), None)
        variable = first_text_variable((await self.get_json("/parameters")).get("user_input_form"))
        if variable is None:
            raise ApiError(
                502,
                "dify_app_unsupported",
                f"The Dify {mode} app has no paragraph or text input variable to receive the "
                "transcript; an administrator must add one (see docs/dify.md).",
            )
        return AppProfile(cast(AppMode, mode), variable)

    # --- streamed runs -------------------------------------------------------------------

    @staticmethod
    def payload(app: AppProfile, text: str, user: str) -> dict[str, Any]:
        if app.input_variable is None:
            # Chat apps: the text is the user's message; no conversation is kept.
            return {
                "inputs": {},
                "query": text,
                "response_mode": "streaming",
                "user": user,
                "auto_generate_name": False,
            }
        return {"inputs": {app.input_variable: text}, "response_mode": "streaming", "user": user}

    async def run(
        self, app: AppProfile, text: str, user: str
    ) -> AsyncGenerator[TextDelta | Answer, None]:
        """Runs the app on `text`: yields TextDelta as Dify writes, then one Answer.

        The whole run is bounded by the timeout. If the caller stops reading before the end
        (the client went away, the timeout), the Dify task is stopped with POST .../stop.
        """
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        reader = RunReader(app.mode)
        task_id: str | None = None
        finished = False
        try:
            async with contextlib.AsyncExitStack() as stack:
                async with asyncio.timeout_at(deadline):
                    response = await self._open_stream(app, text, user, stack)
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    async with asyncio.timeout_at(deadline):
                        await response.aread()
                    finished = True
                    reader.accept_blocking(errors.json_body(response))
                else:
                    events = EventSource(response).aiter_sse()
                    while not reader.done:
                        try:
                            async with asyncio.timeout_at(deadline):
                                sse = await anext(events)
                        except StopAsyncIteration:
                            finished = True
                            raise errors.dify_error(
                                "Dify's answer ended before it was complete."
                            ) from None
                        if sse.event == "ping" or not sse.data.strip():
                            continue
                        event = self._event(sse.data)
                        if task_id is None and isinstance(event.get("task_id"), str):
                            task_id = event["task_id"]
                        try:
                            piece = reader.accept(event)
                        finally:
                            finished = reader.done
                        if piece:
                            yield TextDelta(piece, reader.received)
            finished = True
            yield Answer(reader.answer())
        except TimeoutError:
            raise errors.timeout(self.timeout_s) from None
        except (httpx.HTTPError, OSError) as exc:
            if task_id is not None:
                raise errors.connection_lost(exc) from None
            raise errors.unreachable(exc, self.base_url, self.timeout_s) from None
        finally:
            if not finished and task_id:
                await self._stop(app, task_id, user)

    @staticmethod
    def _event(data: str) -> dict[str, Any]:
        try:
            event = json.loads(data)
        except ValueError:
            raise errors.dify_error("Dify sent an event that is not JSON.") from None
        if not isinstance(event, dict):
            raise errors.dify_error("Dify sent an event that is not a JSON object.")
        return cast(dict[str, Any], event)

    async def _open_stream(
        self, app: AppProfile, text: str, user: str, stack: contextlib.AsyncExitStack
    ) -> httpx.Response:
        url = self.base_url + RUN_PATHS[app.mode]
        body = self.payload(app, text, user)
        for delay in (*self._retry_delays, None):
            request = self._http.build_request(
                "POST", url, json=body, headers={**self._auth, "Accept": "text/event-stream"}
            )
            response = await self._http.send(request, stream=True)
            if response.status_code == 200:
                stack.push_async_callback(response.aclose)
                return response
            await response.aread()
            await response.aclose()
            failure = errors.json_body(response)
            if response.status_code == 429 and delay is not None:
                pause = _retry_delay(response, delay)
                log.info("Dify answered HTTP 429 (rate limited); trying again in %g s", pause)
                await asyncio.sleep(pause)
                continue
            raise errors.from_response(response.status_code, failure)
        raise AssertionError("unreachable")

    async def _stop(self, app: AppProfile, task_id: str, user: str) -> None:
        """Tells Dify to stop a task nobody waits for (shielded: runs while being cancelled)."""
        path = STOP_PATHS[app.mode].format(task_id=task_id)
        with anyio.CancelScope(shield=True), anyio.move_on_after(STOP_BUDGET_S):
            try:
                response = await self._http.post(
                    self.base_url + path, json={"user": user}, headers=self._auth
                )
                log.info("stopped the Dify task nobody waits for (HTTP %s)", response.status_code)
            except (httpx.HTTPError, OSError) as exc:
                log.warning("could not stop a Dify task: %s", exc.__class__.__name__)
