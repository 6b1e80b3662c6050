"""The real Feedback tab, offscreen, rating by key press in a loop; prints the image's row and rating id once the press returns.

Run by test_feedback_tab.py, which kills it with SIGKILL mid-loop, as a crash or a pulled plug
would, and then checks the ratings database. Usage: feedback_app_killer.py RUN_FOLDER
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from aigc_desktop.ui.feedback.tab import FeedbackTab


def main(run: str) -> None:
    app = QApplication([])
    tab = FeedbackTab()
    tab.show()
    tab.count_spin.setValue(20)
    tab.set_run(run)
    while tab.is_busy() or tab.model.rowCount() == 0:
        app.processEvents()
        time.sleep(0.01)
    print("ready", flush=True)
    for press in range(100_000):
        row = tab.grid.currentIndex().row()
        key = Qt.Key.Key_G if press % 3 else Qt.Key.Key_B
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(tab.grid, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))
        app.processEvents()
        print(row, tab.model.image(row).rating_id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
