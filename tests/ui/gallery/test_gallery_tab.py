"""The Gallery tab driven through its real widgets and worker threads, on a tiny trained run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from PySide6.QtCore import Qt

from aigc_desktop.core.sampling.export import read_provenance, regenerate
from aigc_desktop.core.sampling.generation import latents, load_generator
from aigc_desktop.workers import threads
from tests.ui.gallery.helpers import JOB_TIMEOUT, arrays, generate, png_pixels, select, set_psi, wait_idle


def test_empty_state_until_a_run_has_a_checkpoint(qtbot, tab, run, tmp_path):
    assert tab.stack.currentIndex() == 0
    empty_text = " ".join(w.text() for w in tab.stack.widget(0).findChildren(type(tab.status_label)))
    assert "Train a model in the Training tab first, or open a run folder" in empty_text
    (tmp_path / "fresh").mkdir()
    tab.set_run(str(tmp_path / "fresh"))
    assert tab.stack.currentIndex() == 0
    tab.set_run(str(run))
    assert tab.stack.currentIndex() == 1
    combo = tab.picker.checkpoint_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Step 40 — newest", "Step 20"]
    assert tab.picker.choice().step == 40 and tab.picker.ema_check.isChecked()


def test_best_checkpoint_is_marked_and_chosen_and_a_refresh_keeps_the_users_pick(qtbot, tab, run, tmp_path):
    copy = tmp_path / "scored-run"
    shutil.copytree(run, copy)
    rows = [{"step": 10, "swd": 1.0}, {"step": 20, "swd": 30.0}, {"step": 40, "swd": 35.0}]  # step 10 is gone
    (copy / "quality.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"step": 4')
    tab.set_run(str(copy))
    combo = tab.picker.checkpoint_combo
    assert combo.itemText(1) == "Step 20 — ★ best score"
    assert tab.picker.choice().step == 20
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # as a user's click does
    tab.set_run(str(copy))  # e.g. training saved another checkpoint
    assert tab.picker.choice().step == 40
    # Scored with coverage: step 20's lower SWD came with half of the pictures missing, so 40 is best.
    rows = [{"step": 20, "swd": 30.0, "overall": 0.5}, {"step": 40, "swd": 35.0, "overall": 0.9}]
    (copy / "quality.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    tab.set_run(str(tmp_path))  # another run, then back: the best is chosen afresh
    tab.set_run(str(copy))
    assert tab.picker.choice().step == 40 and combo.itemText(0) == "Step 40 — newest, ★ best score"


def test_generate_then_psi_redraws_the_same_seeds(qtbot, tab, run):
    tab.set_run(str(run))
    generate(qtbot, tab, 40, seed=7)
    assert tab.model.rowCount() == 40
    assert [im.index for im in tab.model.images()] == list(range(40))
    want = load_generator(run).generate(latents(40, 8, 7)).permute(0, 2, 3, 1).numpy()
    assert np.array_equal(arrays(tab), want)
    assert "40 images" in tab.status_label.text()

    set_psi(qtbot, tab, 0.5)
    half = arrays(tab)
    assert tab.model.rowCount() == 40 and not np.array_equal(half, want)
    assert {im.psi for im in tab.model.images()} == {0.5}
    set_psi(qtbot, tab, 0.0)
    zero = arrays(tab)
    assert (zero == zero[0]).all(), "ψ = 0 gives every seed the same average image"
    set_psi(qtbot, tab, 1.0)
    assert np.array_equal(arrays(tab), want)


def test_psi_while_generating_ends_with_every_image_at_the_new_psi(qtbot, tab, run):
    tab.set_run(str(run))
    tab.controls.count_spin.setValue(10_000)
    tab.controls.generate_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=JOB_TIMEOUT)
    set_psi(qtbot, tab, 0.5)  # mid-way (or, on a fast machine, just after): either way all are redrawn
    assert tab.model.rowCount() == 10_000
    assert {im.psi for im in tab.model.images()} == {0.5}
    assert [im.index for im in tab.model.images()[:3]] == [0, 1, 2]


def test_redrawn_images_keep_their_old_thumbnail_until_the_new_one_is_made(qtbot, tab, run):
    tab.set_run(str(run))
    generate(qtbot, tab, 20)
    state = tab.model.StateRole
    qtbot.waitUntil(lambda: tab.model.data(tab.model.index(0), state) == "ready", timeout=10_000)
    old_key = tab.model.item(0).key

    def centre_value() -> int:
        icon = tab.model.data(tab.model.index(0), Qt.ItemDataRole.DecorationRole)
        return icon.pixmap(16, 16).toImage().pixelColor(8, 8).value()

    assert centre_value() > 0
    tab.model.replace_arrays(0, [np.zeros((16, 16, 3), np.uint8)], psi=0.3)
    assert tab.model.item(0).key == old_key
    assert tab.model.data(tab.model.index(0), state) == "ready", "no grey placeholder flashes while redrawing"
    # ... and the new picture's thumbnail does come: asking for the icon requests it.
    qtbot.waitUntil(lambda: centre_value() == 0, timeout=10_000)  # the black replacement, not the old picture


def test_deleting_images_keeps_labels_and_pictures_together(qtbot, tab, run):
    tab.set_run(str(run))
    generate(qtbot, tab, 10)
    select(tab, [2, 3, 7])
    qtbot.keyClick(tab.grid, Qt.Key.Key_Delete)
    assert [im.index for im in tab.model.images()] == [0, 1, 4, 5, 6, 8, 9]
    assert [tab.model.data(tab.model.index(r)) for r in range(7)] == [f"#{i}" for i in (0, 1, 4, 5, 6, 8, 9)]
    assert tab.model.item(2).key.endswith(":4")


def test_export_to_a_folder_and_a_zip_carries_provenance_that_remakes_the_pixels(qtbot, tab, run, tmp_path):
    tab.set_run(str(run))
    generate(qtbot, tab, 12, seed=3)
    set_psi(qtbot, tab, 0.7)
    tab.export_panel.upscale_combo.setCurrentIndex(1)  # 2×
    tab.export_panel.sharpen_check.setChecked(True)
    tab.export(False, str(tmp_path / "folder"))
    wait_idle(qtbot, tab)
    files = sorted((tmp_path / "folder").glob("*.png"))
    assert len(files) == 12
    prov = read_provenance(files[5])
    assert {k: prov[k] for k in ("aigc:run", "aigc:step", "aigc:seed", "aigc:latent_index", "aigc:psi",
                                 "aigc:ema", "aigc:upscale")} == {
        "aigc:run": "tiny-run", "aigc:step": "40", "aigc:seed": "3", "aigc:latent_index": "5", "aigc:psi": "0.7",
        "aigc:ema": "1", "aigc:upscale": "2"}
    assert png_pixels(files[5]).shape == (3, 32, 32)
    assert torch.equal(regenerate(run, prov), png_pixels(files[5]))

    tab.export_panel.upscale_combo.setCurrentIndex(0)
    tab.export_panel.sharpen_check.setChecked(False)
    select(tab, [2, 9])
    assert tab.export_panel.selected_button.isEnabled()
    tab.export(True, str(tmp_path / "picked.zip"))
    wait_idle(qtbot, tab)
    with zipfile.ZipFile(tmp_path / "picked.zip") as archive:
        names = archive.namelist()
        assert len(names) == 2
        for name, row in zip(names, (2, 9), strict=True):
            data = archive.read(name)
            prov = read_provenance(data)
            assert prov["aigc:latent_index"] == str(row)
            assert np.array_equal(png_pixels(data).permute(1, 2, 0).numpy(), tab.model.image(row).array)
            assert torch.equal(regenerate(run, prov), png_pixels(data))


def test_a_checkpoint_without_ema_uses_the_live_generator_and_says_so(qtbot, tab, tmp_path, make_tiny_run):
    run = make_tiny_run(tmp_path, ema=False)
    tab.set_run(str(run))
    assert tab.picker.ema_check.isChecked()
    messages = []
    tab.busyChanged.connect(lambda busy, text: messages.append(text))
    generate(qtbot, tab, 4, seed=1)
    assert tab.model.batch.is_ema is False
    assert "no averaged (EMA) generator" in messages[-1]
    tab.export(False, str(tmp_path / "out"))
    wait_idle(qtbot, tab)
    path = sorted((tmp_path / "out").glob("*.png"))[2]
    assert read_provenance(path)["aigc:ema"] == "0"
    assert torch.equal(regenerate(run, read_provenance(path)), png_pixels(path))


def test_interpolate_two_images_and_save_the_walk(qtbot, tab, run, tmp_path):
    tab.set_run(str(run))
    generate(qtbot, tab, 10, seed=2)
    select(tab, [1])
    assert not tab.interpolate_button.isEnabled()
    select(tab, [1, 6])
    assert tab.interpolate_button.isEnabled()
    tab.interpolate_button.click()
    dialog = tab.interpolation
    qtbot.waitUntil(lambda: len(dialog.frames()) == 10, timeout=JOB_TIMEOUT)
    frames = dialog.frames()
    assert np.array_equal(frames[0], tab.model.image(1).array)
    assert np.array_equal(frames[-1], tab.model.image(6).array)
    dialog.count_spin.setValue(6)
    qtbot.waitUntil(lambda: dialog.strip.thumbnail_model().rowCount() == 6, timeout=JOB_TIMEOUT)
    qtbot.waitUntil(lambda: dialog.gif_button.isEnabled(), timeout=JOB_TIMEOUT)
    dialog.scale_combo.setCurrentIndex(1)
    dialog.save_gif(str(tmp_path / "walk.gif"))
    qtbot.waitUntil(lambda: (tmp_path / "walk.gif").exists() and not dialog.runner.is_busy(), timeout=JOB_TIMEOUT)
    with Image.open(tmp_path / "walk.gif") as gif:
        assert gif.n_frames == 6 and gif.size == (32, 32)
    dialog.save_frames(str(tmp_path / "frames"))
    qtbot.waitUntil(lambda: not dialog.runner.is_busy(), timeout=JOB_TIMEOUT)
    assert len(list((tmp_path / "frames").glob("frame-*.png"))) == 6
    assert "Saved" in dialog.status.text()


def test_the_same_run_keeps_the_images_another_run_clears_them(qtbot, tab, run, tmp_path):
    tab.set_run(str(run))
    generate(qtbot, tab, 6)
    tab.set_run(str(run))
    assert tab.model.rowCount() == 6
    other = tmp_path / "other"
    shutil.copytree(run, other)
    tab.set_run(str(other))
    assert tab.model.rowCount() == 0 and not tab.detail.view.has_image()


def test_cancel_keeps_what_was_made_and_shutdown_mid_generation_leaves_no_thread(qtbot, tab, run):
    tab.set_run(str(run))
    tab.controls.count_spin.setValue(10_000)
    busy = []
    tab.busyChanged.connect(lambda b, text: busy.append((b, text)))
    tab.controls.generate_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0, timeout=JOB_TIMEOUT)
    assert tab.controls.cancel_button.isEnabled()
    tab.controls.cancel_button.click()
    wait_idle(qtbot, tab)
    assert 0 < tab.model.rowCount() < 10_000
    assert busy[0][0] is True and busy[-1][0] is False

    tab.controls.generate_button.click()
    qtbot.waitUntil(lambda: tab.runner.is_busy(), timeout=5000)
    tab.shutdown()
    assert threads.running_threads() == [] and not tab.is_busy()


def test_importing_the_tab_does_not_load_torch():
    code = "import sys, aigc_desktop.ui.gallery.tab; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


# -- ratings and steering --------------------------------------------------------------------------------
@pytest.fixture
def own_run(tiny_run_copy: Path) -> Path:
    """A copy: rating writes into the run folder, and the shared run is read-only for the other tests."""
    return tiny_run_copy


def test_images_rated_in_the_gallery_count_for_the_feedback_tab(qtbot, tab, own_run):
    from aigc_desktop.core.feedback.store import FeedbackStore

    tab.set_run(str(own_run))
    generate(qtbot, tab, 6, seed=9)
    rated: list[str] = []
    tab.rated.connect(rated.append)
    select(tab, [2])
    tab._show_current()
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_G)
    select(tab, [4])
    tab._show_current()
    tab.detail.bad_button.click()
    select(tab, [2])
    tab._show_current()
    tab.detail.bad_button.click()  # changed their mind: the newer rating replaces the older
    with FeedbackStore.for_run(own_run) as store:
        ratings, versions = store.ratings(), store.versions()
    assert [(r.latent_index, r.rating, r.source, r.seed) for r in ratings] == [(4, -1, "gallery", 9),
                                                                               (2, -1, "gallery", 9)]
    assert len(versions) == 1 and versions[0].step == 40 and ratings[0].model_version == versions[0].id
    np.testing.assert_array_equal(ratings[1].latent, latents(6, 8, 9, 1.0)[2].numpy())
    assert rated == [str(own_run)] * 3
    assert tab.model.label(tab.model.image(2)).startswith("✗")


def test_steering_switch_draws_from_liked_regions(qtbot, tab, own_run):
    tab.set_run(str(own_run))
    tab.controls.steer_check.setChecked(True)
    tab.controls.count_spin.setValue(4)
    tab.controls.generate_button.click()
    qtbot.waitUntil(lambda: not tab.runner.is_busy(), timeout=JOB_TIMEOUT)
    assert "rated good and rated bad" in tab.error_label.text()  # says what to do first
    tab.controls.steer_check.setChecked(False)
    generate(qtbot, tab, 24, seed=1)
    plain = arrays(tab)
    means = plain.reshape(len(plain), -1).mean(1)
    for row, mean in enumerate(means):  # a rater who likes the brighter half
        select(tab, [row])
        tab._show_current()
        tab.rate(1 if mean > np.median(means) else -1)
    tab.controls.steer_check.setChecked(True)
    generate(qtbot, tab, 24, seed=1)
    steered = arrays(tab)
    assert steered.mean() > plain.mean()
    assert tab.model.batch.steer == 0.5
    assert [im.latent is not None for im in tab.model.images()] == [True] * 24
