"""The Gallery's detail panel: one image large, where it came from, and the training pictures it resembles."""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.ui.gallery.model import Batch, GalleryImage
from aigc_desktop.ui.widgets.image_view import numpy_to_qimage
from aigc_desktop.ui.widgets.pixel_view import PixelView
from aigc_desktop.workers.gallery_jobs import Neighbour, Neighbours

NEIGHBOUR_PX = 64


class DetailPanel(QWidget):
    """Shows the selected image, its provenance and its nearest training pictures; rates it (``rateRequested``)."""

    rateRequested = Signal(int)  # +1 good, -1 bad

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.good_button = QPushButton(self.tr("Good  (G)"))
        self.good_button.setToolTip(self.tr("Rate this image good; it counts in the Feedback tab. Key: G"))
        self.bad_button = QPushButton(self.tr("Bad  (B)"))
        self.bad_button.setToolTip(self.tr("Rate this image bad; it counts in the Feedback tab. Key: B"))
        self.good_button.clicked.connect(lambda: self.rateRequested.emit(1))
        self.bad_button.clicked.connect(lambda: self.rateRequested.emit(-1))
        self.view = PixelView()  # whole pixels, never below the image's size
        self.view.setMinimumSize(200, 200)
        self.view.set_placeholder(self.tr("Select an image to see it large."))
        self.provenance = QLabel()
        self.provenance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.provenance.setWordWrap(True)
        self.neighbour_note = QLabel()
        self.neighbour_note.setWordWrap(True)
        box = QGroupBox(self.tr("Closest training pictures"))
        box.setToolTip(self.tr(
            "The pictures of your training set that look most like this image. A distance near 0 means the "
            "model copied that picture instead of making up a new one."))
        self.pixel_row = _NeighbourRow(self.tr("Pixel by pixel"))
        self.feature_row = _NeighbourRow(self.tr("As the discriminator sees them"))
        bl = QVBoxLayout(box)
        bl.addWidget(self.neighbour_note)
        bl.addWidget(self.pixel_row)
        bl.addWidget(self.feature_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        rate = QHBoxLayout()
        rate.addWidget(self.good_button)
        rate.addWidget(self.bad_button)
        layout.addLayout(rate)
        layout.addWidget(self.provenance)
        layout.addWidget(box)
        self.clear()

    def clear(self) -> None:
        self.view.set_placeholder(self.tr("Select an image to see it large."))
        self.provenance.setText("")
        self.set_neighbour_text("")
        self.pixel_row.set_neighbours([])
        self.feature_row.set_neighbours([])
        self.set_rating_enabled(False)

    def set_rating_enabled(self, enabled: bool) -> None:
        for button in (self.good_button, self.bad_button):
            button.setEnabled(enabled)

    def show_image(self, batch: Batch, image: GalleryImage) -> None:
        """Show ``image`` and its provenance; the neighbours follow later (``set_neighbours``)."""
        self.view.set_array(image.array)
        # A rating is kept with its latent and model version, which the averaged generator defines.
        self.set_rating_enabled(image.latent is not None and batch.choice.ema)
        rows = [
            (self.tr("Run"), batch.choice.run_name),
            (self.tr("Checkpoint"), self.tr("step {step:,}").format(step=batch.choice.step)),
            (self.tr("Seed"), str(batch.seed)),
            (self.tr("Latent index"), str(image.index)),
            *([(self.tr("Class"), image.class_name)] if image.class_name else []),
            (self.tr("Truncation ψ"), f"{image.psi:.2f}"),
            (self.tr("Generator"), self.tr("averaged (EMA)") if batch.is_ema else self.tr("live (not averaged)")),
        ]
        if batch.steer:
            rows.append((self.tr("Steered"), self.tr("toward liked images ({strength:.2f})").format(
                strength=batch.steer)))
        if image.score is not None:
            rows.append((self.tr("Discriminator score"), f"{image.score:.3f}"))
        if image.rating:
            rows.append((self.tr("Your rating"), self.tr("good") if image.rating > 0 else self.tr("bad")))
        if image.copy_distance is not None:
            verdict = self.tr("near-copy!") if image.is_copy else self.tr("new image")
            rows.append((self.tr("Copy check"), f"{verdict} ({image.copy_distance:.3f})"))
        cells = "".join(f"<tr><td style='color:gray; padding-right:8px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
                        for k, v in rows)
        self.provenance.setText(f"<table>{cells}</table>")
        self.pixel_row.set_neighbours([])
        self.feature_row.set_neighbours([])
        self.set_neighbour_text(self.tr("Looking for similar training pictures…"))

    def set_neighbour_text(self, text: str) -> None:
        self.neighbour_note.setText(text)
        self.neighbour_note.setVisible(bool(text))

    def set_neighbours(self, found: Neighbours) -> None:
        """Show the closest training pictures with their distances, and say plainly whether it is a copy."""
        self.pixel_row.set_neighbours(found.pixel)
        self.feature_row.set_neighbours(found.features)
        if not found.pixel:
            self.set_neighbour_text(self.tr("The training set is empty."))
            return
        closest = found.pixel[0]
        if closest.distance <= found.pixel_threshold:
            text = self.tr("⚠ This image is a near-copy of training picture {index} (distance {d:.3f}; pictures "
                           "closer than {t:.3f} count as copies).")
        else:
            text = self.tr("A new image: the closest of the {n} training pictures is at {d:.3f} (copies are "
                           "closer than {t:.3f}).")
        self.set_neighbour_text(text.format(index=closest.index, d=closest.distance, t=found.pixel_threshold,
                                            n=found.training_size))

    def neighbour_distances(self) -> tuple[list[float], list[float]]:
        """The distances on show (pixel row, feature row), for tests and screen readers."""
        return self.pixel_row.distances, self.feature_row.distances


class _NeighbourRow(QWidget):
    """A caption, then small pictures with their training index and distance underneath."""

    def __init__(self, caption: str, count: int = 5) -> None:
        super().__init__()
        self.distances: list[float] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.addWidget(QLabel(caption), 0, 0, 1, count)
        self._pictures = [QLabel() for _ in range(count)]
        self._captions = [QLabel() for _ in range(count)]
        for col, (pic, cap) in enumerate(zip(self._pictures, self._captions, strict=True)):
            pic.setFixedSize(NEIGHBOUR_PX, NEIGHBOUR_PX)
            pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pic.setStyleSheet("background: rgba(128, 128, 128, 40);")
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cap.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(pic, 1, col)
            grid.addWidget(cap, 2, col)
        grid.setColumnStretch(count, 1)

    def set_neighbours(self, found: list[Neighbour]) -> None:
        self.distances = [n.distance for n in found]
        for i, (pic, cap) in enumerate(zip(self._pictures, self._captions, strict=True)):
            if i < len(found):
                pic.setPixmap(_small_pixmap(found[i].array))
                cap.setText(f"{found[i].distance:.3f}")
                pic.setToolTip(self.tr("Training picture {index}, distance {d:.4f}").format(
                    index=found[i].index, d=found[i].distance))
            else:
                pic.clear()
                pic.setToolTip("")
                cap.setText("")


def _small_pixmap(array: np.ndarray) -> QPixmap:
    pixmap = QPixmap.fromImage(numpy_to_qimage(array))
    # Whole-pixel enlargement keeps a small GAN picture crisp.
    mode = Qt.TransformationMode.FastTransformation if pixmap.width() < NEIGHBOUR_PX \
        else Qt.TransformationMode.SmoothTransformation
    return pixmap.scaled(NEIGHBOUR_PX, NEIGHBOUR_PX, Qt.AspectRatioMode.KeepAspectRatio, mode)
