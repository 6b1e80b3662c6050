"""The engine's sentences in the window's language (see ``core/messages.py`` for how they are made)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from aigc_desktop.core.messages import Sentence


def engine_text(obj: object) -> str:
    """``obj`` — a str, a :class:`Sentence`, or an exception holding one — as text for the user.

    Safe on any thread (``QCoreApplication.translate`` is). The catalogue files engine sentences
    under ``QObject``, as ``packaging/update_translations.py`` writes them.
    """
    msg = obj.args[0] if isinstance(obj, BaseException) and len(obj.args) == 1 else obj
    if isinstance(msg, Sentence):
        try:
            values = {k: engine_text(v) if isinstance(v, Sentence) else v for k, v in msg.values.items()}
            return QCoreApplication.translate("QObject", msg.template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder: the English
            return str(msg)
    return str(obj)


def is_sentence(exc: BaseException) -> bool:
    """Was ``exc`` raised with a sentence for the user (rather than by a bug)?"""
    return len(exc.args) == 1 and isinstance(exc.args[0], Sentence)
