"""Running a worker QObject on its own QThread, wired the one way that cleans up reliably.

The worker's ``run()`` is one long call with no event loop, so it is steered with thread-safe flags
(set directly from the GUI thread), never with queued slots, which would not run until it returns.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThread

# Python owns the QThread and worker wrappers. If the GUI dropped its last reference while the thread
# still ran (e.g. in a slot for the worker's own `finished`), Qt would abort with "QThread: Destroyed
# while thread is still running". This registry keeps both alive until the thread has really ended;
# finished entries are dropped on the GUI thread the next time a thread starts (or in wait_for_all),
# never from the ending thread itself, which must not delete its own QThread.
#
# The worker is destroyed there too, not with deleteLater on its own thread: a QObject's destructor
# holds one of Qt's shared signal-slot mutexes while PySide takes the GIL to retire its wrapper, and
# the GUI thread, holding the GIL, takes such mutexes too (moveToThread, connect). With the two on
# different threads they could wait on each other for ever: a rare hang seen in the test suite.
_alive: dict[QThread, QObject] = {}


def _prune() -> None:
    # wait(0), not isFinished(): the latter is already true while the OS thread is still exiting, and
    # destroying a QThread then crashes.
    for thread in [t for t in _alive if t.wait(0)]:
        del _alive[thread]


def start_in_thread(worker: QObject, name: str) -> QThread:
    """Move ``worker`` to a new thread and start it; the thread quits when ``worker.finished`` fires.

    The worker must have a ``run()`` slot and a ``finished`` signal that it emits exactly once, last.
    """
    _prune()
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    # Connect after the move, so the connections see the worker's final thread affinity.
    thread.started.connect(worker.run)
    # Direct: quit() is thread-safe, and a queued call would wait for the GUI's event loop, which is
    # blocked when the window waits for the thread on close.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    _alive[thread] = worker
    thread.start()
    return thread


def running_threads() -> list[QThread]:
    return [t for t in _alive if t.isRunning()]


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Block until every worker thread has ended (used on shutdown and by tests)."""
    done = all(t.wait(timeout_ms) for t in list(_alive))
    _prune()
    return done
