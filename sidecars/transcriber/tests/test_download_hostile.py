"""A hostile or merely different model hub, against the real worker process.

The hub chooses ETags, commit ids and file bytes, and can see every request header; mirrors differ
from huggingface.co in small ways. None of that may write outside the download root, put an
unverified file in place, or send the user's own Hugging Face token.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_REPO, WorkerProcess, blobs_dir
from fakehub import FakeHub

pytestmark = pytest.mark.timeout(120)

MB = 1024 * 1024
TOKEN = "hf_userOwnTokenThatMustStayHome0123456789"


def _settings(hub: FakeHub, root: Path) -> dict[str, Any]:
    return {"model": "tiny.en", "downloadRoot": str(root), "hubEndpoint": hub.endpoint}


def _load(worker: WorkerProcess) -> dict[str, Any]:
    worker.write({"id": "1", "op": "load"})
    return worker.until_done("1", 60)


def _files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]


def _storage(root: Path) -> Path:
    return root / f"models--{TINY_REPO.replace('/', '--')}"


@pytest.mark.parametrize("etag", ['"../../../x"', "../../../x", '"' + "a" * 39 + '/"'])
def test_a_traversal_etag_is_refused_before_a_byte_is_written(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path, etag: str
) -> None:
    root = tmp_path / "cache" / "models"
    hub.faults.etag = {"model.bin": etag}
    err = _load(ready_worker(_settings(hub, root)))
    assert (err["event"], err["code"]) == ("error", "download_failed"), err
    assert "ETag" in err["message"] and "Nothing was written" in err["message"]
    assert not hub.gets("model.bin"), "no byte of the file was even requested"
    assert not list((tmp_path / "cache").glob("x*")), "bytes written outside the model folder"
    assert not list(_storage(root).glob("blobs/*"))


@pytest.mark.parametrize("damaged", ["model.bin", "config.json"])  # SHA-256 / git blob id ETags
def test_a_file_that_does_not_match_its_etag_is_deleted(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path, damaged: str
) -> None:
    root = tmp_path / "models"
    hub.faults.corrupt = {damaged}
    worker = ready_worker(_settings(hub, root))
    err = _load(worker)
    assert (err["event"], err["code"]) == ("error", "download_failed"), err
    assert damaged in err["message"] and "deleted" in err["message"]
    assert not worker.of("1", "model_ready")
    served = len(hub.repos[TINY_REPO].files[damaged].data)
    left = [p for p in blobs_dir(root).iterdir() if p.stat().st_size == served]
    assert left == [], "the damaged bytes were kept"
    assert not list(_storage(root).glob("snapshots/*/*"))


def test_a_symlink_planted_in_the_cache_is_not_written_through(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    root = tmp_path / "models"
    outside = tmp_path / "autostart"
    outside.mkdir()
    _storage(root).mkdir(parents=True)
    os.symlink(outside, blobs_dir(root), target_is_directory=True)
    err = _load(ready_worker(_settings(hub, root)))
    assert (err["event"], err["code"]) == ("error", "download_failed"), err
    assert "outside the model folder" in err["message"]
    assert _files_under(outside) == []


def test_a_symlinked_partial_file_is_not_written_through(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    root = tmp_path / "models"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    sha = hub.repos[TINY_REPO].files["model.bin"].sha256
    blobs_dir(root).mkdir(parents=True)
    os.symlink(victim, blobs_dir(root) / f"{sha}.part")
    err = _load(ready_worker(_settings(hub, root)))
    assert (err["event"], err["code"]) == ("error", "download_failed"), err
    assert victim.read_bytes() == b"keep me"


def test_the_users_hugging_face_token_never_reaches_the_mirror(
    ready_worker: Callable[..., WorkerProcess],
    hub: FakeHub,
    tmp_path: Path,
    worker_env: dict[str, str],
) -> None:
    hf_home = Path(worker_env["HF_HOME"])
    hf_home.mkdir(parents=True, exist_ok=True)
    (hf_home / "token").write_text(TOKEN + "-saved")  # as `hf auth login` leaves it
    env = {**worker_env, "HF_TOKEN": TOKEN}
    done = _load(ready_worker(_settings(hub, tmp_path / "models"), env))
    assert done["event"] == "model_ready", done
    assert hub.log
    assert [e for e in hub.log if e.authorization] == []


def test_a_mirror_that_only_answers_the_revision_route(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    hub.faults.revision_route_only = True
    done = _load(ready_worker(_settings(hub, tmp_path / "models")))
    assert done["event"] == "model_ready", done
    assert any("/revision/" in e.path for e in hub.log)


def test_the_library_fetches_nothing_itself_after_the_verified_download(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    done = _load(ready_worker(_settings(hub, tmp_path / "models")))
    assert done["event"] == "model_ready", done
    assert not [e for e in hub.log if "/tree/" in e.path]
    infos = [e for e in hub.log if e.path.startswith("/api/models/")]
    assert len(infos) == 1, [e.path for e in infos]
    for name in hub.repos[TINY_REPO].files:
        assert len(hub.gets(name)) == 1, name


def test_a_mirror_that_ignores_range_restarts_and_says_so(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path
) -> None:
    hub.faults.drop_after = {"model.bin": 5 * MB}
    hub.faults.drops_left = 1
    hub.faults.ignore_range = True
    worker = ready_worker(_settings(hub, tmp_path / "models"))
    assert _load(worker)["event"] == "model_ready"
    assert [g.range for g in hub.gets("model.bin")] == [None, f"bytes={5 * MB}-"]
    restarts = worker.of("1", "download_restarted")
    assert restarts == [
        {"event": "download_restarted", "id": "1", "file": "model.bin", "reason": "range_ignored"}
    ]
    # Progress only goes backwards right after the announcement.
    order = [e for e in worker.events if e.get("file") == "model.bin"]
    at = order.index(restarts[0])
    before = [e["downloadedBytes"] for e in order[:at]]
    after = [e["downloadedBytes"] for e in order[at + 1 :]]
    assert before == sorted(before) and after == sorted(after)
    assert after[0] < 5 * MB <= order[-1]["downloadedBytes"], "counted from 0 again"


@pytest.mark.parametrize(
    "variant",
    ["unquoted_etags", "no_linked_headers", "chunked", "tree_redirect", "git_blob_etag_only"],
)
def test_mirrors_that_differ_from_huggingface_co_work(
    ready_worker: Callable[..., WorkerProcess],
    hub: FakeHub,
    tmp_path: Path,
    tiny_model_dir: Path,
    variant: str,
) -> None:
    faults = hub.faults
    if variant == "unquoted_etags":
        faults.unquoted_etags = True
    elif variant == "no_linked_headers":
        faults.linked_headers = False
    elif variant == "chunked":
        faults.chunked = True
    elif variant == "tree_redirect":
        faults.tree_redirect = True
    else:  # every file, the LFS one too, named by its git blob id
        oid = hub.repos[TINY_REPO].files["model.bin"].git_oid
        faults.etag = {"model.bin": f'"{oid}"'}
    done = _load(ready_worker(_settings(hub, tmp_path / "models")))
    assert done["event"] == "model_ready", done
    got = (Path(done["path"]) / "model.bin").read_bytes()
    assert got == (tiny_model_dir / "model.bin").read_bytes()


def test_a_damaged_blob_already_in_the_cache_is_replaced_before_it_is_linked(
    ready_worker: Callable[..., WorkerProcess], hub: FakeHub, tmp_path: Path, tiny_model_dir: Path
) -> None:
    root = tmp_path / "models"
    good = (tiny_model_dir / "model.bin").read_bytes()
    sha = hub.repos[TINY_REPO].files["model.bin"].sha256
    blobs_dir(root).mkdir(parents=True)
    (blobs_dir(root) / sha).write_bytes(b"\0" * len(good))  # right name and size, wrong bytes
    done = _load(ready_worker(_settings(hub, root)))
    assert done["event"] == "model_ready", done
    assert (Path(done["path"]) / "model.bin").read_bytes() == good
    assert len(hub.gets("model.bin")) == 1
