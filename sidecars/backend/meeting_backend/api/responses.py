"""Response bodies of the health gate and the setup checks, as the OpenAPI document describes them.

These models are the single list of the codes each check can answer: main's zod schemas are
generated from them (docs/api/openapi.json, `npm run api:generate`). A check that returns a code
missing here fails the route's response validation instead of reaching the app unannounced.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasGenerator, BaseModel, ConfigDict
from pydantic.alias_generators import to_camel
from pydantic.json_schema import SkipJsonSchema


class _CamelModel(BaseModel):
    model_config = ConfigDict(
        alias_generator=AliasGenerator(validation_alias=to_camel, serialization_alias=to_camel),
        populate_by_name=True,
    )


# Optional fields are left out of the body, never sent as null: SkipJsonSchema keeps the null
# out of the document as well.
_Absent = SkipJsonSchema[None]

DatabaseCheckCode = Literal[
    "dns_failed",
    "connection_refused",
    "timeout",
    "access_denied",
    # MariaDB 1044: signed in, but no rights on the database, or no such database (no grant).
    "database_access_denied",
    "unknown_database",
    "not_mysql",
    "tls_error",
    # The server asked for the password in clear text on a connection without TLS; not sent.
    "cleartext_password_refused",
    "unknown",
]
DifyCheckCode = Literal["unauthorized", "api_disabled", "unreachable", "not_dify"]
AuthCheckCode = Literal[
    "invalid_url", "dns_failed", "connection_refused", "timeout", "tls_error", "unreachable"
]
HealthDatabase = Literal["ok", "unconfigured", "error", "schema_outdated", "schema_too_new"]


class HealthPublic(_CamelModel):
    """GET /api/health, 200 (`ok`) or 503 (`degraded`). `mode`, `version` and `database` are
    optional for the client's sake: a server-mode backend may be an older version."""

    status: Literal["ok", "degraded"]
    mode: Literal["setup", "normal"] | _Absent = None
    version: str | _Absent = None
    database: HealthDatabase | _Absent = None
    code: str | _Absent = None
    message: str | _Absent = None
    schema_version: int | _Absent = None
    required_schema_version: int | _Absent = None


class DatabaseCheckOk(_CamelModel):
    ok: Literal[True]
    server_version: str
    latency_ms: int


class DatabaseCheckFailure(_CamelModel):
    ok: Literal[False]
    code: DatabaseCheckCode
    message: str
    hint: str


class DifyCheckOk(_CamelModel):
    ok: Literal[True]
    speech_to_text: bool
    latency_ms: int


class DifyCheckFailure(_CamelModel):
    ok: Literal[False]
    code: DifyCheckCode
    message: str
    hint: str


class AuthCheckOk(_CamelModel):
    ok: Literal[True]
    status: int
    latency_ms: int


class AuthCheckFailure(_CamelModel):
    ok: Literal[False]
    code: AuthCheckCode
    message: str
    hint: str


# Plain unions, not discriminated ones: a boolean discriminator's mapping keys are the strings
# "true"/"false" in OpenAPI, which generators then read as string literals.
DatabaseCheckResult = DatabaseCheckOk | DatabaseCheckFailure
DifyCheckResult = DifyCheckOk | DifyCheckFailure
AuthCheckResult = AuthCheckOk | AuthCheckFailure
