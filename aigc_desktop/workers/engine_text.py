"""The engine's sentences in the window's language (see ``core/messages.py`` for how they are made), and
the one way a failure on a worker thread becomes text for the user."""

from __future__ import annotations

import traceback

from PySide6.QtCore import QCoreApplication

from aigc_desktop.core.messages import Sentence


def engine_text(obj: object) -> str:
    """``obj`` — a str, a :class:`Sentence`, or an exception holding one — as text for the user.

    Safe on any thread (``QCoreApplication.translate`` is). The catalogue files engine sentences
    under ``QObject``, as ``packaging/update_translations.py`` writes them; a plain string is looked
    up there too (the engine's fixed reasons, such as why a picture was skipped) and otherwise shown
    as it is.
    """
    msg = obj.args[0] if isinstance(obj, BaseException) and len(obj.args) == 1 else obj
    if isinstance(msg, Sentence):
        try:
            values = {k: engine_text(v) if isinstance(v, Sentence) else v for k, v in msg.values.items()}
            return QCoreApplication.translate("QObject", msg.template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: the English
            return str(msg)
    text = str(obj)
    return QCoreApplication.translate("QObject", text) if text else text


def is_sentence(exc: BaseException) -> bool:
    """Was ``exc`` raised with a sentence for the user (rather than by a bug)?"""
    return len(exc.args) == 1 and isinstance(exc.args[0], Sentence)


def error_text(exc: BaseException) -> str:
    """What went wrong, for the user: every background job reports its failure through this.

    The engine says what the user can act on with a :class:`Sentence`, or with a message in a
    ``ValueError`` (``ConfigError``, ``DataError``), an ``OSError`` or one of its own errors: that
    text is shown, translated. Anything else is unexpected (a bug, a library's error) and is shown
    with its type, ``KeyError: 'step'``, so that a report can name it.
    """
    from aigc_desktop.core.data.images import ImageRejected
    from aigc_desktop.core.errors import CheckpointError
    from aigc_desktop.core.feedback.store import FeedbackStoreError

    says_what_to_do = (ValueError, OSError, CheckpointError, FeedbackStoreError, ImageRejected)
    if is_sentence(exc) or (isinstance(exc, says_what_to_do) and str(exc)):
        return engine_text(exc)
    return traceback.format_exception_only(type(exc), exc)[-1].strip()
