"""Builders for valid and broken picture files, shared by the tests in this folder.

Plain functions rather than fixtures: the tests call them many times over with different arguments.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (24, 16), mode: str = "RGB", seed: int = 0, **save
) -> bytes:
    """A small noisy picture encoded as ``fmt`` (noise, so a file cut in half really lacks data)."""
    rng = np.random.default_rng(seed)
    arr = rng.integers(0, 256, size=(size[1], size[0], 3), dtype=np.uint8)
    img = Image.fromarray(arr).convert(mode)
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels but holds no pixel data (a bomb stand-in)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A zip holding ``entries`` under exactly the names given (unsafe ones included)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data)
    return buf.getvalue()


# File name -> a word the skip reason must contain.
BROKEN_FILES: dict[str, str] = {
    "empty.png": "empty",
    "truncated.png": "cut off",
    "truncated.jpg": "cut off",
    "text.png": "not a picture",
    "bomb.png": "too large",
    "garbage.jpg": "not a picture",
}


def make_broken_corpus(folder: Path) -> dict[str, str]:
    """Write one file of each broken kind into ``folder``; return ``BROKEN_FILES``."""
    folder.mkdir(parents=True, exist_ok=True)
    png = image_bytes("PNG", (64, 48))
    jpg = image_bytes("JPEG", (64, 48))
    (folder / "empty.png").write_bytes(b"")
    (folder / "truncated.png").write_bytes(png[: len(png) // 2])
    (folder / "truncated.jpg").write_bytes(jpg[: len(jpg) // 2])
    (folder / "text.png").write_text("This is not a picture, just a note.\n")
    (folder / "bomb.png").write_bytes(png_header_only(20_000, 20_000))
    (folder / "garbage.jpg").write_bytes(bytes(range(256)) * 4)
    return dict(BROKEN_FILES)


def is_plain_sentence(reason: str) -> bool:
    """A reason a user can read: a capitalised sentence with no exception jargon."""
    jargon = ("Error", "errno", "Traceback", "PIL", "<", "0x", "None")
    return (
        bool(reason)
        and reason[0].isupper()
        and reason.endswith(".")
        and len(reason) < 200
        and not any(word in reason for word in jargon)
    )


def zip_with_raw_names(path: Path, names: list[bytes]) -> Path:
    """A zip whose entry names are these bytes with the UTF-8 flag clear, as old Windows tools write.

    zipfile flags every non-ASCII name as UTF-8, so each entry is written under an ASCII stand-in of
    the same length, then the stand-in's bytes are replaced in the local and central headers alike.
    """
    buffer, stand_ins = io.BytesIO(), []
    with zipfile.ZipFile(buffer, "w") as zf:
        for i, name in enumerate(names):
            stand_in = chr(ord("A") + i).encode() * len(name)
            stand_ins.append(stand_in)
            png = io.BytesIO()
            Image.fromarray(np.full((16, 16, 3), 30 + 20 * i, np.uint8)).save(png, format="PNG")
            zf.writestr(stand_in.decode(), png.getvalue())
    data = buffer.getvalue()
    for stand_in, name in zip(stand_ins, names, strict=True):
        assert data.count(stand_in) == 2, "a stand-in must appear only in its two headers"
        data = data.replace(stand_in, name)
    path.write_bytes(data)
    return path
