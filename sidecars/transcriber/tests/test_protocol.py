"""The stdin/stdout protocol, run against a real worker subprocess."""

import json
import time
from collections.abc import Callable

import pytest
from conftest import WorkerProcess
from fakehub import FakeHub

pytestmark = pytest.mark.timeout(60)


def test_ready_after_settings_and_clean_exit_on_eof(
    ready_worker: Callable[..., WorkerProcess],
) -> None:
    worker = ready_worker({"model": "tiny.en"})
    started = time.monotonic()
    assert worker.close() == 0
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "line", ['{"device":"tpu"}', "this is not json", '{"model":"tiny","extra":1}']
)
def test_invalid_settings_is_fatal_with_exit_2(
    start_worker: Callable[..., WorkerProcess], line: str
) -> None:
    worker = start_worker(line)
    event = worker.next_event(timeout=20)
    assert event["event"] == "fatal"
    assert event["code"] == "invalid_settings"
    assert event["message"]
    assert worker.proc.wait(5) == 2


def test_bad_requests_get_error_replies_and_never_crash(
    ready_worker: Callable[..., WorkerProcess],
) -> None:
    worker = ready_worker({"model": "tiny.en"})
    worker.write("{not json")
    e = worker.next_event()
    assert (e["event"], e["id"], e["code"]) == ("error", None, "invalid_request")

    worker.write({"id": "7", "op": "explode"})
    e = worker.next_event()
    assert (e["event"], e["id"], e["code"]) == ("error", "7", "invalid_request")

    worker.write({"op": "load"})  # no id
    assert worker.next_event()["code"] == "invalid_request"

    worker.write({"id": "8", "op": "transcribe"})  # no path
    e = worker.next_event()
    assert (e["id"], e["code"]) == ("8", "invalid_request")
    assert "path" in e["message"]

    worker.write("[1, 2, 3]")
    assert worker.next_event()["code"] == "invalid_request"

    worker.write({"id": "9", "op": "cancel", "target": "nothing"})
    e = worker.next_event()
    assert (e["id"], e["code"]) == ("9", "unknown_target")

    worker.write("")  # blank lines are ignored
    assert worker.proc.poll() is None
    assert worker.close() == 0
    assert all(json.loads(line)["event"] for line in worker.raw_lines)


def test_exits_within_two_seconds_of_eof_mid_download(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: object
) -> None:
    hub.faults.bytes_per_second = 2_000_000  # model.bin would take ~40 s
    worker = ready_worker({"model": "tiny.en", "hubEndpoint": hub.endpoint})
    worker.write({"id": "1", "op": "load"})
    worker.wait_for(
        lambda e: (
            e["event"] == "download_progress"
            and e["file"] == "model.bin"
            and e["downloadedBytes"] > 0
        ),
        timeout=30,
    )
    started = time.monotonic()
    worker.close()
    assert time.monotonic() - started < 2


def test_second_job_while_one_runs_is_busy(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub
) -> None:
    hub.faults.bytes_per_second = 5_000_000
    worker = ready_worker({"model": "tiny.en", "hubEndpoint": hub.endpoint})
    worker.write({"id": "1", "op": "load"})
    worker.write({"id": "1", "op": "load"})
    e = worker.wait_for(lambda e: e["event"] == "error")
    assert (e["id"], e["code"]) == ("1", "invalid_request")
    worker.write({"id": "2", "op": "transcribe", "path": "/nowhere.wav"})
    e = worker.wait_for(lambda e: e["event"] == "error")
    assert (e["id"], e["code"]) == ("2", "busy")
    worker.write({"id": "3", "op": "cancel", "target": "1"})
    assert worker.until_done("1")["code"] == "cancelled"
