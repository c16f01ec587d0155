"""The "dify" bench, driven by tests/bench/dify.ts (npm run bench).

A real backend sidecar in normal mode on the harness's MariaDB, and the fake Dify server
(sidecars/backend/tests/backend_support/fake_dify.py) in this process, streaming at a fixed
pace. The fake notes (time.perf_counter, the same clock as the clients here) when it sent its
first text event and its last event.

- Pass-through: time from the fake's first text event to the client's first `progress` event,
  and from the fake's last event to the client's `result` event, through the backend. The
  baseline is the same stream read straight from the fake (first text event, last event).
- Speech-to-text: the time to post one chunk through the backend, against posting the same
  chunk straight to the fake.

Prints one JSON document on stdout; asserts nothing about time.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "sidecars" / "backend" / "tests"))

from backend_support import secrets
from backend_support.dify_backend import STT_KEY, SUMMARY_KEY, DifyBackend, dify_backend

RUNS = 20
PACE_S = 0.02  # between the fake's events
CHUNK_CHARS = 24  # answer characters per event (about 40 events per answer)
STT_SIZES_MB = (1, 5)
TRANSCRIPT = "Alice: the budget is approved.\nBob: the launch moves to May."


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _through_backend(backend: DifyBackend) -> tuple[float, float]:
    api = backend.api
    headers = {
        "Accept": "text/event-stream",
        "X-Launch-Token": secrets.LAUNCH_TOKEN,
        "Authorization": f"Bearer {api.tokens['alice']}",
    }
    first_progress = result = None
    before = len(backend.dify.runs)
    with httpx.stream(
        "POST",
        api.base_url + "/api/ai/summarize",
        json={"transcript": TRANSCRIPT},
        headers=headers,
        timeout=60,
    ) as response:
        for line in response.iter_lines():
            if line == "event: progress" and first_progress is None:
                first_progress = time.perf_counter()
            elif line == "event: result":
                result = time.perf_counter()
    assert first_progress is not None and result is not None, (
        "no progress or result event"
    )
    run = backend.dify.runs[before]
    assert run.first_text_at is not None and run.end_at is not None
    return first_progress - run.first_text_at, result - run.end_at


def _direct(backend: DifyBackend) -> tuple[float, float, float]:
    """The same stream read straight from the fake: first text, last event, and its duration."""
    first = last = None
    before = len(backend.dify.runs)
    body = {
        "inputs": {},
        "query": TRANSCRIPT,
        "response_mode": "streaming",
        "user": "bench",
    }
    with httpx.stream(
        "POST",
        backend.dify.url + "/chat-messages",
        json=body,
        headers={"Authorization": f"Bearer {SUMMARY_KEY}"},
        timeout=60,
    ) as response:
        for line in response.iter_lines():
            if not line.startswith("data:"):
                continue
            kind = json.loads(line[5:])["event"]
            if kind == "message" and first is None:
                first = time.perf_counter()
            elif kind == "message_end":
                last = time.perf_counter()
    run = backend.dify.runs[before]
    assert first is not None and last is not None and run.first_text_at and run.end_at
    return first - run.first_text_at, last - run.end_at, run.end_at - run.first_text_at


def _post_chunk(
    url: str, headers: dict[str, str], data: bytes, extra: dict[str, str]
) -> float:
    started = time.perf_counter()
    response = httpx.post(
        url,
        files={"file": ("chunk.wav", data, "audio/wav")},
        data=extra,
        headers=headers,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return elapsed


def main() -> None:
    port, socket = int(os.environ["MA_TEST_DB_PORT"]), os.environ["MA_TEST_DB_SOCKET"]
    report: dict[str, Any] = {
        "runs": RUNS,
        "paceMs": _ms(PACE_S),
        "chunkChars": CHUNK_CHARS,
    }
    with dify_backend(port, socket, difyTimeoutSeconds=120) as backend:
        backend.reset(pace_s=PACE_S, chunk_chars=CHUNK_CHARS, ping_every=10)
        _through_backend(backend)  # warm-up: connections, first imports
        _direct(backend)
        via = [_through_backend(backend) for _ in range(RUNS)]
        direct = [_direct(backend) for _ in range(RUNS)]
        report["passThrough"] = {
            "firstProgressMs": _ms(statistics.median(v[0] for v in via)),
            "resultMs": _ms(statistics.median(v[1] for v in via)),
            "directFirstTextMs": _ms(statistics.median(d[0] for d in direct)),
            "directLastEventMs": _ms(statistics.median(d[1] for d in direct)),
            "fakeStreamMs": _ms(statistics.median(d[2] for d in direct)),
        }
        api = backend.api
        backend_headers = {
            "X-Launch-Token": secrets.LAUNCH_TOKEN,
            "Authorization": f"Bearer {api.tokens['alice']}",
        }
        stt = []
        for size in STT_SIZES_MB:
            data = os.urandom(size * 1024 * 1024)
            through = api.base_url + "/api/ai/transcribe-chunk"
            straight = backend.dify.url + "/audio-to-text"
            fake_headers = {"Authorization": f"Bearer {STT_KEY}"}
            _post_chunk(through, backend_headers, data, {})
            _post_chunk(straight, fake_headers, data, {"user": "bench"})
            via_ms = [
                _post_chunk(through, backend_headers, data, {}) for _ in range(RUNS)
            ]
            direct_ms = [
                _post_chunk(straight, fake_headers, data, {"user": "bench"})
                for _ in range(RUNS)
            ]
            stt.append(
                {
                    "sizeMb": size,
                    "backendMs": _ms(statistics.median(via_ms)),
                    "directMs": _ms(statistics.median(direct_ms)),
                }
            )
        report["speechToText"] = stt
    print(json.dumps(report))


if __name__ == "__main__":
    main()
