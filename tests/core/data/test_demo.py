"""The built-in demo dataset: present, small, well-formed, and reproducible from its generator."""

from __future__ import annotations

import importlib.resources
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data import demo
from aigc_desktop.core.data.demo import demo_dataset_path

SCRIPT = Path(__file__).resolve().parents[3] / "resources" / "make_demo_dataset.py"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    """The generator script loaded as a module (it lives outside the package, so import it by path)."""
    spec = importlib.util.spec_from_file_location("make_demo_dataset", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.png"))}


def test_demo_folder_holds_classes_of_small_rgb_pngs() -> None:
    root = demo_dataset_path()
    pngs = sorted(root.rglob("*.png"))
    classes = {p.parent.name for p in pngs}

    assert len(pngs) >= 300
    assert len(classes) >= 3 and "ok" in classes
    assert all(p.parent.parent == root for p in pngs), "images must sit directly in class folders"
    for p in pngs:
        with Image.open(p) as img:
            assert (img.size, img.mode) == ((64, 64), "RGB"), p.name
    assert sum(p.stat().st_size for p in pngs) < 4 * 1024 * 1024


def test_generator_is_deterministic(generator: ModuleType, tmp_path: Path) -> None:
    for name, seed in (("a", 0), ("b", 0), ("c", 1)):
        assert generator.main(["--out", str(tmp_path / name), "--count", "8", "--seed", str(seed)]) == 0

    first, again, other = (_files(tmp_path / name) for name in "abc")
    assert len(first) == 8 and {k.split("/")[0] for k in first} == set(generator.CLASSES)
    assert first == again
    assert first.keys() == other.keys()
    assert all(first[k] != other[k] for k in first)


def test_shipped_images_match_the_generator(generator: ModuleType, tmp_path: Path) -> None:
    # Catches a generator edited without regenerating the set (pixels, not bytes: zlib may differ).
    generator.generate(tmp_path, count=len(generator.CLASSES), size=64, seed=0)
    for label in generator.CLASSES:
        name = f"{label}/{label}_000.png"
        made = np.asarray(Image.open(tmp_path / name), dtype=np.int16)
        shipped = np.asarray(Image.open(demo_dataset_path() / name), dtype=np.int16)
        assert np.abs(made - shipped).max() <= 2, name


def test_frozen_app_finds_the_demo_under_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = tmp_path / "aigc_desktop" / "resources" / "demo"
    bundled.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert demo_dataset_path() == bundled


def test_missing_demo_raises_in_words(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def not_installed(package: str) -> None:
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(importlib.resources, "files", not_installed)
    monkeypatch.setattr(demo, "__file__", str(tmp_path / "aigc_desktop" / "core" / "data" / "demo.py"))

    with pytest.raises(FileNotFoundError, match="demo dataset is missing"):
        demo_dataset_path()
