"""Where the station finds its recipes and resources, from source or from a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def install_root() -> Path:
    """The folder holding ``models/`` and ``resources/``: the repo, or PyInstaller's bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def models_dir() -> Path:
    """``STATION_MODELS`` if set, else the shipped ``models/``."""
    return Path(os.environ.get("STATION_MODELS", install_root() / "models"))


def resources_dir() -> Path:
    return install_root() / "resources"


def user_data_dir() -> Path:
    """Per-user data folder (history database, image archive): ``STATION_DATA`` or the platform's usual place."""
    if "STATION_DATA" in os.environ:
        return Path(os.environ["STATION_DATA"])
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "inspection-station"
