"""The ratings database: durable ratings, undo, summary, CSV pooling, migrations and clear failures."""

from __future__ import annotations

import getpass
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from aigc_desktop.core.feedback import ratings_csv as feedback_csv
from aigc_desktop.core.feedback import store as feedback_store
from aigc_desktop.core.feedback.store import FeedbackStore, FeedbackStoreError

ROOT = Path(__file__).resolve().parents[3]
KILLER = Path(__file__).with_name("feedback_killer.py")


@pytest.fixture
def store(tmp_path: Path):
    with FeedbackStore.for_run(tmp_path / "run") as s:
        yield s


def rate(store: FeedbackStore, i: int, rating: int = 1, **kw) -> int:
    return store.add_rating(seed=11, latent_index=i, latent=np.full(8, i, np.float32), rating=rating, **kw)


def test_a_rating_is_stored_with_everything_about_it(store: FeedbackStore, tmp_path: Path):
    assert store.path == tmp_path / "run" / "feedback.sqlite3"
    v = store.add_version("trained", "versions/v0001/ckpt-00000400.pt", step=400)
    latent = np.random.default_rng(0).standard_normal(8)
    rid = store.add_rating(seed=5, latent_index=3, latent=latent, rating="good", model_version=v.id,
                           checkpoint_step=400, psi=0.7, score=4, tags=[" artefact ", "Artefact", "off-spec"],
                           comment="edge blurred", source="gallery")
    (r,) = store.ratings()
    assert (r.id, r.seed, r.latent_index, r.psi, r.rating, r.score) == (rid, 5, 3, 0.7, 1, 4)
    assert (r.model_version, r.checkpoint_step, r.source, r.comment) == (v.id, 400, "gallery", "edge blurred")
    assert r.tags == ("artefact", "off-spec")  # trimmed, and the same tag in other case is one tag
    assert r.latent.dtype == np.float32 and np.array_equal(r.latent, latent.astype(np.float32))
    assert r.rater == getpass.getuser() and r.created_at.endswith("+00:00") and not r.undone
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(feedback_store.MIGRATIONS) == 3


@pytest.mark.parametrize("bad", [{"rating": 0}, {"rating": "maybe"}, {"rating": True}, {"score": 6},
                                 {"source": "mail"}, {"latent": [np.nan, 1.0]}, {"latent": []},
                                 {"model_version": 99}])
def test_invalid_ratings_are_refused_in_words_and_nothing_is_stored(store: FeedbackStore, bad: dict):
    args = {"seed": 1, "latent_index": 0, "latent": [0.5, 1.0], "rating": 1, **bad}
    with pytest.raises(FeedbackStoreError):
        store.add_rating(**args)
    assert store.ratings() == [] and store.summary().total == 0


def test_undo_takes_back_the_raters_own_newest_ratings_one_by_one(store: FeedbackStore):
    first, second = rate(store, 0, rater="ann"), rate(store, 1, -1, rater="ann")
    rate(store, 2, rater="bob")
    undone = store.undo_last("ann")
    assert undone is not None and undone.id == second and undone.undone
    assert store.undo_last("ann").id == first
    assert store.undo_last("ann") is None
    assert [r.rater for r in store.ratings()] == ["bob"]
    assert len(store.ratings(include_undone=True)) == 3
    assert store.summary().undone == 2


def test_summary_counts_share_good_per_version_and_top_tags(store: FeedbackStore):
    v1 = store.add_version("trained", "a.pt").id
    v2 = store.add_version("steered", "a.pt", parent_id=v1).id
    for i, (version, rating, tags) in enumerate([(v1, 1, ["dent"]), (v1, -1, ["dent", "blur"]), (v1, -1, []),
                                                 (v2, 1, ["blur"]), (v2, 1, ["dent"]), (None, -1, [])]):
        rate(store, i, rating, model_version=version, tags=tags)
    rate(store, 9, -1, model_version=v2, tags=["blur"])
    store.undo_last()  # undone ratings count nowhere but in "undone"
    s = store.summary()
    assert (s.total, s.good, s.bad, s.undone) == (6, 3, 3, 1)
    assert s.per_version[v1] == (3, pytest.approx(1 / 3))
    assert s.per_version[v2] == (2, 1.0) and s.per_version[None] == (1, 0.0)
    assert s.top_tags == [("dent", 3), ("blur", 2)]


def test_csv_round_trip_merges_without_duplicates(tmp_path: Path):
    with FeedbackStore.for_run(tmp_path / "a") as a:
        v = a.add_version("trained", "x.pt").id
        for i in range(5):
            rate(a, i, 1 if i % 2 else -1, model_version=v, score=None if i % 2 else 3, tags=["a,b", 'q"t'],
                 comment='comma, "quote"\nnew line', rater="ann", class_name="凹坑" if i % 2 else "")
        a.undo_last("ann")  # not exported
        assert a.export_csv(tmp_path / "a.csv") == 4
        original = a.ratings()
    header = (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(feedback_csv.COLUMNS + feedback_csv.OPTIONAL)

    with FeedbackStore.for_run(tmp_path / "b") as b:
        rate(b, 100, rater="bob")
        assert b.import_csv(tmp_path / "a.csv") == (4, 0)
        assert b.import_csv(tmp_path / "a.csv") == (0, 4)  # a second import adds nothing
        merged = b.ratings()
        assert b.undo_last("ann") is None  # imported ratings are not this user's last clicks
    assert len(merged) == 5
    for mine, theirs in zip(original, merged[1:], strict=True):
        assert (mine.uid, mine.rating, mine.score, mine.tags, mine.comment, mine.seed, mine.class_name) == \
            (theirs.uid, theirs.rating, theirs.score, theirs.tags, theirs.comment, theirs.seed, theirs.class_name)
        assert np.array_equal(mine.latent, theirs.latent)
        assert theirs.model_version is None  # b has no such version: another run's version stays unknown

    with FeedbackStore.for_run(tmp_path / "a") as a:  # back into the run it came from: versions match
        a.export_csv(tmp_path / "a2.csv")
    with FeedbackStore(tmp_path / "copy.sqlite3") as c:
        # a copy of the run folder shares its versions' uids, so imports keep their version
        c._conn.execute("ATTACH ? AS src", (str(tmp_path / "a" / "feedback.sqlite3"),))
        c._conn.execute("INSERT INTO model_versions SELECT * FROM src.model_versions")
        c.import_csv(tmp_path / "a2.csv")
        assert {r.model_version for r in c.ratings()} == {v}


def test_a_bad_csv_is_refused_naming_the_row_and_adds_nothing(store: FeedbackStore, tmp_path: Path):
    rate(store, 0)
    rate(store, 1)
    store.export_csv(tmp_path / "ok.csv")
    header, first, second = (tmp_path / "ok.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "bad.csv").write_text("\n".join([header, first, second.replace(",11,", ",eleven,")]))
    (tmp_path / "other.csv").write_text("name,size\nx,1\n")
    with FeedbackStore(tmp_path / "fresh.sqlite3") as fresh:
        with pytest.raises(FeedbackStoreError, match="row 3"):
            fresh.import_csv(tmp_path / "bad.csv")
        assert fresh.ratings() == []  # the good first row was rolled back too
        with pytest.raises(FeedbackStoreError, match="not a ratings file"):
            fresh.import_csv(tmp_path / "other.csv")
        with pytest.raises(FeedbackStoreError, match="can't be read"):
            fresh.import_csv(tmp_path / "missing.csv")


def test_migrations_upgrade_old_files_atomically_and_refuse_newer_ones(tmp_path: Path, monkeypatch):
    path = tmp_path / "feedback.sqlite3"
    with FeedbackStore(path) as s:
        rate(s, 0, tags=["dent"])
        s.add_version("trained", "x.pt")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE ratings ADD COLUMN exposure REAL")
        raise RuntimeError("power cut")

    monkeypatch.setattr(feedback_store, "MIGRATIONS", [*feedback_store.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="power cut"):
        FeedbackStore(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3  # rolled back: still the old version
    assert "exposure" not in [c[1] for c in conn.execute("PRAGMA table_info(ratings)")]
    conn.close()

    def to_v4(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE ratings ADD COLUMN exposure REAL")

    monkeypatch.setattr(feedback_store, "MIGRATIONS", [*feedback_store.MIGRATIONS[:3], to_v4])
    with FeedbackStore(path) as s:
        assert s.schema_version == 4
        (r,) = s.ratings()  # the old rating survived, with its tag
        assert r.tags == ("dent",) and len(s.versions()) == 1
        rate(s, 1)
    monkeypatch.setattr(feedback_store, "MIGRATIONS", feedback_store.MIGRATIONS[:1])
    with pytest.raises(FeedbackStoreError, match="newer version"):
        FeedbackStore(path)


def test_versions_form_a_tree_and_one_is_current(store: FeedbackStore):
    root = store.add_version("trained", "versions/v0001/a.pt", step=10)
    steered = store.add_version("steered", root.checkpoint, parent_id=root.id, settings={"strength": 0.5},
                                ratings_used=[1, 2])
    tuned = store.add_version("finetuned", "versions/v0003/b.pt", parent_id=steered.id, note="brighter")
    assert [v.id for v in store.lineage(tuned.id)] == [root.id, steered.id, tuned.id]
    assert store.version(steered.id).settings == {"strength": 0.5}
    assert store.version(steered.id).ratings_used == [1, 2]
    assert store.current_version() is None
    store.set_current_version(tuned.id)
    store.set_current_version(root.id)
    assert store.current_version() == root.id
    with pytest.raises(FeedbackStoreError):
        store.set_current_version(99)
    with pytest.raises(FeedbackStoreError):
        store.add_version("guessed", "x.pt")
    with pytest.raises(FeedbackStoreError):
        store.add_version("finetuned", "x.pt", parent_id=42)  # a parent must exist


def test_a_locked_or_damaged_file_fails_in_words(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    with FeedbackStore(path, timeout=0.1) as s, pytest.raises(FeedbackStoreError, match="in use by another"):
        rate(s, 0)
    other.execute("ROLLBACK")
    other.close()

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"these are not the ratings you are looking for" * 100)
    with pytest.raises(FeedbackStoreError, match="damaged"):
        FeedbackStore(junk)


def test_each_thread_uses_its_own_connection(store: FeedbackStore):
    errors: list[BaseException] = []

    def wrong() -> None:
        try:
            store.ratings()
        except BaseException as exc:  # recorded for the assertion below
            errors.append(exc)

    t = threading.Thread(target=wrong)
    t.start()
    t.join()
    assert len(errors) == 1 and isinstance(errors[0], sqlite3.ProgrammingError)

    def writer(k: int) -> None:
        with FeedbackStore(store.path) as own:
            for i in range(20):
                rate(own, 100 * k + i)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.ratings()) == 60


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killing_the_process_mid_loop_loses_no_committed_rating(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    printed: list[int] = []
    for count in (40, 150, 7):  # killed three times, at different points, on the same file
        proc = subprocess.Popen([sys.executable, str(KILLER), str(path)], stdout=subprocess.PIPE, text=True,
                                env=env, cwd=ROOT)
        assert proc.stdout is not None
        try:
            assert proc.stdout.readline().strip() == "ready"
            for _ in range(count):
                printed.append(int(proc.stdout.readline()))
        finally:
            proc.send_signal(signal.SIGKILL)  # no cleanup of any kind: like pulling the plug on the app
            proc.wait(30)
            proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        with FeedbackStore(path) as s:
            assert s.integrity_check() == "ok"
            stored = {r.id for r in s.ratings()}
            assert set(printed) <= stored  # every rating whose commit returned is there
    with FeedbackStore(path) as s:
        rate(s, 0)  # and the file goes on working
        assert len(s.versions()) == 3


def test_a_version_1_file_is_upgraded_and_undoing_a_changed_mind_brings_the_first_rating_back(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)  # a file as the first release wrote it
    conn.execute("BEGIN")
    feedback_store.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.close()
    with FeedbackStore(path) as s:
        assert s.schema_version == len(feedback_store.MIGRATIONS)
        first = rate(s, 0, rating="good")
        second = s.add_rating(seed=11, latent_index=0, latent=[0.0] * 8, rating="bad", replaces=first)
        assert [(r.id, r.rating, r.replaces) for r in s.ratings()] == [(second, -1, first)]
        assert s.undo_last().id == second
        assert [(r.id, r.rating) for r in s.ratings()] == [(first, 1)]  # the first mind again
        assert s.undo_last().id == first and s.ratings() == []


def test_a_rating_keeps_the_class_of_its_image_and_older_files_gain_an_empty_one(tmp_path: Path):
    path = tmp_path / "feedback.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)  # a file from before classes (schema 2), one rating
    conn.execute("BEGIN")
    for migrate in feedback_store.MIGRATIONS[:2]:
        migrate(conn)
    conn.execute("INSERT INTO ratings (uid, created_at, rater, seed, latent_index, psi, latent, rating, source) "
                 "VALUES ('u1', '2026-01-01T00:00:00+00:00', 'ann', 1, 0, 1.0, ?, 1, 'feedback')",
                 (np.zeros(2, "<f4").tobytes(),))
    conn.execute("PRAGMA user_version = 2")
    conn.execute("COMMIT")
    conn.close()
    with FeedbackStore(path) as s:
        assert s.schema_version == 3 and s.ratings()[0].class_name == ""
        s.add_rating(seed=1, latent_index=4, latent=[0.1, 0.2], rating="good", class_name="crack")
        assert [r.class_name for r in s.ratings()] == ["", "crack"]
