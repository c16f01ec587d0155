"""Sign-in tokens: JWTs signed HS256 with `auth.jwtSecret`, valid for `auth.jwtExpireHours`.

Only HS256 is accepted when verifying: `alg: none`, any other algorithm and any other secret
are all `token_invalid`. Every backend that shares the secret accepts the token, so they can
run side by side behind a load balancer.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass

import jwt

# The app says this once, in its own log, at start (app.py); PyJWT would print it to stderr on
# every token, outside the redacting logger.
warnings.filterwarnings("ignore", category=jwt.InsecureKeyLengthWarning)

ALGORITHM = "HS256"
ISSUER = "meeting-assistant"
# Backends behind a load balancer may disagree on the time by a few seconds.
LEEWAY_S = 30


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class TokenClaims:
    email: str
    name: str


class TokenError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def issue_token(
    email: str, name: str, role: str, secret: str, hours: int, now: dt.datetime | None = None
) -> IssuedToken:
    issued = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    expires = issued + dt.timedelta(hours=hours)
    claims = {
        "sub": email,
        "name": name,
        "role": role,
        "iss": ISSUER,
        "iat": issued,
        "exp": expires,
    }
    return IssuedToken(jwt.encode(claims, secret, algorithm=ALGORITHM), expires)


def verify_token(token: str, secret: str) -> TokenClaims:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            leeway=LEEWAY_S,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenError(
            "token_expired", "Your session has expired. Sign in again to continue."
        ) from None
    except jwt.InvalidTokenError:
        raise TokenError(
            "token_invalid", "The sign-in token is not valid here. Sign in again."
        ) from None
    email, name = claims.get("sub"), claims.get("name")
    if not isinstance(email, str) or not email:
        raise TokenError("token_invalid", "The sign-in token is not valid here. Sign in again.")
    return TokenClaims(email=email, name=name if isinstance(name, str) else email)
