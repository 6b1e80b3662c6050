"""Where the app keeps its own files: the user's data folder (platformdirs), never next to the program."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "AIGC Desktop"
APP_AUTHOR = "AIGC Desktop"


def data_dir() -> Path:
    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def runs_dir() -> Path:
    """The default parent folder of new runs."""
    path = data_dir() / "runs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
