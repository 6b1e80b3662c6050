"""ScanWorker on a real QThread: progress, result, cancel and errors reach the GUI thread as signals."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QObject, Qt, Slot

from aigc_desktop.core.data.scan import ScanResult
from aigc_desktop.workers import threads
from aigc_desktop.workers.scan_worker import ScanWorker
from aigc_desktop.workers.threads import start_in_thread


class Recorder(QObject):
    """Receives the worker's signals on the GUI thread (a QObject receiver makes them queued)."""

    def __init__(self, worker: ScanWorker) -> None:
        super().__init__()
        self.progress: list[tuple[int, int]] = []
        self.results: list[ScanResult] = []
        self.errors: list[str] = []
        self.threads: set[int] = set()
        self.finished = False
        worker.progress.connect(self.on_progress)
        worker.succeeded.connect(self.on_succeeded)
        worker.failed.connect(self.on_failed)
        worker.finished.connect(self.on_finished)

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.threads.add(threading.get_ident())
        self.progress.append((done, total))

    @Slot(object)
    def on_succeeded(self, result: ScanResult) -> None:
        self.threads.add(threading.get_ident())
        self.results.append(result)

    @Slot(str)
    def on_failed(self, error: str) -> None:
        self.errors.append(error)

    @Slot()
    def on_finished(self) -> None:
        self.finished = True


def run_worker(qtbot, worker: ScanWorker) -> Recorder:
    """Start ``worker`` on its own thread; wait until it finished, was deleted, and the thread ended."""
    recorder = Recorder(worker)
    thread = start_in_thread(worker, "test-scan")
    # Not qtbot.waitSignal(worker.finished): its plain-function slot would run on the worker thread
    # and could end the wait before the queued succeeded/failed reached us. Queued in emit order.
    qtbot.waitUntil(lambda: recorder.finished, timeout=20_000)
    # wait(0) is true only once the thread's finishing phase is over: dropping our last reference to a
    # QThread still in that phase would destroy it from this thread, which crashes.
    qtbot.waitUntil(lambda: thread.wait(0), timeout=5000)
    # The registry then lets go of both, here on the GUI thread (never on the worker's own thread).
    assert threads.wait_for_all(1000) and worker not in threads._alive.values()
    return recorder


@pytest.fixture
def many_images(tmp_path: Path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    pixels = np.random.default_rng(1).integers(0, 255, (8, 8, 3), dtype=np.uint8)
    for i in range(300):
        Image.fromarray(pixels).save(folder / f"img_{i:03d}.png")
    return folder


def test_scan_emits_progress_and_result_on_gui_thread(qtbot, image_folder: Path) -> None:
    worker = ScanWorker([str(image_folder)])
    recorder = run_worker(qtbot, worker)
    assert recorder.errors == []
    (result,) = recorder.results
    assert len(result.images) == 12 and not result.cancelled
    assert result.classes == ["good", "scratch"]
    assert recorder.progress, "no progress was reported"
    assert recorder.progress[-1] == (12, 12)
    assert all(0 <= done <= total == 12 for done, total in recorder.progress)
    assert recorder.threads == {threading.get_ident()}  # delivered to the GUI thread, not the worker's


def test_cancel_stops_the_scan_and_keeps_what_was_checked(qtbot, many_images: Path) -> None:
    worker = ScanWorker([str(many_images)])
    # Direct connection (no receiver object): runs on the worker thread at the first progress report,
    # so the cancel lands mid-scan, deterministically.
    worker.progress.connect(lambda done, total: worker.cancel())
    recorder = run_worker(qtbot, worker)
    (result,) = recorder.results
    assert result.cancelled
    assert 0 < len(result.images) < 300


def test_cancel_before_start_gives_an_empty_cancelled_result(qtbot, image_folder: Path) -> None:
    worker = ScanWorker([str(image_folder)])
    worker.cancel()
    recorder = run_worker(qtbot, worker)
    (result,) = recorder.results
    assert result.cancelled and result.images == []


def test_an_error_in_the_scan_becomes_failed_and_finished(qtbot, monkeypatch, image_folder: Path) -> None:
    def broken_scan(*args: object, **kwargs: object) -> ScanResult:
        raise OSError("disk on fire")

    monkeypatch.setattr("aigc_desktop.core.data.scan.scan", broken_scan)
    worker = ScanWorker([str(image_folder)])
    recorder = run_worker(qtbot, worker)
    assert recorder.results == []
    assert recorder.errors == ["OSError: disk on fire"]


def test_a_finished_worker_is_destroyed_on_the_gui_thread_not_its_own(qtbot, image_folder: Path) -> None:
    """Destroying it on its own thread could deadlock PySide's GIL against Qt's mutexes (see threads.py)."""
    where: list[int] = []
    worker = ScanWorker([str(image_folder)])
    worker.destroyed.connect(lambda *_: where.append(threading.get_ident()), Qt.ConnectionType.DirectConnection)
    run_worker(qtbot, worker)
    assert where == []  # alive as long as someone holds it
    del worker
    gc.collect()
    assert where == [threading.get_ident()]
