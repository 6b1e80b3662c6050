"""What a turning generator draws in its own frame: each latent drawn turned (as the app shows it) and upright.

    python benchmarks/upright_frame.py RUN_OR_CHECKPOINT OUT.png [-n 32] [--seed 0] [--class crack]

A run that turns its parts (``g_rotate`` on) has G draw every part upright and then turn it by an angle
read from the latent (``Generator._turned``). Switching the turn off for the same latents shows where G
puts things in its own frame: on the demo set, the defect marks sat at fixed places for every latent of a
class (with the class from 16 px on the vertical axis, top and bottom), which is most likely why they come
in pairs on opposite sides (benchmarks/RESULTS.md, sixteenth session). The grid holds pairs side by side: turned, then upright; 4 pairs to a row.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch
from torchvision.utils import save_image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aigc_desktop.core.sampling.generation import load_generator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a run folder (its newest checkpoint) or a checkpoint file")
    parser.add_argument("out", help="the PNG to write")
    parser.add_argument("-n", type=int, default=32, help="latents (default 32)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--class", dest="class_name", default="", help="one class for all (default: each in turn)")
    args = parser.parse_args(argv)
    gen = load_generator(args.source)
    if not gen.model.rotate:
        print("This run does not turn its parts: both halves of each pair would be the same.", file=sys.stderr)
        return 1
    z = torch.randn(args.n, gen.model.z_dim, generator=torch.Generator().manual_seed(args.seed))
    labels = gen.labels_of(range(args.n), args.class_name)
    turned = gen.generate(z, labels)
    gen.model.rotate = False
    upright = gen.generate(z, labels)
    pairs = torch.stack([turned, upright], dim=1).flatten(0, 1)
    save_image(pairs.float() / 255, args.out, nrow=8, padding=2)
    print(f"{args.n} latents, turned and upright side by side: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
