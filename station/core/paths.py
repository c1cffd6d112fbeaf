"""Where the station finds its recipes and resources, from source or from a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs


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


APP_NAME = "inspection-station"
CONFIG_FILE = "station.yaml"


def user_data_dir() -> Path:
    """Per-user data folder (history database, image archive, offline queue): ``STATION_DATA`` or the
    platform's usual place (platformdirs: ~/.local/share/inspection-station on Linux, %LOCALAPPDATA% on
    Windows, ~/Library/Application Support on macOS)."""
    if "STATION_DATA" in os.environ:
        return Path(os.environ["STATION_DATA"])
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_log_dir() -> Path:
    """Where the app's rotating log goes: ``STATION_LOGS`` or the platform's log folder."""
    if "STATION_LOGS" in os.environ:
        return Path(os.environ["STATION_LOGS"])
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def user_config_file() -> Path:
    """The one settings file every command reads unless ``--config`` says otherwise.

    ``STATION_CONFIG`` if set; else ``station.yaml`` in the platform's config folder. A file left by
    earlier versions in Qt's AppConfigLocation (``<config>/inspection-station/station/``) is still
    found, so an upgrade keeps a workstation's settings.
    """
    if "STATION_CONFIG" in os.environ:
        return Path(os.environ["STATION_CONFIG"])
    folder = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    current, legacy = folder / CONFIG_FILE, folder / "station" / CONFIG_FILE
    return legacy if legacy.is_file() and not current.is_file() else current
