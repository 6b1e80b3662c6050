"""Collect the pictures a user pointed at (folders, zip files, single files) and check each one.

Two phases: listing candidates is cheap (names only); checking decodes every picture fully,
because a file cut off half-way only shows itself at the end of decoding. Nothing here raises
on a bad file: it is listed in ``ScanResult.skipped`` with a sentence the user can act on.
Reading one picture's bytes (a file or a zip entry) is ``sources.py``'s.
"""

from __future__ import annotations

import itertools
import os
import re
import statistics
import zipfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from aigc_desktop.core.atomic import atomic_write_json
from aigc_desktop.core.data.file_names import readable, readable_zip_member, zip_encoding
from aigc_desktop.core.data.images import ImageRejected, is_gray_mode, probe_image, unreadable_reason
from aigc_desktop.core.data.sources import BAD_ZIP, ImageSource, SourceReader
from aigc_desktop.core.messages import Sentence

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".gif"}

# Sentences for the user (translated in the window: see core/messages.py).
NOT_FOUND = "This file or folder does not exist."
NOT_A_FILE = "This is not a regular file or folder."
UNSAFE_ZIP_PATH = "Unsafe path in zip: this entry points outside the archive, so it was not used."
FOLDER_NO_PERMISSION = "This folder could not be read: permission denied."
FOLDER_UNREADABLE = "This folder could not be read."

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class ScannedImage:
    """A picture that decoded completely, with its displayed size and original PIL mode."""

    source: ImageSource
    width: int
    height: int
    mode: str
    size_bytes: int
    mtime_ns: int  # zip entries: the zip's mtime_ns XOR the entry's CRC, so either change shows


@dataclass(frozen=True)
class SkippedFile:
    """A file or zip entry left out, and why (a :class:`Sentence`, so the window can translate it)."""

    path: str
    reason: str
    shown: str = ""  # the path as people read it, when the scan knew better than readable(path)

    def readable_path(self) -> str:
        return self.shown or readable(self.path)


@dataclass
class ScanResult:
    """The usable pictures in deterministic order, the files left out, and whether the scan was stopped."""

    images: list[ScannedImage]
    skipped: list[SkippedFile]
    cancelled: bool = False
    # How much of the pictures' contrast a 32-px copy loses (core/data/detail.py); None: not measured.
    fine_detail: float | None = None

    @property
    def classes(self) -> list[str]:
        """Sorted unique labels (``[""]`` when no picture sits in a subfolder)."""
        return sorted({im.source.label for im in self.images})

    def labels(self) -> list[int]:
        """Per picture, the index of its label in ``classes``."""
        index = {c: i for i, c in enumerate(self.classes)}
        return [index[im.source.label] for im in self.images]

    def without(self, indices: Iterable[int]) -> ScanResult:
        """A copy without the pictures at ``indices`` (the files themselves are untouched)."""
        drop = set(indices)
        kept = [im for i, im in enumerate(self.images) if i not in drop]
        return ScanResult(kept, list(self.skipped), self.cancelled, self.fine_detail)

    def report(self) -> dict[str, Any]:
        """A JSON-able summary: counts, sizes, modes, classes, and every used and skipped file."""
        widths = [im.width for im in self.images]
        heights = [im.height for im in self.images]

        def spread(values: list[int]) -> dict[str, float] | None:
            return (
                {"min": min(values), "max": max(values), "median": statistics.median(values)}
                if values
                else None
            )

        per_class = Counter(im.source.label for im in self.images)
        gray = sum(is_gray_mode(im.mode) for im in self.images)
        return {
            "counts": {
                "found": len(self.images) + len(self.skipped),
                "used": len(self.images),
                "skipped": len(self.skipped),
            },
            "cancelled": self.cancelled,
            "classes": [{"name": c, "count": per_class[c]} for c in self.classes],
            "sizes": {"width": spread(widths), "height": spread(heights)},
            "channels": {"gray": gray, "color": len(self.images) - gray},
            "modes": dict(sorted(Counter(im.mode for im in self.images).items())),
            "used": [
                {
                    "path": im.source.location(),
                    "shown": im.source.readable_location(),
                    "label": im.source.label,
                    "width": im.width,
                    "height": im.height,
                    "mode": im.mode,
                }
                for im in self.images
            ],
            "skipped": [{"path": s.path, "shown": s.readable_path(), "reason": s.reason} for s in self.skipped],
        }

    def write_report(self, path: str | Path) -> Path:
        """Write ``report()`` atomically to ``path`` (or ``path/dataset_report.json`` for a folder)."""
        target = Path(path)
        if target.is_dir():
            target = target / "dataset_report.json"
        return atomic_write_json(target, self.report())


def scan(
    paths: Sequence[str | Path],
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ScanResult:
    """Find and check every picture under ``paths`` (folders, ``.zip`` files, single files).

    Folders are searched recursively for files with an ``IMAGE_EXTENSIONS`` suffix, skipping hidden
    entries (``.DS_Store``, ``__MACOSX``); a file named explicitly is tried whatever its suffix.
    A picture's label is its first-level subfolder under the given folder (or first folder inside
    the zip), ``""`` otherwise. The same file reached twice counts once.

    Args:
        paths: What the user picked.
        progress: Called as ``progress(done, total)`` after each checked file.
        should_stop: Polled between files; when it returns True the scan ends with
            ``cancelled=True`` and the pictures checked so far.
    """
    stop = should_stop or (lambda: False)
    candidates, skipped = _list_candidates(paths, stop)
    images: list[ScannedImage] = []
    if stop():
        return ScanResult(images, skipped, cancelled=True)
    total = len(candidates)
    if progress is not None:
        progress(0, total)
    with SourceReader() as reader:
        checked = map_ordered(lambda c: _check(c, reader), candidates)
        try:
            for done, result in enumerate(checked, start=1):
                if isinstance(result, ScannedImage):
                    images.append(result)
                else:
                    skipped.append(result)
                if progress is not None:
                    progress(done, total)
                if done < total and stop():
                    return ScanResult(images, skipped, cancelled=True)
        finally:
            checked.close()  # cancels decodes not yet started
    return ScanResult(images, skipped)


def count_pictures(paths: Sequence[str | Path]) -> int:
    """How many pictures ``paths`` hold by their names, before any is checked: a quick listing.

    An upper bound of what :func:`scan` keeps, for choices that need a size before the scan has run.
    """
    return len(_list_candidates(paths, lambda: False)[0])


def list_sources(paths: Sequence[str | Path]) -> list[ImageSource]:
    """The pictures ``paths`` hold by their names, in scan order, none of them checked yet."""
    return [c.source for c in _list_candidates(paths, lambda: False)[0]]


@dataclass(frozen=True)
class _Candidate:
    source: ImageSource
    size_bytes: int | None = None  # known from the listing for zip entries; stat-ed later for files
    mtime_ns: int | None = None


def _list_candidates(
    paths: Sequence[str | Path], stop: Callable[[], bool]
) -> tuple[list[_Candidate], list[SkippedFile]]:
    found: dict[tuple[str, str | None], _Candidate] = {}
    skipped: list[SkippedFile] = []

    def add(candidate: _Candidate) -> None:
        key = (os.path.realpath(candidate.source.path), candidate.source.member)
        found.setdefault(key, candidate)  # first one given wins, so its label wins

    for given in paths:
        root = os.path.abspath(os.path.expanduser(os.fspath(given)))
        if stop():
            break
        if os.path.isdir(root):
            _list_folder(root, add, skipped, stop)
        elif os.path.isfile(root) and root.lower().endswith(".zip"):
            _list_zip(root, add, skipped)
        elif os.path.isfile(root):
            add(_Candidate(ImageSource(root)))
        else:
            skipped.append(SkippedFile(root, Sentence(NOT_FOUND if not os.path.lexists(root) else NOT_A_FILE)))
    ordered = sorted(found.values(), key=lambda c: (c.source.path, c.source.member or ""))
    return ordered, skipped


def _hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _list_folder(
    root: str, add: Callable[[_Candidate], None], skipped: list[SkippedFile], stop: Callable[[], bool]
) -> None:
    def unreadable(exc: OSError) -> None:
        reason = FOLDER_NO_PERMISSION if isinstance(exc, PermissionError) else FOLDER_UNREADABLE
        skipped.append(SkippedFile(os.path.abspath(exc.filename or root), Sentence(reason)))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        if stop():
            return
        dirs[:] = sorted(d for d in dirs if not _hidden(d))  # in place: os.walk then skips them
        rel = os.path.relpath(folder, root)
        label = "" if rel == "." else readable(rel.split(os.sep)[0])  # a class name people read and type
        for name in sorted(files):
            if not _hidden(name) and os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS:
                add(_Candidate(ImageSource(os.path.join(folder, name), label=label)))


_DRIVE = re.compile(r"^[A-Za-z]:")
_UTF8_FLAG = 0x800  # general purpose bit 11: the entry's name is UTF-8 (otherwise cp437, or whatever the PC used)


def _list_zip(zip_path: str, add: Callable[[_Candidate], None], skipped: list[SkippedFile]) -> None:
    try:
        zip_mtime = os.stat(zip_path).st_mtime_ns
        with zipfile.ZipFile(zip_path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        skipped.append(SkippedFile(zip_path, Sentence(BAD_ZIP)))
        return
    except OSError as exc:
        skipped.append(SkippedFile(zip_path, unreadable_reason(exc)))
        return
    entries: list[tuple[zipfile.ZipInfo, list[str], str]] = []
    encoding = zip_encoding([info.filename for info in infos if not info.flag_bits & _UTF8_FLAG])
    for info in infos:
        name = info.filename
        shown = readable_zip_member(name, bool(info.flag_bits & _UTF8_FLAG), encoding)
        norm = shown.replace("\\", "/")  # zips made on Windows may use backslashes
        if info.is_dir() or os.path.splitext(norm)[1].lower() not in IMAGE_EXTENSIONS:
            continue
        parts = [p for p in norm.split("/") if p not in ("", ".")]
        if norm.startswith("/") or _DRIVE.match(norm) or ".." in parts:
            # We never extract, but such an entry is the mark of a malicious archive.
            skipped.append(SkippedFile(f"{zip_path}:{shown}", Sentence(UNSAFE_ZIP_PATH)))
            continue
        if not parts or any(_hidden(p) for p in parts):
            continue
        entries.append((info, parts, shown))
    # A zip made from a folder ("images/good/a.png", "images/bad/b.png") wraps everything in one top
    # folder; the classes are the folders below it, as if the user had dropped that folder itself.
    tops = {parts[0] for _, parts, _ in entries}
    strip = 1 if len(tops) == 1 and all(len(parts) > 2 for _, parts, _ in entries) else 0
    for info, parts, shown in entries:
        inner = parts[strip:]
        label = inner[0] if len(inner) > 1 else ""
        add(_Candidate(ImageSource(zip_path, info.filename, label, shown), info.file_size, zip_mtime ^ info.CRC))


def _check(candidate: _Candidate, reader: SourceReader) -> ScannedImage | SkippedFile:
    src = candidate.source
    try:
        if candidate.size_bytes is None or candidate.mtime_ns is None:
            try:
                st = os.stat(src.path)
            except OSError as exc:
                raise ImageRejected(unreadable_reason(exc)) from exc
            size, mtime = st.st_size, st.st_mtime_ns
        else:
            size, mtime = candidate.size_bytes, candidate.mtime_ns
        info = probe_image(reader.read(src))
    except ImageRejected as exc:
        return SkippedFile(src.location(), exc.reason, src.readable_location())
    return ScannedImage(src, info.width, info.height, info.mode, size, mtime)


def default_workers() -> int:
    """Decoder threads to use: PIL releases the GIL while decoding, so a few cores help."""
    return max(1, min(4, os.cpu_count() or 1))


def map_ordered(fn: Callable[[T], R], items: Sequence[T], *, workers: int | None = None) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order, computed on a small thread pool.

    Only a few items are in flight at a time, so memory stays bounded. Closing the generator
    early (``break``, ``close()``) cancels the items not yet started and waits for the running ones.
    """
    workers = workers or default_workers()
    if workers <= 1 or len(items) <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="aigc-decode") as pool:
        todo = iter(items)
        pending: deque[Future[R]] = deque(pool.submit(fn, x) for x in itertools.islice(todo, 2 * workers))
        try:
            while pending:
                result = pending.popleft().result()
                for x in itertools.islice(todo, 1):
                    pending.append(pool.submit(fn, x))
                yield result
        finally:
            for future in pending:
                future.cancel()
