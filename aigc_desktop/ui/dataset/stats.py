"""What the scan found, in numbers: counts, picture sizes, colour modes, classes, and skipped files."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from aigc_desktop.core.data.scan import ScanResult, SkippedFile
from aigc_desktop.workers.engine_text import engine_text

_Index = QModelIndex | QPersistentModelIndex
MAX_CLASSES_SHOWN = 8
WRAP_ROWS = 500  # up to this many skipped files, reasons wrap and rows grow to fit them


def fmt_count(n: int) -> str:
    """``12345`` -> ``"12,345"`` (the grouping reads the same in English and Chinese)."""
    return f"{n:,}"


def class_name(label: str, tr: Any) -> str:
    """A class as shown to the user: pictures directly in the chosen folder have no class name."""
    return label if label else tr("(no subfolder)")


class StatsPanel(QWidget):
    """Counts and simple statistics of the pictures that will be used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self._values: dict[str, QLabel] = {}
        rows = [
            ("found", self.tr("Found:"), self.tr("Picture files found in the sources, readable or not.")),
            ("used", self.tr("Used:"), self.tr("Pictures that training will learn from.")),
            ("skipped", self.tr("Skipped:"), self.tr("Files that could not be read; see the Skipped files tab.")),
            ("removed", self.tr("Removed:"), self.tr("Pictures you left out of the set (the files are untouched).")),
            ("width", self.tr("Width:"), self.tr("Smallest, middle (median) and largest picture width.")),
            ("height", self.tr("Height:"), self.tr("Smallest, middle (median) and largest picture height.")),
            ("colour", self.tr("Colour:"), self.tr("How many pictures are in colour and how many in grey.")),
            ("modes", self.tr("Formats:"), self.tr("Pixel formats as stored in the files (RGB, L = grey, RGBA = "
                                                   "with transparency, P = palette, …).")),
            ("classes", self.tr("Classes:"), self.tr("Subfolders become classes; pictures per class.")),
        ]
        for key, title, tip in rows:
            label, value = QLabel(title), QLabel("–")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            for w in (label, value):
                w.setToolTip(tip)
            form.addRow(label, value)
            self._values[key] = value

    def value_text(self, key: str) -> str:
        """The text shown for ``key`` (found, used, skipped, removed, width, height, colour, modes, classes)."""
        return self._values[key].text()

    def clear(self) -> None:
        """Show dashes: nothing scanned yet."""
        for value in self._values.values():
            value.setText("–")

    def show_result(self, full: ScanResult, used: ScanResult, removed: int) -> None:
        """Show counts for ``full`` (as scanned) and statistics of ``used`` (without removed pictures)."""
        report = used.report()
        v = self._values
        v["found"].setText(fmt_count(len(full.images) + len(full.skipped)))
        v["used"].setText(f"<b>{fmt_count(len(used.images))}</b>")
        v["skipped"].setText(fmt_count(len(full.skipped)))
        v["removed"].setText(fmt_count(removed))
        for axis in ("width", "height"):
            v[axis].setText(self._spread_text(report["sizes"][axis]))
        channels = report["channels"]
        v["colour"].setText(
            self.tr("{colour} colour, {grey} grey").format(
                colour=fmt_count(channels["color"]), grey=fmt_count(channels["gray"])
            )
            if used.images
            else "–"
        )
        modes = sorted(report["modes"].items(), key=lambda kv: -kv[1])
        v["modes"].setText(", ".join(f"{mode} {fmt_count(n)}" for mode, n in modes) or "–")
        v["classes"].setText(self._classes_text(report["classes"]))

    def _spread_text(self, spread: dict[str, float] | None) -> str:
        if not spread:
            return "–"
        lo, hi, mid = (fmt_count(round(spread[k])) for k in ("min", "max", "median"))
        if lo == hi:
            return self.tr("{n} px (all the same)").format(n=lo)
        return self.tr("{lo} – {hi} px (median {mid})").format(lo=lo, hi=hi, mid=mid)

    def _classes_text(self, classes: list[dict[str, Any]]) -> str:
        if not classes:
            return "–"
        if len(classes) == 1 and classes[0]["name"] == "":
            return self.tr("none (no subfolders)")
        shown = [f"{class_name(c['name'], self.tr)}: {fmt_count(c['count'])}" for c in classes[:MAX_CLASSES_SHOWN]]
        if len(classes) > MAX_CLASSES_SHOWN:
            shown.append(self.tr("… and {n} more").format(n=len(classes) - MAX_CLASSES_SHOWN))
        return "\n".join(shown)


class SkippedModel(QAbstractTableModel):
    """Skipped files as rows: file name, reason (translated), folder."""

    COLUMNS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []  # name, reason, folder, tooltip

    def set_skipped(self, skipped: list[SkippedFile]) -> None:
        """Replace all rows."""
        # Cell texts made once here: views and sorting ask for them many times per row.
        rows = []
        for s in skipped:
            reason = engine_text(s.reason)  # a Sentence from core: translated with its values
            shown = s.readable_path()
            name, folder = _split_location(shown)
            rows.append((name, reason, folder, f"{shown}\n{reason}"))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Number of skipped files."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """File, reason, folder."""
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("File"), self.tr("Why it was skipped"), self.tr("Location"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the tooltip holds the full path and reason."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rows[index.row()][3]
        return None


def _split_location(path: str) -> tuple[str, str]:
    # "…/data.zip:good/a.png" -> ("data.zip:good/a.png", "…"): the zip entry stays with its archive.
    head, sep, member = path.partition(".zip:")
    if sep:
        return os.path.basename(head) + ".zip:" + member, os.path.dirname(head)
    return os.path.basename(path), os.path.dirname(path)


class SkippedTable(QTableView):
    """A sortable table of skipped files and the reason for each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.skipped_model = SkippedModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.skipped_model)
        proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setModel(proxy)
        # Sortable by a header click, but shown in scan order at first (already sorted by path).
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 180)
        header.resizeSection(2, 180)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def set_skipped(self, skipped: list[SkippedFile]) -> None:
        """Show ``skipped``."""
        # Whole reasons, wrapped, for the usual handful of files; fitting thousands of rows to their
        # text would stall the window, so a long list keeps one line per file (the tooltip has it all).
        wrap = len(skipped) <= WRAP_ROWS
        if wrap != self.wordWrap():
            self.skipped_model.set_skipped([])  # switch modes while empty: a switch lays out every row
            self.setWordWrap(wrap)
            mode = QHeaderView.ResizeMode.ResizeToContents if wrap else QHeaderView.ResizeMode.Fixed
            self.verticalHeader().setSectionResizeMode(mode)
        self.skipped_model.set_skipped(skipped)

    def rows(self) -> list[tuple[str, str]]:
        """(full path, reason shown) per row, in model order (for tests and copying)."""
        m = self.skipped_model
        return [(m.data(m.index(r, 0), Qt.ItemDataRole.ToolTipRole).split("\n")[0], m.data(m.index(r, 1)))
                for r in range(m.rowCount())]
