"""The redacting log filter, in process: message, arguments and exception text."""

from __future__ import annotations

import io
import logging

from backend_support import secrets
from meeting_backend.logs import REDACTED, RedactingFilter, SecretRegistry


def make_logger(registry: SecretRegistry) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(registry))
    logger = logging.getLogger(f"redaction-test-{id(registry)}")
    logger.propagate = False
    logger.addHandler(handler)
    return logger, stream


def test_message_arguments_and_exception_text_are_redacted() -> None:
    registry = SecretRegistry()
    registry.register(secrets.DB_PASSWORD, secrets.JWT_SECRET, "", None)
    logger, stream = make_logger(registry)
    logger.warning("password was %s", secrets.DB_PASSWORD)
    logger.warning(f"inline {secrets.JWT_SECRET}")
    try:
        raise RuntimeError(f"failed with {secrets.DB_PASSWORD}")
    except RuntimeError:
        logger.exception("boom")
    logger.warning("stack", stack_info=True, extra={"x": secrets.JWT_SECRET})
    text = stream.getvalue()
    assert not secrets.leaks(text)
    assert text.count(REDACTED) >= 3
    assert "RuntimeError" in text


def test_a_secret_containing_another_is_hidden_whole() -> None:
    registry = SecretRegistry()
    registry.register("abc", "xxabcxx")
    assert registry.redact("-xxabcxx-abc-") == f"-{REDACTED}-{REDACTED}-"


def test_nothing_registered_leaves_text_alone() -> None:
    assert SecretRegistry().redact("plain") == "plain"
