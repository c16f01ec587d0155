"""Which database failures mean "try again soon" and which mean "no rights"."""

from __future__ import annotations

import pymysql
from sqlalchemy import exc as sa_exc

# Connection lost or impossible, server shutting down, or too busy right now.
UNAVAILABLE_ERRNOS = frozenset(
    {
        1040,  # too many connections
        1053,  # server shutdown in progress
        1205,  # lock wait timeout
        1213,  # deadlock (the transaction was rolled back)
        1927,  # connection killed (MariaDB)
        2002,  # cannot connect through the socket
        2003,  # cannot connect (refused, unreachable)
        2006,  # server has gone away
        2013,  # lost connection during query
        2055,  # lost connection (MySQL 8)
        4031,  # disconnected for inactivity (MySQL 8)
    }
)
PERMISSION_ERRNOS = frozenset({1044, 1142, 1143, 1227, 1370})
ACCESS_DENIED = 1045


def mysql_errno(exc: BaseException) -> int | None:
    orig = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    if isinstance(orig, pymysql.err.MySQLError) and orig.args and isinstance(orig.args[0], int):
        return orig.args[0]
    return None


def is_unavailable(exc: BaseException) -> bool:
    """The request may succeed if repeated: the database dropped, restarts or is overloaded."""
    if isinstance(exc, sa_exc.TimeoutError):  # every pooled connection is busy
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        if isinstance(exc.orig, pymysql.err.InterfaceError):  # the socket is already closed
            return True
    errno = mysql_errno(exc)
    return errno in UNAVAILABLE_ERRNOS or errno == ACCESS_DENIED


def is_permission_denied(exc: BaseException) -> bool:
    return mysql_errno(exc) in PERMISSION_ERRNOS
