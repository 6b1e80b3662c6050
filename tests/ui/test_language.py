"""Switching the window's language: English, Chinese or the system's, stored by the settings dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from aigc_desktop.ui import language
from aigc_desktop.ui.guide import GuideDialog, guide_action
from aigc_desktop.ui.language import (
    LanguageDialog,
    available_languages,
    install_translator,
    remove_translators,
    saved_language,
    settings_action,
)
from aigc_desktop.ui.training.settings_form import TrainingSettings


def test_english_chinese_and_the_system_language(qapp, monkeypatch) -> None:
    assert available_languages() == [("en", "English"), ("zh_CN", "简体中文")]
    try:
        assert install_translator(qapp, "zh_CN") == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own, for standard dialogs
        assert install_translator(qapp, "en") == "en"  # replaces Chinese: back to English
        assert QCoreApplication.translate("MainWindow", "&File") == "&File"
        assert TrainingSettings().device_combo.toolTip().startswith("Where the training runs")

        monkeypatch.setattr(language, "system_language", lambda: "zh_CN")
        assert install_translator(qapp, None) == "zh_CN"  # None follows the system
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    finally:
        remove_translators(qapp)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


@pytest.mark.parametrize(("ui_languages", "expected"), [
    (["zh-CN", "zh", "en-US"], "zh_CN"), (["zh-Hant-TW"], "zh_CN"), (["en-GB", "zh-CN"], "en"),
    (["de-DE", "zh-CN"], "zh_CN"), (["fr-FR"], "en"), ([], "en"),
])
def test_system_language_is_the_first_preferred_one_we_have(monkeypatch, ui_languages, expected) -> None:
    class FakeLocale:
        def uiLanguages(self) -> list[str]:
            return ui_languages

    monkeypatch.setattr(language.QLocale, "system", staticmethod(lambda: FakeLocale()))
    assert language.system_language() == expected


def test_the_settings_dialog_stores_the_language(qtbot, settings_store) -> None:
    assert saved_language(settings_store) is None  # nothing stored: follow the system
    dialog = LanguageDialog(settings_store)
    qtbot.addWidget(dialog)
    assert [dialog.combo.itemData(i) for i in range(dialog.combo.count())] == ["system", "en", "zh_CN"]
    assert dialog.choice() == "system"
    dialog.combo.setCurrentIndex(dialog.combo.findData("zh_CN"))
    dialog.accept()
    assert settings_store.value("ui/language") == "zh_CN"
    assert saved_language(settings_store) == "zh_CN"

    again = LanguageDialog(settings_store)  # opens on the stored choice; Cancel changes nothing
    qtbot.addWidget(again)
    assert again.choice() == "zh_CN"
    again.combo.setCurrentIndex(again.combo.findData("en"))
    again.reject()
    assert saved_language(settings_store) == "zh_CN"
    again.combo.setCurrentIndex(0)
    again.accept()
    assert saved_language(settings_store) is None


def test_menu_entries_open_the_guide_once_and_are_translated(qtbot, chinese, settings_store) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    action = guide_action(parent)
    assert action.text() == "使用指南(&G)"
    action.trigger()
    action.trigger()
    guides = parent.findChildren(GuideDialog)
    assert len(guides) == 1 and guides[0].isVisible()
    assert settings_action(parent, settings_store).text() == "设置(&S)…"
    guides[0].close()
