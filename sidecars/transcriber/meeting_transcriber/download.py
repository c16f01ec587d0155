"""Find or fetch the CTranslate2 Whisper model that faster-whisper needs.

huggingface_hub 2.4 writes each download to a process-unique temporary file and deletes it when
the download fails, so an interrupted download would restart at 0 in the next run. The bytes of
missing blobs are therefore fetched here into `blobs/<etag>.part` (kept across runs, resumed
with `Range`), verified, and renamed to `blobs/<etag>` only when complete. The snapshot is then
linked here too, the way huggingface_hub links it, so the cache stays a normal Hugging Face cache
that offline mode and other tools understand; snapshot_download only finds it (local files only).

The hub is not trusted (hub_guard.py): an ETag becomes a file name only when it is a 40- or
64-hex hash, every written path must stay inside the download root without passing a link, every
file is checked against its ETag, and the user's own Hugging Face token is never sent.
"""

import contextlib
import errno
import logging
import os
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
from huggingface_hub.file_download import _cache_commit_hash_for_specific_revision, _create_symlink
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._paths import filter_repo_objects

from meeting_transcriber import __version__
from meeting_transcriber.errors import Cancelled, WorkerError
from meeting_transcriber.hub_guard import (
    Confinement,
    checked_commit,
    checked_etag,
    file_matches,
    is_plain_name,
)
from meeting_transcriber.progress import ProgressCallback
from meeting_transcriber.settings import WhisperSettings

log = logging.getLogger(__name__)

# The user's own Hugging Face token (HF_TOKEN, or `hf auth login`) is for huggingface.co, never for
# whatever hubEndpoint says: every call below passes token=False, and this covers any call that
# forgets to.
constants.HF_HUB_DISABLE_IMPLICIT_TOKEN = True
REVISION = "main"

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

DiskFree = Callable[[Path], int]
# (file, reason): the server ignored `Range`, so the file's bytes start again from 0.
RestartCallback = Callable[[str, str], None]


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
        restarted: RestartCallback = lambda file, reason: None,
    ) -> None:
        self.settings = settings
        self.progress = progress
        self.restarted = restarted
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
        api = HfApi(endpoint=self.endpoint, library_name="meeting-transcriber", token=False)
        try:
            # The revision route, as snapshot_download asks: self-hosted mirrors answer the bare
            # /api/models/{repo} route with 401 for their local repositories.
            info = api.model_info(repo_id, revision=REVISION, token=False)
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
        commit = checked_commit(info.sha, repo_id)
        listed = [s.rfilename for s in info.siblings or []]
        names = [
            n
            for n in filter_repo_objects(items=listed, allow_patterns=MODEL_FILE_PATTERNS)
            if is_plain_name(n)  # `vocabulary.*` also matches `vocabulary.x/../../y`
        ]
        if "model.bin" not in names:
            raise WorkerError("model_not_found", f"{repo_id} has no CTranslate2 model.bin")
        guard = Confinement(self.cache_dir)
        storage = self.cache_dir / f"models--{repo_id.replace('/', '--')}"
        linked, pending = self._plan(guard, storage, repo_id, commit, names)
        self._check_space(pending)
        for item in pending:
            self._fetch_blob(guard, item)
            linked[item.name] = item.blob
        self._link_snapshot(guard, storage, commit, linked)
        # Only finds the snapshot linked above: the library fetches nothing itself.
        path = snapshot_download(
            repo_id,
            cache_dir=self.cache_dir,
            allow_patterns=MODEL_FILE_PATTERNS,
            local_files_only=True,
            token=False,
        )
        if not _links_inside(guard, Path(path) / "model.bin"):
            raise WorkerError("download_failed", f"{path} has no verified model.bin")
        return path

    def _plan(
        self, guard: Confinement, storage: Path, repo_id: str, commit: str, names: list[str]
    ) -> tuple[dict[str, Path | None], list[_Pending]]:
        """Each file already here (blob; None if its snapshot link is in place), and the rest."""
        linked: dict[str, Path | None] = {}
        pending = []
        for name in names:
            self.check_cancel()
            pointer = storage / "snapshots" / commit / name
            if _links_inside(guard, pointer):
                size = pointer.stat().st_size
                self.progress(name, size, size)
                linked[name] = None
                continue
            url = hf_hub_url(repo_id, name, revision=commit, endpoint=self.endpoint)
            meta = get_hf_file_metadata(url, token=False, endpoint=self.endpoint)
            etag = checked_etag(meta.etag, name)  # before the ETag names any path
            item = _Pending(name, url, meta.size, etag, storage / "blobs" / etag)
            guard.check(item.blob)
            guard.check(item.part)
            if self._blob_in_place(guard, item):
                size = item.blob.stat().st_size
                self.progress(name, size, size)
                linked[name] = item.blob
                continue
            self.progress(name, item.have(), meta.size or 0)
            pending.append(item)
        return linked, pending

    def _blob_in_place(self, guard: Confinement, item: _Pending) -> bool:
        """A blob already in the cache (another tool's, or left before a crash) is linked only
        after the same check as a fresh download; a blob that fails it is deleted and fetched."""
        if not guard.is_regular_file(item.blob):
            return False
        size_ok = item.size is None or item.blob.stat().st_size == item.size
        if size_ok and file_matches(item.blob, item.etag, self.check_cancel):
            return True
        log.warning("%s: the cached %s does not match; fetching it again", item.name, item.blob)
        item.blob.unlink()
        return False

    def _link_snapshot(
        self, guard: Confinement, storage: Path, commit: str, linked: dict[str, Path | None]
    ) -> None:
        """snapshots/<commit>/<name> -> blobs/<etag>, and refs/main, as huggingface_hub does."""
        folder = guard.mkdir(storage / "snapshots" / commit)
        for name, blob in linked.items():
            if blob is None:
                continue
            pointer = guard.check(folder / name)
            _create_symlink(str(blob), str(pointer), new_blob=False)
            guard.check(pointer)
        guard.mkdir(storage / "refs")
        guard.check(storage / "refs" / REVISION)
        _cache_commit_hash_for_specific_revision(str(storage), REVISION, commit)

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

    def _fetch_blob(self, guard: Confinement, item: _Pending) -> None:
        guard.mkdir(item.blob.parent)
        # huggingface_hub's own lock for this blob: a second app instance (or the library itself)
        # waits instead of writing the same file.
        storage = item.blob.parent.parent
        lock_path = self.cache_dir / ".locks" / storage.name / f"{item.etag}.lock"
        guard.mkdir(lock_path.parent)
        guard.check(lock_path)
        lock = FileLock(lock_path)
        while True:
            try:
                lock.acquire(timeout=0.5)
                break
            except Timeout:
                self.check_cancel()
        try:
            if not guard.is_regular_file(item.blob):
                self._fetch_blob_locked(guard, item)
        finally:
            lock.release()

    def _fetch_blob_locked(self, guard: Confinement, item: _Pending) -> None:
        for attempt in range(RETRIES + 1):
            try:
                self._stream(guard, item)
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
        if not file_matches(item.part, item.etag, self.check_cancel):
            item.part.unlink(missing_ok=True)
            kind = "SHA-256" if len(item.etag) == 64 else "git blob id"
            raise WorkerError(
                "download_failed",
                f"{item.name} does not match its {kind} {item.etag}, so it was deleted. Load the "
                "model again; if it fails again, the server is sending a damaged file.",
            )
        guard.check(item.blob)
        os.replace(item.part, item.blob)

    def _stream(self, guard: Confinement, item: _Pending) -> None:
        have = item.have()
        if item.size is not None and have >= item.size:
            if have > item.size:
                item.part.unlink()
            else:
                return
            have = 0
        headers = build_hf_headers(
            token=False, library_name="meeting-transcriber", library_version=__version__
        )
        headers["Accept-Encoding"] = "identity"
        if have:
            headers["Range"] = f"bytes={have}-"
        timeout = httpx2.Timeout(constants.HF_HUB_DOWNLOAD_TIMEOUT, read=60.0)
        with get_session().stream("GET", item.url, headers=headers, timeout=timeout) as response:
            if response.status_code == 416:
                item.part.unlink(missing_ok=True)  # our partial is not a prefix of the blob
                raise httpx2.RemoteProtocolError("range not satisfiable; restarting")
            hf_raise_for_status(response)
            if response.status_code != 206 and have:
                # The server ignored Range and sent the whole file: start over, and say why.
                log.warning("%s: the server ignored Range; starting over from 0", item.name)
                self.restarted(item.name, "range_ignored")
                have = 0
            total = item.size or have + int(response.headers.get("Content-Length") or 0)
            finished = threading.Event()
            threading.Thread(
                target=self._abort_on_cancel, args=(response, finished), daemon=True
            ).start()
            try:
                fd = guard.open_for_write(item.part, append=bool(have))
                with os.fdopen(fd, "ab" if have else "wb") as out:
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


def _links_inside(guard: Confinement, pointer: Path) -> bool:
    """A snapshot entry (a link to a blob, or a copy where links are unavailable) in the root."""
    if not pointer.exists():
        return False
    return pointer.resolve().is_relative_to(guard.real_root) and pointer.resolve().is_file()


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.0f} MB" if n < 10**10 else f"{n / 1e9:,.1f} GB"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
