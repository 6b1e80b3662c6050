"""The Gallery's quality verdict: the score in words, and the user's pictures that nothing generated resembles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from aigc_desktop.ui.gallery.model_picker import RunInfo
from aigc_desktop.ui.widgets.image_view import numpy_to_qimage
from aigc_desktop.workers.engine_text import engine_text
from aigc_desktop.workers.gallery_jobs import Evaluation, Uncovered

THUMB_PX = 64
COLUMNS = 3  # 64 px thumbnails, three to a row, fit the Gallery's left column
MAX_SHOWN = 8


class UncoveredStrip(QWidget):
    """Up to eight training pictures with no generated look-alike, the most unlike first.

    Hovering one shows its file and where it is; clicking it names it under the pictures. Hidden when there
    are none, so a model that makes every kind of picture shows nothing here.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self.tr("Your pictures with no generated look-alike, the most unlike first:"))
        self.caption.setWordWrap(True)
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: list[QToolButton] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(3)
        for i in range(MAX_SHOWN):
            button = QToolButton()
            button.setIconSize(QSize(THUMB_PX, THUMB_PX))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _checked=False, i=i: self._name(i))
            grid.addWidget(button, i // COLUMNS, i % COLUMNS)
            self.buttons.append(button)
        grid.setColumnStretch(COLUMNS, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(grid)
        layout.addWidget(self.name_label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.pictures: list[Uncovered] = []
        self.set_pictures([])

    def set_pictures(self, pictures: list[Uncovered]) -> None:
        """Show these pictures (the first eight); none hides the strip."""
        self.pictures = list(pictures[:MAX_SHOWN])
        for i, button in enumerate(self.buttons):
            if i < len(self.pictures):
                picture = self.pictures[i]
                button.setIcon(QIcon(_thumbnail(picture)))
                button.setToolTip(self._where(picture, full=True))
                button.show()
            else:
                button.setIcon(QIcon())
                button.setToolTip("")
                button.hide()
        self.name_label.clear()
        self.name_label.hide()
        self.setVisible(bool(self.pictures))

    def _name(self, i: int) -> None:
        if i < len(self.pictures):
            self.name_label.setText(self._where(self.pictures[i]))
            self.name_label.show()

    def _where(self, picture: Uncovered, full: bool = False) -> str:
        """The file name and training index; with ``full``, where the file is (long paths wrap badly)."""
        if not picture.name:
            return self.tr("Training picture {index}").format(index=picture.index)
        text = self.tr("{file} (training picture {index})").format(file=Path(picture.name).name, index=picture.index)
        return f"{text}\n{picture.name}" if full else text


def _thumbnail(picture: Uncovered) -> QPixmap:
    pixmap = QPixmap.fromImage(numpy_to_qimage(picture.array))
    side = max(pixmap.width(), pixmap.height())
    if side <= THUMB_PX:  # whole-pixel enlargement keeps a small picture crisp
        scale = THUMB_PX // side
        return pixmap.scaled(pixmap.width() * scale, pixmap.height() * scale,
                             Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
    return pixmap.scaled(THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def quality_words(evaluation: Evaluation, step: int, run: RunInfo) -> str:
    """The score, then what coverage, precision, copies and colour say, in sentences a non-specialist can act on."""
    tr = QCoreApplication.translate
    figures = evaluation.figures
    parts = [tr("Gallery", "Step {step:,}: quality score {score:.1f} (lower is better; compare it between "
                "checkpoints of this run).").format(step=step, score=float(figures["score"]))]
    if run.best_step is not None and run.best_score is not None:
        parts.append(tr("Gallery", "While training, the best score was {best:.1f}, at step {at:,}.").format(
            best=run.best_score, at=run.best_step))
    parts += [engine_text(sentence) for sentence in evaluation.sentences]
    parts.append(tr("Gallery", "Scored on {n:,} images in {s:.1f} s.").format(n=int(figures["n"]),
                                                                               s=float(figures["seconds"])))
    return "\n".join(parts)
