"""The one way short work runs off the GUI thread: jobs on lanes, one at a time per lane, newest request first.

A :class:`JobRunner` is one lane: it runs a job on its own QThread (``threads.start_in_thread``);
a job submitted while another runs waits for it, and cancels it first if the running job may be
superseded (a generation made obsolete by a new ψ, a preview by a new setting, a scan by a new
folder). Only the newest waiting job is kept. Results of a cancelled job are dropped by its id, so a
late answer to an old question never reaches the screen. Progress is throttled (``Throttle``) and a
failure arrives as text (``engine_text.error_text``); a job that stops on :class:`Cancelled` just ends.

Scanning, the preprocessing preview, the grids' thumbnails, the device probe, the cluster export, the
Gallery and the Feedback tab all use it; training is the one long-running worker (``training_worker.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from aigc_desktop.core.errors import Cancelled
from aigc_desktop.workers.engine_text import error_text
from aigc_desktop.workers.job_context import JobContext, Throttle
from aigc_desktop.workers.threads import start_in_thread

_log = logging.getLogger(__name__)


class JobWorker(QObject):
    """Runs ``fn(ctx)`` once on a worker thread; every signal carries the job id."""

    progress = Signal(int, str, int, int)  # job id, phase, done, total
    partial = Signal(int, object)
    succeeded = Signal(int, object)
    failed = Signal(int, str)
    finished = Signal()

    def __init__(self, job_id: int, fn: Callable[[JobContext], Any]) -> None:
        super().__init__()
        self.job_id, self.fn = job_id, fn
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; thread-safe."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        ctx = JobContext(Throttle(self._progress), self._partial, self._stop.is_set)
        try:
            # Sent even after a stop request: a job stopped early may still have a result (a scan's
            # pictures so far). The runner drops it if the job was cancelled instead.
            self.succeeded.emit(self.job_id, self.fn(ctx))
        except Cancelled:
            pass
        except Exception as exc:  # any failure reaches the user as text, never kills the thread
            _log.exception("background job failed")
            self.failed.emit(self.job_id, error_text(exc))
        finally:
            self.finished.emit()

    def _partial(self, obj: Any) -> None:
        self.partial.emit(self.job_id, obj)

    def _progress(self, phase: str, done: int, total: int) -> None:
        self.progress.emit(self.job_id, phase, done, total)


@dataclass
class Job:
    """A piece of work and where its results go (methods of GUI-thread objects, called on the GUI thread)."""

    kind: str
    fn: Callable[[JobContext], Any]
    on_result: Callable[[Any], None] | None = None
    on_partial: Callable[[Any], None] | None = None
    on_error: Callable[[str], None] | None = None
    supersedable: bool = True  # may a newer job cancel it? (not an export half-way through a folder)


class JobRunner(QObject):
    """One lane of jobs; see the module docstring.

    Signals:
        busyChanged(bool): a job started with the lane idle, or the last one ended.
        progress(str, str, int, int): kind, phase, done, total of the running job.
        jobEnded(str, str): kind and outcome ("done", "failed", "cancelled") of each job.
    """

    busyChanged = Signal(bool)
    progress = Signal(str, str, int, int)
    jobEnded = Signal(str, str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._next_id = 0
        self._job: Job | None = None
        self._job_id = 0
        self._outcome = ""
        self._worker: JobWorker | None = None
        self._thread: QThread | None = None
        self._pending: Job | None = None
        self._closed = False

    def submit(self, job: Job) -> None:
        """Run ``job`` now, or as soon as the running one ends (cancelling it if it may be superseded)."""
        if self._closed:
            return
        if self._job is None:
            self._start(job)
            return
        self._pending = job
        if self._job.supersedable:
            self._cancel_current()

    def cancel(self) -> None:
        """Cancel the running job and forget the waiting one: neither delivers anything more."""
        self._pending = None
        self._cancel_current()

    def stop(self) -> None:
        """Ask the running job to end early and forget the waiting one.

        Unlike :meth:`cancel`, what the job returns when it stops still arrives: a stopped scan
        delivers the pictures it checked so far.
        """
        self._pending = None
        if self._worker is not None and self._outcome == "":
            self._worker.cancel()

    def is_busy(self) -> bool:
        return self._job is not None

    def has_pending(self) -> bool:
        """True while a job waits for the running one to end (so also while ``jobEnded`` of a replaced one)."""
        return self._pending is not None

    def current_kind(self) -> str | None:
        """The kind of the job running now (None when idle)."""
        return self._job.kind if self._job is not None else None

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the running job's thread has ended (tests, shutdown)."""
        return self._thread.wait(timeout_ms) if self._thread is not None else True

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel everything, start nothing more, and wait for the thread to end."""
        self._closed = True
        self.cancel()
        done = self.wait(timeout_ms)
        if done and self._job is not None:
            # The worker's queued `finished` may never be delivered (the window is closing): end it here.
            job, self._job, self._worker = self._job, None, None
            _let_go_later(job)
            self.jobEnded.emit(job.kind, "cancelled")
            self.busyChanged.emit(False)
        return done

    def _cancel_current(self) -> None:
        if self._worker is not None and self._outcome == "":
            self._outcome = "cancelled"  # its late results are ignored from now on
            self._worker.cancel()

    def _start(self, job: Job, was_idle: bool = True) -> None:
        self._next_id += 1
        self._job, self._job_id, self._outcome = job, self._next_id, ""
        worker = JobWorker(self._job_id, job.fn)
        # Bound methods of this GUI-thread object only: a lambda would run on the worker thread.
        worker.progress.connect(self._on_progress)
        worker.partial.connect(self._on_partial)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._thread = start_in_thread(worker, f"{self._name}-{job.kind}")
        if was_idle:
            self.busyChanged.emit(True)

    def _live(self, job_id: int) -> bool:
        return self._job is not None and job_id == self._job_id and self._outcome == ""

    @Slot(int, str, int, int)
    def _on_progress(self, job_id: int, phase: str, done: int, total: int) -> None:
        if self._live(job_id):
            self.progress.emit(self._job.kind, phase, done, total)

    @Slot(int, object)
    def _on_partial(self, job_id: int, obj: Any) -> None:
        if self._live(job_id) and self._job.on_partial is not None:
            self._job.on_partial(obj)

    @Slot(int, object)
    def _on_succeeded(self, job_id: int, result: Any) -> None:
        if self._live(job_id):
            self._outcome = "done"
            if self._job.on_result is not None:
                self._job.on_result(result)

    @Slot(int, str)
    def _on_failed(self, job_id: int, text: str) -> None:
        if self._live(job_id):
            self._outcome = "failed"
            if self._job.on_error is not None:
                self._job.on_error(text)

    @Slot()
    def _on_finished(self) -> None:
        if self._job is None:
            return
        job, outcome = self._job, self._outcome or "cancelled"
        self._job, self._worker = None, None
        _let_go_later(job)
        self.jobEnded.emit(job.kind, outcome)
        pending, self._pending = self._pending, None
        if pending is not None and not self._closed:
            self._start(pending, was_idle=False)  # busy throughout: no busyChanged(False) in between
        else:
            self.busyChanged.emit(False)


def _let_go_later(job: Job) -> None:
    # A job's callbacks may hold the last reference to this runner's owner (a grid whose view has let
    # it go): dropped here, the owner and this runner would be deleted in the middle of our own slot.
    # The event loop drops the job instead, once the slot has returned.
    QTimer.singleShot(0, lambda: job)
