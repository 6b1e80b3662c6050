"""Count what a generator makes on the demo set: the share of each part type and of each condition.

    python benchmarks/demo_census.py RUN_OR_CHECKPOINT [-n 5000] [--seed 0] [--cache DIR] [--json FILE]
    python benchmarks/demo_census.py --resolution 64      # only train and check the classifiers

Two classifiers (``core/sampling/classifier.py``) learn from fresh demo pictures drawn by
``resources/make_demo_dataset.py`` with other seeds than the shipped set, at the run's resolution and
preprocessing: one tells a round part (flange or washer) from a hex nut, the other tells the
condition (ok, scratch, dent, crack). Their accuracy is printed FIRST, on held-out real pictures and
on two harder checks: round parts with a nut-sized bore, and the held-out pictures softened by a
blur, because generated pictures are both (a classifier that can't see a defect can't count it).
Then the run's EMA generator makes N images and the script prints the share of each class, beside the
true shares of the held-out real pictures and what the classifier counts on them (its own bias), as a
table and as JSON; "sure" counts only images the classifier is as sure of as of 95 % of real ones.

Part types are also counted by the outline itself (``outline_hexness``): classifiers trained on real
pictures are not reliable on generated ones, which are unlike any real picture. On a cpu-quick run
whose images show no nut at all, classifiers counted 34.5 % nuts (trained on the plain demo set), then
9-17 % (trained with blur and wide bores; the figure moved with the number of epochs), while the outline
counts 0-1 %. Neither count is to be trusted alone (tenth session, RESULTS "Counting the nuts by eye"):
on the by-class default run the classifier counted 20 % nuts where a grid of 64 shows none (its surest
"nuts" are round rings with a wide bore), and on a run whose grid shows about 18 hexagonal nuts in 64
the outline counted 0.7 % (soft, dark hexagons fall below the threshold set on real ones). So save
``--look`` and count the part types by eye; read the condition shares as the classifier's opinion, not
a count. The classifiers are cached under --cache, keyed by resolution and recipe.

Each generated share is printed with its 95 % margin (sampling only: the classifier's own errors come on
top). 5,000 images by default: with the 1,000 used until the nineteenth session the margin was ±2.8 points
at a 30 % share, and the first and second thousand latents of one run counted 29.3 % and 33.6 % nuts —
too coarse to say which side of 30 % a run lands (RESULTS, nineteenth session).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torchvision
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from hex_outline import outline_check, outline_hexness

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
# On real pictures the classifiers are nearly always sure (a nut: p > 0.999); generated pictures
# unlike any real one get middling probabilities. "Sure" = at least as sure as on 95 % of real ones.
SURE_QUANTILE = 0.05
CHECKS = ("fit", "wide_bore_rounds", "softened", "sure", "outline")  # what the JSON reports of each
CENSUS_VERSION = 6  # bump when the recipe below changes, so old cached classifiers are not reused


@contextlib.contextmanager
def drawing_parts(wide_bores: float = 0.0, seed: int = 0) -> Iterator[list[int]]:
    """Within the block, every ``demo.render`` call appends 0 (round part) or 1 (hex nut) to the list.

    The renderer looks ``_flange``/``_hex_nut`` up by name when it draws, so wrapping them records the
    choice without touching the renderer or the random numbers it draws. With ``wide_bores`` > 0, that
    share of the round parts gets a bore as wide as a nut's (drawn from a random stream of its own):
    a classifier shown only the demo's narrow-bore flanges learns "wide bore = nut", and then calls
    the generator's round, wide-bored parts nuts.
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
            bore = max(bore, radius * widen.uniform(0.42, 0.55))  # a nut's: 0.45-0.55 of its half-width
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


def real_sets(settings: PreprocessSettings, args: argparse.Namespace) -> dict[str, dict[str, np.ndarray]]:
    """Training pictures, held-out pictures, held-out round parts with nut-sized bores, and the
    held-out pictures softened."""
    if not _unchanged_by_recording():
        raise RuntimeError("Recording the part type changed the demo pictures.")
    start = time.perf_counter()
    train = render_labelled(args.train_per_condition, TRAIN_SEED, settings, wide_bores=WIDE_SHARE)
    test = render_labelled(args.test_per_condition, TEST_SEED, settings)
    wide = render_labelled(args.test_per_condition, WIDE_SEED, settings, wide_bores=1.0)
    wide = {name: value[wide["part type"] == 0] for name, value in wide.items()}
    soft = [_soften(picture, SOFT * settings.resolution / 32) for picture in test["images"]]
    print(f"rendered {len(train['images'])} + {len(test['images'])} + {len(wide['images'])} real pictures at "
          f"{settings.resolution} px in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return {"train": train, "held_out": test, "wide_bore_rounds": wide, "softened": {**test, "images": np.stack(soft)}}


def classifiers(settings: PreprocessSettings, args: argparse.Namespace) -> dict[str, ImageClassifier]:
    """The two classifiers for these settings: from the cache, or trained, checked and cached."""
    key = cache_key(settings, args)
    sets: dict[str, dict[str, np.ndarray]] = {}
    out = {}
    for task, names in TASKS.items():
        path = args.cache / f"demo-{task.replace(' ', '-')}-{settings.resolution}px-{key}.pt"
        with contextlib.suppress(CheckpointError):
            out[task] = ImageClassifier.load(path)
            print(f"{task} classifier from the cache: {path}", file=sys.stderr)
            continue
        sets = sets or real_sets(settings, args)

        def show(epoch: int, acc: float, task: str = task) -> None:
            print(f"  {task}: epoch {epoch}, validation accuracy {acc:.3f}", file=sys.stderr)

        train = sets["train"]
        model, fit = ImageClassifier.fit(train["images"], train[task], names, width=args.width, flips=True,
                                         blur=BLUR * settings.resolution / 32, seed=0, progress=show)
        truth = np.bincount(sets["held_out"][task], minlength=len(names)) / len(sets["held_out"][task])
        model.info = {"fit": asdict(fit), "real_shares": dict(zip(names, truth.tolist(), strict=True)),
                      "counted_on_real": model.shares(sets["held_out"]["images"])}
        for check in ("held_out", "wide_bore_rounds", "softened"):
            model.info[check] = model.score(sets[check]["images"], sets[check][task]).to_dict()
        top = model.predict_proba(sets["held_out"]["images"]).max(axis=1)
        model.info["sure"] = float(np.quantile(top, SURE_QUANTILE))
        if task == "part type":
            model.info["outline"] = outline_check(sets)
        model.save(path)
        out[task] = model
    return out


def census(models: dict[str, ImageClassifier], images: np.ndarray) -> dict[str, Any]:
    """Shares of the classes among ``images``: all of them, and only those the classifier is as sure
    of as it is of most real pictures (the rest are "unsure": pictures unlike any real one)."""
    result: dict[str, Any] = {}
    for task, model in models.items():
        proba = model.predict_proba(images)
        top, pred = proba.max(axis=1), proba.argmax(axis=1)
        sure = {name: float(np.mean((pred == k) & (top >= model.info["sure"])))
                for k, name in enumerate(model.classes)}
        shares = model.shares(images)
        result[task] = {"shares": shares, "margins": {name: margin(share, len(images)) for name, share in shares.items()},
                        "sure_shares": sure,
                        "unsure": 1.0 - sum(sure.values()), "mean_confidence": float(top.mean())}
        if "outline" in model.info:
            result[task]["hex outline"] = float(np.mean(outline_hexness(images) >= model.info["outline"]["threshold"]))
    return result


def save_look(model: ImageClassifier, images: np.ndarray, path: Path) -> None:
    """A sheet to count by eye: 64 images as drawn, a gap, then the 32 surest "hex nut" calls.

    Classifiers trained on real pictures misread generated ones: on the by-class default run they called
    20 % of the images nuts, and their surest calls were round rings with a wide bore (tenth session)."""
    surest = np.argsort(-model.predict_proba(images)[:, model.classes.index("hex nut")])[:32]
    picked = [images[:64], np.zeros((8, *images.shape[1:]), images.dtype), images[surest]]
    grid = torchvision.utils.make_grid(torch.from_numpy(np.concatenate(picked)), nrow=8, padding=2)
    Image.fromarray(grid.permute(1, 2, 0).numpy()).save(path)


def margin(share: float, n: int) -> float:
    """Half the width of the 95 % interval of a share counted among ``n`` images (normal approximation,
    Wilson's interval would differ in the third digit at these counts)."""
    return 1.96 * math.sqrt(max(share * (1.0 - share), 0.0) / max(n, 1))


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
        if "outline" in model.info:
            out = model.info["outline"]
            print(f"hexagonal outline (6-fold harmonic at least {out['threshold']:.4f}): "
                  + ", ".join(f"{check.replace('_', ' ')} {_pct(out[check]).strip()} right"
                              for check in ("held_out", "wide_bore_rounds", "softened")))


def print_table(models: dict[str, ImageClassifier], counted: dict[str, Any]) -> None:
    def row(name: str, *cells: float | None) -> None:
        print(f"  {name:12}" + "".join(f"{_pct(c) if c is not None else '':>17}" for c in cells))

    print(f"\n{'':14}" + "".join(f"{h:>17}" for h in ("real", "counted on real", "generated", "± (95 %)",
                                                       "generated, sure")))
    for task, model in models.items():
        info, gen = model.info, counted[task]
        print(f"{task} (sure: probability at least {info['sure']:.3f})")
        for name in model.classes:
            row(name, info["real_shares"][name], info["counted_on_real"][name], gen["shares"][name],
                gen["margins"][name], gen["sure_shares"][name])
        row("unsure", None, None, None, None, gen["unsure"])
        if "outline" in info:
            row("hex outline", info["real_shares"]["hex nut"], info["outline"]["counted_on_real"],
                gen["hex outline"])


def class_agreement(gen: Any, model: ImageClassifier, n: int, seed: int) -> dict[str, dict[str, float]]:
    """For a model trained by class: make ``n`` pictures of each class and say how often the condition
    classifier (trained on real pictures) puts them into the class asked for, and how sure it is."""
    out: dict[str, dict[str, float]] = {}
    z = latents(n, gen.config.z_dim, seed)
    for name in gen.classes:
        proba = model.predict_proba(gen.generate(z, labels=gen.class_index(name)).numpy())
        k = model.classes.index(name)
        out[name] = {"agreement": float(np.mean(proba.argmax(axis=1) == k)),
                     "sure_agreement": float(np.mean((proba.argmax(axis=1) == k) & (proba.max(axis=1) >= model.info["sure"]))),
                     "shares": {c: float(np.mean(proba.argmax(axis=1) == j)) for j, c in enumerate(model.classes)}}
        print(f"class {name:8s}: {out[name]['agreement']:.1%} put into {name} by the classifier "
              f"(sure: {out[name]['sure_agreement']:.1%})", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", nargs="?", type=Path, help="run folder (newest checkpoint) or checkpoint file")
    parser.add_argument("-n", type=int, default=5000, help="images to generate and count (default 5000)")
    parser.add_argument("--agreement-n", type=int, default=1000,
                        help="images per class for the class agreement of a run by class (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="latent seed of the generated images")
    parser.add_argument("--resolution", type=int, default=32, help="without a run: the classifiers' size")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "aigc-demo-census")
    parser.add_argument("--train-per-condition", type=int, default=1000, help="real training pictures")
    parser.add_argument("--test-per-condition", type=int, default=250, help="held-out real pictures")
    parser.add_argument("--width", type=int, default=16, help="classifier width")
    parser.add_argument("--raw", action="store_true", help="use the raw generator, not the EMA one")
    parser.add_argument("--threads", type=int, help="torch threads (on a busy machine, 1 is often faster)")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    parser.add_argument("--look", type=Path, help="also save a PNG to check the count by eye: the first 64 images, "
                                                  "then the 32 the classifier is surest are hex nuts")
    args = parser.parse_args(argv)
    if args.n < 1 or args.agreement_n < 1 or args.train_per_condition < 10 or args.test_per_condition < 1:
        parser.error("-n and --agreement-n must be at least 1, --train-per-condition at least 10, --test-per-condition at least 1")

    if args.threads:
        torch.set_num_threads(args.threads)
    gen = load_generator(args.run, "cpu", use_ema=not args.raw) if args.run else None
    settings = gen.config.preprocess if gen else PreprocessSettings(resolution=args.resolution)
    settings.validate()
    models = classifiers(settings, args)
    print_accuracy(models)
    result: dict[str, Any] = {
        "resolution": settings.resolution,
        "classifiers": {task: {**m.info["held_out"], **{k: m.info[k] for k in CHECKS if k in m.info}}
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
        if gen.conditional:
            result["class_agreement"] = class_agreement(gen, models["condition"], args.agreement_n, args.seed)
        if args.look:
            save_look(models["part type"], images, args.look)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
