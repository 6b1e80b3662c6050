"""Reference cycles are freed by a timer on the GUI thread, never by a worker thread that allocates."""

from __future__ import annotations

import gc
import threading
import weakref

from aigc_desktop.ui.gui_thread_gc import collect_on_gui_thread


class Node:
    pass


def test_cycles_are_collected_by_a_timer_on_the_gui_thread_and_what_was_alive_is_frozen(qtbot):
    gc.enable()  # as at start-up (the window tests' fixture turns it off)
    collector = collect_on_gui_thread(interval_s=0.02)
    freed_on: list[str] = []
    try:
        assert not gc.isenabled(), "a worker thread must never start a collection"
        assert gc.get_freeze_count() > 0, "what was alive (the window, the engine) is left out of collections"
        first = None
        for _ in range(2000):  # enough new objects for a generation-0 collection
            a, b = Node(), Node()
            a.other, b.other = b, a
            first = first or weakref.ref(a, lambda _: freed_on.append(threading.current_thread().name))
        del a, b
        assert first() is not None, "a cycle is not freed by reference counting alone"
        qtbot.waitUntil(lambda: first() is None, timeout=5000)
        assert freed_on == [threading.main_thread().name]
    finally:
        collector.timer.stop()
        gc.unfreeze()
        gc.enable()
