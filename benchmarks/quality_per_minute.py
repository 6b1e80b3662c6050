"""Quality per minute of training: each CPU preset and a plain DCGAN, scored at wall-clock marks.

    python benchmarks/quality_per_minute.py --threads 2 --out out/qpm --census          # the full form
    python benchmarks/quality_per_minute.py --quick                                      # smoke, < 3 min
    options: --sets demo,digits,textures  --configs cpu-quick,plain-dcgan  --minutes 1,2,5
             --images 1000  --cache DIR (census classifiers)  --fresh (forget earlier results in --out)

What it measures: for every picture set × configuration, one run trains in this process on the CPU
(``session.start_run`` + ``TrainingLoop``, quality evaluations and checkpoints off, previews as in the
app), and at each mark of TRAINING time (default 1, 2, 5, 10, 20 minutes) it stops the clock and scores
the run with ``quality.evaluate`` on ``--images`` generated images (latent seed 0): SWD, coverage,
precision, memorised share, ``overall`` and the combined ``score``, beside the steps done. Scoring does
not count as training time and the run continues where it was. A grid of 64 of the scored images is
saved at each mark. On the demo set it also counts hex nuts by their outline (``demo_census``:
``outline_hexness`` with the threshold of ``outline_check``; the real pictures hold 40 %) and, with
``--census``, the part-type and condition shares by demo_census's classifiers (trained once, cached
under ``--cache``; their accuracy on real pictures is printed first).

Sets (``score_sets.py`` builds them; written as picture folders under ``--out/pictures``): the shipped
demo set (340 parts, 4 conditions as subfolders, so a conditional model), half of scikit-learn's
handwritten digits (898), and 400 crops of scikit-image's textures (brick, grass, gravel, a stained
tissue photo). Configurations: every ``cpu-*`` preset of ``core/run/presets.py`` as the app runs it,
and ``plain-dcgan``: the same pictures at 32 px, BCE, BatchNorm D, no EMA, no DiffAugment, no x-flip,
not by class, Adam 2e-4 / β1 0.5, widths 32, batch 32, z 64 (the seed article's recipe done right);
``plain-dcgan-64-small`` the same at cpu-detail's size (64 px, widths 24), the comparison for the sets
whose default preset is cpu-detail (``plain-dcgan-64`` and ``-128``: the GPU sizes).

Output in ``--out``: ``results.jsonl`` (one line per set × configuration × mark; a rerun skips the
pairs already complete, so an interrupted run can continue), ``grids/``, ``quality_per_minute.png``
(overall and SWD vs minutes, one panel per set, one line per configuration; needs matplotlib from
``pip install -e .[bench]``) and a markdown table on stdout for benchmarks/RESULTS.md.

How long: the last mark for every set × configuration (20 min × 3 sets × 3 configurations = 3 h at the
defaults) plus 5-20 s of scoring per mark and half a minute of set-up per run: about 3 h 15 min, and
the first ``--census`` adds the classifiers' training (a few minutes per resolution, then cached).
Run it alone on the machine: the minutes are wall-clock, and two torch threads beside other work
spin-wait for each other (steps measured 25× slower at nice 19 on a busy 2-core machine).
``--quick`` (16 px, tiny sets, marks at 0.1 and 0.2 min, 128 images, one thread unless ``--threads``)
only checks the script end to end, in about 3 minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image
from torchvision.utils import save_image

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import demo_census
from quality_report import PLAIN, markdown, plot
from score_sets import digits_set, textures_set

from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.events import RunControl, StepStats, TrainingHooks
from aigc_desktop.core.run.presets import PRESETS
from aigc_desktop.core.run.session import start_run
from aigc_desktop.core.run.training_loop import TrainingLoop
from aigc_desktop.core.sampling.class_agreement import ClassJudge
from aigc_desktop.core.sampling.coverage import CoverageReference
from aigc_desktop.core.sampling.generation import latents
from aigc_desktop.core.sampling.quality import evaluate, proportional_labels

SETS = ("demo", "digits", "textures")
PLAIN_SETTINGS = dict(resolution=32, g_width=32, d_width=32, batch=32, z_dim=64, loss="bce",
                      spectral_norm=False, d_mbstd=False, r1_gamma=0.0, lr_g=2e-4, lr_d=2e-4, beta1=0.5,
                      beta2=0.999, ema=False, diffaug="off", amp="off", channels_last=False, g_rotate="off",
                      xflip="off", conditional="off")
# The plain DCGAN at the GPU presets' sizes: the paper's widths (64), batch 64, z 100, fp32 and the
# default memory layout, as the PyTorch example runs on a GPU; compared with gpu-standard and gpu-high.
PLAIN_GPU = {f"{PLAIN}-{side}": dict(resolution=side, g_width=64, d_width=64, batch=64, z_dim=100)
             for side in (64, 128)}
# The plain DCGAN at cpu-detail's size (64 px, widths 24, batch 32): the CPU preset's own model with the
# plain recipe, so that on sets whose details need 64 px the engine is compared at the same resolution.
PLAIN_SIZES = PLAIN_GPU | {f"{PLAIN}-64-small": dict(resolution=64, g_width=24, d_width=24, batch=32, z_dim=64)}
MARKS, QUICK_MARKS = (1.0, 2.0, 5.0, 10.0, 20.0), (0.1, 0.2)
QUICK_RESOLUTION, QUICK_PICTURES = 16, 200
METRICS = ("swd", "coverage", "precision", "memorised", "colour_error", "class_agreement", "overall", "score")


def configurations(names: list[str], quick: bool) -> dict[str, TrainConfig]:
    """Training settings by name: run until stopped, no evaluations or checkpoints on the way."""
    run_long = dict(steps=100_000_000, minutes=0.0, eval_every=0, checkpoint_minutes=0.0,
                    checkpoint_every=100_000_000)
    known = {f.name for f in dataclasses.fields(TrainConfig)}
    out = {}
    for name in names:
        if name == PLAIN or name in PLAIN_SIZES:
            # Settings a later TrainConfig dropped are off by default there too.
            plain = PLAIN_SETTINGS | PLAIN_SIZES.get(name, {})
            cfg = TrainConfig(**{k: v for k, v in plain.items() if k in known}, preset="")
        else:
            cfg = PRESETS[name].apply(TrainConfig())
        out[name] = cfg.replace(**run_long, **({"resolution": QUICK_RESOLUTION} if quick else {}))
    return out


def picture_folder(name: str, root: Path, side: int, quick: bool) -> Path:
    """The set as a folder of pictures at ``side`` px; training resizes them to each run's resolution."""
    if name == "demo":
        return demo_dataset_path()
    folder = root / f"{name}-{side}px{'-quick' if quick else ''}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if name == "digits":
        pictures = digits_set(resolution=side).train
    else:  # the pool of fresh crops is not needed here: keep it tiny
        per_texture = QUICK_PICTURES // 4 if quick else 100
        pictures = textures_set(resolution=side, per_texture=per_texture, n=4).train
    if quick:
        pictures = pictures[:QUICK_PICTURES]
    for i, picture in enumerate(pictures):
        Image.fromarray(picture.permute(1, 2, 0).numpy()).save(folder / f"{i:04d}.png")
    return folder


class DemoCounter:
    """Hex nuts by outline and, with classifiers, part-type and condition shares, per resolution."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.census = args.census
        self.quick = args.quick
        self.cache = args.cache
        self._by_settings: dict[str, tuple[float, dict[str, Any]]] = {}

    def prepare(self, settings: PreprocessSettings) -> tuple[float, dict[str, Any]]:
        key = json.dumps(settings.to_dict(), sort_keys=True)
        if key not in self._by_settings:
            # demo_census main()'s defaults, so the classifier cache is shared with it.
            train, test = (60, 20) if self.quick else (1000, 250)
            if not self.census:  # the outline threshold alone needs fewer real pictures
                train, test = (60, 20) if self.quick else (250, 100)
            ns = argparse.Namespace(cache=self.cache, train_per_condition=train, test_per_condition=test,
                                    width=16)
            if self.census:
                models = demo_census.classifiers(settings, ns)
                demo_census.print_accuracy(models)
                outline = models["part type"].info["outline"]
            else:
                models = {}
                outline = demo_census.outline_check(demo_census.real_sets(settings, ns))
                print(f"hex outline at {settings.resolution} px: threshold {outline['threshold']:.4f}; "
                      f"right on {outline['held_out']:.1%} of held-out real parts, "
                      f"{outline['wide_bore_rounds']:.1%} of round parts with a nut-sized bore, "
                      f"{outline['softened']:.1%} of softened ones; counts {outline['counted_on_real']:.1%} "
                      "nuts among real pictures", file=sys.stderr)
            self._by_settings[key] = (outline["threshold"], models | {"outline": outline})
        return self._by_settings[key]

    def count(self, settings: PreprocessSettings, images: np.ndarray) -> dict[str, Any]:
        threshold, models = self.prepare(settings)
        out: dict[str, Any] = {"nuts": float(np.mean(demo_census.outline_hexness(images) >= threshold)),
                               "nuts_counted_on_real": models["outline"]["counted_on_real"]}
        classifiers = {task: models[task] for task in demo_census.TASKS if task in models}
        if classifiers:
            counted = demo_census.census(classifiers, images)
            out["census"] = {task: {key: c[key] for key in ("shares", "sure_shares", "unsure")}
                             for task, c in counted.items()}
        return out


class MarkClock(TrainingHooks):
    """Calls ``at_mark(mark_minutes, trained_seconds)`` between steps when training time passes a mark.

    The clock stops while ``at_mark`` runs, so scoring is not counted as training; after the last mark
    it asks the loop to stop.
    """

    def __init__(self, marks: tuple[float, ...], at_mark: Callable[[float, float], None],
                 control: RunControl) -> None:
        self.marks, self.at_mark, self.control = list(marks), at_mark, control
        self.start, self.paused = 0.0, 0.0

    def on_start(self, step: int, total_steps: int) -> None:
        self.start, self.paused = time.perf_counter(), 0.0

    def on_step(self, stats: StepStats) -> None:
        trained = time.perf_counter() - self.start - self.paused
        while self.marks and trained >= self.marks[0] * 60:
            begin = time.perf_counter()
            self.at_mark(self.marks.pop(0), trained)
            self.paused += time.perf_counter() - begin
        if not self.marks:
            self.control.stop()


def train_and_score(set_name: str, folder: Path, name: str, cfg: TrainConfig, marks: tuple[float, ...],
                    args: argparse.Namespace, counter: DemoCounter | None) -> list[dict[str, Any]]:
    run_dir = args.out / "runs" / f"{set_name}-{name}"
    shutil.rmtree(run_dir, ignore_errors=True)
    prep = start_run([str(folder)], run_dir, cfg, device=args.device)
    trainer = prep.trainer
    reference = CoverageReference(trainer.dataset.images, args.images, seed=0)
    # A run by class is also scored class by class, as the app scores it (trained before the clock starts).
    judge = ClassJudge.for_run(run_dir, trainer.dataset) if trainer.num_classes else None
    labels = proportional_labels(trainer.dataset.labels, args.images) if judge is not None else None
    z = latents(args.images, cfg.z_dim, 0)
    rows: list[dict[str, Any]] = []

    def at_mark(minutes: float, trained_s: float) -> None:
        start = time.perf_counter()
        images = trainer.generate(z, labels=labels)
        report = evaluate(lambda n, seed: images, trainer.dataset, n=args.images, seed=0, reference=reference,
                          judge=judge, labels=labels)
        grid = args.out / "grids" / f"{set_name}-{name}-{minutes:g}min.png"
        save_image(images[:64].float() / 255, grid, nrow=8, padding=1)
        row = {"set": set_name, "config": name, "minutes": minutes, "trained_s": round(trained_s, 1),
               "steps": trainer.step_count,
               "images_per_s": round(trainer.step_count * cfg.batch / trained_s, 1),
               "resolution": cfg.resolution, "pictures": len(trainer.dataset), "quick": args.quick,
               **{k: float(getattr(report, k)) for k in METRICS}, "grid": str(grid)}
        if counter is not None:
            row.update(counter.count(cfg.preprocess, images.numpy()))
        row["score_s"] = round(time.perf_counter() - start, 1)
        rows.append(row)
        with open(args.out / "results.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")
        nuts = f", nuts {row['nuts']:.0%}" if "nuts" in row else ""
        print(f"{set_name:8} {name:12} {minutes:5g} min: {row['steps']:6d} steps, SWD {row['swd']:6.1f}, "
              f"coverage {row['coverage']:.2f}, overall {row['overall']:.2f}, score {row['score']:.1f}{nuts} "
              f"(scored in {row['score_s']:.0f} s)", flush=True)

    control = RunControl()
    TrainingLoop(trainer, prep.run, MarkClock(marks, at_mark, control), control).run()
    return rows


def earlier_results(path: Path, marks: tuple[float, ...], fresh: bool,
                    pairs: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """The rows already in ``path``, less those of this call's set × configuration ``pairs`` that an
    earlier call did not complete at every one of ``marks`` (they are run again); the file keeps the
    rest. Rows of other pairs stay: a call with other marks or configurations must not erase them
    (the nineteenth session lost a finished 10-minute run to a later call with marks up to 20)."""
    text = "" if fresh or not path.exists() else path.read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line]
    done: dict[tuple[str, str], set[float]] = {}
    for r in rows:
        done.setdefault((r["set"], r["config"]), set()).add(r["minutes"])
    kept = [r for r in rows if (r["set"], r["config"]) not in pairs or done[(r["set"], r["config"])] >= set(marks)]
    path.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
    return kept


def main(argv: list[str] | None = None) -> int:
    cpu_presets = [name for name in PRESETS if name.startswith("cpu-")]
    known_configs = [*PRESETS, PLAIN, *PLAIN_SIZES]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, from {', '.join(SETS)}")
    parser.add_argument("--configs", default=",".join([*cpu_presets, PLAIN]),
                        help=f"comma-separated, from {', '.join(known_configs)}")
    parser.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:1, ...")
    parser.add_argument("--minutes", help="training-time marks, comma-separated (default 1,2,5,10,20)")
    parser.add_argument("--images", type=int, help="generated images scored per mark (default 1000)")
    parser.add_argument("--threads", type=int, help="torch threads (torch.set_num_threads)")
    parser.add_argument("--out", type=Path, help="output folder (default: a folder in the temp directory)")
    parser.add_argument("--census", action="store_true",
                        help="also count part types and conditions by classifier")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "aigc-demo-census",
                        help="where the census classifiers are cached (shared with demo_census.py)")
    parser.add_argument("--fresh", action="store_true", help="ignore the results already in --out")
    parser.add_argument("--quick", action="store_true",
                        help="smoke form: 16 px, tiny sets, marks 0.1 and 0.2 min")
    args = parser.parse_args(argv)
    sets, configs = args.sets.split(","), args.configs.split(",")
    for value, allowed in ((sets, SETS), (configs, known_configs)):
        if bad := [v for v in value if v not in allowed]:
            parser.error(f"unknown {', '.join(bad)}; choose from {', '.join(allowed)}")
    marks = tuple(sorted(float(m) for m in args.minutes.split(","))) if args.minutes else (
        QUICK_MARKS if args.quick else MARKS)
    if not marks or marks[0] <= 0:
        parser.error("--minutes must be positive numbers")
    args.images = args.images or (128 if args.quick else 1000)
    args.out = args.out or Path(tempfile.gettempdir()) / f"quality-per-minute{'-quick' if args.quick else ''}"
    # Two threads on a busy machine spin-wait for each other (a 16 px step went from 40 ms to 1 s):
    # the smoke form takes one unless told otherwise.
    if args.threads or args.quick:
        torch.set_num_threads(args.threads or 1)
    (args.out / "grids").mkdir(parents=True, exist_ok=True)

    settings = configurations(configs, args.quick)
    pairs = {(s, c) for s in sets for c in configs}
    rows = earlier_results(args.out / "results.jsonl", marks, args.fresh, pairs)
    done = {(r["set"], r["config"]) for r in rows}
    todo = [(s, c) for s in sets for c in configs if (s, c) not in done]
    hours = len(todo) * (marks[-1] * 60 + len(marks) * 15 + 20) / 3600
    print(f"{len(todo)} runs to do ({len(done)} already in {args.out}), marks "
          f"{', '.join(f'{m:g}' for m in marks)} min, torch threads: {torch.get_num_threads()}; "
          f"about {hours:.1f} h", flush=True)
    counter = DemoCounter(args)
    side = max(64, *(cfg.resolution for cfg in settings.values()))
    for set_name, name in todo:  # the census's checks on real pictures print before any training
        if set_name == "demo":
            counter.prepare(settings[name].preprocess)
    folders: dict[str, Path] = {}
    for set_name, name in todo:
        if set_name not in folders:
            folders[set_name] = picture_folder(set_name, args.out / "pictures", side, args.quick)
        try:
            rows += train_and_score(set_name, folders[set_name], name, settings[name], marks, args,
                                    counter if set_name == "demo" else None)
        except Exception as exc:  # one failed run must not lose a night's others; a rerun retries it
            print(f"{set_name} {name} failed: {exc!r}", file=sys.stderr, flush=True)
    rows = [r for r in rows if r["set"] in sets and r["config"] in configs]
    png = args.out / "quality_per_minute.png"
    where = (torch.cuda.get_device_name(args.device) if args.device.startswith("cuda")
             else f"the CPU (torch threads: {torch.get_num_threads()})")
    if plot(rows, sets, configs, png, where):
        print(f"plot: {png}")
    print(f"results: {args.out / 'results.jsonl'}\n")
    print(markdown(rows, sets, configs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
