"""The Gallery with a damaged checkpoint: it says which one it refused and which one it uses instead,
and the images come from that one."""

from __future__ import annotations

from pathlib import Path

from aigc_desktop.ui.gallery.tab import GalleryTab

JOB_TIMEOUT = 60_000


def test_a_damaged_checkpoint_is_refused_in_words_and_the_next_one_used(qtbot, shown_tab, tiny_run_copy: Path):
    newest = tiny_run_copy / "checkpoints" / "ckpt-00000040.pt"
    newest.write_bytes(newest.read_bytes()[:500])  # cut short, as by a full disk on a colleague's PC
    tab = shown_tab(GalleryTab())
    tab.set_run(str(tiny_run_copy))
    assert tab.picker.choice().step == 40  # listed, not loaded: the Gallery can't know yet
    tab.controls.count_spin.setValue(8)
    tab.controls.generate_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 8 and not tab.runner.is_busy(), timeout=JOB_TIMEOUT)
    message = tab.error_label.text()
    assert message.startswith("ckpt-00000040.pt is damaged or incomplete")
    assert message.endswith("Using ckpt-00000020.pt instead.")
    assert len(message) < 250  # torch's paragraph of advice for developers is cut to its first sentence
    assert "9a6700" in tab.error_label.styleSheet()  # a warning: the images were made all the same
    assert tab.error_label.isVisibleTo(tab)
    assert tab.picker.choice().step == 20
    assert [tab.picker.checkpoint_combo.itemData(i) for i in range(tab.picker.checkpoint_combo.count())] == [
        str(tiny_run_copy / "checkpoints" / "ckpt-00000020.pt")]
    assert newest.exists()  # refused, never deleted

    (tiny_run_copy / "checkpoints" / "ckpt-00000020.pt").write_bytes(b"nothing")
    tab.controls.generate_button.click()
    qtbot.waitUntil(lambda: not tab.runner.is_busy() and "No other checkpoint" in tab.error_label.text(),
                    timeout=JOB_TIMEOUT)
    assert tab.picker.choice() is None and not tab.controls.generate_button.isEnabled()
    assert "c0392b" in tab.error_label.styleSheet()  # nothing left to use: an error
