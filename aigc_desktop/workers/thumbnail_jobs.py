"""Thumbnails for the picture grids, made by one job per grid that decodes on a few threads at once.

A grid asks for the thumbnails of the rows it paints, hundreds of small decodes that Pillow runs
without the GIL: so its job drains a queue that the grid keeps filling while the job runs, on
``threads`` threads, and hands each thumbnail back as a partial result (uint8 arrays: the QPixmap is
made on the GUI thread). A request whose row scrolled away before its turn is skipped, not decoded.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from aigc_desktop.core.data.images import ImageRejected, decode_image, is_gray_mode, to_channels
from aigc_desktop.core.messages import Sentence
from aigc_desktop.workers.engine_text import error_text
from aigc_desktop.workers.job_context import JobContext

# The source of a picture: a file path, or a callable returning the encoded file (e.g. a zip member).
Source = Callable[[], bytes] | str | None

NOTHING_TO_SHOW = "There is no picture to show."


@dataclass(frozen=True)
class ThumbnailRequest:
    """Make ``key``'s thumbnail to fit a ``px`` square, from ``array`` if given, else from ``source``."""

    key: str
    ticket: int  # the grid's ticket when asked: a result for an older ticket is stale
    px: int
    source: Source = None
    array: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Thumbnail:
    """What became of a request: ``pixels`` (uint8 ``(H, W)`` or ``(H, W, 3)``), or why there are none."""

    key: str
    ticket: int
    pixels: np.ndarray | None = field(default=None, compare=False, repr=False)
    reason: str = ""  # why the picture could not be read, translated ("" when nothing more is known)
    skipped: bool = False  # no longer wanted when its turn came: nothing was decoded


def decode_thumbnail(source: Source, array: np.ndarray | None, px: int) -> np.ndarray:
    """Decode a picture and fit it in a ``px`` square.

    Raises:
        ImageRejected: With a sentence for the user; other exceptions come from ``source()``.
    """
    if array is not None:
        img = Image.fromarray(array[:, :, 0] if array.ndim == 3 and array.shape[2] == 1 else array)
    elif source is None:
        raise ImageRejected(Sentence(NOTHING_TO_SHOW))
    else:
        img = decode_image(source() if callable(source) else source, min_size=px)
    img = to_channels(img, 1 if is_gray_mode(img.mode) else 3)
    w, h = img.size
    scale = px / max(w, h)
    if scale < 1:
        img = img.resize(
            (max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BICUBIC, reducing_gap=2.0
        )
    elif scale >= 2:  # a whole factor with nearest neighbour keeps small GAN samples crisp
        img = img.resize((w * int(scale), h * int(scale)), Image.Resampling.NEAREST)
    return np.ascontiguousarray(np.asarray(img, dtype=np.uint8))


def make_thumbnails(ctx: JobContext, todo: queue.SimpleQueue[ThumbnailRequest], wanted: Mapping[str, int],
                    threads: int) -> None:
    """Make every thumbnail ``todo`` holds, also those put in meanwhile; ends when it is empty.

    ``wanted`` maps each key still worth making to its ticket; the grid changes it on the GUI thread
    while this reads it (single dict operations are atomic), so a row scrolled away is skipped.
    """
    made: queue.SimpleQueue[Thumbnail | None] = queue.SimpleQueue()

    def drain() -> None:
        try:
            while not ctx.should_stop():
                try:
                    request = todo.get_nowait()
                except queue.Empty:
                    break
                made.put(_make(request, wanted))
        finally:
            made.put(None)  # this thread is done

    # Results are passed on from this thread alone, in the order they are made.
    with ThreadPoolExecutor(max(1, threads), thread_name_prefix="aigc-thumbnails") as pool:
        running = max(1, threads)
        for _ in range(running):
            pool.submit(drain)
        while running:
            thumb = made.get()
            if thumb is None:
                running -= 1
            else:
                ctx.partial(thumb)
    ctx.check()


def _make(request: ThumbnailRequest, wanted: Mapping[str, int]) -> Thumbnail:
    if wanted.get(request.key) != request.ticket:
        return Thumbnail(request.key, request.ticket, skipped=True)
    try:
        return Thumbnail(request.key, request.ticket, decode_thumbnail(request.source, request.array, request.px))
    except ImageRejected as exc:
        return Thumbnail(request.key, request.ticket, reason=error_text(exc))
    except Exception:  # unreadable is unreadable: a broken placeholder, never a failed job
        return Thumbnail(request.key, request.ticket)
