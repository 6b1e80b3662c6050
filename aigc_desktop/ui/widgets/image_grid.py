"""A thumbnail grid that stays smooth with 10,000+ pictures.

Thumbnails are made only for rows the view paints, by the model's job lane (``workers/thumbnail_jobs.py``:
one job decodes on a few threads, Pillow releases the GIL); arrays come back as partial results and
become icons on the GUI thread. An LRU cache bounds memory; requests for rows scrolled away before
their turn are skipped.
"""

from __future__ import annotations

import queue
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from aigc_desktop.ui.widgets.image_view import numpy_to_qimage
from aigc_desktop.workers.job_runner import Job, JobRunner
from aigc_desktop.workers.thumbnail_jobs import Thumbnail, ThumbnailRequest, make_thumbnails

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GridItem:
    """One picture in the grid.

    The thumbnail comes from ``array`` if given (uint8 ``(H, W)`` or ``(H, W, C)``), else from
    ``source``: a file path, or a callable returning the encoded file (e.g. a zip member).
    """

    key: str  # unique within a model; names the cached thumbnail
    label: str  # short text under the thumbnail
    tooltip: str = ""  # full text; the label if empty
    source: Callable[[], bytes] | str | None = None
    array: np.ndarray | None = field(default=None, compare=False, repr=False)  # arrays don't hash


class _Thumb(NamedTuple):
    icon: QIcon | None  # None: the picture could not be read
    px: int  # device pixels it was made for
    reason: str


class ThumbnailModel(QAbstractListModel):
    """List model of ``GridItem``s whose decorations are thumbnails made lazily in the background."""

    StateRole = Qt.ItemDataRole.UserRole + 1  # "loading", "ready" or "broken"

    def __init__(
        self, parent: QObject | None = None, *, cache_size: int = 2000, thumb_px: int = 128, threads: int = 0
    ) -> None:
        """Make an empty model; ``threads`` decoder threads (0: half the cores, 1 to 4)."""
        super().__init__(parent)
        self._items: list[GridItem] = []
        self._rows: dict[str, int] = {}
        self._cache: OrderedDict[str, _Thumb] = OrderedDict()
        self._cache_size = max(1, cache_size)
        self._px = thumb_px
        self._dpr = 1.0
        self._ticket = 0  # bumped whenever queued work becomes useless (new items, new size)
        self._pending: dict[str, int] = {}  # key -> ticket: asked for, not back yet
        self._wanted: dict[str, int] = {}  # key -> ticket of the request still worth making
        self._todo: queue.SimpleQueue[ThumbnailRequest] = queue.SimpleQueue()  # what the job drains
        self._placeholders: dict[str, QIcon] = {}
        # Leave the other cores to training: thumbnails are a nicety, the run is the work.
        self._threads = threads or max(1, min(4, QThread.idealThreadCount() // 2))
        self._runner = JobRunner("thumbnails", self)
        self._runner.busyChanged.connect(self._on_busy)
        app = QCoreApplication.instance()
        if app is not None:  # no decoder thread may outlive the event loop
            app.aboutToQuit.connect(self.shutdown)

    def set_items(self, items: list[GridItem]) -> None:
        """Replace all items; cached thumbnails are dropped (a key may now mean another picture)."""
        rows = {item.key: row for row, item in enumerate(items)}
        if len(rows) != len(items):
            raise ValueError("GridItem keys must be unique.")
        self.beginResetModel()
        self._items, self._rows = list(items), rows
        self._cache.clear()
        self._invalidate()
        self.endResetModel()

    def remove_rows(self, rows: list[int]) -> None:
        """Remove the given rows (any order, duplicates and out-of-range rows ignored)."""
        doomed = sorted({r for r in rows if 0 <= r < len(self._items)}, reverse=True)
        i = 0
        while i < len(doomed):
            hi = lo = doomed[i]
            while i + 1 < len(doomed) and doomed[i + 1] == lo - 1:  # one begin/end per contiguous run
                i += 1
                lo = doomed[i]
            i += 1
            self.beginRemoveRows(QModelIndex(), lo, hi)
            for item in self._items[lo : hi + 1]:
                self._cache.pop(item.key, None)
                self._pending.pop(item.key, None)  # a late result then finds no request and is ignored
                self._wanted.pop(item.key, None)  # and a queued job does not decode it
            del self._items[lo : hi + 1]
            self.endRemoveRows()
        self._rows = {item.key: row for row, item in enumerate(self._items)}

    def item(self, row: int) -> GridItem:
        """The item at ``row``."""
        return self._items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Number of items (0 under any parent: this is a flat list)."""
        return 0 if parent.isValid() else len(self._items)

    def set_thumb_size(self, px: int, device_pixel_ratio: float = 1.0) -> None:
        """Make thumbnails ``px`` logical pixels wide; old ones stay on show until replaced."""
        if (px, device_pixel_ratio) == (self._px, self._dpr):
            return
        self._px, self._dpr = px, device_pixel_ratio
        self._placeholders.clear()
        self._invalidate()
        if self._items:
            self.dataChanged.emit(
                self.index(0), self.index(len(self._items) - 1), [Qt.ItemDataRole.DecorationRole]
            )

    def set_visible_rows(self, first: int, last: int) -> None:
        """Keep only requests for rows ``first..last``; queued jobs for other rows are dropped."""
        keep = {self._items[r].key for r in range(max(0, first), min(len(self._items), last + 1))}
        for key in [k for k in self._wanted if k not in keep]:
            del self._wanted[key]

    def cache_count(self) -> int:
        """Number of cached thumbnails (bounded by ``cache_size``)."""
        return len(self._cache)

    def pending_count(self) -> int:
        """Number of thumbnails queued or being made."""
        return len(self._pending)

    def shutdown(self) -> None:
        """Drop what is queued and wait for the decoding to stop; call before the app or a test ends."""
        self._invalidate()
        self._runner.wait()

    def _invalidate(self) -> None:
        self._ticket += 1
        self._pending.clear()
        self._wanted.clear()
        self._todo = queue.SimpleQueue()  # the running job keeps the old one, stops, and is ignored
        self._runner.cancel()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Label, tooltip, or thumbnail (a placeholder until it is ready) of one item."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label
        if role == Qt.ItemDataRole.DecorationRole:
            thumb = self._cache.get(item.key)
            if thumb is not None:
                self._cache.move_to_end(item.key)  # most recently used
            if thumb is None or (thumb.icon is not None and thumb.px != self._device_px()):
                self._request(item)
            if thumb is None:
                return self._placeholder("loading")
            return self._placeholder("broken") if thumb.icon is None else thumb.icon
        if role == Qt.ItemDataRole.ToolTipRole:
            text = item.tooltip or item.label
            thumb = self._cache.get(item.key)
            if thumb is not None and thumb.icon is None:
                reason = thumb.reason or self.tr("The picture could not be read.")  # translated by the job
                text = f"{text}\n{reason}"
            return text
        if role == self.StateRole:
            thumb = self._cache.get(item.key)
            return "loading" if thumb is None else "broken" if thumb.icon is None else "ready"
        return None

    def _request(self, item: GridItem) -> None:
        self._wanted[item.key] = self._ticket
        if self._pending.get(item.key) == self._ticket:
            return  # already queued: one decode per thumbnail however often the view repaints
        self._pending[item.key] = self._ticket
        self._todo.put(ThumbnailRequest(item.key, self._ticket, self._device_px(), item.source, item.array))
        if not self._runner.is_busy():  # else the running job takes it too, or the next one when it ends
            self._start_job()

    def _start_job(self) -> None:
        job = partial(make_thumbnails, todo=self._todo, wanted=self._wanted, threads=self._threads)
        self._runner.submit(Job("thumbnails", job, on_partial=self._on_made))

    def _on_busy(self, busy: bool) -> None:
        # Requests put in after the job found its queue empty, or while a cancelled job wound down.
        if not busy and not self._todo.empty():
            self._start_job()

    def _device_px(self) -> int:
        return max(1, round(self._px * self._dpr))

    def _on_made(self, thumb: Thumbnail) -> None:
        if thumb.skipped:
            self._on_skipped(thumb.key, thumb.ticket)
            return
        key = thumb.key
        if self._pending.get(key) != thumb.ticket:
            return  # items replaced, resized or removed since: stale result
        del self._pending[key]
        icon = None
        if thumb.pixels is not None:
            pixmap = QPixmap.fromImage(numpy_to_qimage(thumb.pixels))  # GUI thread only
            pixmap.setDevicePixelRatio(self._dpr)
            icon = QIcon(pixmap)
        self._cache[key] = _Thumb(icon, self._device_px(), thumb.reason)
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        row = self._rows.get(key)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole])

    def _on_skipped(self, key: str, ticket: int) -> None:
        if self._pending.get(key) != ticket:
            return
        del self._pending[key]
        # The view may have asked again between the job's check and now: then it still waits.
        row = self._rows.get(key)
        if row is not None and self._wanted.get(key) == ticket:
            self._request(self._items[row])

    def _placeholder(self, kind: str) -> QIcon:
        icon = self._placeholders.get(kind)
        if icon is None:
            icon = self._placeholders[kind] = QIcon(_draw_placeholder(kind, self._px, self._dpr))
        return icon


def _draw_placeholder(kind: str, px: int, dpr: float) -> QPixmap:
    side = max(1, round(px * dpr))
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor(128, 128, 128, 40))  # mid grey at low alpha reads on light and dark themes
    if kind == "broken":
        painter = QPainter(pixmap)
        painter.setPen(QPen(QColor(200, 60, 60, 200), max(2, side // 32)))
        m = side // 3  # a red cross: this picture could not be read
        painter.drawLine(m, m, side - m, side - m)
        painter.drawLine(side - m, m, m, side - m)
        painter.end()
    pixmap.setDevicePixelRatio(dpr)
    return pixmap


class _SquareIconDelegate(QStyledItemDelegate):
    # Every thumbnail gets the same centred square, so labels line up whatever the picture's shape.
    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.decorationSize = self.parent().iconSize()
        option.decorationAlignment = Qt.AlignmentFlag.AlignCenter


class ThumbnailGrid(QListView):
    """Icon grid over a ``ThumbnailModel``; tells the model which rows are on screen.

    Signals:
        deleteRequested(list[int]): Delete or Backspace with rows selected (the owner decides).
        activatedRow(int): Double-click or Enter on a row.
    """

    deleteRequested = Signal(list)
    activatedRow = Signal(int)

    def __init__(
        self, model: ThumbnailModel | None = None, parent: QWidget | None = None, *, thumb_px: int = 128
    ) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        # Uniform sizes + batched layout: laying out 10,000 items costs one size hint and runs in
        # slices between events, so setting a big folder does not freeze the window.
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keeps file extensions and numbers visible
        self.setItemDelegate(_SquareIconDelegate(self))
        self._px = thumb_px
        self.doubleClicked.connect(lambda index: self.activatedRow.emit(index.row()))
        # Report the rows on screen at most every 60 ms while scrolling, not per scroll step.
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(60)
        self._visible_timer.timeout.connect(self._report_visible_rows)
        self.verticalScrollBar().valueChanged.connect(self._schedule_report)
        self._model = model if model is not None else ThumbnailModel(self)
        self.setModel(self._model)
        self._model.modelReset.connect(self._schedule_report)
        self._model.rowsRemoved.connect(self._schedule_report)
        self.set_thumb_size(thumb_px)

    def thumbnail_model(self) -> ThumbnailModel:
        """The model shown."""
        return self._model

    def thumb_size(self) -> int:
        """Thumbnail side in logical pixels."""
        return self._px

    def set_thumb_size(self, px: int) -> None:
        """Change the thumbnail side (clamped to 32..512 px)."""
        self._px = max(32, min(512, int(px)))
        self.setIconSize(QSize(self._px, self._px))
        text = self.fontMetrics().height()
        self.setGridSize(QSize(self._px + 16, self._px + text + 14))
        self.thumbnail_model().set_thumb_size(self._px, self.devicePixelRatioF())
        self._schedule_report()

    def selected_rows(self) -> list[int]:
        """Selected rows, ascending."""
        return sorted({index.row() for index in self.selectionModel().selectedIndexes()})

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete/Backspace ask to delete the selection; Enter activates the current row."""
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            rows = self.selected_rows()
            if rows:
                self.deleteRequested.emit(rows)
                event.accept()
                return
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """More or fewer rows fit: tell the model."""
        super().resizeEvent(event)
        self._schedule_report()

    def _schedule_report(self) -> None:
        if not self._visible_timer.isActive():
            self._visible_timer.start()

    def _report_visible_rows(self) -> None:
        rows = self.visible_rows()
        if rows is not None:
            span = rows[1] - rows[0] + 1  # keep one screen either side: a short scroll back is free
            self.thumbnail_model().set_visible_rows(rows[0] - span, rows[1] + span)

    def visible_rows(self) -> tuple[int, int] | None:
        """First and last row on screen, or None if none is."""
        grid = self.gridSize()
        area = self.viewport().rect()
        found = [
            index.row()
            for y in range(0, area.height(), max(1, grid.height() // 3))
            for x in range(grid.width() // 2, area.width(), max(1, grid.width()))
            if (index := self.indexAt(QPoint(x, y))).isValid()
        ]
        return (min(found), max(found)) if found else None
