"""Write files so that a crash or power cut never leaves a half-written one behind."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO


def atomic_write(path: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write(f)`` on a temporary file next to ``path``, fsync it, then rename it over ``path``.

    The rename is atomic on the same file system, so readers see either the old file or the new
    one, never a partial file; a failure leaves the old file untouched and removes the temporary.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return path


def remove_interrupted_writes(folder: str | Path) -> list[Path]:
    """Delete the temporary files that writes killed mid-way (kill -9, power cut) left in ``folder``.

    Only the names :func:`atomic_write` makes (``.<name>.<random>.tmp``): their contents never became
    a file anyone reads, and a checkpoint's are megabytes. Call it only where no write can be under
    way, such as when a run is opened for training. Returns what was removed.
    """
    removed = []
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


def atomic_write_json(path: str | Path, data: Any) -> Path:
    """Write ``data`` as indented UTF-8 JSON, atomically."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    # A file name that is not valid UTF-8 (GBK or Latin-1 bytes from another PC) reaches Python as lone
    # surrogates, which UTF-8 can't encode. Written as JSON's own \udcXX escapes they read back as the
    # very same string, so a path saved here still opens the file; every other character stays readable.
    return atomic_write(path, lambda f: f.write(text.encode("utf-8", "backslashreplace")))


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on Windows, where it is not needed either.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
