"""Distinctive secret values used across the suite; none may ever show up in any output."""

DB_PASSWORD = "Db-S3cret 'q\"uote\\ back%;ü密码-7F3A"
LAUNCH_TOKEN = "LaunchTok-9d2e61b7c4a84f0e-XYZZY"
DIFY_API_KEY = "app-DifyKeySecret-5c1e8a"
DIFY_STT_API_KEY = "app-DifySttSecret-0b44"
JWT_SECRET = "JwtSecret-Value-e3b0c442-98fc"
WRONG_PASSWORD = "Wr0ng-Passw0rd-Secret-66aa"
REQUEST_DIFY_KEY = "app-RequestKeySecret-1f9"
# The company password of the fake sign-in accounts; it must never appear in any output.
USER_PASSWORD = "Us3r-Passw0rd-Secret-密-9c1d"
MIGRATE_PASSWORD = "Migr4te-Admin-Secret-77e0"
# Server mode wants at least 32 characters.
SERVER_JWT_SECRET = "ServerJwt-Secret-0f1e2d3c4b5a69788796a5b4c3d2e1f0"

ALL = (
    DB_PASSWORD,
    LAUNCH_TOKEN,
    DIFY_API_KEY,
    DIFY_STT_API_KEY,
    JWT_SECRET,
    WRONG_PASSWORD,
    REQUEST_DIFY_KEY,
    USER_PASSWORD,
    MIGRATE_PASSWORD,
    SERVER_JWT_SECRET,
)


def leaks(text: str) -> list[str]:
    return [secret for secret in ALL if secret in text]
