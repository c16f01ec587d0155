"""Meeting Assistant backend sidecar (FastAPI), started by Electron with its settings on stdin."""

__version__ = "0.1.0"
