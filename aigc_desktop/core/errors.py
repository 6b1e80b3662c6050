"""Errors the engine raises on purpose, each with a sentence a user can act on."""

from __future__ import annotations

import errno


class ConfigError(ValueError):
    """A setting is invalid. Raised before any work starts; the message says what to change."""


class CheckpointError(RuntimeError):
    """A checkpoint is missing, damaged, or holds something other than plain tensors and numbers."""


class DataError(ValueError):
    """The data can't be used for training (for example: no usable images)."""


class FolderNotWritable(PermissionError):
    """A folder the work must write to can't be written (read-only, or not the user's); found up front."""


class DiskFullError(OSError):
    """The disk (or the user's quota) is full: what was being written was not, and the work stopped.
    The message says what was kept and what to do."""


DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS


class Cancelled(Exception):
    """Raised inside a long piece of work when its ``should_stop`` said so (the user, or a newer request)."""
