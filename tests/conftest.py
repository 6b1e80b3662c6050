"""Shared fixtures. Qt must run offscreen before anything imports it, or a headless run aborts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from PIL import Image


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
