"""Find or fetch the CTranslate2 Whisper model that faster-whisper needs.

huggingface_hub 2.4 writes each download to a process-unique temporary file and deletes it when
the download fails, so an interrupted download would restart at 0 in the next run. The bytes of
missing blobs are therefore fetched here into `blobs/<etag>.part` (kept across runs, resumed
with `Range`), checked, and renamed to `blobs/<etag>` only when complete. snapshot_download then
links the snapshot exactly as it would after its own download, so the cache stays a normal
Hugging Face cache that offline mode and other tools understand.
"""

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx2
from filelock import FileLock, Timeout
from huggingface_hub import (
    HfApi,
    constants,
    get_hf_file_metadata,
    get_session,
    hf_hub_url,
    hf_raise_for_status,
    snapshot_download,
)
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    LocalEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._paths import filter_repo_objects

from meeting_transcriber import __version__
from meeting_transcriber.errors import Cancelled, WorkerError
from meeting_transcriber.progress import ProgressCallback, make_tqdm_class
from meeting_transcriber.settings import WhisperSettings

log = logging.getLogger(__name__)

# The same files as faster_whisper.utils.download_model.
MODEL_FILE_PATTERNS = [
    "config.json",
    "preprocessor_config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.*",
]
# Size names, as in faster_whisper.utils._MODELS (kept here so that a faster-whisper upgrade
# cannot silently change which repository a user's "small" means).
SIZE_TO_REPO = {
    "tiny.en": "Systran/faster-whisper-tiny.en",
    "tiny": "Systran/faster-whisper-tiny",
    "base.en": "Systran/faster-whisper-base.en",
    "base": "Systran/faster-whisper-base",
    "small.en": "Systran/faster-whisper-small.en",
    "small": "Systran/faster-whisper-small",
    "medium.en": "Systran/faster-whisper-medium.en",
    "medium": "Systran/faster-whisper-medium",
    "large-v1": "Systran/faster-whisper-large-v1",
    "large-v2": "Systran/faster-whisper-large-v2",
    "large-v3": "Systran/faster-whisper-large-v3",
    "large": "Systran/faster-whisper-large-v3",
    "distil-small.en": "Systran/faster-distil-whisper-small.en",
    "distil-medium.en": "Systran/faster-distil-whisper-medium.en",
    "distil-large-v2": "Systran/faster-distil-whisper-large-v2",
    "distil-large-v3": "Systran/faster-distil-whisper-large-v3",
    "large-v3-turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
    "turbo": "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
}

SPACE_MARGIN = 64 * 1024 * 1024
RETRIES = 3
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

DiskFree = Callable[[Path], int]


def disk_free(path: Path) -> int:
    """Free bytes on the drive that holds `path` (or its nearest existing parent)."""
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    return shutil.disk_usage(probe).free


@dataclass
class _Pending:
    name: str
    url: str
    size: int | None
    etag: str
    blob: Path

    @property
    def part(self) -> Path:
        return self.blob.with_name(self.blob.name + ".part")

    def have(self) -> int:
        return self.part.stat().st_size if self.part.exists() else 0


class ModelFetcher:
    def __init__(
        self,
        settings: WhisperSettings,
        *,
        progress: ProgressCallback,
        cancel: threading.Event,
        free_bytes: DiskFree = disk_free,
    ) -> None:
        self.settings = settings
        self.progress = progress
        self.cancel = cancel
        self.free_bytes = free_bytes
        self.endpoint = settings.hub_endpoint or None  # None: HF_ENDPOINT or huggingface.co
        root = settings.download_root.strip()
        self.cache_dir = Path(root).expanduser() if root else Path(constants.HF_HUB_CACHE)

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("The model download was cancelled; the next load resumes it.")

    def fetch(self) -> str:
        """Return the folder of a complete model, downloading it if needed."""
        model = self.settings.model.strip()
        local = _local_folder(model)
        if local is not None:
            return local
        repo_id = SIZE_TO_REPO.get(model, model)
        if repo_id.count("/") != 1:
            sizes = ", ".join(SIZE_TO_REPO)
            raise WorkerError(
                "model_not_found",
                f"'{model}' is not a model size ({sizes}), a Hugging Face repo id "
                "(owner/name) or an existing folder.",
            )
        try:
            if self.settings.offline:
                return self._cached(repo_id)
            return self._download(repo_id)
        except WorkerError:
            raise
        except (RepositoryNotFoundError, RevisionNotFoundError, EntryNotFoundError) as exc:
            raise WorkerError("model_not_found", f"{repo_id}: {_first_line(exc)}") from exc
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise WorkerError("disk_full", f"The disk is full: {exc}") from exc
            raise WorkerError("download_failed", f"{repo_id}: {_first_line(exc)}") from exc
        except httpx2.HTTPError as exc:
            raise WorkerError("download_failed", f"{repo_id}: {_first_line(exc)}") from exc

    def _cached(self, repo_id: str) -> str:
        try:
            path = snapshot_download(
                repo_id,
                cache_dir=self.cache_dir,
                allow_patterns=MODEL_FILE_PATTERNS,
                local_files_only=True,
            )
        except LocalEntryNotFoundError as exc:
            raise WorkerError(
                "offline_model_missing",
                f"Offline mode is on and {repo_id} is not complete in {self.cache_dir}. Copy a "
                "model folder in and set whisper.model to its path, or turn offline mode off.",
            ) from exc
        if not (Path(path) / "model.bin").is_file():
            raise WorkerError("offline_model_missing", f"{path} has no model.bin")
        return path

    def _download(self, repo_id: str) -> str:
        api = HfApi(endpoint=self.endpoint, library_name="meeting-transcriber")
        try:
            info = api.model_info(repo_id)
        except (httpx2.TransportError, OSError) as exc:
            if isinstance(exc, RepositoryNotFoundError | RevisionNotFoundError):
                raise
            if isinstance(exc, HfHubHTTPError) and exc.response.status_code == 404:
                raise WorkerError("model_not_found", f"{repo_id}: {_first_line(exc)}") from exc
            log.warning("hub unreachable (%s); trying the local cache", _first_line(exc))
            try:
                return self._cached(repo_id)
            except WorkerError:
                raise WorkerError(
                    "download_failed",
                    f"Could not reach {api.endpoint} to download {repo_id}: {_first_line(exc)}",
                ) from exc
        commit = info.sha or "main"
        names = list(
            filter_repo_objects(
                items=[s.rfilename for s in info.siblings or []],
                allow_patterns=MODEL_FILE_PATTERNS,
            )
        )
        if "model.bin" not in names:
            raise WorkerError("model_not_found", f"{repo_id} has no CTranslate2 model.bin")
        pending = self._plan(repo_id, commit, names)
        self._check_space(pending)
        for item in pending:
            self._fetch_blob(item)
        # Links the snapshot to the blobs fetched above; downloads anything still missing itself.
        path = snapshot_download(
            repo_id,
            cache_dir=self.cache_dir,
            endpoint=self.endpoint,
            allow_patterns=MODEL_FILE_PATTERNS,
            tqdm_class=make_tqdm_class(
                lambda done, total: self.progress("*", done, total), self.check_cancel
            ),
            max_workers=1,
        )
        return path

    def _plan(self, repo_id: str, commit: str, names: list[str]) -> list[_Pending]:
        storage = self.cache_dir / f"models--{repo_id.replace('/', '--')}"
        pending = []
        for name in names:
            self.check_cancel()
            pointer = storage / "snapshots" / commit / name
            if pointer.exists():
                size = pointer.stat().st_size
                self.progress(name, size, size)
                continue
            url = hf_hub_url(repo_id, name, revision=commit, endpoint=self.endpoint)
            meta = get_hf_file_metadata(url, endpoint=self.endpoint)
            if meta.etag is None:
                raise WorkerError("download_failed", f"{url} sent no ETag")
            item = _Pending(name, url, meta.size, meta.etag, storage / "blobs" / meta.etag)
            if item.blob.exists():
                size = item.blob.stat().st_size
                self.progress(name, size, size)
                continue
            self.progress(name, item.have(), meta.size or 0)
            pending.append(item)
        return pending

    def _check_space(self, pending: list[_Pending]) -> None:
        need = sum(max((p.size or 0) - p.have(), 0) for p in pending)
        if not need:
            return
        free = self.free_bytes(self.cache_dir)
        if need + SPACE_MARGIN > free:
            raise WorkerError(
                "disk_full",
                f"The model needs {_mb(need + SPACE_MARGIN)} free in {self.cache_dir}, but only "
                f"{_mb(free)} is free. Free some space or set whisper.downloadRoot to another "
                "drive.",
            )

    def _fetch_blob(self, item: _Pending) -> None:
        item.blob.parent.mkdir(parents=True, exist_ok=True)
        # huggingface_hub's own lock for this blob: a second app instance (or the library itself)
        # waits instead of writing the same file.
        storage = item.blob.parent.parent
        lock_path = self.cache_dir / ".locks" / storage.name / f"{item.etag}.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path)
        while True:
            try:
                lock.acquire(timeout=0.5)
                break
            except Timeout:
                self.check_cancel()
        try:
            if not item.blob.exists():
                self._fetch_blob_locked(item)
        finally:
            lock.release()

    def _fetch_blob_locked(self, item: _Pending) -> None:
        for attempt in range(RETRIES + 1):
            try:
                self._stream(item)
                break
            except (httpx2.TransportError, OSError) as exc:
                if isinstance(exc, HfHubHTTPError) or attempt == RETRIES:
                    raise
                if getattr(exc, "errno", None) == errno.ENOSPC:
                    raise
                log.warning("%s: %s; resuming", item.name, _first_line(exc))
                if self.cancel.wait(0.5 * (attempt + 1)):
                    self.check_cancel()
        have = item.have()
        if item.size is not None and have != item.size:
            raise WorkerError(
                "download_failed",
                f"{item.name}: got {have} of {item.size} bytes; the next load resumes it.",
            )
        if _SHA256.match(item.etag) and _sha256(item.part, self.check_cancel) != item.etag:
            item.part.unlink(missing_ok=True)
            raise WorkerError("download_failed", f"{item.name}: checksum mismatch; discarded.")
        os.replace(item.part, item.blob)

    def _stream(self, item: _Pending) -> None:
        have = item.have()
        if item.size is not None and have >= item.size:
            if have > item.size:
                item.part.unlink()
            else:
                return
            have = 0
        headers = build_hf_headers(library_name="meeting-transcriber", library_version=__version__)
        headers["Accept-Encoding"] = "identity"
        if have:
            headers["Range"] = f"bytes={have}-"
        timeout = httpx2.Timeout(constants.HF_HUB_DOWNLOAD_TIMEOUT, read=60.0)
        with get_session().stream("GET", item.url, headers=headers, timeout=timeout) as response:
            if response.status_code == 416:
                item.part.unlink(missing_ok=True)  # our partial is not a prefix of the blob
                raise httpx2.RemoteProtocolError("range not satisfiable; restarting")
            hf_raise_for_status(response)
            if response.status_code != 206:
                have = 0  # the server ignored Range: start over
            total = item.size or have + int(response.headers.get("Content-Length") or 0)
            finished = threading.Event()
            threading.Thread(
                target=self._abort_on_cancel, args=(response, finished), daemon=True
            ).start()
            try:
                with item.part.open("ab" if have else "wb") as out:
                    for chunk in response.iter_bytes():  # as it arrives: progress at any speed
                        self.check_cancel()
                        out.write(chunk)
                        have += len(chunk)
                        self.progress(item.name, have, max(total, have))
                    out.flush()
                    os.fsync(out.fileno())
            except Exception:
                self.check_cancel()  # a read broken by _abort_on_cancel is a cancel
                raise
            finally:
                finished.set()

    def _abort_on_cancel(self, response: httpx2.Response, finished: threading.Event) -> None:
        """Cancel must not wait for a stalled server: shut the socket to wake the blocked read."""
        while not finished.is_set():
            if self.cancel.wait(0.2):
                stream = response.extensions.get("network_stream")
                sock = stream.get_extra_info("socket") if stream is not None else None
                if isinstance(sock, socket.socket):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
                return


def _local_folder(model: str) -> str | None:
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise WorkerError("model_not_found", f"{path} has no model.bin (CTranslate2 format)")
        return str(path.resolve())
    if path.is_absolute() or model.startswith((".", "~")) or "\\" in model:
        raise WorkerError("model_not_found", f"The model folder {path} does not exist")
    return None


def _sha256(path: Path, check_cancel: Callable[[], None]) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(4 * 1024 * 1024):
            check_cancel()
            digest.update(block)
    return digest.hexdigest()


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.0f} MB" if n < 10**10 else f"{n / 1e9:,.1f} GB"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
