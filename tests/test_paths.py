"""Where the app keeps its runs: a new run's folder is never one that exists already."""

from __future__ import annotations

from aigc_desktop import paths


def test_a_new_run_folder_is_dated_and_never_taken(monkeypatch) -> None:
    monkeypatch.setattr(paths.time, "strftime", lambda fmt: "run-20261204-190000")
    first = paths.new_run_dir()
    assert first.parent == paths.runs_dir() and first.name == "run-20261204-190000"
    assert not first.exists()  # named, not made: the run makes it when it starts
    first.mkdir()
    second = paths.new_run_dir()
    assert second.name == "run-20261204-190000-2"
    second.mkdir()
    assert paths.new_run_dir().name == "run-20261204-190000-3"
