"""Where the pictures come from: the first-start welcome panel and the list of sources."""

from __future__ import annotations

import os

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.data.file_names import readable
from aigc_desktop.core.data.scan import IMAGE_EXTENSIONS


class EmptyState(QWidget):
    """The friendly centred panel shown before any picture was added."""

    addFolderRequested = Signal()
    addFilesRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame(self)
        card.setObjectName("emptyCard")
        # A dashed frame reads as "drop here" on any platform style.
        card.setStyleSheet("#emptyCard { border: 2px dashed palette(mid); border-radius: 12px; }")
        card.setMaximumWidth(620)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 36, 40, 36)
        inner.setSpacing(14)

        title = QLabel(self.tr("Teach the generator with your own pictures"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        lead = QLabel(self.tr("Drop a folder of pictures here, or…"))
        lead.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.add_folder_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon),
                                             self.tr("Add folder…"))
        self.add_files_button = QPushButton(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon),
                                            self.tr("Add files…"))
        for button in (self.add_folder_button, self.add_files_button):
            button.setMinimumHeight(34)
            button.setMinimumWidth(150)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(self.add_files_button)
        buttons.addStretch(1)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        new_here = QLabel(self.tr("New here? See the whole workflow in a minute:"))
        new_here.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_button = QPushButton(self.tr("Try the demo dataset"))
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setDefault(True)
        self.demo_button.setMinimumHeight(44)
        self.demo_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.demo_button.setMinimumWidth(260)
        bold = QFont(self.demo_button.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.demo_button.setFont(bold)
        self.demo_button.setStyleSheet(
            "#demoButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: none; border-radius: 6px; padding: 8px 24px; }"
            "#demoButton:hover { background: palette(dark); }"
        )
        self.demo_button.setToolTip(self.tr("Adds the built-in set of 340 pictures and scans it."))
        demo_row = QHBoxLayout()
        demo_row.addStretch(1)
        demo_row.addWidget(self.demo_button)
        demo_row.addStretch(1)
        demo_note = QLabel(self.tr("340 pictures of machined metal parts in four classes: ok, scratch, dent, crack."))
        demo_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        demo_note.setWordWrap(True)

        hint = QLabel(self.tr(
            "PNG, JPEG, BMP, TIFF, WebP and GIF pictures, or .zip files of them. Pictures in subfolders are "
            "grouped into classes by folder name. Your files are only read, never changed."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")  # quiet, but readable

        for widget in (title, lead):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        inner.addSpacing(6)
        inner.addWidget(line)
        inner.addSpacing(6)
        inner.addWidget(new_here)
        inner.addLayout(demo_row)
        inner.addWidget(demo_note)
        inner.addSpacing(10)
        inner.addWidget(hint)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        self.add_folder_button.clicked.connect(self.addFolderRequested)
        self.add_files_button.clicked.connect(self.addFilesRequested)
        self.demo_button.clicked.connect(self.demoRequested)


class SourcesPanel(QWidget):
    """The list of added folders, files and zips, with buttons to add and remove sources.

    Signals:
        pathsChosen(list): folders or files the user picked in a file dialog.
        demoRequested(): "Use demo".
        removeRequested(list): the source paths to stop using.
    """

    pathsChosen = Signal(list)
    demoRequested = Signal()
    removeRequested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setMinimumHeight(60)
        self.list.setMaximumHeight(150)  # a few sources are typical; the summary below needs the room
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.setToolTip(self.tr("Add a folder; its subfolders become classes."))
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_files_button.setToolTip(self.tr("Add single pictures or .zip files of pictures."))
        self.demo_button = QPushButton(self.tr("Use demo"))
        self.demo_button.setToolTip(self.tr("Add the built-in demo set (340 pictures of machined parts)."))
        self.remove_button = QPushButton(self.tr("Remove source"))
        self.remove_button.setToolTip(self.tr("Stop using the selected sources. Nothing is deleted from disk."))
        self.remove_button.setEnabled(False)

        grid = QVBoxLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.list)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.add_folder_button)
        row1.addWidget(self.add_files_button)
        row2.addWidget(self.demo_button)
        row2.addWidget(self.remove_button)
        grid.addLayout(row1)
        grid.addLayout(row2)

        self._demo: str | None = None
        self.add_folder_button.clicked.connect(self.add_folder)
        self.add_files_button.clicked.connect(self.add_files)
        self.demo_button.clicked.connect(self.demoRequested)
        self.remove_button.clicked.connect(self._remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )

    # Dialogs behind small methods, so tests can replace them.
    def choose_folder(self) -> str:
        """Ask for a folder; "" if cancelled."""
        return QFileDialog.getExistingDirectory(self, self.tr("Add a folder of pictures"), self._start_dir())

    def choose_files(self) -> list[str]:
        """Ask for pictures or zip files; [] if cancelled."""
        patterns = " ".join(f"*{ext}" for ext in sorted(IMAGE_EXTENSIONS)) + " *.zip"
        filters = self.tr("Pictures and zip files ({patterns});;All files (*)").format(patterns=patterns)
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add pictures or zip files"), self._start_dir(), filters)
        return list(files)

    def add_folder(self) -> None:
        """Ask for a folder; emits ``pathsChosen`` unless cancelled."""
        folder = self.choose_folder()
        if folder:
            self.pathsChosen.emit([folder])

    def add_files(self) -> None:
        """Ask for files; emits ``pathsChosen`` unless cancelled."""
        files = self.choose_files()
        if files:
            self.pathsChosen.emit(files)

    def _start_dir(self) -> str:
        # Where the user's own pictures were last picked from (not the demo's install folder).
        last = next((p for p in reversed(self.paths()) if p != self._demo), "")
        return (last if os.path.isdir(last) else os.path.dirname(last)) if last else os.path.expanduser("~")

    def set_sources(self, paths: list[str], demo: str | None = None) -> None:
        """Show ``paths``; the one equal to ``demo`` is labelled as the demo set."""
        self._demo = demo
        self.list.clear()
        for path in paths:
            icon = QStyle.StandardPixmap.SP_DirIcon if os.path.isdir(path) else QStyle.StandardPixmap.SP_FileIcon
            name = readable(os.path.basename(path.rstrip("/\\")) or path)
            text = self.tr("Demo dataset") if path == demo else name
            item = QListWidgetItem(self.style().standardIcon(icon), text)
            item.setToolTip(readable(path))
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setSizeHint(QSize(0, 24))
            self.list.addItem(item)
        self.remove_button.setEnabled(False)

    def paths(self) -> list[str]:
        """The sources shown, in order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _remove_selected(self) -> None:
        paths = [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]
        if paths:
            self.removeRequested.emit(paths)
