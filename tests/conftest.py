"""Shared fixtures. Qt must run offscreen before anything imports it, or a headless run aborts."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The app writes only to the user's folders (platformdirs, QSettings): point them all at a temp dir
# so tests never touch the real ones, and never see each other's leftovers between sessions.
_HOME = tempfile.mkdtemp(prefix="aigc-test-home-")
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())


@pytest.fixture
def image_folder(tmp_path: Path) -> Path:
    """A folder of 12 small valid images in two class subfolders (PNG and JPEG, RGB and gray)."""
    root = tmp_path / "images"
    rng = np.random.default_rng(0)
    for label in ("good", "scratch"):
        (root / label).mkdir(parents=True)
        for i in range(6):
            arr = rng.integers(0, 255, size=(24 + i, 20 + 2 * i, 3), dtype=np.uint8)
            img = Image.fromarray(arr)
            if i % 3 == 0:
                img = img.convert("L")
            ext = "png" if i % 2 == 0 else "jpg"
            img.save(root / label / f"{label}_{i}.{ext}")
    return root


@pytest.fixture
def settings_store(tmp_path: Path):
    """A SettingsStore backed by an INI file in tmp_path, so each test starts with no saved state."""
    from PySide6.QtCore import QSettings

    from aigc_desktop.ui.settings_store import SettingsStore

    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def _no_thread_outlives_a_test():
    """A worker thread left running would crash the next test (or the interpreter at exit)."""
    yield
    import sys

    threads = sys.modules.get("aigc_desktop.workers.threads")
    if threads is not None:
        for thread in threads.running_threads():
            worker = threads._alive.get(thread)
            stop = getattr(worker, "stop", None) or getattr(worker, "cancel", None)
            if stop is not None:
                stop()
        assert threads.wait_for_all(60_000), "a worker thread did not stop"
