"""A run is never restarted or pruned by accident: resume with no loadable checkpoint stops and says
why, refused files are kept, and every loader names the checkpoint it refused and the one it used."""

from __future__ import annotations

from pathlib import Path

import pytest

from aigc_desktop import cli
from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.run.checkpoints import NoLoadableCheckpoint, save_checkpoint
from aigc_desktop.core.run.layout import checkpoint_name, list_checkpoints
from aigc_desktop.core.run.session import resume_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.generation import load_generator


def _damage(path: Path) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path.read_bytes()


def _ckpt(run: Path, step: int) -> Path:
    return run / "checkpoints" / checkpoint_name(step)


def test_resume_with_every_checkpoint_damaged_stops_and_names_each_file(tiny_run_copy):
    damaged = {step: _damage(_ckpt(tiny_run_copy, step)) for step in (20, 40)}
    with pytest.raises(NoLoadableCheckpoint) as caught:
        resume_run(tiny_run_copy, more_steps=4)
    assert "None of the 2 checkpoint files" in str(caught.value)
    assert [r.split(" ")[0] for r in caught.value.refused] == ["ckpt-00000040.pt", "ckpt-00000020.pt"]
    assert all("damaged" in r for r in caught.value.refused)
    # Nothing was touched: the same files, same bytes, and the metrics of the run still there.
    assert {p.name: p.read_bytes() for p in list_checkpoints(tiny_run_copy / "checkpoints")} == {
        checkpoint_name(s): data for s, data in damaged.items()}
    assert (tiny_run_copy / "metrics.jsonl").read_text().strip()


def test_start_over_keeps_the_refused_files_and_trains_from_zero(tiny_run_copy):
    damaged = _damage(_ckpt(tiny_run_copy, 40))
    _damage(_ckpt(tiny_run_copy, 20))
    prepared = resume_run(tiny_run_copy, steps=40, start_over=True)
    assert prepared.trainer.step_count == 0 and prepared.resumed_from is None
    refused = tiny_run_copy / "checkpoints" / "refused"
    assert sorted(p.name for p in refused.iterdir()) == [checkpoint_name(20), checkpoint_name(40)]
    assert (refused / checkpoint_name(40)).read_bytes() == damaged
    TrainingLoop(prepared.trainer, prepared.run).run()
    # The new run's checkpoints at the old steps did not overwrite the refused files.
    assert (refused / checkpoint_name(40)).read_bytes() == damaged
    assert [p.name for p in list_checkpoints(tiny_run_copy / "checkpoints")][-1] == checkpoint_name(40)
    assert all(row["step"] <= 40 for row in prepared.run.read_metrics())


def test_a_newer_damaged_checkpoint_is_set_aside_never_pruned(tiny_run_copy):
    damaged = _damage(_ckpt(tiny_run_copy, 40))
    prepared = resume_run(tiny_run_copy, more_steps=60)
    assert prepared.trainer.step_count == 20
    assert [str(w) for w in prepared.warnings] == [
        f"{checkpoint_name(40)} is damaged or incomplete and can't be read "
        f"({str(prepared.warnings[0]).split('(', 1)[1].split(')')[0]}). Using {checkpoint_name(20)} instead."]
    TrainingLoop(prepared.trainer, prepared.run).run()  # checkpoints every 20 steps, keep 3: prunes
    assert (tiny_run_copy / "checkpoints" / "refused" / checkpoint_name(40)).read_bytes() == damaged
    assert [p.name for p in list_checkpoints(tiny_run_copy / "checkpoints")] == [
        checkpoint_name(s) for s in (40, 60, 80)]


def test_a_run_that_lost_all_its_checkpoints_is_not_restarted(tiny_run_copy):
    for path in list_checkpoints(tiny_run_copy / "checkpoints"):
        path.unlink()
    with pytest.raises(NoLoadableCheckpoint, match="trained to step 40"):
        resume_run(tiny_run_copy, more_steps=4)


def test_a_run_that_never_trained_starts_at_zero_without_asking(tiny_run_copy):
    """An exported cluster job has no checkpoint and no metrics yet: resume is how it starts."""
    for path in list_checkpoints(tiny_run_copy / "checkpoints"):
        path.unlink()
    (tiny_run_copy / "metrics.jsonl").unlink()
    assert resume_run(tiny_run_copy, steps=4).trainer.step_count == 0


def test_generate_names_the_refused_checkpoint_and_the_one_used(tiny_run_copy):
    _damage(_ckpt(tiny_run_copy, 40))
    gen = load_generator(tiny_run_copy)
    assert gen.step == 20 and len(gen.warnings) == 1
    assert gen.warnings[0].startswith(checkpoint_name(40)) and gen.warnings[0].endswith(
        f"Using {checkpoint_name(20)} instead.")
    _damage(_ckpt(tiny_run_copy, 20))
    with pytest.raises(CheckpointError, match=r"None of the 2 checkpoints .* The newest: ckpt-00000040.pt"):
        load_generator(tiny_run_copy)


def test_cli_resume_exits_2_then_starts_over_only_when_asked(tiny_run_copy, capsys):
    # In-process (cli.main): the exit codes and messages are the command line's; a subprocess per call
    # would add seconds of torch import each. test_cli.py runs the real executable end to end.
    for step in (20, 40):
        _damage(_ckpt(tiny_run_copy, step))
    assert cli.main(["resume", str(tiny_run_copy), "--steps", "44"]) == 2
    err = capsys.readouterr().err
    assert "ckpt-00000040.pt is damaged" in err and "ckpt-00000020.pt is damaged" in err
    assert "--start-over" in err
    assert not (tiny_run_copy / "checkpoints" / "refused").exists()
    assert cli.main(["resume", str(tiny_run_copy), "--steps", "4", "--start-over"]) == 0
    assert len(list((tiny_run_copy / "checkpoints" / "refused").iterdir())) == 2


def test_cli_generate_and_evaluate_warn_which_checkpoint_they_refused(tiny_run_copy, tmp_path, capsys):
    _damage(_ckpt(tiny_run_copy, 40))
    for args in (("generate", str(tiny_run_copy), "-n", "2", "--out", str(tmp_path / "out")),
                 ("evaluate", str(tiny_run_copy), "-n", "16")):
        assert cli.main(list(args)) == 0
        err = capsys.readouterr().err
        assert f"warning: {checkpoint_name(40)} is damaged" in err
        assert f"Using {checkpoint_name(20)} instead." in err


def test_save_checkpoint_never_prunes_the_refused_folder(tmp_path):
    (tmp_path / "refused").mkdir()
    (tmp_path / "refused" / checkpoint_name(1)).write_bytes(b"kept")
    for step in (10, 20, 30, 40):
        save_checkpoint(tmp_path, step, {"G": {}, "config": {}}, keep=1)
    assert (tmp_path / "refused" / checkpoint_name(1)).read_bytes() == b"kept"


def test_a_run_killed_before_its_first_checkpoint_starts_again_with_a_warning(tiny_run_copy):
    for path in list_checkpoints(tiny_run_copy / "checkpoints"):
        path.unlink()
    metrics = tiny_run_copy / "metrics.jsonl"
    metrics.write_text('{"step": 10}\n{"step": 20}\n{"step": 2', encoding="utf-8")  # torn last line: killed
    prepared = resume_run(tiny_run_copy, steps=4)
    assert prepared.trainer.step_count == 0
    assert [str(w) for w in prepared.warnings] == [
        "The run stopped at step 20, before its first checkpoint was written, so it starts again from step 0."]
    assert prepared.run.read_metrics() == []
