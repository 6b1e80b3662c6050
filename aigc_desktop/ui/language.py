"""The interface language: English or Simplified Chinese, following the system unless the user chose one.

``install_translator`` runs at start-up, before any window is built (Qt looks a string up when a
widget is made, so the translator must be in place first). The Settings dialog stores the choice
under ``ui/language``; it applies from the next start, because our widgets set their texts once.

Chinese needs a font with Chinese characters. Windows and Chinese-language Linux desktops have one; a
minimal Linux install may not (the text then shows as boxes): ``sudo apt install fonts-noto-cjk`` on
Debian/Ubuntu, ``sudo dnf install google-noto-sans-cjk-fonts`` on Fedora. The log says when none is found.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, Qt, QTranslator
from PySide6.QtGui import QAction, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from aigc_desktop.i18n import qm_file
from aigc_desktop.ui.settings_store import SettingsStore

log = logging.getLogger(__name__)

SETTING_KEY = "ui/language"
SYSTEM = "system"  # stored when the user wants the language to follow the system
ENGLISH = "en"
_NAMES = {ENGLISH: "English", "zh_CN": "简体中文"}  # each in its own language: readable whatever is on show

# The translators we installed, so a second call (or a test) can take them out again.
_installed: list[QTranslator] = []
_data: dict[QTranslator, bytes] = {}


def available_languages() -> list[tuple[str, str]]:
    """(code, name in that language) for every language the interface can show."""
    return list(_NAMES.items())


def system_language() -> str:
    """The first of the system's preferred languages that we have; English if none."""
    for name in QLocale.system().uiLanguages():  # e.g. ["zh-CN", "zh", "en-US"]
        code = name.replace("-", "_").lower()
        if code.startswith("zh"):
            return "zh_CN"  # Traditional-Chinese readers read Simplified more easily than English
        if code.startswith("en"):
            return ENGLISH
    return ENGLISH


def saved_language(settings: SettingsStore | QSettings | None = None) -> str | None:
    """The language stored by the Settings dialog; None to follow the system."""
    store = settings if isinstance(settings, SettingsStore) else SettingsStore(settings)
    value = str(store.value(SETTING_KEY, SYSTEM) or SYSTEM)
    return value if value in _NAMES else None


def install_translator(app: QCoreApplication, language: str | None) -> str:
    """Translate the interface into ``language`` (None: the system's); returns the language now in use.

    Loads our own catalogue and Qt's ``qtbase`` one (for the buttons of standard dialogs). English needs
    neither; a missing catalogue is logged and leaves English.
    """
    remove_translators(app)
    code = language if language in _NAMES else system_language()
    if code == ENGLISH:
        return ENGLISH
    ref = qm_file(code)
    if ref is None:
        log.warning("no translation file for %s; the interface stays in English", code)
        return ENGLISH
    # Loaded from bytes we keep, not from the file: Qt maps a file into memory, and a file replaced
    # while the app runs (an update, a rebuilt .qm) would change the texts under it.
    data = ref.read_bytes()
    ours = QTranslator(app)
    if not ours.load(data):
        log.warning("could not load the translation %s; the interface stays in English", ref)
        return ENGLISH
    _data[ours] = data  # Qt does not copy it
    qt = QTranslator(app)
    if any(qt.load(f"qtbase_{code}", folder) for folder in _qt_translation_folders()):
        app.installTranslator(qt)
        _installed.append(qt)
    else:  # only OK/Cancel and the like stay English
        log.info("Qt's own %s translation was not found", code)
    app.installTranslator(ours)
    _installed.append(ours)
    if isinstance(app, QGuiApplication):
        chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        family = chinese_font(chinese, sys.platform)
        if family is None:
            log.warning("no font with Chinese characters is installed: the interface will show boxes "
                        "(on Debian/Ubuntu: sudo apt install fonts-noto-cjk)")
        elif sys.platform.startswith("win") and family != app.font().family():
            # On Windows Qt may fall back to SimSun, a serif face hard to read small; elsewhere
            # fontconfig / Core Text already pick the system's Chinese UI font for missing glyphs.
            font = app.font()
            font.setFamily(family)  # the point size stays the system's
            app.setFont(font)
    return code


# The interface font for Chinese on each system, best first: Windows' own UI font (Microsoft YaHei UI,
# from Windows 7 on, with Microsoft YaHei and SimSun on older or stripped installs), macOS's, and on
# Linux the Noto / Source Han / WenQuanYi families that distributions package. Qt's own fallback
# picks some font with the characters, often a serif one (SimSun) that is hard to read small.
CHINESE_FONTS = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "DengXian", "SimHei", "SimSun"),
    "darwin": ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti"),
    "linux": ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei",
              "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN"),
}


def chinese_font(installed: list[str], platform: str) -> str | None:
    """The font family to show Chinese in, among the ``installed`` families that have Chinese
    characters: the system's preferred one when present, else the first installed; None if none."""
    key = "win32" if platform.startswith("win") else "darwin" if platform == "darwin" else "linux"
    present = {name.casefold(): name for name in installed}
    for wanted in CHINESE_FONTS[key]:
        if wanted.casefold() in present:
            return present[wanted.casefold()]
    return installed[0] if installed else None


def _qt_translation_folders() -> list[str]:
    # Where Qt says its translations are; a frozen app's Qt may answer with a build machine's path,
    # so PySide6's own folder is the fallback.
    import PySide6

    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(Path(PySide6.__file__).parent / "Qt" / "translations")]


def remove_translators(app: QCoreApplication) -> None:
    """Take out every translator ``install_translator`` put in: back to English."""
    while _installed:
        translator = _installed.pop()
        app.removeTranslator(translator)
        translator.deleteLater()
        _data.pop(translator, None)


class LanguageDialog(QDialog):
    """Settings: the interface language, stored for the next start."""

    def __init__(self, store: SettingsStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store or SettingsStore()
        self.setWindowTitle(self.tr("Settings"))
        self.combo = QComboBox()
        system_name = _NAMES[system_language()]
        self.combo.addItem(self.tr("Same as the system ({language})").format(language=system_name), SYSTEM)
        for code, name in available_languages():
            self.combo.addItem(name, code)
        self.combo.setToolTip(self.tr("The language of menus, buttons, messages and the guide."))
        current = saved_language(self.store) or SYSTEM
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        note = QLabel(self.tr("The new language is used the next time AIGC Desktop starts."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Language:"), self.combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def choice(self) -> str:
        """The code chosen: ``"system"``, ``"en"`` or ``"zh_CN"``."""
        return str(self.combo.currentData())

    def accept(self) -> None:
        """Store the choice, then close."""
        self.store.set_value(SETTING_KEY, self.choice())
        super().accept()


def settings_action(parent: QWidget, store: SettingsStore) -> QAction:
    """A "Settings…" menu entry that opens the dialog (its text is translated here, with the dialog's)."""
    action = QAction(QCoreApplication.translate("LanguageDialog", "&Settings…"), parent)
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda: open_settings(store, parent))
    return action


def open_settings(store: SettingsStore, parent: QWidget | None = None) -> None:
    """Show the Settings dialog and wait for it; it is deleted when it closes."""
    dialog = LanguageDialog(store, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
