"""The test sets of ``score_orderings.py``: three offline picture sets and the ways a generator fails.

Each set has training pictures (what ``evaluate`` compares against) and a pool of FRESH real
pictures drawn from the same source but never trained on, each with its kind (part type, digit,
texture). From the pool come the stand-ins for a generator's output:

- ``fresh``: a real sample the model never saw, the best a generator can do;
- ``missing``: the same size, with one kind left out (a mode dropped);
- ``colour``: the fresh sample with a warm cast (red ×1.15, blue ×0.85), as a miscoloured output;
- ``blurred``: the fresh sample out of focus (Gaussian blur, σ = 1 px at 32 px, scaled with size);
- ``copies``: training pictures replayed unchanged (memorised);
- ``noisy copies``: the same with Gaussian noise of σ = 3 grey levels, as a generator's near-copy.

Needs ``pip install -e .[bench]`` (scikit-learn for the digits, scikit-image for the textures);
both ship their pictures inside the package, so nothing is downloaded.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aigc_desktop.core.data.dataset_cache import load_or_build
from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.scan import scan

TEXTURES = ("brick", "grass", "gravel", "immunohistochemistry")


@dataclass
class PictureSet:
    """Training pictures, and a pool of fresh real ones with their kinds (uint8, N×3×H×W)."""

    name: str
    train: torch.Tensor
    pool: torch.Tensor
    kinds: np.ndarray  # per pool picture, e.g. "nut"
    n: int  # pictures per test set


def variants(s: PictureSet, seed: int = 0) -> dict[str, torch.Tensor]:
    """The test sets other than ``missing``, each of ``s.n`` pictures."""
    rng = np.random.default_rng(seed)
    fresh = s.pool[torch.from_numpy(rng.permutation(len(s.pool))[: s.n])]
    copies = s.train[torch.from_numpy(rng.choice(len(s.train), s.n, replace=len(s.train) < s.n))]
    noise = torch.randn(copies.shape, generator=torch.Generator().manual_seed(seed)) * 3.0
    return {"fresh": fresh, "colour": colour_cast(fresh), "blurred": blurred(fresh), "copies": copies,
            "noisy copies": (copies.float() + noise).round().clamp(0, 255).to(torch.uint8)}


def missing(s: PictureSet, kind: str, seed: int = 0) -> torch.Tensor:
    """``s.n`` fresh pictures, none of them of ``kind``."""
    kept = np.flatnonzero(s.kinds != kind)
    return s.pool[torch.from_numpy(np.random.default_rng(seed).permutation(kept)[: s.n])]


def colour_cast(images: torch.Tensor, gains: tuple[float, float, float] = (1.15, 1.0, 0.85)) -> torch.Tensor:
    """A warm cast, as a white balance gone wrong."""
    x = images.float() * torch.tensor(gains)[None, :, None, None]
    return x.round().clamp(0, 255).to(torch.uint8)


def blurred(images: torch.Tensor, sigma_at_32: float = 1.0) -> torch.Tensor:
    """PIL's Gaussian blur, σ in pixels at 32 px, scaled with the picture size."""
    radius = sigma_at_32 * images.shape[-1] / 32
    out = [np.asarray(Image.fromarray(im.permute(1, 2, 0).numpy()).filter(ImageFilter.GaussianBlur(radius)))
           for im in images]
    return torch.from_numpy(np.stack(out)).permute(0, 3, 1, 2).contiguous()


def demo_sets(resolutions: tuple[int, ...] = (32, 64), pool_size: int = 1800, n: int = 1000) -> list[PictureSet]:
    """The shipped demo set trains; ``make_demo_dataset.generate`` with seed 1 draws the fresh pool.

    The pool is drawn once at 64 px and read through the app's own preprocessing at each resolution.
    """
    import resources.make_demo_dataset as script

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        order: list[str] = []
        originals = script._flange, script._hex_nut

        def recording(kind: str, draw: Callable) -> Callable:
            def record(*args, **kwargs):
                order.append(kind)
                return draw(*args, **kwargs)
            return record

        script._flange, script._hex_nut = recording("flange", originals[0]), recording("nut", originals[1])
        try:
            counts = script.generate(Path(tmp, "fresh"), count=pool_size, size=64, seed=1)
        finally:
            script._flange, script._hex_nut = originals
        # generate() draws class by class, picture by picture: the order of the recorded choices.
        kind_of = {}
        for label, count in counts.items():
            for i in range(count):
                kind_of[f"{label}_{i:03d}.png"] = order[len(kind_of)]
        for resolution in resolutions:
            settings = PreprocessSettings(resolution, 3)
            train = load_or_build(scan([demo_dataset_path()]), settings, Path(tmp, f"train-{resolution}")).images
            fresh = load_or_build(scan([Path(tmp, "fresh")]), settings, Path(tmp, f"fresh-{resolution}"))
            kinds = np.array([kind_of[Path(src).name] for src in fresh.sources])
            out.append(PictureSet(f"demo {resolution} px", train, fresh.images, kinds, n))
    return out


def _grey_to_tensor(pictures: list[np.ndarray], resolution: int) -> torch.Tensor:
    """Grey or RGB float/uint8 arrays → uint8 (N, 3, res, res), resized with Lanczos like the app does."""
    out = []
    for p in pictures:
        im = Image.fromarray(p).convert("RGB").resize((resolution, resolution), Image.Resampling.LANCZOS)
        out.append(np.asarray(im))
    return torch.from_numpy(np.stack(out)).permute(0, 3, 1, 2).contiguous()


def digits_set(resolution: int = 32, n: int = 800) -> PictureSet:
    """scikit-learn's 1,797 handwritten digits (8×8, 0..16), white on black; a random half trains."""
    from sklearn.datasets import load_digits

    d = load_digits()
    pictures = [(im * 255.0 / 16.0).round().astype(np.uint8) for im in d.images]
    images = _grey_to_tensor(pictures, resolution)
    order = np.random.default_rng(0).permutation(len(images))
    half = len(images) // 2
    train, pool = order[:half], order[half:]
    return PictureSet(f"digits {resolution} px", images[torch.from_numpy(train)],
                      images[torch.from_numpy(pool)], d.target[pool].astype(str), n)


def textures_set(resolution: int = 32, crop: int = 64, per_texture: int = 100, n: int = 1000) -> PictureSet:
    """Random ``crop``-px crops of scikit-image's bundled textures, resized to ``resolution``.

    Each texture image is cut into a checkerboard of 128-px tiles: training crops come from the
    white tiles, fresh ones from the black tiles, so a fresh crop never overlaps a training one.
    """
    import skimage.data

    rng = np.random.default_rng(0)
    train, pool, kinds = [], [], []
    for name in TEXTURES:
        image = getattr(skimage.data, name)()
        tiles = [(y, x) for y in range(0, 512, 128) for x in range(0, 512, 128)]
        white = [t for t in tiles if (t[0] + t[1]) // 128 % 2 == 0]
        black = [t for t in tiles if (t[0] + t[1]) // 128 % 2 == 1]
        for where, count, out in ((white, per_texture, train), (black, -(-n // len(TEXTURES)) * 2, pool)):
            for _ in range(count):
                ty, tx = where[int(rng.integers(len(where)))]
                y, x = ty + int(rng.integers(0, 128 - crop + 1)), tx + int(rng.integers(0, 128 - crop + 1))
                out.append(image[y:y + crop, x:x + crop])
            if out is pool:
                kinds += [name] * count
    return PictureSet(f"textures {resolution} px", _grey_to_tensor(train, resolution),
                      _grey_to_tensor(pool, resolution), np.array(kinds), n)
