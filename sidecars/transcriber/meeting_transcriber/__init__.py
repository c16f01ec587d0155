"""Meeting Assistant transcriber sidecar: a faster-whisper worker speaking JSON lines."""

__version__ = "0.1.0"
