"""The one result shape every setup check returns."""

from __future__ import annotations

from dataclasses import dataclass

from meeting_backend.logs import secrets


@dataclass(frozen=True)
class CheckFailure:
    code: str
    message: str
    hint: str

    def public(self) -> dict[str, object]:
        # Messages may quote what a server said; scrub any secret before it leaves the process.
        return {
            "ok": False,
            "code": self.code,
            "message": secrets.redact(self.message),
            "hint": secrets.redact(self.hint),
        }


def root_causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from or during, innermost last."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        original = getattr(current, "original_exception", None)
        if isinstance(original, BaseException):
            chain.append(original)
        current = current.__cause__ or current.__context__
    return chain
