"""Python's cycle collection on the GUI thread only, once the engine is loaded.

Left automatic, the collector runs in whichever thread happens to allocate. A worker thread (training,
a Gallery job) that frees a widget left in a reference cycle deadlocks with the GUI thread: it holds
Qt's lock and waits for the GIL while the GUI thread holds the GIL and waits for Qt's lock (seen in
the test suite, nineteenth session). So automatic collection is turned off and pyqtgraph's
``GarbageCollector`` (already loaded with the plots) collects from a timer on the GUI thread.

A full collection with torch loaded walks about 387,000 objects (218 ms on 2 cores): on the GUI thread
that stalled the event loop 165 ms. What is alive once the engine is loaded (modules, the window) lives
as long as the app, so it is frozen first (``gc.freeze``) and collections skip it: longest event-loop
gap then 27 ms over 30 s of training (benchmarks/RESULTS.md, nineteenth session).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

COLLECT_EVERY_S = 1.0


def collect_on_gui_thread(interval_s: float = COLLECT_EVERY_S) -> object:
    """Freeze what is alive, turn automatic collection off and collect from a timer on this thread.

    Call it on the GUI thread, once, after the engine has been imported; keep the returned object alive
    as long as the application runs.
    """
    from pyqtgraph.util.garbage_collector import GarbageCollector

    gc.collect()
    gc.freeze()
    return GarbageCollector(interval=interval_s)


def collect_on_gui_thread_once(engine_loaded: SignalInstance) -> list[object]:
    """Start :func:`collect_on_gui_thread` the first time ``engine_loaded`` fires (the main window's, after
    its device probe). Keep the returned list alive as long as the application runs: it holds the collector."""
    holder: list[object] = []
    engine_loaded.connect(lambda: holder or holder.append(collect_on_gui_thread()))
    return holder
