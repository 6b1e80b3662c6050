"""Does the score of a run by class see the class? Fresh demo pictures with their own classes must beat
the same pictures made "for" the wrong class, and a set where every class looks like one class.

    python benchmarks/class_agreement_check.py [--resolution 64] [--per-class 250] [--threads 2]

The run's judge (``core/sampling/class_agreement.py``) is trained on the shipped demo set (340 pictures,
4 conditions) as a run by class trains it; the test sets are fresh demo pictures rendered by the demo
generator (``demo_census.render_labelled``), scored with ``quality.evaluate`` against the demo set:

- **right classes**: each picture given its own condition;
- **classes shifted**: the same pictures, each given the next condition (crack → dent → ok → scratch →
  crack): images that ignore the class they were asked for;
- **all look "ok"**: only undamaged parts, given the four conditions in equal shares: a generator that
  draws every class as the most common look.

Coverage and the SWD see the same images in the first two, so only the class agreement can order them.
Prints a markdown table for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo_census import CONDITIONS, render_labelled

from aigc_desktop.core.data.dataset_cache import load_or_build
from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.scan import scan
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.presets import PRESETS
from aigc_desktop.core.sampling.class_agreement import ClassJudge
from aigc_desktop.core.sampling.coverage import CoverageReference
from aigc_desktop.core.sampling.quality import evaluate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=64)
    parser.add_argument("--per-class", type=int, default=250, help="fresh pictures per condition")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/aigc-class-agreement"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    settings = PRESETS["cpu-detail"].apply(TrainConfig()).replace(resolution=args.resolution).preprocess
    real = load_or_build(scan([demo_dataset_path()]), settings, args.cache)
    start = time.perf_counter()
    judge = ClassJudge.fit(real)
    print(f"judge at {args.resolution} px on {len(real)} pictures ({', '.join(real.classes)}): "
          f"{judge.real_accuracy:.0%} right on its validation pictures, "
          f"{'usable' if judge.usable else 'NOT usable'}, {time.perf_counter() - start:.0f} s", file=sys.stderr)

    fresh = render_labelled(args.per_class, 20261204, settings)
    images = torch.from_numpy(fresh["images"])
    # the demo set's class indices are its folder names, sorted; the renderer's are CONDITIONS
    to_real = torch.tensor([real.classes.index(name) for name in CONDITIONS])
    labels = to_real[torch.from_numpy(fresh["condition"])]
    ok = images[labels == real.classes.index("ok")]
    sets = {
        "right classes": (images, labels),
        "classes shifted": (images, (labels + 1) % len(real.classes)),
        'all look "ok"': (ok.repeat(len(real.classes), 1, 1, 1)[:len(images)], labels),
    }
    reference = CoverageReference(real.images, len(images), seed=0)
    print("| test set | SWD ×1e3 | coverage | precision | agreement " + " / ".join(real.classes)
          + " | class agreement | overall | score ↓ |")
    print("|---|---:|---:|---:|---|---:|---:|---:|")
    for name, (x, y) in sets.items():
        report = evaluate(lambda n, seed, x=x: x, real, n=len(x), reference=reference, judge=judge, labels=y)
        per = " / ".join(f"{report.classes.per_class[c]:.0%}" for c in real.classes)
        print(f"| {name} | {report.swd:.1f} | {report.coverage:.2f} | {report.precision:.2f} | {per} | "
              f"{report.class_agreement:.2f} | {report.overall:.2f} | {report.score:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
