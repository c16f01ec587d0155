"""POST /api/login as a sequence: limits, the company service, the user row, the token."""

from __future__ import annotations

from dataclasses import dataclass

from anyio import to_thread

from meeting_backend.auth import rate_limit
from meeting_backend.auth.company_signin import SignInFailed, SignInRejected, company_sign_in
from meeting_backend.auth.tokens import IssuedToken, issue_token
from meeting_backend.auth.users import CurrentUser, role_for, upsert_user
from meeting_backend.db.runtime import Database
from meeting_backend.errors import ApiError
from meeting_backend.settings import BackendSettings


@dataclass(frozen=True)
class SignedIn:
    token: IssuedToken
    user: CurrentUser


def not_configured(what: str) -> ApiError:
    return ApiError(
        503,
        "auth_not_configured",
        f"Sign-in is not set up on this server: {what} is empty. An administrator must set it.",
    )


def token_for(settings: BackendSettings, user: CurrentUser) -> IssuedToken:
    secret = settings.auth.jwt_secret.get_secret_value()
    if not secret:
        raise not_configured("auth.jwtSecret")
    return issue_token(user.email, user.name, user.role, secret, settings.auth.jwt_expire_hours)


def _too_many(blocked: rate_limit.Blocked) -> ApiError:
    minutes = max(1, round(blocked.retry_after_s / 60))
    who = "this user name" if blocked.scope == "user" else "this computer's address"
    return ApiError(
        429,
        "too_many_attempts",
        f"Too many failed sign-ins for {who}. Try again in {minutes} minute"
        f"{'s' if minutes != 1 else ''}.",
        headers={"Retry-After": str(blocked.retry_after_s)},
    )


async def sign_in(
    settings: BackendSettings, database: Database, username: str, password: str, address: str
) -> SignedIn:
    url = settings.external_apis.auth_api_url.strip()
    if not url:
        raise not_configured("externalApis.authApiUrl")
    if not settings.auth.jwt_secret.get_secret_value():
        raise not_configured("auth.jwtSecret")

    def check() -> rate_limit.Blocked | None:
        with database.engine.begin() as conn:
            return rate_limit.blocked(conn, username, address)

    blocked = await to_thread.run_sync(check)
    if blocked is not None:
        raise _too_many(blocked)
    try:
        identity = await company_sign_in(url, username, password)
    except SignInRejected as exc:

        def fail() -> None:
            with database.engine.begin() as conn:
                rate_limit.record_failure(conn, username, address)

        await to_thread.run_sync(fail)
        message = "The user name or password is not correct."
        if exc.service_message:
            message = f"{message} The sign-in service said: {exc.service_message}"
        raise ApiError(
            401, "invalid_credentials", message, service_message=exc.service_message
        ) from None
    except SignInFailed as exc:
        headers = {"Retry-After": exc.retry_after} if exc.retry_after else None
        status = 429 if exc.code == "rate_limited" else 502
        raise ApiError(status, exc.code, exc.message, headers=headers) from None

    user = CurrentUser(
        identity.email, identity.name, role_for(identity.email, settings.auth.admin_email)
    )

    def remember() -> None:
        with database.engine.begin() as conn:
            rate_limit.clear_user(conn, username)
            upsert_user(conn, user.email, user.name, user.role)

    await to_thread.run_sync(remember)
    return SignedIn(token_for(settings, user), user)
