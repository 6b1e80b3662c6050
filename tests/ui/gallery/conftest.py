"""The Gallery's tests share the session's tiny trained run and a tab shown at 1280 × 800."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigc_desktop.ui.gallery.tab import GalleryTab


@pytest.fixture
def run(tiny_run: Path) -> Path:
    """The session's tiny trained run (tests/conftest.py), read only."""
    return tiny_run


@pytest.fixture
def tab(shown_tab) -> GalleryTab:
    return shown_tab(GalleryTab())
