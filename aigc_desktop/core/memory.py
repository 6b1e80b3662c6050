"""Handing freed memory back to the operating system.

glibc's allocator keeps the pages of freed heap blocks for reuse. After a burst of temporary tensors —
a quality evaluation's thousand images and their features, a run that has ended — the process goes on
holding that memory: a factory PC's task manager shows the app 100–300 MB larger than what it uses,
and over many runs in one window it looks like a leak. ``malloc_trim`` gives the free pages back.
Windows' and macOS' allocators return large free blocks on their own; there this does nothing.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def release_free_memory() -> bool:
    """Give the allocator's free pages back to the system; True where that was possible."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
