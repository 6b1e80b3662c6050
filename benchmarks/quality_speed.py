"""How long one quality evaluation takes: ``quality.evaluate`` on 1,000 generated 64 px images
against the demo set (340 pictures), on this machine's CPU. Target: under 5 s.

    python benchmarks/quality_speed.py [--n 1000] [--resolution 64] [--width 24] [--repeats 3]

The generator is untrained (its speed does not depend on training) and sized like the
"More detail (CPU)" preset: 64 px, width 24, z_dim 64. Prints one line per repetition (total,
of which generating) and the median; the first repetition includes warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aigc_desktop.core.data.dataset_cache import load_or_build
from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.scan import scan
from aigc_desktop.core.gan.models import Generator
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.sampling.generation import LoadedGenerator
from aigc_desktop.core.sampling.quality import evaluate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="images to generate and score")
    parser.add_argument("--resolution", type=int, default=64)
    parser.add_argument("--width", type=int, default=24, help="generator width (g_width)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    config = TrainConfig(resolution=args.resolution, g_width=args.width, z_dim=64)
    with tempfile.TemporaryDirectory() as cache:
        real = load_or_build(scan([demo_dataset_path()]), config.preprocess, cache)
    torch.manual_seed(0)
    model = Generator(config.z_dim, config.resolution, config.channels, config.g_width).eval()
    gen = LoadedGenerator(model, config, 0, Path("untrained"), False, [])

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {args.n} images at "
          f"{args.resolution} px (g_width {args.width}) vs {len(real)} demo pictures")
    totals = []
    for i in range(args.repeats):
        # CPU time beside wall time: on a shared machine, other programs stretch the wall time.
        start, cpu = time.perf_counter(), time.process_time()
        report = evaluate(gen, real, n=args.n, seed=0)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
        totals.append(total)
        print(f"run {i + 1}: {total:.2f} s (generating {report.generate_seconds:.2f} s, "
              f"scoring {total - report.generate_seconds:.2f} s; CPU time {cpu:.2f} s); SWD {report.swd:.1f}, "
              f"diversity {report.diversity:.3f} (real {report.real_diversity:.3f})")
    median = statistics.median(totals)
    print(f"median {median:.2f} s, best {min(totals):.2f} s: {'within' if median < 5 else 'OVER'} the 5 s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
