"""What the Gallery's tests do to the tab again and again: wait, generate, select, read the pixels."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from PySide6.QtCore import QItemSelectionModel

from aigc_desktop.ui.gallery.tab import GalleryTab

JOB_TIMEOUT = 60_000


def wait_idle(qtbot, tab: GalleryTab) -> None:
    qtbot.waitUntil(lambda: not tab.runner.is_busy(), timeout=JOB_TIMEOUT)
    assert not tab.error_label.isVisibleTo(tab), tab.error_label.text()


def generate(qtbot, tab: GalleryTab, n: int, seed: int = 0) -> None:
    tab.controls.count_spin.setValue(n)
    tab.controls.seed_spin.setValue(seed)
    tab.controls.generate_button.click()
    wait_idle(qtbot, tab)


def set_psi(qtbot, tab: GalleryTab, psi: float) -> None:
    tab.controls.set_psi(psi)
    tab.controls.flush()  # the slider waits for the user's hand to rest; the test doesn't
    wait_idle(qtbot, tab)


def select(tab: GalleryTab, rows: list[int]) -> None:
    tab.grid.clearSelection()
    for row in rows:
        tab.grid.selectionModel().select(tab.model.index(row), QItemSelectionModel.SelectionFlag.Select)
    tab.grid.selectionModel().setCurrentIndex(tab.model.index(rows[0]), QItemSelectionModel.SelectionFlag.NoUpdate)


def arrays(tab: GalleryTab) -> np.ndarray:
    return np.stack([im.array for im in tab.model.images()])


def png_pixels(data: bytes | Path) -> torch.Tensor:
    with Image.open(io.BytesIO(data) if isinstance(data, bytes) else data) as im:
        arr = np.asarray(im).copy()
    return torch.from_numpy(arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1).copy())
