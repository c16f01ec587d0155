"""Request bodies of the HTTP API (camelCase on the wire, like config.json)."""

from __future__ import annotations

from pydantic import AliasGenerator, BaseModel, ConfigDict, Field, SecretStr
from pydantic.alias_generators import to_camel

from meeting_backend.db.connect import SslMode


class _CamelModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=AliasGenerator(validation_alias=to_camel, serialization_alias=to_camel),
        populate_by_name=True,
        extra="ignore",
    )


class DatabaseCheckRequest(_CamelModel):
    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=3306, ge=1, le=65535)
    user: str = Field(min_length=1, max_length=255)
    password: SecretStr = SecretStr("")
    database: str = Field(default="", max_length=255)
    ssl: SslMode = "preferred"
    ssl_ca: str = Field(default="", max_length=4096)
    timeout_seconds: float = Field(default=5.0, ge=1, le=30)


class DifyCheckRequest(_CamelModel):
    dify_api_url: str = Field(min_length=1, max_length=2048)
    api_key: SecretStr = SecretStr("")
    timeout_seconds: float = Field(default=10.0, ge=1, le=30)


class AuthCheckRequest(_CamelModel):
    auth_api_url: str = Field(min_length=1, max_length=2048)
    timeout_seconds: float = Field(default=10.0, ge=1, le=30)
