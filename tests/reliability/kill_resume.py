"""Pull the plug on training: kill -9 the command-line trainer at random moments, resume, repeat.

    python -m tests.reliability.kill_resume --kills 20 --seed 0      # the long form, figures for RESULTS.md

Each round starts ``aigc-desktop train`` (the first time) or ``resume`` on the same run folder and
sends SIGKILL: after a random delay (while torch loads, the run's files are read, or inside training
steps), or the moment a checkpoint is being written (one every CHECKPOINT_EVERY steps of a tiny 16 px
model), or the moment the dataset cache is (its file removed first, as in a run copied without it,
so the resume decodes the pictures again) — the three in turn. After every kill the run folder is
checked as a user's next start would find it:

- corrupt files: a checkpoint that does not load, a JSON file that does not parse, a metrics line
  other than a torn last one, the dataset cache unreadable — each is a failure;
- steps lost: the last step logged before the kill less the step the resume starts from, at most one
  checkpoint interval (plus the steps logged but not yet checkpointed);
- a resume that does not start, or a kill before the run folder existed, after which ``train`` must
  be able to start the same run again.

A final resume must train to its end and exit 0. The bounded form runs in ``test_kill_resume.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
CHECKPOINT_EVERY = 5
TRAIN = ["--resolution", "16", "--batch", "8", "--log-every", "1", "--sample-every", "25",
         "--checkpoint-every", str(CHECKPOINT_EVERY), "--steps", "100000"]


@dataclass
class Round:
    delay_s: float
    phase: str  # what the process was doing when it was killed, from the run folder's state
    logged_step: int  # last step in metrics.jsonl when it died
    resumed_step: int | None  # where the next resume started (None: the run folder was not made yet)
    corrupt: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # temporary files of interrupted writes

    @property
    def steps_lost(self) -> int:
        return max(0, self.logged_step - (self.resumed_step or 0))


def make_pictures(folder: Path, n: int = 120) -> Path:
    rng = np.random.default_rng(0)
    for label in ("ok", "crack"):
        (folder / label).mkdir(parents=True, exist_ok=True)
        for i in range(n // 2):
            arr = rng.integers(0, 80 if label == "ok" else 255, (24, 24, 3), dtype=np.uint8)
            Image.fromarray(arr).save(folder / label / f"{i:03d}.png")
    return folder


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "aigc_desktop", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}


def is_run(run: Path) -> bool:
    return (run / "config.json").is_file()


def last_logged_step(run: Path) -> int:
    try:
        lines = (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    for line in reversed(lines):
        try:
            return int(json.loads(line)["step"])
        except (ValueError, KeyError):
            continue
    return 0


def check_folder(run: Path) -> tuple[list[str], list[str]]:
    """(corrupt files, leftover temporary files) of a run folder as a killed process left it."""
    import torch

    from aigc_desktop.core.run.checkpoints import load_checkpoint
    from aigc_desktop.core.run.layout import list_checkpoints

    corrupt, leftovers = [], []
    if not run.exists():
        return corrupt, leftovers
    for path in list_checkpoints(run / "checkpoints"):
        try:
            load_checkpoint(path)
        except Exception as exc:
            corrupt.append(f"{path.name}: {exc}")
    for name in ("config.json", "sources.json", "dataset_report.json", "holdout.json"):
        path = run / name
        if path.exists():
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, OSError) as exc:
                corrupt.append(f"{name}: {exc}")
    for name in ("metrics.jsonl", "quality.jsonl"):
        path = run / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            for i, line in enumerate(lines):
                try:
                    json.loads(line)
                except ValueError:
                    if i != len(lines) - 1:  # a torn last line is an append cut short, skipped by readers
                        corrupt.append(f"{name} line {i + 1}")
    for cache in (run / "cache").glob("dataset-*.pt"):
        try:
            torch.load(cache, weights_only=True)
        except Exception as exc:
            corrupt.append(f"{cache.name}: {exc}")
    leftovers = sorted(str(p.relative_to(run)) for p in run.rglob("*") if p.name.endswith(".tmp"))
    return corrupt, leftovers


TARGETS = ("any moment", "checkpoint write", "cache write")


def _writing(folder: Path) -> bool:
    """Is an atomic write under way in ``folder`` (its temporary file exists)?"""
    try:
        return any(name.endswith(".tmp") for name in os.listdir(folder))
    except OSError:
        return False


def one_round(data: Path, run: Path, delay: float, target: str) -> Round:
    """Start train or resume and kill it: at ``delay`` seconds, or (``target``) the moment a checkpoint
    or the dataset cache is being written, if that comes first. Then inspect what it left."""
    if target == "cache write" and is_run(run):
        for cache in (run / "cache").glob("dataset-*.pt"):
            cache.unlink()  # a copied run without its cache: resume decodes the pictures again
    before = last_logged_step(run)
    args = ("resume", str(run), "--steps", "100000") if is_run(run) else ("train", str(data), "--out", str(run), *TRAIN)
    proc = subprocess.Popen(_cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
    if target != "any moment":
        delay = max(delay, 60.0)  # until the write it waits for, which a resume reaches after torch loads
    start, phase = time.monotonic(), ""
    watched = {"checkpoint write": run / "checkpoints", "cache write": run / "cache"}.get(target)
    while time.monotonic() - start < delay:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"{args[0]} ended by itself (exit {proc.returncode}) before the kill: {err[-2000:]}")
        if watched is not None and _writing(watched):
            phase = target
            break
        time.sleep(0.001 if watched is not None else 0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    if proc.stderr:
        proc.stderr.close()
    logged = last_logged_step(run)
    if not phase:
        phase = ("before the run folder" if not is_run(run) else
                 "training" if logged > before else "starting (torch, the run's files)")
    corrupt, leftovers = check_folder(run)
    return Round(time.monotonic() - start, phase, logged, None, corrupt, leftovers)


def resumed_step(run: Path) -> int | None:
    """The step the next resume starts from: the newest checkpoint that loads (None: no run yet)."""
    from aigc_desktop.core.run.checkpoints import find_latest

    if not is_run(run):
        return None
    found = find_latest(run / "checkpoints")
    return int(found.state["step"]) if found.state is not None else 0


def run_rounds(root: Path, kills: int, seed: int, max_delay: float) -> tuple[list[Round], subprocess.CompletedProcess]:
    rng = random.Random(seed)
    data = make_pictures(root / "pictures")
    run = root / "run"
    rounds = []
    for i in range(kills):
        target = TARGETS[i % len(TARGETS)] if i else "any moment"
        r = one_round(data, run, rng.uniform(1.0, max_delay), target)
        r.resumed_step = resumed_step(run)
        rounds.append(r)
    final_steps = (resumed_step(run) or 0) + 2 * CHECKPOINT_EVERY
    args = ("resume", str(run), "--steps", str(final_steps)) if is_run(run) else (
        "train", str(data), "--out", str(run), *TRAIN[:-2], "--steps", str(final_steps))
    final = subprocess.run(_cli(*args), capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=600)
    return rounds, final


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-delay", type=float, default=14.0, help="seconds; torch alone takes ~5 to load here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.monotonic()
        rounds, final = run_rounds(Path(tmp), args.kills, args.seed, args.max_delay)
        print("| # | killed after | doing | last logged step | resumed from | steps lost | corrupt | leftover temp files |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|")
        for i, r in enumerate(rounds, 1):
            print(f"| {i} | {r.delay_s:.1f} s | {r.phase} | {r.logged_step} | {r.resumed_step} | {r.steps_lost} | "
                  f"{len(r.corrupt)} | {len(r.leftovers)} |")
        worked = sum(r.resumed_step is not None or r.phase == "before the run folder" for r in rounds)
        print(f"\nrounds {len(rounds)}; restarts that worked {worked}; corrupt files "
              f"{sum(len(r.corrupt) for r in rounds)}; most steps lost {max(r.steps_lost for r in rounds)} "
              f"(checkpoint every {CHECKPOINT_EVERY}); final resume exit {final.returncode}; "
              f"{time.monotonic() - start:.0f} s")
        for r in rounds:
            for c in r.corrupt:
                print("corrupt:", c)
        if final.returncode:
            print(final.stderr[-3000:])
    return 0 if final.returncode == 0 and not any(r.corrupt for r in rounds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
