"""Decode one picture file robustly and bring it to 1 or 3 channels.

Users point the app at folders they did not curate: empty files, pictures cut off by a failed
copy, text files with a ``.png`` name, huge scans. Every such case becomes an ``ImageRejected``
carrying a sentence the user can act on (a ``Sentence``, so the window shows it in the user's
language); nothing else escapes ``decode_image``.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from aigc_desktop.core.messages import Sentence

MAX_PIXELS: int = 64_000_000
"""Largest picture (width x height) we decode; bigger ones are refused as possible decompression bombs."""

MAX_FILE_BYTES: int = 1 << 30
"""Largest file we read into memory (1 GiB); also bounds what a zip entry may expand to."""

# PIL's own guard uses the same limit, so code elsewhere in the app that opens pictures directly
# refuses the same files. PIL warns above the limit and raises above twice it; our functions turn
# both into ImageRejected.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# warnings.catch_warnings() swaps process-wide state; the lock keeps our decoder threads from
# restoring each other's filters. Only Image.open (header parsing, fast) runs under it.
_OPEN_LOCK = threading.Lock()

# Sentences for the user (translated in the window: see core/messages.py).
EMPTY = "The file is empty (0 bytes)."
NOT_FOUND = "The file no longer exists."
IS_FOLDER = "This is a folder, not a picture file."
NOT_AN_IMAGE = "This file is not a picture, or it is in a format the app cannot read."
TRUNCATED = "The picture is incomplete: the file seems to have been cut off (for example by an unfinished copy or download)."
DAMAGED = "The picture data is damaged and could not be decoded."
NO_MEMORY = "There is not enough memory to open this picture."
TOO_LARGE = f"The picture is too large; the limit is {MAX_PIXELS // 1_000_000} million pixels."
FILE_TOO_BIG = f"The file is too big to load (over {MAX_FILE_BYTES >> 30} GB)."
TOO_LARGE_SIZE = "The picture is too large ({width} x {height} pixels); the limit is {limit} million pixels."
NO_PERMISSION = "The file could not be read: permission denied."
UNREADABLE = "The file could not be read ({detail})."
UNSUPPORTED_COLOUR = "The colour format of this picture ({mode}) is not supported."


class ImageRejected(Exception):
    """A picture we cannot use; ``reason`` is the sentence to show the user.

    Raised as ``ImageRejected(TEMPLATE, **values)`` with one of the templates above, or with a
    :class:`Sentence` made already.
    """

    def __init__(self, reason: str, **values: object) -> None:
        self.reason = reason if isinstance(reason, Sentence) and not values else Sentence(reason, **values)
        super().__init__(self.reason)


@dataclass(frozen=True)
class ImageInfo:
    """What ``probe_image`` learns: size as displayed (EXIF rotation applied) and the original mode."""

    width: int
    height: int
    mode: str


def too_large_reason(width: int, height: int) -> Sentence:
    """The sentence used when a picture exceeds ``MAX_PIXELS``."""
    return Sentence(TOO_LARGE_SIZE, width=width, height=height, limit=MAX_PIXELS // 1_000_000)


def unreadable_reason(exc: OSError) -> Sentence:
    """The sentence for an operating-system error met while reading a file."""
    if isinstance(exc, FileNotFoundError):
        return Sentence(NOT_FOUND)
    if isinstance(exc, IsADirectoryError):
        return Sentence(IS_FOLDER)
    if isinstance(exc, PermissionError):
        return Sentence(NO_PERMISSION)
    # The system's own words ("no space left on device") stay as the system gives them.
    detail = (exc.strerror or "input/output error").rstrip(".").lower()
    return Sentence(UNREADABLE, detail=detail)


def decode_image(data: bytes | str | Path, *, min_size: int | None = None) -> Image.Image:
    """Open and fully decode one picture, applying its EXIF orientation.

    Animated files give their first frame. The returned image no longer refers to any file.

    Args:
        data: The encoded file contents, or a path to the file.
        min_size: If given, a JPEG may be decoded at a reduced scale (1/2 to 1/8) as long as both
            sides stay at least this large; much faster for big photos that will be shrunk anyway.

    Raises:
        ImageRejected: For any file that is not a usable picture; never anything else.
    """
    return _decode(data, min_size)[0]


def probe_image(data: bytes | str | Path) -> ImageInfo:
    """Check that a picture decodes completely and return its displayed size and original mode.

    Faster than ``decode_image`` on JPEGs (decodes at 1/8 scale, which still reads every byte,
    so a cut-off file is still caught).

    Raises:
        ImageRejected: As ``decode_image``.
    """
    _, (width, height), mode = _decode(data, 1)
    return ImageInfo(width, height, mode)


def _decode(data: bytes | str | Path, min_size: int | None) -> tuple[Image.Image, tuple[int, int], str]:
    # Returns (decoded image, full size after orientation, original mode).
    raw = b""
    try:
        raw = _read(data)
        if not raw:
            raise ImageRejected(EMPTY)
        img = _open(raw)
        mode = img.mode
        full = img.size
        if full[0] * full[1] > MAX_PIXELS:
            raise ImageRejected(too_large_reason(*full))
        if min_size and img.format == "JPEG":
            img.draft(None, (min_size, min_size))
        before = img.size
        img.load()
        try:
            out = ImageOps.exif_transpose(img)
        except Exception:
            # A broken EXIF block should not cost the user a good picture: keep it unrotated.
            out = img.copy()
        img.close()
        if out.size != before and out.size == (before[1], before[0]):
            full = (full[1], full[0])
        return out, full, mode
    except ImageRejected:
        raise
    except MemoryError as exc:
        raise ImageRejected(NO_MEMORY) from exc
    except Image.DecompressionBombError as exc:
        raise ImageRejected(TOO_LARGE) from exc
    except Exception as exc:
        raise ImageRejected(TRUNCATED if _looks_truncated(exc, raw) else DAMAGED) from exc


def _looks_truncated(exc: Exception, data: bytes) -> bool:
    # PIL says "truncated" for most formats; WebP only says "could not create decoder", so compare
    # the length its RIFF header promises with what is there.
    if "truncated" in str(exc).lower():
        return True
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return int.from_bytes(data[4:8], "little") + 8 > len(data)
    return False


def _read(data: bytes | str | Path) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    path = Path(data)
    try:
        if path.is_dir():
            raise ImageRejected(IS_FOLDER)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImageRejected(FILE_TOO_BIG)
        return path.read_bytes()
    except OSError as exc:
        raise ImageRejected(unreadable_reason(exc)) from exc


def _open(raw: bytes) -> Image.Image:
    with _OPEN_LOCK, warnings.catch_warnings():
        # Above MAX_PIXELS PIL only warns; make that an exception we can turn into a reason.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(raw))
        except Image.DecompressionBombWarning as exc:
            raise ImageRejected(TOO_LARGE) from exc
        except UnidentifiedImageError as exc:
            raise ImageRejected(NOT_AN_IMAGE) from exc


_GRAY_MODES = frozenset({"1", "L", "LA", "La", "I", "F"})


def is_gray_mode(mode: str) -> bool:
    """True for PIL modes that carry no colour (``L``, ``I;16``, ``1``, ...)."""
    return mode in _GRAY_MODES or mode.startswith("I;16")


def to_channels(img: Image.Image, channels: int, background: str = "white") -> Image.Image:
    """Convert a decoded picture to mode ``"L"`` (``channels=1``) or ``"RGB"`` (``channels=3``).

    Transparent pixels are laid over a plain background; 16-bit and float pictures are scaled to
    8 bits over their range rather than clipped. May return ``img`` itself if it already fits.

    Raises:
        ValueError: For a bad ``channels`` or ``background``.
        ImageRejected: For a colour format that cannot be converted.
    """
    if channels not in (1, 3):
        raise ValueError(f"Channels must be 1 (grey) or 3 (colour), not {channels!r}.")
    if background not in ("white", "black"):
        raise ValueError(f"Background must be 'white' or 'black', not {background!r}.")
    target = "L" if channels == 1 else "RGB"
    mode = img.mode
    try:
        if mode in ("I", "F") or mode.startswith("I;16"):
            img = _to_8bit(img)
        elif mode == "LAB":
            img = _lab_to_rgb(img)
        elif mode in ("La", "RGBa"):  # premultiplied alpha: PIL converts these only to their plain twin
            img = img.convert(mode.upper())
        if img.has_transparency_data:
            # RGBA first: PIL resolves palette/tRNS transparency only when converting to RGBA.
            rgba = img.convert("RGBA")
            shade = 255 if background == "white" else 0
            img = Image.alpha_composite(Image.new("RGBA", rgba.size, (shade, shade, shade, 255)), rgba)
        if img.mode == target:
            return img
        if target == "L" and img.mode not in ("1", "L", "P", "RGB", "RGBA"):
            img = img.convert("RGB")
        return img.convert(target)
    except (ValueError, OSError) as exc:
        raise ImageRejected(UNSUPPORTED_COLOUR, mode=mode) from exc


def _to_8bit(img: Image.Image) -> Image.Image:
    arr = np.asarray(img)
    if img.mode.startswith("I;16"):
        lo, hi = 0.0, 65535.0
    elif arr.size == 0:
        lo, hi = 0.0, 255.0
    else:
        arr = np.nan_to_num(arr.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = float(arr.min()), float(arr.max())
        if img.mode == "F" and lo >= 0 and hi <= 1:
            lo, hi = 0.0, 1.0  # float pictures stored as 0..1
        elif lo >= 0 and hi <= 255:
            lo, hi = 0.0, 255.0  # already 8-bit values in a wide container: keep them
        elif lo >= 0 and hi <= 65535:
            lo, hi = 0.0, 65535.0  # 16-bit data (older Pillow opens 16-bit PNGs as "I")
        # else: arbitrary range (e.g. signed scientific data): stretch min..max
    scale = 255.0 / (hi - lo) if hi > lo else 0.0
    out = np.rint((arr.astype(np.float64) - lo) * scale).clip(0, 255).astype(np.uint8)
    return Image.fromarray(out)  # a 2-D uint8 array becomes mode "L"


def _lab_to_rgb(img: Image.Image) -> Image.Image:
    try:
        transform = ImageCms.buildTransform(
            ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB"
        )
        return ImageCms.applyTransform(img, transform) or img
    except Exception as exc:
        raise ImageRejected(UNSUPPORTED_COLOUR, mode="LAB") from exc
