"""People's ratings of generated images, and the model versions made from them, in ``RUN/feedback.sqlite3``.

The records it holds and the checks a rating passes are in ``records.py``; CSV files in ``ratings_csv.py``.

SQLite in WAL mode, one transaction per rating: once ``add_rating`` returns, the rating survives the
app being killed. ``PRAGMA user_version`` holds the schema version; ``MIGRATIONS[i]`` brings a file
from version ``i`` to ``i + 1`` inside one transaction, so a crash mid-upgrade leaves the old file.

Threads: a connection belongs to the thread that opened it (sqlite3's ``check_same_thread``), so
the window and each worker open their own ``FeedbackStore`` on the same file; WAL lets them read
while one of them writes.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from aigc_desktop.core.feedback import ratings_csv
from aigc_desktop.core.feedback.records import (
    KINDS,
    FeedbackStoreError,
    FeedbackSummary,
    ModelVersion,
    Rating,
    normalised,
)
from aigc_desktop.core.messages import Sentence
from aigc_desktop.core.run.layout import RunLayout

_V1 = """
CREATE TABLE model_versions (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, parent_id INTEGER REFERENCES model_versions(id),
    created_at TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('trained', 'steered', 'finetuned')),
    checkpoint TEXT NOT NULL, step INTEGER,
    settings TEXT NOT NULL DEFAULT '{}', ratings_used TEXT NOT NULL DEFAULT '[]', note TEXT NOT NULL DEFAULT '');
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, rater TEXT NOT NULL,
    model_version INTEGER REFERENCES model_versions(id), checkpoint_step INTEGER,
    seed INTEGER NOT NULL, latent_index INTEGER NOT NULL, psi REAL NOT NULL, latent BLOB NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)), score INTEGER CHECK (score BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '', source TEXT NOT NULL CHECK (source IN ('feedback', 'gallery')),
    imported INTEGER NOT NULL DEFAULT 0, undone INTEGER NOT NULL DEFAULT 0);
CREATE INDEX ratings_by_version ON ratings(model_version);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
CREATE TABLE rating_tags (
    rating_id INTEGER NOT NULL REFERENCES ratings(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id), PRIMARY KEY (rating_id, tag_id));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


# Sentences for the user (translated in the window: see core/messages.py).
NEWER_DATABASE = ("The ratings in {path} were written by a newer version of AIGC Desktop (schema {schema}); "
                  "please update the app.")
NO_SUCH_VERSION = "There is no model version {id} in this run."
DATABASE_LOCKED = ("The ratings database {path} is in use by another program (another AIGC Desktop window?) "
                   "and stayed locked. Close that program and try again.")
DATABASE_UNUSABLE = "The ratings database {path} can't be used ({error})."
DATABASE_DAMAGED = ("The ratings database {path} is damaged ({error}). Move it away to start a new one or "
                    "restore a copy; ratings exported as CSV can be imported into the new one.")
REFUSED = "The ratings database refused the change ({error})."
BAD_KIND = "A model version is one of {kinds} (got {kind})."


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):  # not executescript(): that would commit the open transaction
        if statement.strip():
            conn.execute(statement)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    # A rating that replaced an earlier one of the same image (the person changed their mind) names
    # it, so undoing the newer rating brings the older one back.
    conn.execute("ALTER TABLE ratings ADD COLUMN replaces INTEGER REFERENCES ratings(id)")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    # The class an image was made as, for a model trained by class ("" for every rating before, and
    # for models not trained by class): fine-tuning must show D a liked crack as a crack.
    conn.execute("ALTER TABLE ratings ADD COLUMN class_name TEXT NOT NULL DEFAULT ''")


# MIGRATIONS[i] upgrades version i to i + 1. Append, never edit: files of every version exist out there.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3]


class FeedbackStore:
    """The ratings database of one run. Use it from the thread that opened it; ``close()`` when done."""

    def __init__(self, path: str | Path, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._errors():
            # isolation_level=None: no implicit transactions; each write below says where it begins.
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        try:
            with self._errors():
                self._conn.execute("PRAGMA foreign_keys = ON")
                self._conn.execute("PRAGMA journal_mode = WAL")
                # FULL: a commit is on disk before add_rating returns, even across a power cut. One
                # fsync per human click costs nothing anyone notices.
                self._conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def for_run(cls, run_root: str | Path) -> FeedbackStore:
        return cls(RunLayout(run_root).feedback_db)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> FeedbackStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._errors():
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.schema_version > len(MIGRATIONS):
            raise FeedbackStoreError(Sentence(NEWER_DATABASE, path=str(self.path), schema=self.schema_version))
        for version in range(self.schema_version, len(MIGRATIONS)):
            with self._transaction():
                if self.schema_version == version:  # else another process upgraded it meanwhile
                    MIGRATIONS[version](self._conn)
                    self._conn.execute(f"PRAGMA user_version = {version + 1}")

    def integrity_check(self) -> str:
        """SQLite's own check: ``"ok"`` or a description of the damage."""
        with self._errors():
            return "\n".join(r[0] for r in self._conn.execute("PRAGMA integrity_check"))

    # -- ratings ---------------------------------------------------------------------------------
    def add_rating(
        self, *, seed: int, latent_index: int, latent: Sequence[float] | np.ndarray, rating: int | str,
        model_version: int | None = None, checkpoint_step: int | None = None, psi: float = 1.0,
        score: int | None = None, tags: Sequence[str] = (), comment: str = "", source: str = "feedback",
        rater: str | None = None, replaces: int | None = None, class_name: str = "",
    ) -> int:
        """Store one rating (+1 or "good", -1 or "bad") and commit it. Returns its id.

        ``replaces``: the id of an earlier rating of the same image, withdrawn in the same transaction
        (the person changed their mind: only the newer one counts, and a crash can't leave both).
        """
        row = {"uid": uuid.uuid4().hex, "created_at": _now(), "rater": rater or _user(),
               "model_version": model_version, "checkpoint_step": checkpoint_step, "seed": int(seed),
               "latent_index": int(latent_index), "psi": float(psi), "latent": latent, "rating": rating,
               "score": score, "comment": comment, "source": source, "replaces": replaces,
               "class_name": class_name}
        with self._transaction():
            if replaces is not None:
                self._conn.execute("UPDATE ratings SET undone = 1 WHERE id = ?", (int(replaces),))
            return self._insert_rating(row, tags)

    def undo_last(self, rater: str | None = None) -> Rating | None:
        """Mark this rater's newest rating made here (not imported) as undone; returns it, or None.

        If it had replaced an earlier rating of the same image, that one counts again.
        """
        with self._transaction():
            found = self._conn.execute("SELECT id FROM ratings WHERE undone = 0 AND imported = 0 AND rater = ? "
                                       "ORDER BY id DESC LIMIT 1", (rater or _user(),)).fetchone()
            if found is not None:
                self._conn.execute("UPDATE ratings SET undone = 1 WHERE id = ?", found)
                self._conn.execute("UPDATE ratings SET undone = 0 WHERE id = (SELECT replaces FROM ratings "
                                   "WHERE id = ?)", found)
        return self.ratings(ids=found, include_undone=True)[0] if found else None

    def ratings(self, *, versions: Sequence[int | None] | None = None, ids: Sequence[int] | None = None,
                include_undone: bool = False) -> list[Rating]:
        """Ratings oldest first; only those of some model versions (None: unknown version) or ids if given."""
        where, args = ["1"], []
        if not include_undone:
            where.append("undone = 0")
        if versions is not None:
            known = [int(v) for v in versions if v is not None]
            where.append(f"(model_version IN ({','.join('?' * len(known))})"
                         + (" OR model_version IS NULL)" if None in versions else ")"))
            args += known
        if ids is not None:
            where.append(f"id IN ({','.join('?' * len(ids))})")
            args += [int(i) for i in ids]
        with self._errors():
            # Named columns, not *: a later schema version may add some.
            names = [f.name for f in fields(Rating) if f.name != "tags"]
            cur = self._conn.execute(f"SELECT {', '.join(names)} FROM ratings WHERE {' AND '.join(where)} "
                                     "ORDER BY id", args)
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            tags: dict[int, list[str]] = {}
            for rid, name in self._conn.execute("SELECT rating_id, name FROM rating_tags JOIN tags ON "
                                                "tags.id = tag_id ORDER BY rating_id, tags.id"):
                tags.setdefault(rid, []).append(name)
        for r in rows:
            r.update(latent=np.frombuffer(r["latent"], "<f4").copy(), tags=tuple(tags.get(r["id"], ())),
                     undone=bool(r["undone"]))
        return [Rating(**r) for r in rows]

    def summary(self, top: int = 10) -> FeedbackSummary:
        """Counts, the share rated good per model version, and the most used tags."""
        with self._errors():
            q = self._conn.execute
            good, bad, undone = q("SELECT TOTAL(undone = 0 AND rating = 1), TOTAL(undone = 0 AND rating = -1),"
                                  " TOTAL(undone) FROM ratings").fetchone()
            per_version = {v: (n, g / n) for v, n, g in q("SELECT model_version, COUNT(*), SUM(rating = 1) "
                                                          "FROM ratings WHERE undone = 0 GROUP BY model_version")}
            tags = q("SELECT name, COUNT(*) AS n FROM rating_tags JOIN tags ON tags.id = tag_id JOIN ratings ON "
                     "ratings.id = rating_id WHERE undone = 0 GROUP BY name ORDER BY n DESC, name LIMIT ?", (top,))
            return FeedbackSummary(int(good + bad), int(good), int(bad), int(undone), per_version, list(tags))

    # -- pooling: ratings from another copy (ratings_csv.py reads and writes the files) ---------------
    def export_csv(self, path: str | Path) -> int:
        """Write the active ratings to a CSV file, whole or not at all. Returns how many."""
        uids = {v.id: v.uid for v in self.versions()}
        return ratings_csv.write_ratings(path, self.ratings(), uids)

    def import_csv(self, path: str | Path) -> tuple[int, int]:
        """Merge a CSV file of ratings, all or none; ratings already here are skipped. Returns ``(added, skipped)``.

        A rating keeps its model version only if this store knows that version (the same run).
        """
        return self.merge(ratings_csv.read_ratings(path, {v.uid: v.id for v in self.versions()}))

    def merge(self, rows: Iterable[tuple[dict[str, Any], Sequence[str]]]) -> tuple[int, int]:
        """Add ratings made elsewhere, all in one transaction: all or none.

        ``rows`` are ``(row, tags)`` with a row's columns as :func:`normalised` returns them; a rating
        already here (the same ``uid``) is skipped. An exception from ``rows`` adds none of them.

        Returns:
            ``(added, skipped)``.
        """
        added = skipped = 0
        with self._transaction():
            for row, tags in rows:
                if self._conn.execute("SELECT 1 FROM ratings WHERE uid = ?", (row["uid"],)).fetchone():
                    skipped += 1
                    continue
                self._insert_rating(row, tags, imported=True)
                added += 1
        return added, skipped

    def _insert_rating(self, row: dict[str, Any], tags: Sequence[str], imported: bool = False) -> int:
        row = {**normalised(row), "imported": int(imported)}
        cur = self._conn.execute(f"INSERT INTO ratings ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})",
                                 row)
        for name in dict.fromkeys(t.strip() for t in tags if t.strip()):  # unique, in order
            self._conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
            self._conn.execute("INSERT OR IGNORE INTO rating_tags SELECT ?, id FROM tags WHERE name = ?",
                               (cur.lastrowid, name))
        return int(cur.lastrowid)

    # -- model versions --------------------------------------------------------------------------
    def add_version(self, kind: str, checkpoint: str, *, parent_id: int | None = None, step: int | None = None,
                    settings: dict[str, Any] | None = None, ratings_used: Sequence[int] = (),
                    note: str = "") -> ModelVersion:
        if kind not in KINDS:
            raise FeedbackStoreError(Sentence(BAD_KIND, kinds=", ".join(KINDS), kind=repr(kind)))
        with self._transaction():
            cur = self._conn.execute(
                "INSERT INTO model_versions (uid, parent_id, created_at, kind, checkpoint, step, settings,"
                " ratings_used, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uuid.uuid4().hex, parent_id, _now(), kind, checkpoint, step, json.dumps(settings or {}),
                 json.dumps([int(i) for i in ratings_used]), note))
        return self.version(int(cur.lastrowid))

    def update_version(self, version_id: int, *, checkpoint: str, step: int | None, note: str | None = None) -> None:
        with self._transaction():
            self._conn.execute("UPDATE model_versions SET checkpoint = ?, step = ?, note = COALESCE(?, note) "
                               "WHERE id = ?", (checkpoint, step, note, version_id))

    def delete_version(self, version_id: int) -> None:
        """Forget a version nothing refers to (a fine-tune that failed before it finished)."""
        with self._transaction():
            self._conn.execute("DELETE FROM meta WHERE key = 'current_version' AND value = ?", (str(version_id),))
            self._conn.execute("DELETE FROM model_versions WHERE id = ?", (version_id,))

    def version(self, version_id: int) -> ModelVersion:
        found = [v for v in self.versions() if v.id == version_id]
        if not found:
            raise FeedbackStoreError(Sentence(NO_SUCH_VERSION, id=version_id))
        return found[0]

    def versions(self) -> list[ModelVersion]:
        """All model versions, oldest first; ``parent_id`` links them into a tree."""
        with self._errors():
            rows = self._conn.execute("SELECT id, uid, parent_id, created_at, kind, checkpoint, step, settings,"
                                      " ratings_used, note FROM model_versions ORDER BY id").fetchall()
        return [ModelVersion(*r[:7], json.loads(r[7]), json.loads(r[8]), r[9]) for r in rows]

    def lineage(self, version_id: int) -> list[ModelVersion]:
        """The version and its ancestors, root first."""
        by_id = {v.id: v for v in self.versions()}
        chain, at = [], by_id.get(version_id)
        while at is not None:
            chain.append(at)
            at = by_id.get(at.parent_id) if at.parent_id is not None else None
        return chain[::-1]

    def current_version(self) -> int | None:
        """The version the Feedback tab and the Gallery use (what a rollback sets)."""
        with self._errors():
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'current_version'").fetchone()
        return int(row[0]) if row else None

    def set_current_version(self, version_id: int) -> None:
        self.version(version_id)  # it must exist
        with self._transaction():
            self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('current_version', ?)", (str(version_id),))

    # -- internals -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._errors():
            # IMMEDIATE takes the write lock up front, so a busy file fails here, before any change.
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.ProgrammingError:
            raise  # a bug in the caller (such as a connection used from another thread), not the file
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise FeedbackStoreError(Sentence(DATABASE_LOCKED, path=str(self.path))) from exc
            raise FeedbackStoreError(Sentence(DATABASE_UNUSABLE, path=str(self.path), error=str(exc))) from exc
        except sqlite3.IntegrityError as exc:
            raise FeedbackStoreError(Sentence(REFUSED, error=str(exc))) from exc
        except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
            raise FeedbackStoreError(Sentence(DATABASE_DAMAGED, path=str(self.path), error=str(exc))) from exc


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment (some service accounts)
        return "unknown"
