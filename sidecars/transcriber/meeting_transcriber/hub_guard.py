"""What the downloader takes from a model hub, checked before it touches the disk.

A mirror (or anyone in the middle of an http:// mirror) chooses the ETag, the commit id and the
file names, and the Hugging Face cache turns all three into paths. So each is accepted only in
the shape the real hub uses, every path written is resolved and must stay inside the download
root, and a link in the cache is never followed for writing.
"""

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from meeting_transcriber.errors import WorkerError

_ETAG = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def checked_etag(raw: str | None, name: str) -> str:
    """The ETag as a blob name: a git blob id (40 hex) or a SHA-256 (64 hex), else refused."""
    etag = (raw or "").strip()
    if etag.startswith("W/"):
        etag = etag[2:]
    etag = etag.strip('"').lower()
    if not _ETAG.match(etag):
        shown = (raw or "")[:80]
        raise WorkerError(
            "download_failed",
            f"The model server sent an unusable ETag {shown!r} for {name}; it must be a 40- or "
            "64-character hex hash. Nothing was written. Check whisper.hubEndpoint.",
        )
    return etag


def checked_commit(raw: str | None, repo_id: str) -> str:
    commit = (raw or "").strip().lower()
    if not _COMMIT.match(commit):
        raise WorkerError(
            "download_failed",
            f"The model server sent no valid commit id for {repo_id} (got {str(raw)[:80]!r}). "
            "Nothing was written. Check whisper.hubEndpoint.",
        )
    return commit


def is_plain_name(name: str) -> bool:
    """A file at the top of the repository: no folder, no `..`, no drive or device name."""
    return bool(_NAME.match(name)) and ".." not in name


class Confinement:
    """Every path this download writes resolves inside `root`."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.real_root = root.resolve()

    def check(self, path: Path) -> Path:
        """`path`, after checking that neither it nor a folder on the way leads out by a link."""
        real = path.resolve()
        if not real.is_relative_to(self.real_root):
            raise WorkerError(
                "download_failed",
                f"{path} leads outside the model folder {self.root} (through a link), so nothing "
                "was written there. Remove the link, or set whisper.downloadRoot to another "
                "folder.",
            )
        return path

    def mkdir(self, folder: Path) -> Path:
        self.check(folder)
        folder.mkdir(parents=True, exist_ok=True)
        return self.check(folder)

    def open_for_write(self, path: Path, *, append: bool) -> int:
        """A file descriptor for `path` that never follows a link at its last component."""
        self.check(path.parent)
        if path.is_symlink():
            raise WorkerError(
                "download_failed",
                f"{path} is a link, so the download does not write through it. Remove it and "
                "load the model again.",
            )
        self.check(path)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
        flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        return os.open(path, flags, 0o644)

    def is_regular_file(self, path: Path) -> bool:
        """A real file inside the root (not a link, and no folder on the way leads out)."""
        if path.is_symlink() or not path.is_file():
            return False
        return path.resolve().is_relative_to(self.real_root)


def file_matches(path: Path, etag: str, check_cancel: Callable[[], None]) -> bool:
    """A SHA-256 ETag against the file's SHA-256, a 40-hex one against its git blob id."""
    size = path.stat().st_size
    digest = hashlib.sha256() if len(etag) == 64 else hashlib.sha1(usedforsecurity=False)
    if len(etag) == 40:
        digest.update(b"blob %d\0" % size)
    with path.open("rb") as f:
        while block := f.read(4 * 1024 * 1024):
            check_cancel()
            digest.update(block)
    return digest.hexdigest() == etag
