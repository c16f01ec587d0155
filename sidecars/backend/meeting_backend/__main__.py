"""Entry point: `python -m meeting_backend` and the PyInstaller executable."""

import multiprocessing
import sys

from meeting_backend.cli import main

if __name__ == "__main__":
    # A server-mode worker of the packaged executable starts as this same program; hand it to
    # multiprocessing before anything else runs (no-op otherwise).
    multiprocessing.freeze_support()
    sys.exit(main())
