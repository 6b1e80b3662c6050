"""Errors the engine raises on purpose, each with a sentence a user can act on."""

from __future__ import annotations


class ConfigError(ValueError):
    """A setting is invalid. Raised before any work starts; the message says what to change."""


class CheckpointError(RuntimeError):
    """A checkpoint is missing, damaged, or holds something other than plain tensors and numbers."""


class DataError(ValueError):
    """The data can't be used for training (for example: no usable images)."""


class Cancelled(Exception):
    """Raised inside a long piece of work when its ``should_stop`` said so (the user, or a newer request)."""
