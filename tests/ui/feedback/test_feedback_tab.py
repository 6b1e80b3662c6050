"""The Feedback tab driven through its real widgets, keys and worker threads, on copies of a tiny trained run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from aigc_desktop.core.feedback.store import FeedbackStore
from aigc_desktop.core.feedback.versions import load_version
from aigc_desktop.core.sampling.generation import latents
from aigc_desktop.ui.feedback.tab import FeedbackTab
from aigc_desktop.ui.main_window import MainWindow

JOB_TIMEOUT = 60_000


@pytest.fixture
def run(tiny_run_copy: Path) -> Path:
    """A copy per test of the session's tiny run (tests/conftest.py): the tab writes ratings and versions
    into the run folder."""
    return tiny_run_copy


@pytest.fixture
def tab(shown_tab) -> FeedbackTab:
    return shown_tab(FeedbackTab())


def wait_idle(qtbot, tab: FeedbackTab) -> None:
    qtbot.waitUntil(lambda: not tab.runner.is_busy(), timeout=JOB_TIMEOUT)
    assert not tab.error_label.isVisibleTo(tab), tab.error_label.text()


def open_run(qtbot, tab: FeedbackTab, run: Path, n: int = 12) -> None:
    tab.count_spin.setValue(n)
    tab.set_run(str(run))
    wait_idle(qtbot, tab)
    assert tab.model.rowCount() == n


def key(qtbot, tab: FeedbackTab, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, k, modifier)


def active(run: Path):
    with FeedbackStore.for_run(run) as store:
        return store.ratings()


def test_opening_a_run_shows_a_batch_of_the_current_version_with_its_latents(qtbot, tab, run):
    assert tab.stack.currentIndex() == 0  # nothing to rate yet: the empty page says what to do
    open_run(qtbot, tab, run)
    assert tab.stack.currentIndex() == 1
    batch = tab.model.batch
    assert batch.version.kind == "trained" and batch.version.step == 40
    # The latents kept are exactly the ones the images were made from.
    z = latents(12, 8, batch.seed, 1.0)
    np.testing.assert_array_equal(np.stack(batch.latents), z.numpy())
    made = load_version(run).generate(z).permute(0, 2, 3, 1).numpy()
    np.testing.assert_array_equal(np.stack(batch.arrays), made)
    assert tab.grid.currentIndex().row() == 0 and tab.view.has_image()
    assert "v1" in tab.header.text() and "0 rated" in tab.header.text()


def test_keys_rate_move_and_score(qtbot, tab, run):
    open_run(qtbot, tab, run)
    key(qtbot, tab, Qt.Key.Key_G)  # image 0 good; on to image 1
    assert tab.grid.currentIndex().row() == 1
    key(qtbot, tab, Qt.Key.Key_3)
    assert tab.rating.score() == 3
    key(qtbot, tab, Qt.Key.Key_B)  # image 1 bad, with score 3
    key(qtbot, tab, Qt.Key.Key_Right)  # skip image 2
    assert tab.grid.currentIndex().row() == 3
    key(qtbot, tab, Qt.Key.Key_G)
    key(qtbot, tab, Qt.Key.Key_Left)
    key(qtbot, tab, Qt.Key.Key_Left)
    assert tab.grid.currentIndex().row() == 2
    stored = active(run)
    assert [(r.latent_index, r.rating, r.score) for r in stored] == [(0, 1, None), (1, -1, 3), (3, 1, None)]
    batch = tab.model.batch
    for r in stored:
        assert r.seed == batch.seed and r.model_version == batch.version.id and r.source == "feedback"
        np.testing.assert_array_equal(r.latent, batch.latents[r.latent_index])
    assert tab.rating.score() is None  # a score goes with one rating only
    assert [im.rating for im in tab.model.images()[:4]] == [1, -1, 0, 1]
    assert tab.model.data(tab.model.index(1)).startswith("✗")
    assert "3 ratings: 2 good, 1 bad" in tab.tally.summary_label.text()
    # Rated again: the newer rating replaces the older, in one transaction.
    key(qtbot, tab, Qt.Key.Key_Left)
    key(qtbot, tab, Qt.Key.Key_B)
    assert [(r.latent_index, r.rating) for r in active(run)] == [(0, 1), (3, 1), (1, -1)]


def test_undo_takes_back_the_last_rating(qtbot, tab, run):
    open_run(qtbot, tab, run)
    for k in (Qt.Key.Key_G, Qt.Key.Key_B, Qt.Key.Key_G):
        key(qtbot, tab, k)
    key(qtbot, tab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r.latent_index for r in active(run)] == [0, 1]
    assert tab.model.image(2).rating == 0 and tab.grid.currentIndex().row() == 2
    tab.rating.undo_button.click()
    assert [r.latent_index for r in active(run)] == [0]
    assert tab.model.image(1).rating == 0 and tab.grid.currentIndex().row() == 1
    assert "1 ratings: 1 good, 0 bad" in tab.tally.summary_label.text()


def test_tags_and_comment_go_with_the_next_rating(qtbot, tab, run):
    open_run(qtbot, tab, run)
    tab.rating.tag_buttons[1].click()  # "artefact"
    qtbot.keyClicks(tab.rating.tags_edit, "burr, too dark")
    qtbot.keyClicks(tab.rating.comment_edit, "bad edge")  # typed letters stay in the field: no "b" rating
    assert active(run) == []
    tab.rating.bad_button.click()
    r = active(run)[0]
    assert r.tags == ("artefact", "burr", "too dark") and r.comment == "bad edge" and r.rating == -1
    assert tab.rating.tags() == () and tab.rating.comment() == ""
    tab.rating.tag_buttons[1].click()
    key(qtbot, tab, Qt.Key.Key_B)
    assert "artefact (2)" in tab.tally.summary_label.text()
    assert "burr" in tab.rating.tags_edit.completer().model().stringList()


def rate_by_brightness(qtbot, tab: FeedbackTab) -> None:
    """A rater who likes the brighter half of the batch."""
    means = [im.array.mean() for im in tab.model.images()]
    cut = float(np.median(means))
    for row, mean in enumerate(means):
        tab.batch_view.set_current(row)
        key(qtbot, tab, Qt.Key.Key_G if mean > cut else Qt.Key.Key_B)


def test_steer_compare_and_roll_back(qtbot, tab, run):
    open_run(qtbot, tab, run, n=24)
    rate_by_brightness(qtbot, tab)
    tab.adjust.strength.setValue(80)
    tab.adjust.steer_button.click()
    wait_idle(qtbot, tab)
    with FeedbackStore.for_run(run) as store:
        versions, current = store.versions(), store.current_version()
    assert [v.kind for v in versions] == ["trained", "steered"] and current == versions[1].id
    assert versions[1].settings["strength"] == 0.8 and len(versions[1].ratings_used) == 24
    assert tab.model.batch.version.id == current  # a new batch of the steered version
    assert tab.versions.tree.topLevelItem(0).child(0).text(0) == "● v2"  # a child of v1, and in use

    dialog = tab.compare()
    qtbot.waitUntil(lambda: dialog.comparison is not None, timeout=JOB_TIMEOUT)
    c = dialog.comparison
    assert (c.left.id, c.right.id) == (1, 2) and c.seeds == list(range(8))
    assert len(c.left_arrays) == len(c.right_arrays) == 8
    assert dialog.image_grid.count() == 8 + 2 * 9  # seed headings, and a name and 8 images per row
    pixmap = dialog.image_grid.itemAtPosition(1, 1).widget().pixmap()
    assert pixmap.size().toTuple() == (96, 96)  # the 16 px images enlarged by a whole factor, 6×
    # The same seeds: the steered version moved the latents toward the brighter images.
    assert np.mean([a.mean() for a in c.right_arrays]) > np.mean([a.mean() for a in c.left_arrays])

    tab.versions.select(1)
    tab.versions.use_button.click()
    wait_idle(qtbot, tab)
    with FeedbackStore.for_run(run) as store:
        assert store.current_version() == 1
    assert tab.model.batch.version.id == 1 and tab.versions.tree.topLevelItem(0).text(0) == "● v1"
    assert not tab.versions.use_button.isEnabled()  # the version in use is selected


def test_steering_without_both_kinds_of_rating_says_what_to_do(qtbot, tab, run):
    open_run(qtbot, tab, run)
    key(qtbot, tab, Qt.Key.Key_G)
    tab.adjust.steer_button.click()
    qtbot.waitUntil(lambda: not tab.runner.is_busy(), timeout=JOB_TIMEOUT)
    assert tab.error_label.isVisibleTo(tab) and "rated good and rated bad" in tab.error_label.text()


def test_csv_export_and_import_pool_ratings(qtbot, tab, run, tmp_path):
    open_run(qtbot, tab, run)
    for k in (Qt.Key.Key_G, Qt.Key.Key_B, Qt.Key.Key_G):
        key(qtbot, tab, k)
    path = tmp_path / "ratings.csv"
    tab.export_csv(str(path))
    wait_idle(qtbot, tab)
    assert len(path.read_text().splitlines()) == 4
    other = Path(shutil.copytree(run, tmp_path / "colleague"))
    (other / "feedback.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (other / f"feedback.sqlite3{suffix}").unlink(missing_ok=True)
    tab.set_run(str(other))
    wait_idle(qtbot, tab)
    tab.import_csv(str(path))
    wait_idle(qtbot, tab)
    assert len(active(other)) == 3 and "3 ratings: 2 good, 1 bad" in tab.tally.summary_label.text()
    tab.import_csv(str(path))  # again: nothing doubles
    wait_idle(qtbot, tab)
    assert len(active(other)) == 3


def test_finetune_runs_in_the_training_worker_and_becomes_the_version_in_use(qtbot, run, settings_store):
    window = MainWindow(settings_store)
    qtbot.addWidget(window)
    window.show()
    tab = window.feedback_tab
    tab.count_spin.setValue(16)
    window.tabs.setCurrentWidget(tab)
    tab.set_run(str(run))
    wait_idle(qtbot, tab)
    rate_by_brightness(qtbot, tab)
    tab.adjust.steps.setValue(10)
    tab.adjust.finetune_button.click()
    assert window.tabs.currentWidget() is window.training_tab  # where the live plots are
    assert window.training_tab.is_running() and not tab.adjust.finetune_button.isEnabled()
    qtbot.waitUntil(lambda: not window.training_tab.is_running(), timeout=120_000)
    wait_idle(qtbot, tab)
    with FeedbackStore.for_run(run) as store:
        versions, current = store.versions(), store.current_version()
    assert versions[-1].kind == "finetuned" and current == versions[-1].id and versions[-1].step == 50
    assert versions[-1].parent_id == 1 and len(versions[-1].ratings_used) == 16
    assert tab.model.batch.version.id == current  # a batch of the new version, ready to rate
    assert window.training_tab.monitor.loss_plot.point_count() > 0
    assert window.training_tab.monitor.quality_plot.point_count() == 1  # scored once, at the end
    assert "v2" in window.training_tab.monitor.log.toPlainText()
    assert tab.adjust.finetune_button.isEnabled()
    window.close()


def test_undoing_a_changed_mind_shows_the_first_rating_again(qtbot, tab, run):
    open_run(qtbot, tab, run)
    key(qtbot, tab, Qt.Key.Key_G)
    key(qtbot, tab, Qt.Key.Key_Left)
    key(qtbot, tab, Qt.Key.Key_B)  # changed their mind about image 0
    assert [(r.latent_index, r.rating) for r in active(run)] == [(0, -1)]
    key(qtbot, tab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [(r.latent_index, r.rating) for r in active(run)] == [(0, 1)]
    assert tab.model.image(0).rating == 1 and tab.grid.currentIndex().row() == 0


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killing_the_app_while_rating_loses_no_rating_and_never_damages_the_database(run):
    """A real process with the real tab, rating by key, killed mid-loop with SIGKILL (no cleanup at all)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3]), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("feedback_app_killer.py")), str(run)],
                            stdout=subprocess.PIPE, text=True, env=env)
    printed: list[tuple[int, int]] = []  # (row, rating id) of each press that returned
    try:
        assert proc.stdout.readline().strip() == "ready"
        while len(printed) < 40:  # past the end of the batch: the later presses re-rate the last image
            row, rating_id = proc.stdout.readline().split()
            printed.append((int(row), int(rating_id)))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with FeedbackStore.for_run(run) as store:
        assert store.integrity_check() == "ok"
        stored = {r.id for r in store.ratings(include_undone=True)}
        active_now = {r.latent_index: r.id for r in store.ratings()}
    assert {i for _, i in printed} <= stored  # every press that returned is stored
    newest = dict(printed)  # per image, its last rating
    # Each image counts once, by its newest rating; a press the kill cut short may have added one more.
    assert all(active_now[row] >= rating_id for row, rating_id in newest.items())
    assert len(active_now) == 20 and len(stored) - len(printed) in (0, 1)


def test_the_header_says_when_the_whole_batch_is_rated(qtbot, tab, run):
    open_run(qtbot, tab, run, n=4)
    for _ in range(3):
        key(qtbot, tab, Qt.Key.Key_G)
    assert "all rated" not in tab.header.text() and "3 rated" in tab.header.text()
    key(qtbot, tab, Qt.Key.Key_B)
    assert "all rated" in tab.header.text()
    key(qtbot, tab, Qt.Key.Key_N)  # a new batch, by key
    wait_idle(qtbot, tab)
    assert tab.model.rated_count() == 0 and "0 rated" in tab.header.text()
