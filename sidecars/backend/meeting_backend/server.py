"""uvicorn's Server, adapted to the sidecar protocol."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable, Generator

import uvicorn


class SidecarServer(uvicorn.Server):
    """Announces itself once it serves, and leaves signal handling to the lifecycle module.

    uvicorn would install its own SIGINT/SIGTERM handlers and re-raise the signal after shutdown,
    which turns a graceful stop into death by signal; ours records the reason and exits 0.
    """

    def __init__(
        self,
        config: uvicorn.Config,
        on_loop: Callable[[asyncio.AbstractEventLoop], None],
        on_started: Callable[[], None],
    ) -> None:
        super().__init__(config)
        self._on_loop = on_loop
        self._on_started = on_started

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self._on_loop(asyncio.get_running_loop())
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self._on_started()
