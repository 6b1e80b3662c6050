"""The rating controls of the Feedback tab: good / bad, an optional score, tags and a comment, and undo.

Score, tags and comment belong to the next good/bad press: set them (or not), then press G or B;
they are stored with that rating and cleared for the next image.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class RatingPanel(QWidget):
    """See the module docstring. ``goodRequested``/``badRequested`` carry nothing: the tab asks for the details."""

    goodRequested = Signal()
    badRequested = Signal()
    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.good_button = QPushButton(self.tr("Good  (G)"))
        self.good_button.setToolTip(self.tr("This image is what you want. Key: G"))
        self.good_button.setStyleSheet("QPushButton { background: #2ea043; color: white; padding: 8px; }"
                                       "QPushButton:disabled { background: #9bc8a5; }")
        self.bad_button = QPushButton(self.tr("Bad  (B)"))
        self.bad_button.setToolTip(self.tr("This image is not what you want. Key: B"))
        self.bad_button.setStyleSheet("QPushButton { background: #cf222e; color: white; padding: 8px; }"
                                      "QPushButton:disabled { background: #e6a3a8; }")
        for button in (self.good_button, self.bad_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys keep going to the images
        self.good_button.clicked.connect(self.goodRequested)
        self.bad_button.clicked.connect(self.badRequested)

        self.score_buttons: list[QPushButton] = []
        scores = QHBoxLayout()
        scores.setSpacing(2)
        for n in range(1, 6):
            button = QPushButton(str(n))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMaximumWidth(36)
            button.setToolTip(self.tr("Score {n} of 5 (optional). Key: {n}; 0 clears it.").format(n=n))
            button.toggled.connect(lambda on, n=n: self._on_score_toggled(n, on))
            self.score_buttons.append(button)
            scores.addWidget(button)
        scores.addStretch(1)

        # Suggestions in the user's language; a tag is a word people choose, stored as written.
        self.preset_tags = [self.tr("defect visible"), self.tr("artefact"), self.tr("off-spec")]
        self.tag_buttons: list[QPushButton] = []
        tags = QHBoxLayout()
        tags.setSpacing(2)
        for name in self.preset_tags:
            button = QPushButton(name)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(self.tr("Tag the next rating with “{tag}”.").format(tag=name))
            self.tag_buttons.append(button)
            tags.addWidget(button)
        tags.addStretch(1)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("More tags, separated by commas"))
        self.tags_edit.setToolTip(self.tr("Your own tags for the next rating, e.g. “burr, too dark”."))
        self.tags_edit.setCompleter(QCompleter([], self))
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText(self.tr("Comment (optional)"))
        self.comment_edit.setToolTip(self.tr("A note stored with the next rating."))
        self.undo_button = QPushButton(self.tr("Undo last rating  (Ctrl+Z)"))
        self.undo_button.setToolTip(self.tr("Take back your most recent rating."))
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undoRequested)
        self.keys_label = QLabel(self.tr(
            "<b>Keys</b>: G good · B bad · ← → move · 1–5 score · Ctrl+Z undo · N new batch"))
        self.keys_label.setWordWrap(True)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Score")), 0, 0)
        grid.addLayout(scores, 0, 1)
        grid.addWidget(QLabel(self.tr("Tags")), 1, 0)
        grid.addLayout(tags, 1, 1)
        grid.addWidget(self.tags_edit, 2, 1)
        grid.addWidget(QLabel(self.tr("Comment")), 3, 0)
        grid.addWidget(self.comment_edit, 3, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.good_button, 1)
        buttons.addWidget(self.bad_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(grid)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.keys_label)

    # -- what the next rating carries ----------------------------------------------------------------
    def score(self) -> int | None:
        return next((n for n, b in enumerate(self.score_buttons, 1) if b.isChecked()), None)

    def set_score(self, n: int | None) -> None:
        """Check score ``n`` (1..5); None or 0 clears it."""
        for i, button in enumerate(self.score_buttons, 1):
            button.setChecked(i == n)

    def tags(self) -> tuple[str, ...]:
        chosen = [b.text() for b in self.tag_buttons if b.isChecked()]
        chosen += [t.strip() for t in self.tags_edit.text().replace("，", ",").split(",") if t.strip()]
        return tuple(dict.fromkeys(chosen))

    def comment(self) -> str:
        return self.comment_edit.text().strip()

    def clear_details(self) -> None:
        self.set_score(None)
        for button in self.tag_buttons:
            button.setChecked(False)
        self.tags_edit.clear()
        self.comment_edit.clear()

    def set_known_tags(self, names: list[str]) -> None:
        """Tags used before, offered as completions."""
        self.tags_edit.completer().model().setStringList(names)

    def set_rating_enabled(self, enabled: bool) -> None:
        self.good_button.setEnabled(enabled)
        self.bad_button.setEnabled(enabled)

    def _on_score_toggled(self, n: int, on: bool) -> None:
        if on:  # at most one score: checking one unchecks the others, and checking it again clears it
            for i, button in enumerate(self.score_buttons, 1):
                if i != n:
                    button.setChecked(False)
