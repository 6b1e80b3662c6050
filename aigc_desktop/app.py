"""Start-up: QApplication, logging and the crash handler, then the main window.

The window must appear fast, so nothing here imports torch: the engine loads on worker threads,
after the first paint.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QSplashScreen, QWidget

from aigc_desktop import __version__
from aigc_desktop.paths import APP_AUTHOR, APP_NAME, log_dir
from aigc_desktop.ui.gui_thread_gc import collect_on_gui_thread_once
from aigc_desktop.ui.language import install_translator, saved_language

log = logging.getLogger("aigc_desktop")


def setup_logging() -> str:
    """Log to a rotating file in the user's log folder; returns its path for error dialogs."""
    path = log_dir() / "aigc-desktop.log"
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in log.handlers):
        # backslashreplace: a file name in a legacy code page (surrogate escapes) is logged as \udcxx
        # rather than making the handler fail on the message.
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8",
                                                       errors="backslashreplace")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return str(path)


class CrashHandler:
    """Shows uncaught exceptions in a dialog instead of dying; the full traceback goes to the log."""

    def __init__(self, log_path: str, parent: QWidget | None = None) -> None:
        self.log_path = log_path
        self.parent = parent
        self.showing = False

    def __call__(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if self.showing:  # an error inside the dialog must not stack dialogs
            return
        self.showing = True
        try:
            box = QMessageBox(self.parent)
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(QCoreApplication.translate("CrashHandler", "Something went wrong"))
            box.setText(QCoreApplication.translate(
                "CrashHandler", "AIGC Desktop hit an unexpected error: {error}").format(error=f"{kind.__name__}: {exc}"))
            box.setInformativeText(QCoreApplication.translate(
                "CrashHandler", "Your runs and ratings are saved. The full report is in:\n{path}").format(
                path=self.log_path))
            box.exec()
        finally:
            self.showing = False


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(__version__)
    icon = _app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


def run_app(argv: Sequence[str], demo: bool = False) -> int:
    app = create_application(argv)
    install_translator(app, saved_language())  # before any widget, the splash too
    splash = _splash()  # a double-click gets an answer at once, before the heavier imports
    log_path = setup_logging()
    log.info("AIGC Desktop %s starting", __version__)
    from aigc_desktop.ui.main_window import MainWindow

    window = MainWindow()
    collector = collect_on_gui_thread_once(window.engine_loaded)  # noqa: F841 (alive until the app quits)
    handler = CrashHandler(log_path, window)
    sys.excepthook = handler
    window.show()
    if splash is not None:
        splash.finish(window)
    # Device detection imports torch: start it once the window has painted.
    QTimer.singleShot(0, window.after_first_paint)
    if demo:
        QTimer.singleShot(0, window.dataset_tab.use_demo)
    return app.exec()


def _splash() -> QSplashScreen | None:
    icon = _app_icon()
    if icon is None:
        return None
    splash = QSplashScreen(icon.pixmap(160, 160))
    splash.showMessage(QCoreApplication.translate("Splash", "Starting AIGC Desktop…"),
                       Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter)
    splash.show()
    QApplication.processEvents()
    return splash


def _app_icon() -> QIcon | None:
    from importlib import resources

    try:
        path = resources.files("aigc_desktop.resources") / "icons" / "aigc-desktop.png"
    except ModuleNotFoundError:
        return None
    return QIcon(str(path)) if path.is_file() else None
