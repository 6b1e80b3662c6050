"""Where the app keeps its own files: the user's data folder (platformdirs), never next to the program."""

from __future__ import annotations

import time
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


def new_run_dir() -> Path:
    """A folder name for a new run under ``runs_dir()``, by date and time, not yet taken."""
    base = runs_dir() / time.strftime("run-%Y%m%d-%H%M%S")
    path, n = base, 2
    while path.exists():
        path = base.with_name(f"{base.name}-{n}")
        n += 1
    return path


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
