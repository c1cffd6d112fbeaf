"""Entry point of the packaged station: the same ``station`` command as ``uv run station``."""

from __future__ import annotations

import multiprocessing
import sys

from station.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
