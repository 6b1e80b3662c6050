"""Walking the latent space between two images, and saving the walk as an animated GIF or PNG frames.

A generator turns nearby latent codes into similar images, so the codes on a path from one image's
code to another's give a smooth morph. Latents are Gaussian, so a straight line (lerp) passes near the
origin, where codes are rarer and images duller; the great-circle path (slerp) keeps their length
typical. Both are offered: slerp is the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from aigc_desktop.core.atomic import atomic_write

METHODS = ("slerp", "lerp")


def interpolate(z0: torch.Tensor, z1: torch.Tensor, count: int, method: str = "slerp") -> torch.Tensor:
    """``count`` latents (count, z_dim) evenly spaced from ``z0`` to ``z1``, both ends included.

    Args:
        z0, z1: Latent codes of shape (z_dim,).
        count: At least 2 (the two ends).
        method: ``"slerp"`` (spherical, the default) or ``"lerp"`` (straight line).
    """
    if count < 2:
        raise ValueError(f"An interpolation needs at least 2 frames (got {count}).")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)} (got {method!r}).")
    if z0.shape != z1.shape or z0.ndim != 1:
        raise ValueError(f"Both latents must be vectors of the same length: {tuple(z0.shape)} vs {tuple(z1.shape)}.")
    t = torch.linspace(0.0, 1.0, count, dtype=torch.float64)[:, None]
    a, b = z0.double()[None], z1.double()[None]
    out = (1 - t) * a + t * b if method == "lerp" else _slerp(a, b, t)
    out[0], out[-1] = a[0], b[0]  # the ends are exactly the two images, not a rounding away from them
    return out.to(z0.dtype)


def _slerp(a: torch.Tensor, b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Great-circle interpolation of direction, with the length interpolated linearly."""
    na, nb = a.norm(), b.norm()
    if float(na) == 0.0 or float(nb) == 0.0:
        return (1 - t) * a + t * b  # a zero code (ψ = 0) has no direction
    ua, ub = a / na, b / nb
    omega = torch.arccos((ua * ub).sum().clamp(-1.0, 1.0))
    so = torch.sin(omega)
    if float(so) < 1e-6:
        # The same or opposite directions: the arc is the chord, or no great circle is preferred.
        direction = (1 - t) * ua + t * ub
    else:
        direction = (torch.sin((1 - t) * omega) * ua + torch.sin(t * omega) * ub) / so
    return direction * ((1 - t) * na + t * nb)


def to_pil_frame(frame: np.ndarray | torch.Tensor, scale: int = 1) -> Image.Image:
    """A uint8 frame, (H, W, C) numpy or (C, H, W) tensor, as a PIL image enlarged ``scale``× with crisp pixels."""
    if isinstance(frame, torch.Tensor):
        frame = frame.permute(1, 2, 0).numpy()
    arr = np.ascontiguousarray(frame)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    img = Image.fromarray(arr)
    if scale > 1:
        img = img.resize((img.width * scale, img.height * scale), Image.Resampling.NEAREST)
    return img


def write_gif(
    frames: Sequence[np.ndarray | torch.Tensor],
    path: str | Path,
    *,
    duration_ms: int = 120,
    scale: int = 1,
    bounce: bool = False,
) -> Path:
    """Save ``frames`` as a looping animated GIF, written atomically.

    Args:
        duration_ms: How long each frame shows.
        scale: Enlarge each frame by this whole factor (GAN images are small).
        bounce: Play forwards then backwards, so the loop has no jump.

    Note that GIF holds 256 colours per frame, and Pillow merges consecutive identical frames into
    one longer frame (the animation looks the same).
    """
    if len(frames) < 1:
        raise ValueError("There are no frames to save.")
    images = [to_pil_frame(f, scale) for f in frames]
    if bounce and len(images) > 2:
        images = images + images[-2:0:-1]

    def write(f) -> None:
        images[0].save(f, format="GIF", save_all=True, append_images=images[1:], duration=duration_ms, loop=0)

    return atomic_write(path, write)


def write_frames(
    frames: Sequence[np.ndarray | torch.Tensor],
    folder: str | Path,
    *,
    prefix: str = "frame",
    scale: int = 1,
    text: dict[str, str] | None = None,
) -> list[Path]:
    """Save each frame as ``folder/<prefix>-NNN.png`` (existing files are left alone: a free name is chosen).

    ``text`` goes into every PNG as text chunks (e.g. which two images the walk joins), with the
    frame's position added as ``aigc:frame``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    digits = max(3, len(str(len(frames) - 1)))
    # One free prefix for the whole set, so a second export never interleaves with the first.
    stem, n = prefix, 2
    while any(folder.glob(f"{stem}-{'[0-9]' * digits}.png")):
        stem, n = f"{prefix}{n}", n + 1
    paths = []
    for i, frame in enumerate(frames):
        info = PngInfo()
        for key, value in {**(text or {}), "aigc:frame": f"{i}/{len(frames)}"}.items():
            info.add_text(key, str(value))
        img = to_pil_frame(frame, scale)
        paths.append(atomic_write(folder / f"{stem}-{i:0{digits}d}.png",
                                  lambda f, img=img, info=info: img.save(f, format="PNG", pnginfo=info)))
    return paths
