"""The Dataset tab's jobs, as plain functions run by a ``JobRunner``: scanning, and before/after previews.

A settings change asks for a new preview; the user may change three settings in a second,
so the preview lane lets the newest request win: a running render stops between pictures
(``ctx.check()``), and a result that still arrives late is dropped by the runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from aigc_desktop.core.data import scan as scanning
from aigc_desktop.core.data.detail import fine_detail_of
from aigc_desktop.core.data.images import ImageRejected, decode_image, is_gray_mode, to_channels
from aigc_desktop.core.data.preprocess import PreprocessSettings, preprocess
from aigc_desktop.core.data.scan import ScannedImage, ScanResult, SourceReader
from aigc_desktop.workers.engine_text import error_text
from aigc_desktop.workers.job_context import JobContext

BEFORE_PX = 256  # the "before" picture is shrunk to fit this square: it is only shown small


@dataclass(frozen=True)
class PreviewSample:
    """One picture before and after preprocessing, as uint8 ``(H, W, C)`` arrays ready to show.

    ``before`` keeps the original's look (RGBA when it has transparency), shrunk to fit
    ``BEFORE_PX``; ``after`` is exactly what training sees (``resolution`` square, 1 or 3 channels).
    Both are None when the picture could not be read any more; ``reason`` then says why, translated.
    """

    name: str
    location: str
    before: np.ndarray | None
    after: np.ndarray | None
    reason: str = ""


def scan_sources(ctx: JobContext, paths: Sequence[str]) -> ScanResult:
    """Find and check the pictures under ``paths``, reporting progress as phase "scan".

    Stopped early (``JobRunner.stop``), it returns the pictures checked so far, ``cancelled`` set.
    """
    result = scanning.scan(paths, progress=lambda done, total: ctx.progress("scan", done, total),
                           should_stop=ctx.should_stop)
    checked = len(result.images) + len(result.skipped)
    if not result.cancelled:
        # Read a few dozen pictures again (well under a second) so the Training tab can say whether
        # their details need 64 px.
        result.fine_detail = fine_detail_of([im.source for im in result.images], should_stop=ctx.should_stop)
    ctx.progress("scan", checked, checked)  # the bar ends full, also when the listing found nothing
    return result


def render_samples(ctx: JobContext, images: Sequence[ScannedImage], settings: PreprocessSettings
                   ) -> list[PreviewSample]:
    """Decode and preprocess ``images``, checking between pictures whether a newer request came."""
    samples: list[PreviewSample] = []
    with SourceReader() as reader:
        for image in images:
            ctx.check()
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
        return PreviewSample(src.display_name(), src.location(), None, None, error_text(exc))
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
