"""The command line: no arguments runs the embedded sidecar (settings on stdin, unchanged);
`serve` runs the shared server; `migrate` migrates a database with an administrator's account;
`openapi` prints the HTTP API's OpenAPI document (or writes it to --output).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from pathlib import Path

from meeting_backend.settings import DatabaseSettings

log = logging.getLogger("meeting_backend.cli")

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meeting-backend",
        description="Meeting Assistant backend. Without a command it is the desktop app's "
        "sidecar and reads its settings from stdin.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the shared server (server mode)")
    serve.add_argument("--config", type=Path, required=True, help="server.json")
    serve.add_argument("--env-file", type=Path, help="default: .env beside server.json")
    migrate = commands.add_parser(
        "migrate", help="migrate the database to this version's schema, with another account"
    )
    migrate.add_argument("--config", type=Path, help="server.json (database settings)")
    migrate.add_argument("--env-file", type=Path, help="default: .env beside server.json")
    migrate.add_argument("--host", help="database server (instead of --config)")
    migrate.add_argument("--port", type=int, default=3306)
    migrate.add_argument("--database", help="database name (instead of --config)")
    migrate.add_argument("--user", help="the account that may change tables")
    migrate.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin (otherwise it is asked for)",
    )
    openapi = commands.add_parser("openapi", help="print the HTTP API's OpenAPI document")
    openapi.add_argument("--output", type=Path, help="write it to this file instead")
    return parser


def _openapi(args: argparse.Namespace) -> int:
    from meeting_backend.openapi_document import openapi_text

    text = openapi_text()
    if args.output is None:
        sys.stdout.write(text)
    else:
        # newline="\n": the committed file is byte-identical on Windows too.
        args.output.write_text(text, encoding="utf-8", newline="\n")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from meeting_backend.server_mode.config import ServerConfigError, load_server_config
    from meeting_backend.server_mode.json_logs import configure_json_logging
    from meeting_backend.server_mode.serve import serve

    configure_json_logging()
    try:
        config = load_server_config(args.config, args.env_file, os.environ)
    except ServerConfigError as exc:
        log.error("%s", exc)
        return EXIT_USAGE
    return serve(config, args.config)


def _password(args: argparse.Namespace, db: DatabaseSettings | None) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if db is not None and not args.user:
        return None  # the configured account's own password
    return getpass.getpass(f"Password for database user '{args.user}': ")


def _migrate(args: argparse.Namespace) -> int:
    from meeting_backend.logs import configure_logging, secrets
    from meeting_backend.server_mode.config import ServerConfigError, load_database_settings
    from meeting_backend.server_mode.migrate import run_migration, with_user

    configure_logging()
    db: DatabaseSettings | None = None
    if args.config is not None:
        try:
            db = load_database_settings(args.config, args.env_file, os.environ)
        except ServerConfigError as exc:
            log.error("%s", exc)
            return EXIT_USAGE
    elif not (args.host and args.database and args.user):
        log.error("give --config server.json, or --host, --database and --user")
        return EXIT_USAGE
    password = _password(args, db)
    secrets.register(password)
    if db is None:
        db = DatabaseSettings(
            host=args.host, port=args.port, user=args.user, database=args.database
        )
    return run_migration(with_user(db, args.user, password))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from meeting_backend.runner import run

        return run()
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "openapi":
        return _openapi(args)
    return _migrate(args)
