"""Turn a decoded picture into the square uint8 array the model trains on, and back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

import numpy as np
from PIL import Image

from aigc_desktop.core.data.images import to_channels

if TYPE_CHECKING:  # torch is imported where needed, so the window can import settings without it
    import torch

RESOLUTIONS: tuple[int, ...] = (16, 32, 64, 128, 256)  # 16 is for tests only
FITS: tuple[str, ...] = ("crop", "pad")
BACKGROUNDS: tuple[str, ...] = ("white", "black")

# Shrinking by an integer factor first (Image.reduce) and finishing with Lanczos over at least
# this ratio looks the same as a full Lanczos pass and is many times faster on big photos.
_REDUCING_GAP = 3.0


@dataclass(frozen=True)
class PreprocessSettings:
    """How pictures become training squares.

    Attributes:
        resolution: Side of the square in pixels, one of ``RESOLUTIONS``.
        channels: 1 (grey) or 3 (colour).
        fit: ``"crop"`` fills the square and cuts off the edges of the longer side;
            ``"pad"`` keeps the whole picture and fills the rest with the background.
        background: ``"white"`` or ``"black"``, for transparent pixels and padding.
    """

    resolution: int = 32
    channels: int = 3
    fit: str = "crop"
    background: str = "white"

    def validate(self) -> None:
        """Raise ``ValueError`` with a plain sentence if a value is not allowed."""
        if not _is_int(self.resolution) or self.resolution not in RESOLUTIONS:
            allowed = ", ".join(str(r) for r in RESOLUTIONS[1:])
            raise ValueError(f"The picture size must be one of {allowed} pixels, not {self.resolution!r}.")
        if not _is_int(self.channels) or self.channels not in (1, 3):
            raise ValueError(f"Channels must be 1 (grey) or 3 (colour), not {self.channels!r}.")
        if self.fit not in FITS:
            raise ValueError(f"The fit must be 'crop' or 'pad', not {self.fit!r}.")
        if self.background not in BACKGROUNDS:
            raise ValueError(f"The background must be 'white' or 'black', not {self.background!r}.")

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-able dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PreprocessSettings:
        """Build and validate settings from a dict; missing keys take defaults, unknown keys are ignored.

        Raises:
            ValueError: If a value is not allowed.
        """
        names = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in dict(d).items() if k in names})
        settings.validate()
        return settings


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def preprocess(img: Image.Image, settings: PreprocessSettings) -> np.ndarray:
    """Resize a picture to the settings' square and return it as a uint8 array of shape (C, H, W).

    The picture is first converted to the settings' channels if needed (see ``to_channels``).
    """
    settings.validate()
    size = settings.resolution
    target_mode = "L" if settings.channels == 1 else "RGB"
    if img.mode != target_mode:
        img = to_channels(img, settings.channels, settings.background)
    w, h = img.size
    if settings.fit == "crop":
        # Centre square of side min(w, h), resized in one pass (the same as ImageOps.fit, plus reducing_gap).
        side = min(w, h)
        left, top = (w - side) / 2, (h - side) / 2
        out = img.resize(
            (size, size),
            Image.Resampling.LANCZOS,
            box=(left, top, left + side, top + side),
            reducing_gap=_REDUCING_GAP,
        )
    else:
        # Longer side to `size`, the other in proportion (at least 1 px), centred on the background.
        new = (size, max(1, round(h * size / w))) if w >= h else (max(1, round(w * size / h)), size)
        resized = img.resize(new, Image.Resampling.LANCZOS, reducing_gap=_REDUCING_GAP)
        out = Image.new(target_mode, (size, size), settings.background)
        out.paste(resized, ((size - new[0]) // 2, (size - new[1]) // 2))
    arr = np.asarray(out, dtype=np.uint8)
    arr = arr[None, :, :] if arr.ndim == 2 else arr.transpose(2, 0, 1)  # (H, W[, C]) -> (C, H, W)
    # np.asarray of a PIL image is read-only; callers (torch.from_numpy) need a writable array.
    arr = np.ascontiguousarray(arr)
    return arr if arr.flags.writeable else arr.copy()


def to_model_range(x: torch.Tensor) -> torch.Tensor:
    """uint8 pixels (0..255) to float32 in [-1, 1], the range the generator's tanh produces."""
    import torch

    return x.to(torch.float32).div(127.5).sub(1.0)


def from_model_range(x: torch.Tensor) -> torch.Tensor:
    """Floats in [-1, 1] to uint8 pixels; values outside are clamped, the rest rounded."""
    # NaN (a diverged generator) becomes mid-grey instead of an undefined byte.
    import torch

    return (
        torch.nan_to_num(x.detach().float(), nan=0.0)
        .clamp(-1.0, 1.0)
        .add(1.0)
        .mul(127.5)
        .round()
        .to(torch.uint8)
    )
