"""The ``aigc-desktop`` command. With no subcommand it opens the window; the subcommands run the same
engine headless (train, resume, generate, devices). Errors are one plain line; bad input exits with 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aigc_desktop.cli_loading import model_and_pictures, run_folder, warn

if TYPE_CHECKING:
    from aigc_desktop.core.run.session import PreparedRun

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aigc-desktop", description="Teach an image generator (GAN) from your pictures.")
    p.add_argument("--demo", action="store_true", help="open the window with the built-in demo dataset loaded")
    p.add_argument("--install-shortcut", action="store_true",
                   help="add AIGC Desktop to this user's application menu and desktop (Linux)")
    p.add_argument("--self-test", action="store_true",
                   help="check this installation without a window: train a few steps on the demo set, "
                        "generate an image, exit 0 when all works")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    t = sub.add_parser("train", help="train a new run from folders, zips or image files")
    t.add_argument("data", nargs="*", help="folders, .zip files or image files")
    t.add_argument("--out", required=True, help="run folder to create")
    t.add_argument("--demo", action="store_true", help="use the built-in demo dataset")
    t.add_argument("--preset", help="cpu-quick, cpu-detail, gpu-standard or gpu-high "
                                    "(default: chosen for the device and the number of pictures)")
    t.add_argument("--resolution", type=int)
    t.add_argument("--steps", type=int)
    t.add_argument("--minutes", type=float, help="stop cleanly with a checkpoint after this many minutes")
    t.add_argument("--batch", type=int)
    t.add_argument("--device", default="auto", help="auto, cpu, cuda:0, ...")
    t.add_argument("--loss", choices=["bce", "hinge", "wgan-gp"])
    t.add_argument("--xflip", choices=["auto", "on", "off"],
                   help="show D the pictures mirrored half of the time (auto: when mirrored pictures look "
                        "like the set; default)")
    t.add_argument("--rotate", choices=["auto", "on", "off"],
                   help="the generator draws each part upright and turns it to an angle of its own (auto: "
                        "at 64 px or more when turned pictures look like the set; by class, the classes are "
                        "then told apart by their details, not the outline; default)")
    t.add_argument("--conditional", choices=["auto", "on", "off"],
                   help="learn the class folders (ok/, crack/, ...) so that generate can be asked for one "
                        "class (auto: with two or more class folders; default)")
    t.add_argument("--kinds", type=int, metavar="N",
                   help="group the pictures into N kinds by look and have the generator draw each kind as "
                        "often as it occurs, so that no kind of part is dropped (-1: auto, the default: "
                        "4 kinds of outline where the generator turns by class, else off; 0: off; off by "
                        "itself below 10 pictures a kind)")
    t.add_argument("--channels", type=int, choices=[1, 3])
    t.add_argument("--fit", choices=["crop", "pad"])
    t.add_argument("--seed", type=int)
    t.add_argument("--sample-every", type=int)
    t.add_argument("--checkpoint-every", type=int)
    t.add_argument("--log-every", type=int)

    r = sub.add_parser("resume", help="continue a run from its newest checkpoint")
    r.add_argument("run", help="run folder")
    g = r.add_mutually_exclusive_group()
    g.add_argument("--steps", type=int, help="train until this total step count")
    g.add_argument("--minutes", type=float, help="train this many more minutes")
    r.add_argument("--device", help="auto, cpu, cuda:0, ... (default: the run's setting)")
    r.add_argument("--start-over", action="store_true",
                   help="when no checkpoint of the run can be loaded, train it again from step 0 "
                        "(without this, resume stops and says why)")

    gen = sub.add_parser("generate", help="write N images and grid.png from a trained run")
    gen.add_argument("run", help="run folder or checkpoint file")
    gen.add_argument("-n", type=int, default=64, help="how many images (default 64)")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", required=True, help="folder for the PNG files")
    gen.add_argument("--device", default="cpu")
    gen.add_argument("--no-ema", action="store_true", help="use the live generator instead of its average")
    gen.add_argument("--psi", type=float, default=1.0,
                     help="truncation ψ from 0 to 1: lower gives more typical, less varied images (default 1)")
    gen.add_argument("--class", dest="class_name", metavar="NAME",
                     help="only pictures of this class (a model trained by class); 'all': N of each class, "
                          "each in a sub-folder named after it")
    gen.add_argument("--like", nargs="+", metavar="PNG",
                     help="make these exported images again, exactly, from the provenance they carry")

    ev = sub.add_parser("evaluate", help="print the offline quality score of a run as JSON "
                        "(SWD, coverage, precision, memorised share, colour error)")
    ev.add_argument("run", help="run folder")
    ev.add_argument("--checkpoint", type=int, metavar="STEP", help="a checkpoint's step (default: the newest)")
    ev.add_argument("-n", type=int, default=1000, help="how many images to generate (default 1000)")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--device", default="cpu")

    ex = sub.add_parser("export-dataset", help="write a labelled dataset for an inspection model: <class>/*.png "
                        "and manifest.csv, in a folder or a .zip (a run trained by class)")
    ex.add_argument("run", help="run folder")
    ex.add_argument("--per-class", type=int, required=True, metavar="N", help="pictures of each class")
    ex.add_argument("--out", required=True, help="a new or empty folder, or FILE.zip")
    ex.add_argument("--class", dest="classes", nargs="+", metavar="NAME", help="only these classes (default: all)")
    ex.add_argument("--keep-best", type=int, default=1, metavar="K",
                    help="of every M pictures made, keep the K the discriminator finds most real")
    ex.add_argument("--of", type=int, default=1, metavar="M")
    ex.add_argument("--seed", type=int, default=0)
    ex.add_argument("--psi", type=float, default=1.0, help="truncation ψ from 0 to 1 (default 1)")
    ex.add_argument("--keep-copies", action="store_true",
                    help="also export pictures that are near-copies of training pictures (left out by default)")
    ex.add_argument("--device", default="cpu")

    us = sub.add_parser("usefulness", help="do the generated pictures help an inspection classifier? Trains a "
                        "small classifier on real, real + generated and generated pictures and tests it on the "
                        "real pictures the run held out (a run trained by class); prints JSON")
    us.add_argument("run", help="run folder")
    us.add_argument("--seeds", type=int, default=3, help="repeats of each classifier, for the spread (default 3)")
    us.add_argument("--minutes", type=float, default=0.0, help="stop adding repeats after this long (0: no limit)")
    us.add_argument("--per-class", type=int, metavar="N", help="generated pictures per class (default: as many as "
                    "the class has real ones, 100 to 1000)")
    us.add_argument("--device", default="cpu")

    sub.add_parser("devices", help="list the devices that can train")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.install_shortcut:
        from aigc_desktop.shortcut import install_shortcut

        for path in install_shortcut():
            print(f"wrote {path}")
        return 0
    if args.self_test:
        from aigc_desktop.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        from aigc_desktop.app import run_app

        return run_app(sys.argv[:1], demo=args.demo)
    # Engine imports are deferred: `aigc-desktop --help` should not wait for torch.
    from aigc_desktop.core.errors import (
        CheckpointError,
        ConfigError,
        DataError,
        DiskFullError,
        FolderNotWritable,
    )

    try:
        return _COMMANDS[args.command](args)
    except (ConfigError, DataError, CheckpointError, FileNotFoundError, FolderNotWritable) as exc:
        print(f"aigc-desktop: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DiskFullError as exc:
        print(f"aigc-desktop: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("aigc-desktop: interrupted", file=sys.stderr)
        return 130


def _train(args: argparse.Namespace) -> int:
    from aigc_desktop.cli_progress import run_with_progress
    from aigc_desktop.core.data.demo import demo_dataset_path
    from aigc_desktop.core.data.detail import sample_fine_detail
    from aigc_desktop.core.data.scan import count_pictures
    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.run import distributed
    from aigc_desktop.core.run.config import TrainConfig
    from aigc_desktop.core.run.presets import get_preset, recommend_preset
    from aigc_desktop.core.run.session import start_run

    paths = list(args.data)
    if args.demo:
        paths.append(str(demo_dataset_path()))
    if not paths:
        raise ConfigError("Give at least one folder, .zip or image file to train on, or --demo.")
    config = TrainConfig(device=args.device)
    dist = distributed.from_environment()
    device = distributed.init(dist, args.device)
    # The names are counted (quick) rather than scanned: every rank must pick the same preset, and a
    # bad setting should be refused before minutes of scanning.
    if args.preset:
        preset = get_preset(args.preset)
    else:  # the same few dozen pictures on every rank: every rank measures the same detail
        preset = recommend_preset(device.type, count_pictures(paths),
                                  sample_fine_detail(paths) if device.type == "cpu" else None)
    config = preset.apply(config)
    overrides = {
        "resolution": args.resolution, "steps": args.steps, "minutes": args.minutes, "batch": args.batch,
        "loss": args.loss, "xflip": args.xflip, "g_rotate": args.rotate, "conditional": args.conditional,
        "kinds": args.kinds,
        "channels": args.channels, "fit": args.fit, "seed": args.seed,
        "sample_every": args.sample_every, "checkpoint_every": args.checkpoint_every,
        "log_every": args.log_every,
    }
    config = config.replace(**{k: v for k, v in overrides.items() if v is not None})
    if args.loss == "wgan-gp":
        # WGAN-GP's authors use Adam without momentum; with it the critic oscillates.
        config = config.replace(beta1=0.0, beta2=0.9)
    if args.minutes is not None and args.steps is None:
        config = config.replace(steps=0)
    config.validate()
    return run_with_progress(
        lambda progress: start_run(paths, args.out, config, device=device, progress=progress, dist=dist), dist)


def _resume(args: argparse.Namespace) -> int:
    from aigc_desktop.cli_progress import run_with_progress
    from aigc_desktop.core.run import distributed
    from aigc_desktop.core.run.checkpoints import NoLoadableCheckpoint
    from aigc_desktop.core.run.session import resume_run

    dist = distributed.from_environment()
    device = distributed.init(dist, args.device or "auto")
    steps, minutes = args.steps, args.minutes
    if minutes is not None:
        steps = 0  # time-limited: the step limit no longer applies

    def prepare(progress: Callable[[str, int, int], None]) -> PreparedRun:
        return resume_run(args.run, steps=steps, minutes=minutes, device=device, start_over=args.start_over,
                          progress=progress, dist=dist)

    try:
        return run_with_progress(prepare, dist)
    except NoLoadableCheckpoint as exc:
        print(f"aigc-desktop: error: {exc}", file=sys.stderr)
        for reason in exc.refused:
            print(f"  {reason}", file=sys.stderr)
        print("To train this run again from step 0, add --start-over (files that failed to load are kept in "
              "checkpoints/refused/).", file=sys.stderr)
        return EXIT_BAD_INPUT


def _generate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.sampling.generation import generate_to_folder, load_generator

    if args.like:
        return _regenerate(args)
    if not 1 <= args.n <= 100_000:
        raise ConfigError(f"-n must be from 1 to 100000 (got {args.n}).")
    if not 0.0 <= args.psi <= 1.0:
        raise ConfigError(f"--psi must be from 0 to 1 (got {args.psi}).")
    gen = load_generator(args.run, args.device, use_ema=not args.no_ema)
    warn(gen.warnings)
    if args.class_name is None:
        jobs = [(None, Path(args.out))]
    elif args.class_name == "all" and "all" not in gen.classes:
        gen.require_classes()
        jobs = [(i, Path(args.out) / name) for i, name in enumerate(gen.classes)]
    else:
        jobs = [(gen.class_index(args.class_name), Path(args.out))]
    for label, out in jobs:
        desc = "generate" if label is None else gen.classes[label]
        with tqdm(total=args.n, unit="img", file=sys.stderr, desc=desc) as bar:
            paths = generate_to_folder(gen, args.n, args.seed, out, psi=args.psi, label=label,
                                       progress=lambda done, _total: bar.update(done - bar.n))
        what = "" if label is None else f" of class {gen.classes[label]}"
        print(f"Wrote {len(paths)} images{what} and grid.png to {out.resolve()} "
              f"(step {gen.step}, {'EMA' if gen.is_ema else 'live'} generator).", file=sys.stderr)
    return 0


def _regenerate(args: argparse.Namespace) -> int:
    from aigc_desktop.core.sampling.export import read_provenance, regenerate, save_png_with_provenance
    from aigc_desktop.core.sampling.generation import to_pil

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for png in args.like:
        try:
            prov = read_provenance(png)
        except OSError as exc:
            raise FileNotFoundError(f"Can't read {png}: {exc}") from exc
        image = regenerate(args.run, prov, device=args.device)
        target = out / Path(png).name
        save_png_with_provenance(to_pil(image), target, prov)
        print(f"made {target} again (step {prov['aigc:step']}, seed {prov['aigc:seed']}, "
              f"index {prov['aigc:latent_index']})", file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.messages import Sentence
    from aigc_desktop.core.sampling.class_agreement import CHECKING_CLASSES, ClassJudge, fading_note
    from aigc_desktop.core.sampling.quality import evaluate

    run = run_folder(args.run)
    if not 16 <= args.n <= 100_000:
        raise ConfigError(f"-n must be from 16 to 100000 (got {args.n}).")
    path = run.checkpoint_path(args.checkpoint) if args.checkpoint is not None else run.root
    gen, real = model_and_pictures(run, path, args.device)
    # A model by class is also checked class by class, by a classifier kept in the run folder.
    judge = ClassJudge.for_run(run.root, real, before_fit=lambda: print(
        Sentence(CHECKING_CLASSES, count=len(real.classes)), file=sys.stderr)) if gen.conditional else None
    report = evaluate(gen, real, n=args.n, seed=args.seed, judge=judge)
    row = report.as_dict()
    # The training pictures nothing generated resembles, the most unlike first: a few are enough to look at.
    uncovered = row.pop("uncovered")
    row["uncovered_count"] = len(uncovered)
    row["uncovered_examples"] = report.uncovered_names(real.sources, 8)
    row["summary"] = " ".join(report.describe() + fading_note(report.classes, gen.config, gen.step))
    print(json.dumps({"run": str(run.root), "step": gen.step, "ema": gen.is_ema, **row}, indent=2))
    return 0


def _export_dataset(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.sampling.curation import load_discriminator
    from aigc_desktop.core.sampling.labelled_export import check_export_settings, export_labelled_dataset

    run = run_folder(args.run)
    check_export_settings(args.per_class, (args.keep_best, args.of))
    if not 0.0 <= args.psi <= 1.0:
        raise ConfigError(f"--psi must be from 0 to 1 (got {args.psi}).")
    gen, real = model_and_pictures(run, run.root, args.device)
    gen.require_classes()
    for name in args.classes or []:
        gen.class_index(name)  # before minutes of work: a plain message listing the classes
    d = load_discriminator(gen.checkpoint, args.device)
    total = args.per_class * len(args.classes or gen.classes)
    with tqdm(total=total, unit="img", file=sys.stderr, desc="export") as bar:
        result = export_labelled_dataset(
            gen, d, real, args.out, args.per_class, classes=args.classes, keep=(args.keep_best, args.of),
            seed=args.seed, psi=args.psi, leave_out_copies=not args.keep_copies,
            progress=lambda done, _total: bar.update(done - bar.n))
    for warning in result.warnings:
        print(f"aigc-desktop: warning: {warning}", file=sys.stderr)
    if result.error is not None:
        print(f"aigc-desktop: error: {result.error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(result.describe(), file=sys.stderr)
    return 0


def _usefulness(args: argparse.Namespace) -> int:
    import json

    from tqdm import tqdm

    from aigc_desktop.core.errors import ConfigError
    from aigc_desktop.core.run.session import held_out_pictures
    from aigc_desktop.core.sampling.usefulness import usefulness

    run = run_folder(args.run)
    if not 1 <= args.seeds <= 20 or args.minutes < 0 or (args.per_class is not None and not 1 <= args.per_class <= 10_000):
        raise ConfigError("--seeds must be from 1 to 20, --minutes 0 or more, --per-class from 1 to 10000.")
    gen, real = model_and_pictures(run, run.root, args.device)
    with tqdm(total=args.seeds * 3, unit="classifier", file=sys.stderr, desc="usefulness") as bar:
        report = usefulness(gen, real, held_out_pictures(run.root, gen.config), seeds=args.seeds,
                            minutes=args.minutes, per_class=args.per_class,
                            progress=lambda _phase, done, _total: bar.update(done - bar.n))
    for sentence in report.sentences:
        print(sentence, file=sys.stderr)
    print(json.dumps({"run": str(run.root), "step": gen.step, **report.as_dict()}, indent=2))
    return 0


def _devices(args: argparse.Namespace) -> int:
    from aigc_desktop.core.run.devices import list_devices, resolve_device

    auto = resolve_device("auto")
    for d in list_devices():
        mark = "  (auto)" if d.id == str(auto) else ""
        print(d.label() + mark)
    return 0


_COMMANDS = {"train": _train, "resume": _resume, "generate": _generate, "evaluate": _evaluate,
             "export-dataset": _export_dataset, "usefulness": _usefulness, "devices": _devices}


if __name__ == "__main__":
    raise SystemExit(main())
