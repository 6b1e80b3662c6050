"""Does the quality score order picture sets as a person would? A fresh real sample must beat each failure.

    pip install -e .[bench]
    python benchmarks/score_orderings.py                     # the orderings table and the cost
    python benchmarks/score_orderings.py --compare-features  # the feature spaces coverage could use

Four picture sets that differ in kind (``score_sets.py``): the demo set at 32 and 64 px, scikit-learn's
handwritten digits and scikit-image's textures, at 32 px. Each test set — a fresh real sample, the
same with one kind of picture missing, with a colour cast, blurred, and copies of the training
pictures (exact and noisy) — is scored against the training pictures as ``aigc-desktop evaluate``
scores a run: SWD, coverage, precision, memorised share, colour error and the combined verdict
``overall`` = precision × coverage × (1 − memorised). Every failure must score a lower ``overall``
than the fresh sample. "missing" is the kind whose absence is hardest to see (the highest overall
over every kind left out).

``--compare-features`` runs coverage in each candidate feature space of ``score_features.py`` and
prints, per set, the smallest margin by which the fresh sample beats a failure; the margin against
"missing" is also divided by the share of pictures of the missing kind (the most coverage can fall).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from score_features import CANDIDATES
from score_sets import PictureSet, demo_sets, digits_set, missing, textures_set, variants

from aigc_desktop.core.sampling.coverage import CoverageReference, CoverageReport, FeatureSpace
from aigc_desktop.core.sampling.quality import sliced_wasserstein

FAILURES = ("missing", "colour", "blurred", "copies", "noisy copies")


def score(s: PictureSet, space=FeatureSpace) -> tuple[dict[str, CoverageReport], dict[str, torch.Tensor], str]:
    """Every test set's report, its images, and which kind "missing" left out."""
    reference = CoverageReference(s.train, s.n, space=space)
    sets = variants(s)
    reports = {name: reference.measure(images) for name, images in sets.items()}
    worst = None
    for kind in sorted(set(s.kinds)):
        images = missing(s, kind)
        report = reference.measure(images)
        if worst is None or report.overall > worst[1].overall:
            worst = (kind, report, images)
    kind, reports["missing"], sets["missing"] = worst
    return reports, sets, kind


def orderings(picture_sets: list[PictureSet]) -> None:
    print("| set | test set | SWD ×1e3 | coverage | precision | memorised | colour ΔE | overall | worse than fresh |")
    print("|---|---|---:|---:|---:|---:|---:|---:|:-:|")
    for s in picture_sets:
        reports, sets, kind = score(s)
        fresh = reports["fresh"].overall
        for name in ("fresh", *FAILURES):
            r = reports[name]
            swd = sliced_wasserstein(s.train, sets[name], seed=0)["average"]
            label = f"missing: {kind}" if name == "missing" else name
            verdict = "" if name == "fresh" else ("yes" if r.overall < fresh else "**NO**")
            print(f"| {s.name} | {label} | {swd:.1f} | {r.coverage:.3f} | {r.precision:.3f} | {r.memorised:.3f} "
                  f"| {r.colour_error:.1f} | {r.overall:.3f} | {verdict} |", flush=True)


def compare_features(picture_sets: list[PictureSet]) -> None:
    print("| feature space | " + " | ".join(s.name for s in picture_sets) + " | all ordered | worst margin |")
    print("|---|" + "---:|" * len(picture_sets) + ":-:|---:|")
    for name, space in CANDIDATES.items():
        cells, ordered, worst = [], True, np.inf
        for s in picture_sets:
            reports, _, kind = score(s, space)
            fresh = reports["fresh"].overall
            others = min(fresh - reports[f].overall for f in FAILURES if f != "missing")
            share = float((s.kinds == kind).mean())
            normalised = (fresh - reports["missing"].overall) / share
            ordered &= min(others, fresh - reports["missing"].overall) > 0
            worst = min(worst, normalised, others)
            cells.append(f"{normalised:.2f} / {others:.2f}")
        print(f"| {name} | " + " | ".join(cells) + f" | {'yes' if ordered else 'no'} | {worst:.2f} |", flush=True)


def cost(s: PictureSet, repeats: int = 3) -> None:
    """Seconds for 1,000 generated pictures against the training set: SWD, coverage fit, measure."""
    fake = variants(s)["fresh"][:1000]
    times: dict[str, list[float]] = {"SWD": [], "coverage reference": [], "coverage measure": []}
    for _ in range(repeats):
        start = time.perf_counter()
        sliced_wasserstein(s.train, fake, seed=0)
        times["SWD"].append(time.perf_counter() - start)
        start = time.perf_counter()
        reference = CoverageReference(s.train, len(fake))
        times["coverage reference"].append(time.perf_counter() - start)
        start = time.perf_counter()
        reference.measure(fake)
        times["coverage measure"].append(time.perf_counter() - start)
    medians = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{s.name}, {len(fake)} pictures vs {len(s.train)}, torch {torch.get_num_threads()} threads, "
          f"median of {repeats}: " + ", ".join(f"{k} {v:.2f} s" for k, v in medians.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare-features", action="store_true", help="compare the candidate feature spaces")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    picture_sets = [*demo_sets((32, 64)), digits_set(), textures_set()]
    print(f"picture sets ready in {time.perf_counter() - start:.0f} s: "
          + "; ".join(f"{s.name}: {len(s.train)} training, {len(s.pool)} fresh, {s.n} per test set"
                      for s in picture_sets) + "\n")
    if args.compare_features:
        compare_features(picture_sets)
    else:
        orderings(picture_sets)
        cost(picture_sets[1])
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
