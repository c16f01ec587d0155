"""A local stand-in for the Hugging Face Hub: the endpoints huggingface_hub 2.4 calls.

- GET  /api/models/{repo}[/revision/{rev}]     model info (sha, siblings)
- GET  /api/models/{repo}/tree/{rev}[/{path}]  file listing (snapshot_download caches it)
- HEAD /{repo}/resolve/{rev}/{file}            ETag, X-Repo-Commit, Content-Length
- GET  /{repo}/resolve/{rev}/{file}            the bytes, with `Range: bytes=N-` support

Headers as huggingface.co sends them: a LFS file's ETag is its SHA-256 (also in X-Linked-Etag),
any other file's ETag is its git blob id.

Faults for tests: drop the connection after N bytes of a file (for the next K GETs), answer
503 to the next K GETs, and a byte rate limit so that a test can act mid-download.
Hostile or different mirrors: any ETag header for a file, damaged bytes, Range ignored, the
bare model-info route answered with 401, unquoted ETags, no X-Linked-* headers, chunked GETs
without Content-Length, a 307 on the tree listing. Every request's Authorization is recorded.
Run as a script (`python fakehub.py MODEL_DIR`) it serves that folder as one repo and prints
`{"endpoint": ..., "repo": ...}`; it stops at EOF on stdin (used by tests/bench/transcriber.ts).
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass
class FakeFile:
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def git_oid(self) -> str:
        return hashlib.sha1(b"blob %d\0" % len(self.data) + self.data).hexdigest()  # noqa: S324


@dataclass
class FakeRepo:
    files: dict[str, FakeFile]
    commit: str = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class Logged:
    method: str
    path: str
    range: str | None
    target: str  # the request target as sent: absolute-form when it came through a proxy
    authorization: str | None = None


@dataclass
class Faults:
    drop_after: dict[str, int] = field(default_factory=dict)  # file -> bytes sent before a drop
    drops_left: int = 0
    unavailable_gets: int = 0  # answer 503 to this many file GETs
    unavailable_after_drop: int = 0  # after a drop, answer 503 to this many file GETs
    bytes_per_second: float | None = None
    etag: dict[str, str] = field(default_factory=dict)  # file -> ETag header sent as is
    corrupt: set[str] = field(default_factory=set)  # files whose GET bytes are damaged
    ignore_range: bool = False  # answer 200 with the whole file to a Range request
    revision_route_only: bool = False  # 401 on /api/models/{repo}, as self-hosted mirrors do
    unquoted_etags: bool = False
    linked_headers: bool = True  # X-Linked-Etag / X-Linked-Size on LFS files
    chunked: bool = False  # GET bodies chunked, without Content-Length
    tree_redirect: bool = False  # 307 from the tree listing to the same listing


class FakeHub:
    def __init__(self) -> None:
        self.repos: dict[str, FakeRepo] = {}
        self.log: list[Logged] = []
        self.faults = Faults()
        self._lock = threading.Lock()
        hub = self

        class Handler(_Handler):
            pass

        Handler.hub = hub
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add_repo(self, repo_id: str, files: dict[str, bytes]) -> FakeRepo:
        repo = FakeRepo({name: FakeFile(data) for name, data in files.items()})
        self.repos[repo_id] = repo
        return repo

    def add_folder(self, repo_id: str, folder: Path) -> FakeRepo:
        return self.add_repo(
            repo_id, {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
        )

    def gets(self, file: str) -> list[Logged]:
        with self._lock:
            return [e for e in self.log if e.method == "GET" and e.path.endswith("/" + file)]

    def record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)

    def start(self) -> FakeHub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_INFO = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)(?:/revision/(?P<rev>[^/]+))?$")
_TREE = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)/tree/(?P<rev>[^/]+)(?:/(?P<sub>.*))?$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hub: FakeHub

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._dispatch(head=True)

    def do_GET(self) -> None:
        self._dispatch(head=False)

    def _dispatch(self, *, head: bool) -> None:
        split = urlsplit(self.path)
        path = unquote(split.path)
        auth = self.headers.get("Authorization")
        self.hub.record(Logged(self.command, path, self.headers.get("Range"), self.path, auth))
        faults = self.hub.faults
        if m := _TREE.match(path):
            repo = self._repo(m["repo"])
            if repo and faults.tree_redirect and "moved=1" not in split.query:
                sep = "&" if split.query else "?"
                self._send(307, b"", {"Location": f"{self.path}{sep}moved=1"})
            elif repo:
                self._json([_tree_entry(n, f) for n, f in repo.files.items()])
        elif (m := _INFO.match(path)) and faults.revision_route_only and not m["rev"]:
            self._send(401, b'{"error":"Invalid credentials in Authorization header"}')
        elif m := _INFO.match(path):
            repo = self._repo(m["repo"])
            if repo:
                siblings = [{"rfilename": n} for n in repo.files]
                self._json({"id": m["repo"], "sha": repo.commit, "siblings": siblings})
        elif m := _RESOLVE.match(path):
            repo = self._repo(m["repo"])
            if repo:
                self._file(repo, m["file"], head=head)
        else:
            self._send(404, b"not found")

    def _repo(self, repo_id: str) -> FakeRepo | None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._send(404, b'{"error":"Repository not found"}', {"X-Error-Code": "RepoNotFound"})
        return repo

    def _file(self, repo: FakeRepo, name: str, *, head: bool) -> None:
        f = repo.files.get(name)
        common = {"X-Repo-Commit": repo.commit}
        if f is None:
            self._send(404, b"entry not found", {**common, "X-Error-Code": "EntryNotFound"})
            return
        faults = self.hub.faults
        lfs = name.endswith(".bin")
        etag = f.sha256 if lfs else f.git_oid
        quote = "" if faults.unquoted_etags else '"'
        headers = {**common, "ETag": f"{quote}{etag}{quote}", "Accept-Ranges": "bytes"}
        if lfs and faults.linked_headers:
            headers.update({"X-Linked-Etag": headers["ETag"], "X-Linked-Size": str(len(f.data))})
        if name in faults.etag:
            headers["ETag"] = faults.etag[name]
            headers.pop("X-Linked-Etag", None)
        if head:
            self._send(200, b"", {**headers, "Content-Length": str(len(f.data))}, body=False)
            return
        if faults.unavailable_gets > 0:
            faults.unavailable_gets -= 1
            self._send(503, b"try later")
            return
        data = f.data
        if name in faults.corrupt:
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
        start = 0
        status = 200
        if (rng := self.headers.get("Range")) and not faults.ignore_range:
            m = re.fullmatch(r"bytes=(\d+)-", rng.strip())
            if not m or int(m[1]) >= len(f.data):
                self._send(416, b"", {"Content-Range": f"bytes */{len(f.data)}"})
                return
            start, status = int(m[1]), 206
            headers["Content-Range"] = f"bytes {start}-{len(f.data) - 1}/{len(f.data)}"
        body = data[start:]
        self.send_response(status)
        length = (
            {"Transfer-Encoding": "chunked"}
            if faults.chunked
            else {"Content-Length": str(len(body))}
        )
        for k, v in {**headers, **length}.items():
            self.send_header(k, v)
        self.end_headers()
        drop_at = None
        if faults.drops_left > 0 and name in faults.drop_after:
            faults.drops_left -= 1
            drop_at = max(faults.drop_after[name] - start, 0)
            faults.unavailable_gets += faults.unavailable_after_drop
        self._stream(body, drop_at, faults.bytes_per_second, chunked=faults.chunked)

    def _stream(
        self, body: bytes, drop_at: int | None, rate: float | None, *, chunked: bool = False
    ) -> None:
        sent, step = 0, 64 * 1024
        began = time.monotonic()
        try:
            while sent < len(body):
                end = min(sent + step, len(body), drop_at if drop_at is not None else len(body))
                if end <= sent:
                    break
                piece = body[sent:end]
                self.wfile.write(b"%x\r\n%b\r\n" % (len(piece), piece) if chunked else piece)
                sent = end
                if rate:
                    ahead = sent / rate - (time.monotonic() - began)
                    if ahead > 0:
                        time.sleep(ahead)
            if chunked and sent == len(body):
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if drop_at is not None and sent < len(body):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    def _json(self, payload: Any) -> None:
        self._send(200, json.dumps(payload).encode(), {"Content-Type": "application/json"})

    def _send(
        self, status: int, data: bytes, headers: dict[str, str] | None = None, *, body: bool = True
    ) -> None:
        self.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(data)


def _tree_entry(name: str, f: FakeFile) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": "file", "oid": f.git_oid, "size": len(f.data), "path": name}
    if name.endswith(".bin"):
        entry["lfs"] = {"oid": f.sha256, "size": len(f.data), "pointerSize": 134}
    return entry


def main() -> None:
    folder = Path(sys.argv[1])
    repo_id = sys.argv[2] if len(sys.argv) > 2 else "bench/faster-whisper-fixture"
    hub = FakeHub().start()
    hub.add_folder(repo_id, folder)
    print(json.dumps({"endpoint": hub.endpoint, "repo": repo_id}), flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin
    hub.stop()


if __name__ == "__main__":
    main()
