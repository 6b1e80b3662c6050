"""Before/after previews of preprocessing, rendered off the GUI thread.

A settings change asks for a new preview; the user may change three settings in a second, so a
newer request supersedes an older one: queued jobs are dropped, a running job stops between
pictures, and a result that still arrives late is ignored by its request id.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from aigc_desktop.core.data.images import ImageRejected, decode_image, is_gray_mode, to_channels
from aigc_desktop.core.data.preprocess import PreprocessSettings, preprocess
from aigc_desktop.core.data.scan import ScannedImage, SourceReader

BEFORE_PX = 256  # the "before" picture is shrunk to fit this square: it is only shown small


@dataclass(frozen=True)
class PreviewSample:
    """One picture before and after preprocessing, as uint8 ``(H, W, C)`` arrays ready to show.

    ``before`` keeps the original's look (RGBA when it has transparency), shrunk to fit
    ``BEFORE_PX``; ``after`` is exactly what training sees (``resolution`` square, 1 or 3 channels).
    Both are None when the picture could not be read any more; ``reason`` then says why.
    """

    name: str
    location: str
    before: np.ndarray | None
    after: np.ndarray | None
    reason: str = ""


def render_samples(
    images: Sequence[ScannedImage], settings: PreprocessSettings, should_stop: Callable[[], bool]
) -> list[PreviewSample] | None:
    """Decode and preprocess ``images``; None if ``should_stop`` became true on the way."""
    samples: list[PreviewSample] = []
    with SourceReader() as reader:
        for image in images:
            if should_stop():
                return None
            samples.append(_render_one(image, settings, reader))
    return samples


def _render_one(image: ScannedImage, settings: PreprocessSettings, reader: SourceReader) -> PreviewSample:
    src = image.source
    try:
        data = reader.read(src)
        # The same decode as the training cache (dataset_cache._build), so "after" is pixel-exact.
        img = decode_image(data, min_size=2 * settings.resolution)
        after = preprocess(to_channels(img, settings.channels, settings.background), settings)
        if img.size != (image.width, image.height) and min(img.size) < BEFORE_PX:
            img = decode_image(data, min_size=BEFORE_PX)  # a JPEG decoded small: too coarse to show
        before = _for_display(img)
    except ImageRejected as exc:
        return PreviewSample(src.display_name(), src.location(), None, None, exc.reason)
    return PreviewSample(src.display_name(), src.location(), before, np.ascontiguousarray(after.transpose(1, 2, 0)))


def _for_display(img: Image.Image) -> np.ndarray:
    # Transparency stays visible in "before", so the user sees what the background setting fills.
    if img.has_transparency_data and not img.mode.startswith("I"):
        shown = img.convert("RGBA")
    else:
        shown = to_channels(img, 1 if is_gray_mode(img.mode) else 3)
    if shown is img:
        shown = img.copy()  # thumbnail() works in place; leave the caller's picture alone
    shown.thumbnail((BEFORE_PX, BEFORE_PX), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return np.asarray(shown, dtype=np.uint8)


class _Latest:
    """The newest request id, read by pool threads to notice they were superseded."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._id = 0

    def bump(self) -> int:
        with self._lock:
            self._id += 1
            return self._id

    def get(self) -> int:
        with self._lock:
            return self._id


class _Relay(QObject):
    # Lives on the GUI thread; emitted from a pool thread, so delivery is queued to the GUI.
    done = Signal(int, object)  # request id, list[PreviewSample] or an error string


class _PreviewJob(QRunnable):
    def __init__(
        self, request_id: int, images: list[ScannedImage], settings: PreprocessSettings, latest: _Latest, relay: _Relay
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._images, self._settings = request_id, images, settings
        self._latest, self._relay = latest, relay

    def run(self) -> None:
        def superseded() -> bool:
            return self._latest.get() != self._id

        try:
            # Looked up at call time (not bound at import) so tests can substitute a slow renderer.
            result: object = render_samples(self._images, self._settings, superseded)
        except Exception as exc:  # a bug must reach the panel as text, never kill the pool thread
            result = f"{type(exc).__name__}: {exc}"
        if result is None:
            return  # superseded: nobody waits for this one
        with contextlib.suppress(RuntimeError):  # the worker was deleted while we rendered
            self._relay.done.emit(self._id, result)


class PreviewWorker(QObject):
    """Renders previews on one background thread; only the newest request's result is delivered.

    Signals:
        ready(int, list): request id and ``list[PreviewSample]``, for the newest request only.
        failed(int, str): request id and an error text, for the newest request only.
    """

    ready = Signal(int, list)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest = _Latest()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # a handful of pictures: one thread, the other cores stay free
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)

    def request(self, images: Sequence[ScannedImage], settings: PreprocessSettings) -> int:
        """Render ``images`` with ``settings``; returns the request id that ``ready`` will carry."""
        settings.validate()
        request_id = self._latest.bump()
        self._pool.clear()  # queued, not started: superseded already
        self._pool.start(_PreviewJob(request_id, list(images), settings, self._latest, self._relay))
        return request_id

    def latest_request(self) -> int:
        """The id of the newest request (0 before the first)."""
        return self._latest.get()

    def is_idle(self) -> bool:
        """True when no job is queued or running."""
        return self._pool.activeThreadCount() == 0

    def cancel(self) -> None:
        """Supersede every request without waiting: nothing more will be delivered for them."""
        self._latest.bump()
        self._pool.clear()

    def shutdown(self) -> None:
        """Cancel, and wait for a running job to stop; call before the window closes."""
        self.cancel()
        self._pool.waitForDone()

    @Slot(int, object)
    def _on_done(self, request_id: int, result: object) -> None:
        if request_id != self._latest.get():
            return  # a newer request is on its way: this result describes old settings
        if isinstance(result, str):
            self.failed.emit(request_id, result)
        else:
            self.ready.emit(request_id, result)
