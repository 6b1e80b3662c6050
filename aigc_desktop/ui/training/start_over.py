"""The question asked when a run can't be resumed because none of its checkpoints loads.

Starting over trains the run again from step 0; it is never done without the user's yes, because a
user who pressed Resume meant to continue hours of training, not to lose them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class StartOverBox(QMessageBox):
    def __init__(self, parent: QWidget, run_dir: str, why: str) -> None:
        super().__init__(QMessageBox.Icon.Warning, self.tr("The run can't be continued"),
                         self.tr("{run} can't be continued from where it stopped.").format(run=run_dir),
                         parent=parent)
        self.setInformativeText(self.tr(
            "Train it again from step 0? The files that failed to load are kept in checkpoints/refused/, "
            "nothing is deleted."))
        self.setDetailedText(why)
        self.addButton(self.tr("Start over from step 0"), QMessageBox.ButtonRole.AcceptRole)
        self.setDefaultButton(self.addButton(QMessageBox.StandardButton.Cancel))

    def chose_start_over(self) -> bool:
        return self.buttonRole(self.clickedButton()) == QMessageBox.ButtonRole.AcceptRole


def ask_start_over(parent: QWidget, run_dir: str, why: str) -> bool:
    """Whether the user chose to train ``run_dir`` again from step 0."""
    box = StartOverBox(parent, run_dir, why)
    box.exec()
    return box.chose_start_over()
