"""The choice of class for a model trained by class: "All classes" or one of them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget


class ClassCombo(QComboBox):
    """"All classes" (data "") then each class (data: its name). ``set_classes(())`` hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_classes(())

    def set_classes(self, classes: Sequence[str]) -> None:
        """Offer ``classes``; the class chosen before stays chosen if it is still there. No signal."""
        if self.count() and [self.itemData(i) for i in range(1, self.count())] == list(classes):
            return
        before = self.class_name()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("All classes"), "")
        for name in classes:
            self.addItem(name, name)
        self.setCurrentIndex(max(0, self.findData(before)))
        self.blockSignals(False)
        self.setVisible(bool(classes))

    def class_name(self) -> str:
        """The class chosen; "" for all classes in turn."""
        return self.currentData() or ""
