"""Entry point: `python -m meeting_backend` and the PyInstaller executable."""

import sys

from meeting_backend.runner import run

if __name__ == "__main__":
    sys.exit(run())
