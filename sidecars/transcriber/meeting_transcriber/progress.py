"""Byte progress: a throttle per file, and a tqdm class for huggingface_hub's `tqdm_class`."""

import threading
import time
from collections.abc import Callable
from typing import Any

from tqdm.auto import tqdm

# (file, downloaded_bytes, total_bytes)
ProgressCallback = Callable[[str, int, int], None]


class Throttle:
    """Pass at most one update per file every `interval` seconds, but always the first and last."""

    def __init__(self, sink: ProgressCallback, interval: float = 0.1) -> None:
        self._sink = sink
        self._interval = interval
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def __call__(self, file: str, done: int, total: int, *, force: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            last = self._last.get(file)
            if not force and last is not None and done < total and now - last < self._interval:
                return
            self._last[file] = now
        self._sink(file, done, total)


def make_tqdm_class(
    on_bytes: Callable[[int, int], None], check_cancel: Callable[[], None]
) -> type[tqdm]:
    """A silent tqdm that forwards byte counts and raises from `update` when cancelled.

    huggingface_hub 2.4's snapshot_download instantiates the class for two aggregated byte bars
    and a file-count bar. Only the "Reconstructing" bar is forwarded: its total is the sum of the
    file sizes and it counts bytes written, while the transfer bar's total is a moving guess.
    """

    class _Progress(tqdm):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.pop("name", None)
            self._forward = kwargs.get("unit") == "B" and str(kwargs.get("desc", "")).startswith(
                "Reconstructing"
            )
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)
            self._done = int(kwargs.get("initial") or 0)

        def update(self, n: float | None = 1) -> bool | None:
            check_cancel()
            self._done += int(n or 0)
            self.n = self._done
            if self._forward:
                on_bytes(self._done, int(self.total or 0))
            return None

    return _Progress
