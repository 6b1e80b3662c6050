"""Chinese and English: the zh_CN catalogue is complete and well-formed, and the real window, switched to
Chinese, shows no English word that a translator should have handled."""

from __future__ import annotations

import importlib.util
import re
import shutil
import string
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from aigc_desktop.paths import runs_dir
from aigc_desktop.ui.guide import GuideDialog
from aigc_desktop.ui.language import (
    install_translator,
    remove_translators,
)
from aigc_desktop.ui.training.settings_form import TrainingSettings

ROOT = Path(__file__).resolve().parents[2]
TS = Path(str(resources.files("aigc_desktop.i18n") / "aigc_desktop_zh_CN.ts"))
CJK = re.compile(r"[\u4e00-\u9fff]")

# Names and units that stay as they are in Chinese text.
ALLOWED_WORDS = re.compile(
    r"AIGC Desktop|DCGAN|GAN|WGAN-GP|Wasserstein|EMA|DiffAugment|bfloat16|float16|CPU|GPU|NVIDIA|SLURM|torchrun|"
    r"PNG|JPEG|BMP|TIFF|WebP|GIF|RGBA|RGB|Hinge|zip|Zip|Delete|English|GiB|GB|MB|KB|px|CSV|UTC|Ctrl(\+Z)?|"
    r"\b(ok|scratch|dent|crack)\b"
)
PATHS = re.compile(r"\S*[/\\]\S*|\b[\w.-]+\.(png|jpe?g|bmp|gif|json|jsonl|sh|txt|sbatch|zip|log)\b", re.I)
TAGS = re.compile(r"<[^>]+>|&\w+;")
FIELDS = re.compile(r"\{[^{}]*\}")  # {step:,} and the like
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


# -- the catalogue ---------------------------------------------------------------------------------

def messages() -> list[tuple[str, str, str, str]]:
    """(context, source, translation, type) of every message in the .ts."""
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            out.append((ctx.findtext("name") or "", msg.findtext("source") or "", tr.text or "", tr.get("type", "")))
    return out


def fields(text: str) -> Counter:
    return Counter(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None)


def accelerator(text: str) -> str:
    match = re.search(r"&([^&\s;])", TAGS.sub("", text))
    return match.group(1).lower() if match else ""


def test_every_message_is_translated_with_its_placeholders_tags_and_accelerator() -> None:
    problems = []
    rows = messages()
    assert len(rows) > 400
    for context, source, translation, kind in rows:
        where = f"[{context}] {source[:60]!r}"
        if kind == "unfinished" or not translation.strip():
            problems.append(f"{where}: not translated")
            continue
        if fields(source) != fields(translation):  # a lost {field} is a KeyError when .format() runs
            problems.append(f"{where}: placeholders {fields(source)} became {fields(translation)}")
        if source.count("%p%") != translation.count("%p%"):
            problems.append(f"{where}: %p% lost")
        if sorted(re.findall(r"</?\w+", source)) != sorted(re.findall(r"</?\w+", translation)):
            problems.append(f"{where}: HTML tags differ")
        if accelerator(source) != accelerator(translation):
            problems.append(f"{where}: keyboard accelerator &{accelerator(source)} lost")
        if not CJK.search(translation) and ENGLISH_WORD.search(ALLOWED_WORDS.sub("", FIELDS.sub("", source))):
            problems.append(f"{where}: the translation has no Chinese")
    assert problems == []


def _update_script():
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "packaging" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being made
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="needs pyside6-lupdate")
def test_every_string_in_the_code_is_in_the_catalogue() -> None:
    """A new tr() string fails here until `python packaging/update_translations.py` ran and it was translated."""
    update = _update_script()
    fresh = update.fix_up(update.run_lupdate(update.source_files())) + update.engine_sentences()
    translated = {(c, s) for c, s, t, kind in messages() if t and kind != "unfinished"}
    missing = sorted({f"[{m.context}] {m.source[:70]!r}" for m in fresh if (m.context, m.source) not in translated})
    assert missing == [], "run python packaging/update_translations.py and translate these"


def test_the_shipped_qm_holds_every_translation_of_the_ts() -> None:
    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    stale = [f"[{context}] {source[:60]!r}" for context, source, translation, _ in messages()
             if translator.translate(context, source) != translation]
    assert stale == [], "run python packaging/update_translations.py"


# -- switching language ----------------------------------------------------------------------------

def test_the_guide_in_english_and_chinese_names_the_presets_as_the_window_does(qtbot, qapp) -> None:
    def guide_and_presets() -> tuple[str, list[str]]:
        guide, settings = GuideDialog(), TrainingSettings()
        qtbot.addWidget(guide)
        qtbot.addWidget(settings)
        combo = settings.preset_combo
        return guide.browser.toPlainText(), [combo.itemText(i) for i in range(combo.count())]

    english, presets = guide_and_presets()
    assert "What a GAN is" in english and "D(G(z))" in english and not CJK.search(english)
    assert all(title in english for title in presets), presets
    assert str(runs_dir()) in english  # where the run folders are
    try:
        install_translator(qapp, "zh_CN")
        chinese, presets = guide_and_presets()
    finally:
        remove_translators(qapp)
    assert "什么是 GAN" in chinese and "D(G(z))" in chinese and "What a GAN is" not in chinese
    assert all(title in chinese and CJK.search(title) for title in presets), presets
    assert str(runs_dir()) in chinese
    assert untranslated([chinese]) == []


# -- the window in Chinese -------------------------------------------------------------------------

def untranslated(texts: list[str], extra_allowed: tuple[str, ...] = ()) -> list[str]:
    """The texts that still hold an English word once names, paths and units are taken out."""
    bad = []
    for text in texts:
        rest = text
        for name in extra_allowed:
            rest = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", rest)
        rest = ALLOWED_WORDS.sub(" ", PATHS.sub(" ", FIELDS.sub(" ", TAGS.sub(" ", rest))))
        if ENGLISH_WORD.search(rest):
            bad.append(text)
    return bad


def visible_texts(root: QWidget) -> list[str]:
    """Every string a user can see on ``root`` now: texts, titles, items, headers, tooltips, placeholders."""
    out = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        out.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())] + [w.tabToolTip(i) for i in range(w.count())]
        elif isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            out.append(w.placeholderText())
        elif isinstance(w, QProgressBar):
            out.append(w.text())
        elif isinstance(w, QAbstractSpinBox):
            out += [w.specialValueText(), getattr(w, "prefix", str)(), getattr(w, "suffix", str)()]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model, top = w.model(), QModelIndex()
            try:
                columns = model.columnCount(top)
            except TypeError:  # list models hide it: one column, no header
                columns = 0
            out += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
            for row in range(min(model.rowCount(top), 3)):  # a few items: names, and the tooltips over them
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    out.append(str(model.data(model.index(row, 0), role) or ""))
        if hasattr(w, "plot_widget"):  # our LivePlot: pyqtgraph draws its texts itself
            item = w.plot_widget.getPlotItem()
            out += [item.titleLabel.text, item.getAxis("bottom").labelText]
            out += [label.text for _, label in item.legend.items]
    return [t for t in out if t]


def menu_texts(window) -> list[str]:
    out = []
    for action in window.menuBar().actions():
        out.append(action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            for sub in menu.actions():
                if sub.menu() is not None:
                    sub.menu().aboutToShow.emit()  # e.g. Recent runs fills itself when opened
                    out += [a.text() for a in sub.menu().actions()]
                out.append(sub.text())
    return [t for t in out if t]


@pytest.fixture
def chinese_window(chinese, window):
    """The main window (tests/ui/conftest.py), made after ``chinese``: pytest sets fixtures up in the
    order they are asked for."""
    return window


@pytest.mark.slow
def test_the_whole_window_in_chinese_has_no_english_left(qtbot, chinese_window, tmp_path) -> None:
    from aigc_desktop.ui.training.cluster_export import ClusterJobDialog

    window = chinese_window
    seen: dict[str, str] = {}  # text -> where it was seen

    def walk(where: str, root: QWidget | None = None) -> None:
        QApplication.processEvents()
        for text in visible_texts(root or window):
            seen.setdefault(text, where)

    window.after_first_paint()  # the device probe (imports torch): the status bar and the device list fill in
    qtbot.waitUntil(lambda: window.training_tab.settings.device_combo.count() > 1, timeout=60_000)
    devices = window.training_tab.settings.device_combo
    # Device names come from torch and the driver ("cpu — CPU (…, 2 cores)"), run folders are named by date.
    names = (*(devices.itemText(i) for i in range(1, devices.count())),
             *(devices.itemData(i) for i in range(1, devices.count())), "run")
    seen.update(dict.fromkeys(menu_texts(window), "menus"))
    for index in range(window.tabs.count()):  # every tab, the Gallery too once it is wired in
        window.tabs.setCurrentIndex(index)
        walk(f"tab {index} at start")

    window.tabs.setCurrentWidget(window.dataset_tab)
    window.dataset_tab.use_demo()
    qtbot.waitUntil(lambda: not window.dataset_tab.is_busy()
                    and window.dataset_tab.selection().image_count == 340, timeout=60_000)
    qtbot.waitUntil(lambda: not window.dataset_tab.preprocess_panel.is_rendering(), timeout=30_000)
    walk("dataset tab, demo scanned")
    window.dataset_tab.center.setCurrentWidget(window.dataset_tab.skipped_table)
    walk("dataset tab, skipped files")

    tab = window.training_tab
    window.tabs.setCurrentWidget(tab)
    tab.settings.advanced_box.setChecked(True)
    walk("training tab, advanced")
    dialog = ClusterJobDialog(tab)
    dialog.show()
    walk("cluster job dialog", dialog)
    dialog.close()

    tab.settings.steps_spin.setValue(400)
    tab.run_edit.setText(str(tmp_path / "run"))
    tab.start()
    qtbot.waitUntil(lambda: tab.monitor.speed_label.text() != "", timeout=60_000)
    walk("training tab, training")
    assert tab.stop_and_wait()
    qtbot.waitUntil(lambda: not tab.is_running(), timeout=30_000)
    walk("training tab, stopped")

    gallery = getattr(window, "gallery_tab", None)
    if gallery is not None:  # the stopped run's checkpoint, drawn from in the Gallery
        window.tabs.setCurrentWidget(gallery)
        qtbot.waitUntil(lambda: not gallery.is_busy(), timeout=60_000)
        gallery.generate()
        qtbot.waitUntil(lambda: not gallery.is_busy() and gallery.model.rowCount() > 0, timeout=60_000)
        walk("gallery tab, images made")

    feedback = window.feedback_tab  # the run ended: its checkpoint is offered for rating
    window.tabs.setCurrentWidget(feedback)
    qtbot.waitUntil(lambda: not feedback.is_busy() and feedback.model.rowCount() > 0, timeout=60_000)
    for value in (1, -1, 1, -1):
        feedback.rate(value)
    feedback.adjust.steer_button.click()
    qtbot.waitUntil(lambda: not feedback.is_busy() and len(feedback.versions.versions) == 2, timeout=60_000)
    walk("feedback tab, rated and steered")
    compare = feedback.compare()
    qtbot.waitUntil(lambda: compare.comparison is not None, timeout=60_000)
    walk("compare dialog", compare)
    compare.close()

    assert any(CJK.search(t) for t in seen)
    bad = [f"{where}: {text!r}" for text, where in seen.items() if untranslated([text], names)]
    assert bad == [], "\n".join(bad)


def test_engine_sentences_reach_the_window_in_chinese(chinese, tmp_path) -> None:
    """The engine never imports Qt, yet its warnings, errors and the CPU's name are shown translated."""
    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.feedback.store import FeedbackStore, FeedbackStoreError
    from aigc_desktop.core.messages import Sentence
    from aigc_desktop.core.run import training_loop
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.devices import list_devices
    from aigc_desktop.workers.engine_text import engine_text
    from aigc_desktop.workers.training_worker import TrainingJob, TrainingWorker, _SignalHooks

    cpu = list_devices()[-1]
    assert CJK.search(engine_text(cpu.label())) and cpu.label().startswith("cpu — CPU (")  # English stays English
    with pytest.raises(ConfigError) as caught:
        TrainConfig(steps=0, minutes=0).validate()
    assert str(caught.value).startswith("Set a number of steps")
    assert engine_text(caught.value) == "请设置训练的步数或分钟数；两者都为 0，训练将永远不会结束。"
    with pytest.raises(FeedbackStoreError) as caught, FeedbackStore.for_run(tmp_path) as store:
        store.version(7)
    assert engine_text(caught.value) == "此运行中没有模型版本 7。"

    worker = TrainingWorker(TrainingJob(run_dir=str(tmp_path)))
    said: list[tuple[str, str]] = []
    worker.message.connect(lambda level, text: said.append((level, text)))
    _SignalHooks(worker, 10).on_message("warning", Sentence(training_loop.DIVERGED, step=12, back_to=10, scale=0.5))
    assert said == [("warning", "损失在第 12 步变成了 NaN 或无穷大。已退回到第 10 步的检查点，并将学习率减半（现在为设定值的 ×0.5）。")]
    assert engine_text("plain text") == "plain text"


def test_why_a_picture_was_skipped_reaches_the_table_in_chinese_with_its_details(chinese, qtbot, tmp_path,
                                                                                monkeypatch) -> None:
    """A skipped file's reason carries values (the picture's size): it is translated all the same."""
    from PIL import Image

    from aigc_desktop.core.data import images
    from aigc_desktop.core.data.scan import scan
    from aigc_desktop.ui.dataset.stats import SkippedTable

    monkeypatch.setattr(images, "MAX_PIXELS", 300)  # so that a 20 x 30 picture is too large
    big = tmp_path / "big.png"
    Image.new("L", (20, 30)).save(big)
    table = SkippedTable()
    qtbot.addWidget(table)
    table.set_skipped(scan([big, tmp_path / "missing.png"]).skipped)
    reasons = dict(table.rows())
    assert "20 x 30" in reasons[str(big)] and CJK.search(reasons[str(big)]), reasons
    assert CJK.search(reasons[str(tmp_path / "missing.png")]) and untranslated(list(reasons.values())) == []
