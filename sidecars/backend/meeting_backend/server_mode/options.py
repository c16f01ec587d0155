"""The `server` section of server.json: how the shared server listens and scales."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasGenerator, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel


class ServerOptions(BaseModel):
    model_config = ConfigDict(
        alias_generator=AliasGenerator(validation_alias=to_camel, serialization_alias=to_camel),
        populate_by_name=True,
        extra="forbid",
        frozen=True,
    )

    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=2, ge=1, le=64)
    # The names clients use to reach the server (the Host header), e.g. meetings.corp.example.
    allowed_hosts: tuple[str, ...] = Field(min_length=1)
    # Reverse proxies whose X-Forwarded-For is believed: the client address the sign-in limits use.
    forwarded_allow_ips: tuple[str, ...] = ("127.0.0.1",)
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=20, ge=0, le=500)
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("allowed_hosts")
    @classmethod
    def _named_hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for host in value:
            if host.strip() in ("", "*"):
                raise ValueError(
                    "list the host names clients use; '*' would accept any Host header "
                    "(no protection against DNS rebinding)"
                )
        return tuple(h.strip().lower() for h in value)
