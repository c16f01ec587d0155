"""The spellings a secret takes in Python and JSON text, so that each one can be redacted.

A password reaches a log line raw, inside JSON (escaped, with or without `ensure_ascii`), inside
a `repr` (`%r`, exception text, a dict printed whole), URL-encoded (a DSN, a query string) or
with non-ASCII letters as `\\u`/`\\x` escapes. Hex digits of an escape come in either case.
electron/main/sidecar/redact.ts mirrors this list for main's own logs.
"""

import json
import re
from urllib.parse import quote, quote_plus

# What JavaScript's encodeURIComponent leaves alone, beyond Python's always-safe `-_.~`.
_JS_URI_SAFE = "!*'()"
_HEX_ESCAPE = re.compile(
    r"(\\u)([0-9a-fA-F]{4})|(\\x)([0-9a-fA-F]{2})|(\\U)([0-9a-fA-F]{8})|(%)([0-9a-fA-F]{2})"
)


def _repr_bodies(text: str, *, ascii_only: bool) -> set[str]:
    """The inside of repr()/ascii(), in both quote styles: a larger string around the secret
    decides whether `'` is escaped, so both spellings are possible."""
    shown = ascii(text) if ascii_only else repr(text)
    body = shown[1:-1]
    # repr() picks `"` only when the text has `'` and no `"`; then `'` is not escaped.
    single = body.replace("'", "\\'") if shown[0] == '"' else body
    return {single, single.replace("\\'", "'")}


def _url_forms(text: str) -> set[str]:
    forms = set()
    for safe in ("", "/", _JS_URI_SAFE):
        try:
            forms.add(quote(text, safe=safe))
            forms.add(quote_plus(text, safe=safe))
        except UnicodeEncodeError:  # a lone surrogate has no UTF-8 form
            pass
    return forms


def _both_hex_cases(form: str) -> set[str]:
    def cased(upper: bool) -> str:
        def one(m: re.Match[str]) -> str:
            prefix, digits = (g for g in m.groups() if g is not None)
            return prefix + (digits.upper() if upper else digits.lower())

        return _HEX_ESCAPE.sub(one, form)

    return {form, cased(False), cased(True)}


def secret_forms(secret: str) -> set[str]:
    """Every spelling of `secret` that redaction looks for (the empty string never)."""
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    forms |= _repr_bodies(secret, ascii_only=False)
    forms |= _repr_bodies(secret, ascii_only=True)
    forms |= _url_forms(secret)
    return {variant for form in forms for variant in _both_hex_cases(form) if variant}
