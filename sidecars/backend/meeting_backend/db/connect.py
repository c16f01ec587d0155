"""How every connection to MySQL/MariaDB is made: the address, the account, TLS, and which
password plugins may run. The setup check (services/db_check.py) and the engine (db/engine.py)
both take their PyMySQL keywords from `connect_kwargs`, so the wizard tests exactly what the
app will use.

TLS follows MySQL's own `--ssl-mode`:
- `disabled`: never TLS;
- `preferred` (default): TLS whenever the server offers it, without checking its certificate;
- `required`: TLS or no connection, certificate not checked;
- `verify_ca`: TLS, and the certificate must chain to `sslCa` (or to a CA the system trusts);
- `verify_identity`: as `verify_ca`, and the certificate must name the host connected to.

A server (or anyone in the middle of an unencrypted connection) can ask for the password in
clear text (`mysql_clear_password`, or the PAM `dialog` prompt); PyMySQL would send it. Those
plugins are allowed only on a TLS connection.
"""

from __future__ import annotations

import ssl
from typing import Any, Literal

import pymysql

SslMode = Literal["disabled", "preferred", "required", "verify_ca", "verify_identity"]
SSL_MODES: tuple[SslMode, ...] = (
    "disabled",
    "preferred",
    "required",
    "verify_ca",
    "verify_identity",
)
CR_AUTH_PLUGIN_ERR = 2061  # the client refused to run the authentication plugin


class TlsSetupError(ValueError):
    """The TLS settings themselves cannot be used (an unreadable CA file). No connection made."""


class CleartextPasswordRefused(pymysql.err.OperationalError):
    """The server asked for the password in clear text on a connection without TLS."""


class _PasswordOnlyOverTls:
    """PyMySQL auth plugin handler: refuses a clear-text password exchange unless the socket is
    TLS, and otherwise runs PyMySQL's own implementation of the plugin."""

    plugin = b""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def authenticate(self, packet: Any) -> Any:
        if not getattr(self.conn, "_secure", False):
            raise CleartextPasswordRefused(
                CR_AUTH_PLUGIN_ERR,
                f"the server asked for the password in clear text ({self.plugin.decode()}) "
                "over a connection without TLS; it was not sent",
            )
        # No handler: PyMySQL's built-in code for this plugin.
        return self.conn._process_auth(self.plugin, packet)


class _ClearPassword(_PasswordOnlyOverTls):
    plugin = b"mysql_clear_password"


class _Dialog(_PasswordOnlyOverTls):
    plugin = b"dialog"  # MariaDB's PAM prompt: it answers "Password: " with the password as is


AUTH_PLUGIN_MAP: dict[str, type[_PasswordOnlyOverTls]] = {
    "mysql_clear_password": _ClearPassword,
    "dialog": _Dialog,
}


def tls_context(mode: SslMode, ssl_ca: str = "") -> ssl.SSLContext | None:
    """The context for `required` and stronger modes; None for `disabled` and `preferred`."""
    if mode in ("disabled", "preferred"):
        return None
    try:
        # No CA file: the system's trusted CAs (the Windows certificate store on Windows).
        context = ssl.create_default_context(cafile=ssl_ca or None)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
        raise TlsSetupError(
            f"The CA certificate file '{ssl_ca}' (database.sslCa) could not be used ({reason})."
        ) from None
    # MySQL's self-generated certificates fail Python 3.13's strict X.509 checks.
    context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    if mode == "required":
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif mode == "verify_ca":
        context.check_hostname = False
    return context


def connect_kwargs(
    *,
    host: str,
    port: int,
    user: str,
    password: str,
    database: str,
    ssl_mode: SslMode,
    ssl_ca: str,
    connect_timeout: float,
) -> dict[str, Any]:
    """Keywords for `pymysql.connect` / `pymysql.Connection`. Raises TlsSetupError."""
    kwargs: dict[str, Any] = {
        "host": host.strip(),
        "port": port,
        "user": user,
        # PyMySQL would encode a str password as latin-1; servers hash the UTF-8 bytes.
        "password": password.encode("utf-8"),
        "database": database or None,
        "connect_timeout": connect_timeout,
        "auth_plugin_map": AUTH_PLUGIN_MAP,
    }
    if ssl_mode == "disabled":
        kwargs["ssl_disabled"] = True
    elif ssl_mode != "preferred":
        # An explicit context makes PyMySQL require TLS: a server without it is refused (2026).
        kwargs["ssl"] = tls_context(ssl_mode, ssl_ca)
    # `preferred` is PyMySQL's own default: TLS when the server offers it, unverified.
    return kwargs
