"""Property tests: a secret planted in any spelling Python or JSON gives it is redacted.

Each spelling is produced by the real encoder (json, repr/%r, ascii, urllib), not by the code
under test, and planted between arbitrary text; the output must contain none of the spellings.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from urllib.parse import quote, quote_plus

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from meeting_backend.logs import REDACTED, RedactingFilter, SecretRegistry

# Long enough to be worth redacting by value (the admin guide asks for long, random secrets);
# any code point except lone surrogates, which cannot be written to a UTF-8 log at all. The text
# around the secret uses characters no secret has, so that it can never contain a leak by chance.
_AROUND = "⟪⟫⦃⦄"
SECRETS = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters=_AROUND), min_size=8, max_size=40
).filter(lambda s: s not in REDACTED)  # the marker itself is not a leak
FILLER = st.text(st.sampled_from(_AROUND), max_size=20)


def _js_uri(s: str) -> str:
    return quote(s, safe="-_.!~*'()")


ENCODINGS: dict[str, Callable[[str], str]] = {
    "raw": lambda s: s,
    "json": lambda s: json.dumps(s),
    "json-not-ascii": lambda s: json.dumps(s, ensure_ascii=False),
    "json-in-object": lambda s: json.dumps({"password": s, "note": "x'y"}),
    "repr": repr,
    "repr-in-dict": lambda s: repr({"password": s}),
    "repr-with-quotes-around": lambda s: repr(f'it\'s "{s}"'),
    "ascii": ascii,
    "url": lambda s: quote(s, safe=""),
    "url-plus": lambda s: quote_plus(s, safe=""),
    "url-path": quote,
    "url-js": _js_uri,
    "url-lowercase-hex": lambda s: _lower_hex(quote(s, safe="")),
    "json-uppercase-u": lambda s: _upper_u(json.dumps(s)),
}


def _lower_hex(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "%":
            out.append(text[i : i + 3].lower())
            i += 3
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _upper_u(text: str) -> str:
    parts = text.split("\\u")
    return parts[0] + "".join("\\u" + p[:4].upper() + p[4:] for p in parts[1:])


def _planted(secret: str, before: str, after: str) -> dict[str, str]:
    return {name: f"{before}{encode(secret)}{after}" for name, encode in ENCODINGS.items()}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(secret=SECRETS, before=FILLER, after=FILLER)
@example(secret="Db-S3cret 'q\"uote\\ back%;ü密码-7F3A", before="", after="")
@example(secret="pässwörd-ß-Ω-😀-中文", before="dsn=", after="@host")
@example(secret="tab\there\nnewline\x7f\x00end", before="", after="")
def test_every_spelling_of_a_secret_is_redacted(secret: str, before: str, after: str) -> None:
    registry = SecretRegistry()
    registry.register(secret)
    for name, text in _planted(secret, before, after).items():
        out = registry.redact(text)
        encoded = ENCODINGS[name](secret)
        for leak in (secret, encoded.strip("'\""), *_core(name, secret)):
            assert leak not in out, f"{name}: {leak!r} survived in {out!r}"
        assert REDACTED in out, name


def _core(name: str, secret: str) -> list[str]:
    """The secret's own part of an encoding that wraps more than the secret."""
    if name == "json-in-object":
        return [json.dumps(secret)[1:-1]]
    if name == "repr-in-dict":
        return [repr(secret)[1:-1]]
    if name == "repr-with-quotes-around":
        whole = repr(f'it\'s "{secret}"')
        # the secret sits between `"` and `"` inside the repr body
        start = whole.index('"', whole.index("it")) + 1
        return [whole[start : whole.rindex('"')]]
    return []


@settings(max_examples=100)
@given(secret=SECRETS)
def test_the_logging_filter_redacts_percent_r_and_exception_text(secret: str) -> None:
    registry = SecretRegistry()
    registry.register(secret)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(registry))
    logger = logging.getLogger(f"forms-{id(registry)}")
    logger.propagate = False
    logger.handlers = [handler]
    logger.warning("settings %r", {"password": secret})
    try:
        raise ValueError(json.dumps({"password": secret}))
    except ValueError:
        logger.exception("failed")
    text = stream.getvalue()
    for leak in (secret, repr(secret)[1:-1], json.dumps(secret)[1:-1]):
        assert leak not in text


def test_short_text_is_left_alone_when_no_secret_matches() -> None:
    registry = SecretRegistry()
    registry.register("Long-Random-Secret-42")
    assert registry.redact("nothing secret here: 42 %2F \\u00e9") == (
        "nothing secret here: 42 %2F \\u00e9"
    )
