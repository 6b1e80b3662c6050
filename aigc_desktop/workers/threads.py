"""Running a worker QObject on its own QThread, wired the one way that cleans up reliably.

The worker's ``run()`` is one long call with no event loop, so it is steered with thread-safe flags
(set directly from the GUI thread), never with queued slots, which would not run until it returns.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread


def start_in_thread(worker: QObject, name: str) -> QThread:
    """Move ``worker`` to a new thread, start it, and have both deleted when ``worker.finished`` fires.

    The worker must have a ``run()`` slot and a ``finished`` signal that it emits exactly once, last.
    """
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    # Connect after the move, so the connections see the worker's final thread affinity.
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
