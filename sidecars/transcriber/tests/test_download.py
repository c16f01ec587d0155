"""Model download against the local fake hub: progress, resume, cancel, mirror, offline, space."""

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import DEAD_ENDPOINT, TINY_REPO, WorkerProcess, blobs_dir
from fakehub import FakeHub
from huggingface_hub import snapshot_download
from meeting_transcriber.download import SPACE_MARGIN, ModelFetcher
from meeting_transcriber.errors import WorkerError
from meeting_transcriber.progress import Throttle, make_tqdm_class
from meeting_transcriber.settings import WhisperSettings

pytestmark = pytest.mark.timeout(120)

MB = 1024 * 1024


def _settings(hub: FakeHub | None, root: Path, **extra: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {"model": "tiny.en", "downloadRoot": str(root)}
    if hub is not None:
        settings["hubEndpoint"] = hub.endpoint
    settings.update(extra)
    return settings


def _load(worker: WorkerProcess, req_id: str = "1", timeout: float = 60) -> dict[str, Any]:
    worker.write({"id": req_id, "op": "load"})
    return worker.until_done(req_id, timeout)


def test_load_reports_monotonic_byte_progress_ending_at_each_total(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path, tiny_model_dir: Path
) -> None:
    worker = ready_worker(_settings(hub, tmp_path / "models"))
    done = _load(worker)
    assert done["event"] == "model_ready", done
    assert Path(done["path"]).is_relative_to(tmp_path / "models")
    assert (Path(done["path"]) / "model.bin").read_bytes() == (
        tiny_model_dir / "model.bin"
    ).read_bytes()

    progress = worker.of("1", "download_progress")
    sizes = {p.name: p.stat().st_size for p in tiny_model_dir.iterdir() if p.is_file()}
    for file, size in sizes.items():
        seen = [(e["downloadedBytes"], e["totalBytes"]) for e in progress if e["file"] == file]
        assert seen, file
        counts = [d for d, _ in seen]
        assert counts == sorted(counts), f"{file} progress went backwards"
        assert {t for _, t in seen} == {size}
        assert counts[-1] == size
    # throttled: far fewer events than 256 KiB chunks
    model_events = [e for e in progress if e["file"] == "model.bin"]
    assert len(model_events) < sizes["model.bin"] / (64 * 1024)
    # only faster-whisper's files were requested, all from the configured mirror
    fetched = [e.path for e in hub.log if e.method == "GET" and "/resolve/" in e.path]
    got = {path.rsplit("/", 1)[-1] for path in fetched}
    assert got == set(sizes)


def test_interrupted_download_resumes_in_the_next_run(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    root = tmp_path / "models"
    cut = 20 * MB
    hub.faults.drop_after = {"model.bin": cut}
    hub.faults.drops_left = 1
    hub.faults.unavailable_after_drop = 10  # every in-run retry fails too: the run gives up
    first = ready_worker(_settings(hub, root))
    err = _load(first)
    assert (err["event"], err["code"]) == ("error", "download_failed"), err
    first.close()
    parts = list(blobs_dir(root).glob("*.part"))
    assert [p.stat().st_size for p in parts] == [cut]

    hub.faults.unavailable_gets = 0
    hub.log.clear()
    second = ready_worker(_settings(hub, root))
    assert _load(second)["event"] == "model_ready"
    assert [g.range for g in hub.gets("model.bin")] == [f"bytes={cut}-"]
    first_event = next(e for e in second.of("1", "download_progress") if e["file"] == "model.bin")
    assert first_event["downloadedBytes"] == cut
    assert not list(blobs_dir(root).glob("*.part"))


def test_dropped_connection_resumes_within_the_same_run(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    hub.faults.drop_after = {"model.bin": 5 * MB}
    hub.faults.drops_left = 1
    worker = ready_worker(_settings(hub, tmp_path / "models"))
    assert _load(worker)["event"] == "model_ready"
    assert [g.range for g in hub.gets("model.bin")] == [None, f"bytes={5 * MB}-"]


def test_cancel_stops_download_and_leaves_nothing_that_looks_complete(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    root = tmp_path / "models"
    hub.faults.bytes_per_second = 10_000_000
    worker = ready_worker(_settings(hub, root))
    worker.write({"id": "1", "op": "load"})
    worker.wait_for(
        lambda e: (
            e["event"] == "download_progress"
            and e["file"] == "model.bin"
            and e["downloadedBytes"] > 0
        )
    )
    worker.write({"id": "2", "op": "cancel", "target": "1"})
    err = worker.until_done("1", timeout=5)
    assert (err["event"], err["code"]) == ("error", "cancelled")
    assert not worker.of("1", "model_ready")
    worker.close()

    storage = root / f"models--{TINY_REPO.replace('/', '--')}"
    assert not list(storage.glob("snapshots/*/model.bin"))
    assert not [
        p
        for p in blobs_dir(root).iterdir()
        if not p.name.endswith(".part") and p.stat().st_size > 10 * MB
    ]
    offline = ready_worker(_settings(None, root, offline=True))
    assert _load(offline)["code"] == "offline_model_missing"
    offline.close()

    # and the next online load picks up where the cancel left off
    hub.faults.bytes_per_second = None
    hub.log.clear()
    again = ready_worker(_settings(hub, root))
    assert _load(again)["event"] == "model_ready"
    ranges = [g.range for g in hub.gets("model.bin")]
    assert len(ranges) == 1 and ranges[0] is not None and ranges[0].startswith("bytes=")


def test_cancel_does_not_wait_for_a_stalled_server(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    hub.faults.bytes_per_second = 5_000  # each 64 KiB write is followed by a ~13 s pause
    worker = ready_worker(_settings(hub, tmp_path / "models"))
    worker.write({"id": "1", "op": "load"})
    worker.wait_for(
        lambda e: (
            e["event"] == "download_progress"
            and e["file"] == "model.bin"
            and e["downloadedBytes"] > 0
        )
    )
    started = time.monotonic()
    worker.write({"id": "2", "op": "cancel", "target": "1"})
    assert worker.until_done("1", timeout=5)["code"] == "cancelled"
    assert time.monotonic() - started < 1.5


def test_hub_endpoint_wins_over_hf_endpoint_env(
    ready_worker: Callable[..., WorkerProcess],
    hub: FakeHub,
    tmp_path: Path,
    worker_env: dict[str, str],
) -> None:
    assert worker_env["HF_ENDPOINT"] == DEAD_ENDPOINT
    worker = ready_worker(_settings(hub, tmp_path / "models"))
    assert _load(worker)["event"] == "model_ready"
    assert any(e.path.startswith("/api/models/") for e in hub.log)


def test_proxy_from_environment_is_used(
    ready_worker: Callable[..., WorkerProcess],
    hub: FakeHub,
    tmp_path: Path,
    worker_env: dict[str, str],
) -> None:
    # The fake hub doubles as a forward proxy: requests for an unresolvable host reach it
    # in absolute form only if the worker honours HTTP_PROXY.
    env = {**worker_env, "HTTP_PROXY": hub.endpoint, "NO_PROXY": ""}
    worker = ready_worker(
        _settings(None, tmp_path / "models", hubEndpoint="http://hub.invalid"), env
    )
    done = _load(worker)
    assert done["event"] == "model_ready", done
    assert hub.log and all(e.target.startswith("http://hub.invalid/") for e in hub.log)


def test_offline_with_cached_model_needs_no_network(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    root = tmp_path / "models"
    online = ready_worker(_settings(hub, root))
    path = _load(online)["path"]
    online.close()
    hub.log.clear()
    offline = ready_worker(_settings(None, root, offline=True))
    assert _load(offline) == {"event": "model_ready", "id": "1", "path": path}
    assert hub.log == []


def test_offline_without_model(ready_worker: Callable[..., WorkerProcess], tmp_path: Path) -> None:
    worker = ready_worker(_settings(None, tmp_path / "empty", offline=True))
    err = _load(worker)
    assert (err["event"], err["code"]) == ("error", "offline_model_missing")


def test_local_folder_model_is_used_as_is(
    ready_worker: Callable[..., WorkerProcess], tiny_model_dir: Path, tmp_path: Path
) -> None:
    worker = ready_worker({"model": str(tiny_model_dir), "offline": True})
    assert _load(worker) == {"event": "model_ready", "id": "1", "path": str(tiny_model_dir)}


@pytest.mark.parametrize(
    ("model", "code"),
    [
        ("huge", "model_not_found"),
        ("nobody/no-such-model", "model_not_found"),
        ("/no/such/folder", "model_not_found"),
    ],
)
def test_unknown_models(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path, model: str, code: str
) -> None:
    worker = ready_worker(_settings(hub, tmp_path / "models", model=model))
    err = _load(worker)
    assert (err["event"], err["code"]) == ("error", code), err


def test_unreachable_hub_is_download_failed(
    ready_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    worker = ready_worker(_settings(None, tmp_path / "models", hubEndpoint=DEAD_ENDPOINT))
    err = _load(worker)
    assert (err["event"], err["code"]) == ("error", "download_failed")


def test_free_space_is_checked_before_downloading(hub: FakeHub, tmp_path: Path) -> None:
    asked: list[Path] = []

    def tiny_disk(path: Path) -> int:
        asked.append(path)
        return 10 * MB

    settings = WhisperSettings.model_validate(_settings(hub, tmp_path / "models"))
    fetcher = ModelFetcher(
        settings, progress=lambda *_: None, cancel=threading.Event(), free_bytes=tiny_disk
    )
    with pytest.raises(WorkerError) as info:
        fetcher.fetch()
    assert info.value.code == "disk_full"
    assert "downloadRoot" in info.value.message
    assert asked == [tmp_path / "models"]
    assert not hub.gets("model.bin")


def test_free_space_counts_only_what_is_left_to_fetch(hub: FakeHub, tmp_path: Path) -> None:
    root = tmp_path / "models"
    hub.faults.drop_after = {"model.bin": 70 * MB}
    hub.faults.drops_left = 1
    hub.faults.unavailable_after_drop = 10
    settings = WhisperSettings.model_validate(_settings(hub, root))
    with pytest.raises(WorkerError):
        ModelFetcher(settings, progress=lambda *_: None, cancel=threading.Event()).fetch()
    hub.faults.unavailable_gets = 0
    left = 80 * MB  # model.bin's remaining ~2 MB and the small files fit with the margin
    fetcher = ModelFetcher(
        settings,
        progress=lambda *_: None,
        cancel=threading.Event(),
        free_bytes=lambda _: left + SPACE_MARGIN,
    )
    assert (Path(fetcher.fetch()) / "model.bin").is_file()


def test_tqdm_class_reports_bytes_through_snapshot_download(
    hub: FakeHub, tmp_path: Path, tiny_model_dir: Path
) -> None:
    """The pinned huggingface_hub drives our progress class with byte counts."""
    seen: list[tuple[int, int]] = []
    path = snapshot_download(
        TINY_REPO,
        cache_dir=tmp_path / "cache",
        endpoint=hub.endpoint,
        allow_patterns=["model.bin", "config.json"],
        tqdm_class=make_tqdm_class(lambda d, t: seen.append((d, t)), lambda: None),
    )
    total = sum((tiny_model_dir / n).stat().st_size for n in ("model.bin", "config.json"))
    assert (Path(path) / "model.bin").is_file()
    counts = [d for d, _ in seen]
    assert counts == sorted(counts)
    assert seen[-1] == (total, total)


def test_throttle_passes_first_and_last_and_limits_the_rest() -> None:
    out: list[tuple[str, int, int]] = []
    throttle = Throttle(lambda f, d, t: out.append((f, d, t)), interval=60)
    for done in range(0, 101):
        throttle("a", done, 100)
    throttle("b", 0, 5)
    assert out == [("a", 0, 100), ("a", 100, 100), ("b", 0, 5)]
