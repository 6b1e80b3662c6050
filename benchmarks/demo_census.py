"""Count what a generator makes on the demo set: the share of each part type and of each condition.

    python benchmarks/demo_census.py RUN_OR_CHECKPOINT [-n 1000] [--seed 0] [--cache DIR] [--json FILE]
    python benchmarks/demo_census.py --resolution 64      # only train and check the classifiers

Two classifiers (``core/sampling/classifier.py``) learn from fresh demo pictures drawn by
``resources/make_demo_dataset.py`` with other seeds than the shipped set, at the run's resolution and
preprocessing: one tells a round part (flange or washer) from a hex nut, the other tells the
condition (ok, scratch, dent, crack). Their accuracy on held-out real pictures is printed FIRST: a
classifier that can't see a defect can't count it. Then the run's EMA generator makes N images and
the script prints the share of each part type and condition, beside the true shares of the held-out
real pictures and what the classifier counts on them (its own bias), as a table and as JSON.
The trained classifiers are cached under --cache, keyed by resolution and everything that shapes them.

KNOWN WRONG (2026-12-02, not yet fixed): on a cpu-quick demo run at step 2,000 it counted 40.9 % hex
nuts while the grid of the same model (aigc-desktop generate -n 36 --seed 0) shows 36 round parts and no
nut. 100 % accuracy on real pictures does not carry over to blurry generated ones; the part-type
classifier must be checked on generated images (hand-labelled, or made harder with blur/noise in its
training) before any figure from it is trusted.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import resources.make_demo_dataset as demo
from aigc_desktop.core.data.preprocess import PreprocessSettings, preprocess
from aigc_desktop.core.errors import CheckpointError
from aigc_desktop.core.sampling.classifier import FORMAT, ImageClassifier
from aigc_desktop.core.sampling.generation import latents, load_generator

PART_TYPES = ("round", "hex nut")  # round: the renderer's _flange (a flange, or a washer without holes)
CONDITIONS = demo.CLASSES
TASKS = {"part type": PART_TYPES, "condition": CONDITIONS}
NATIVE_SIDE = 64  # the shipped demo pictures are 64 px; training resizes them to the run's resolution
TRAIN_SEED, TEST_SEED, WIDE_SEED = 1001, 1002, 1003  # the shipped set is seed 0: all new to the generator
WIDE_SHARE = 0.5  # share of the training set's round parts given a nut-sized bore (see drawing_parts)
# Generated pictures are softer than real ones: classifiers trained without blur sort them by softness
# (at 32 px a 0.5 px blur made every real round part a "nut" and most pictures a "dent"). Train with a
# blur of up to BLUR px and check on held-out pictures softened by SOFT px (both at 32 px, scaled).
BLUR, SOFT = 1.0, 0.7
CENSUS_VERSION = 3  # bump when the recipe below changes, so old cached classifiers are not reused


@contextlib.contextmanager
def drawing_parts(wide_bores: float = 0.0, seed: int = 0) -> Iterator[list[int]]:
    """Within the block, every ``demo.render`` call appends 0 (round part) or 1 (hex nut) to the list.

    The renderer looks ``_flange``/``_hex_nut`` up by name when it draws, so wrapping them records the
    choice without touching the renderer or the random numbers it draws. With ``wide_bores`` > 0, that
    share of the round parts gets a bore as wide as a nut's (drawn from a random stream of its own):
    a classifier shown only the demo's narrow-bore flanges learns "wide bore = nut", and then calls
    the generator's round, wide-bored parts nuts (measured: 34.5 % "nuts" at step 2,500 of a run
    whose 1,000 images showed none).
    """
    calls: list[int] = []
    originals = demo._flange, demo._hex_nut
    widen = np.random.default_rng((seed, 99))

    def flange(x: np.ndarray, y: np.ndarray, s: float, rng: np.random.Generator) -> Any:
        calls.append(0)
        metal, outer, shade, bore = originals[0](x, y, s, rng)
        if wide_bores and widen.random() < wide_bores:
            r = np.hypot(x, y)
            radius = float(np.median(r - outer))  # outer = r - radius everywhere
            bore = max(bore, radius * widen.uniform(0.42, 0.55))  # a nut's bore is 0.45-0.55 of its width
            metal = metal * (1.0 - demo._cover(r - bore))
        return metal, outer, shade, bore

    def hex_nut(*args: Any) -> Any:
        calls.append(1)
        return originals[1](*args)

    demo._flange, demo._hex_nut = flange, hex_nut
    try:
        yield calls
    finally:
        demo._flange, demo._hex_nut = originals


def render_labelled(per_condition: int, seed: int, settings: PreprocessSettings,
                    wide_bores: float = 0.0) -> dict[str, np.ndarray]:
    """Demo pictures preprocessed like training pictures, with their part type and condition labels."""
    images, conditions = [], []
    with drawing_parts(wide_bores, seed) as parts:
        for k, label in enumerate(CONDITIONS):
            for i in range(per_condition):
                picture = demo.render(label, NATIVE_SIDE, np.random.default_rng((seed, k, i)))
                images.append(preprocess(Image.fromarray(picture), settings))
                conditions.append(k)
    if len(parts) != len(images):
        raise RuntimeError("The demo renderer no longer draws its parts through _flange/_hex_nut.")
    return {"images": np.stack(images), "part type": np.array(parts), "condition": np.array(conditions)}


def _unchanged_by_recording() -> bool:
    """The recording must not change what the renderer draws (checked on one picture)."""
    plain = demo.render("crack", NATIVE_SIDE, np.random.default_rng(7))
    with drawing_parts():
        recorded = demo.render("crack", NATIVE_SIDE, np.random.default_rng(7))
    return bool(np.array_equal(plain, recorded))


def _soften(picture: np.ndarray, sigma: float) -> np.ndarray:
    """A (C, H, W) uint8 picture blurred by PIL, not by the classifier's own training blur."""
    image = Image.fromarray(picture[0] if len(picture) == 1 else picture.transpose(1, 2, 0))
    out = np.asarray(image.filter(ImageFilter.GaussianBlur(sigma)))
    return out[None] if out.ndim == 2 else out.transpose(2, 0, 1)


def cache_key(settings: PreprocessSettings, args: argparse.Namespace) -> str:
    recipe = {"census": CENSUS_VERSION, "classifier": FORMAT, "preprocess": settings.to_dict(),
              "train": args.train_per_condition, "test": args.test_per_condition,
              "seeds": [TRAIN_SEED, TEST_SEED, WIDE_SEED], "width": args.width, "wide_bores": WIDE_SHARE,
              "blur": BLUR, "soft": SOFT}
    digest = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode())
    digest.update(Path(demo.__file__).read_bytes())  # a changed renderer makes different pictures
    return digest.hexdigest()[:12]


def classifiers(settings: PreprocessSettings, args: argparse.Namespace) -> dict[str, ImageClassifier]:
    """The two classifiers for these settings: from the cache, or trained, checked and cached."""
    key = cache_key(settings, args)
    paths = {task: args.cache / f"demo-{task.replace(' ', '-')}-{settings.resolution}px-{key}.pt"
             for task in TASKS}
    with contextlib.suppress(CheckpointError):
        found = {task: ImageClassifier.load(path) for task, path in paths.items()}
        print(f"classifiers from the cache ({args.cache})", file=sys.stderr)
        return found
    if not _unchanged_by_recording():
        raise RuntimeError("Recording the part type changed the demo pictures.")
    start = time.perf_counter()
    train = render_labelled(args.train_per_condition, TRAIN_SEED, settings, wide_bores=WIDE_SHARE)
    test = render_labelled(args.test_per_condition, TEST_SEED, settings)
    # The shortcut check: round parts that all have a nut-sized bore, never seen in training.
    wide = render_labelled(args.test_per_condition, WIDE_SEED, settings, wide_bores=1.0)
    wide = {key: value[wide["part type"] == 0] for key, value in wide.items()}
    print(f"rendered {len(train['images'])} + {len(test['images'])} + {len(wide['images'])} real pictures at "
          f"{settings.resolution} px in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    scale = settings.resolution / 32
    soft = np.stack([_soften(picture, SOFT * scale) for picture in test["images"]])
    out = {}
    for task, names in TASKS.items():
        def show(epoch: int, acc: float, task: str = task) -> None:
            print(f"  {task}: epoch {epoch}, validation accuracy {acc:.3f}", file=sys.stderr)

        model, fit = ImageClassifier.fit(train["images"], train[task], names, width=args.width, flips=True,
                                         blur=BLUR * scale, seed=0, progress=show)
        truth = np.bincount(test[task], minlength=len(names)) / len(test[task])
        model.info = {"fit": asdict(fit), "held_out": model.score(test["images"], test[task]).to_dict(),
                      "real_shares": dict(zip(names, truth.tolist(), strict=True)),
                      "counted_on_real": model.shares(test["images"]),
                      "wide_bore_rounds": model.score(wide["images"], wide[task]).to_dict(),
                      "softened": model.score(soft, test[task]).to_dict()}
        model.save(paths[task])
        out[task] = model
    return out


def census(models: dict[str, ImageClassifier], images: np.ndarray) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for task, model in models.items():
        proba = model.predict_proba(images)
        result[task] = {"shares": model.shares(images), "mean_confidence": float(proba.max(axis=1).mean())}
    return result


def _pct(value: float) -> str:
    return f"{100 * value:6.1f} %"


def print_accuracy(models: dict[str, ImageClassifier]) -> None:
    for task, model in models.items():
        held, fit, wide = model.info["held_out"], model.info["fit"], model.info["wide_bore_rounds"]
        soft = model.info["softened"]
        recall = ", ".join(f"{name} {_pct(r).strip()}" for name, r in held["recall"].items())
        print(f"{task} classifier: {_pct(held['accuracy']).strip()} right on {held['count']} held-out real "
              f"pictures (recall: {recall}); trained in {fit['seconds']:.0f} s, "
              f"{fit['epochs']} epochs (best {fit['best_epoch']}); on {wide['count']} round parts with a "
              f"nut-sized bore: {_pct(wide['accuracy']).strip()} right; on the held-out pictures softened "
              f"by a {SOFT * model.side / 32:.1f} px blur: {_pct(soft['accuracy']).strip()} right")


def print_table(models: dict[str, ImageClassifier], counted: dict[str, Any]) -> None:
    print(f"\n{'':10} {'real':>9} {'counted on real':>16} {'generated':>10}")
    for task, model in models.items():
        print(f"{task}  (confidence on generated images {counted[task]['mean_confidence']:.2f})")
        for name in model.classes:
            print(f"  {name:8} {_pct(model.info['real_shares'][name])} {_pct(model.info['counted_on_real'][name]):>16}"
                  f" {_pct(counted[task]['shares'][name]):>10}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", nargs="?", type=Path, help="run folder (newest checkpoint) or checkpoint file")
    parser.add_argument("-n", type=int, default=1000, help="images to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="latent seed of the generated images")
    parser.add_argument("--resolution", type=int, default=32, help="without a run: the classifiers' size")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "aigc-demo-census")
    parser.add_argument("--train-per-condition", type=int, default=1000, help="real training pictures")
    parser.add_argument("--test-per-condition", type=int, default=250, help="held-out real pictures")
    parser.add_argument("--width", type=int, default=16, help="classifier width")
    parser.add_argument("--raw", action="store_true", help="use the raw generator, not the EMA one")
    parser.add_argument("--threads", type=int, help="torch threads (on a busy machine, 1 is often faster)")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    if args.n < 1 or args.train_per_condition < 10 or args.test_per_condition < 1:
        parser.error("-n must be at least 1, --train-per-condition at least 10, --test-per-condition at least 1")

    if args.threads:
        torch.set_num_threads(args.threads)
    gen = load_generator(args.run, "cpu", use_ema=not args.raw) if args.run else None
    settings = gen.config.preprocess if gen else PreprocessSettings(resolution=args.resolution)
    settings.validate()
    models = classifiers(settings, args)
    print_accuracy(models)
    result: dict[str, Any] = {
        "resolution": settings.resolution,
        "classifiers": {task: {**m.info["held_out"], "fit": m.info["fit"],
                               "wide_bore_rounds": m.info["wide_bore_rounds"], "softened": m.info["softened"]}
                        for task, m in models.items()},
        "real": {task: m.info["real_shares"] for task, m in models.items()},
        "counted_on_real": {task: m.info["counted_on_real"] for task, m in models.items()},
    }
    if gen is not None:
        images = gen.generate(latents(args.n, gen.config.z_dim, args.seed)).numpy()
        counted = census(models, images)
        print_table(models, counted)
        result.update(run=str(args.run), checkpoint=gen.checkpoint.name, step=gen.step, ema=gen.is_ema,
                      n=args.n, seed=args.seed, generated=counted)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
