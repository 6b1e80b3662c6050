"""Training throughput: the engine against a plain PyTorch DCGAN loop, side by side in one run.

The plain loop is written the way the PyTorch DCGAN example is: ImageFolder + DataLoader decoding
every image each epoch, nn.BCELoss on a sigmoid D, Adam. Same architecture (nz=100, ngf=ndf=64 at
64 px by default), same batch, same device. Also counts the step's FLOPs (torch.utils.flop_counter)
and compares the achieved GFLOP/s to a large matmul measured in the same run.

    python benchmarks/throughput.py [--resolution 64] [--batch 64] [--steps 4] [--rounds 3] [--device cpu]
                                    [--amp off|bf16] [--channels-last]

Prints a table; the last line is the engine/plain ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aigc_desktop.core.data.dataset_cache import load_or_build
from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.scan import scan
from aigc_desktop.core.gan.trainer import Trainer
from aigc_desktop.core.run.config import TrainConfig


def plain_models(nz: int, ngf: int, ndf: int, res: int) -> tuple[nn.Module, nn.Module]:
    """The DCGAN example's G and D, generalised to the resolution like the engine's."""
    n = res.bit_length() - 3  # upsampling stages after 4x4
    g: list[nn.Module] = [nn.ConvTranspose2d(nz, ngf * min(2 ** (n - 1), 8), 4, 1, 0, bias=False),
                          nn.BatchNorm2d(ngf * min(2 ** (n - 1), 8)), nn.ReLU(True)]
    ch = ngf * min(2 ** (n - 1), 8)
    for level in range(n - 2, -1, -1):
        out = ngf * min(2**level, 8)
        g += [nn.ConvTranspose2d(ch, out, 4, 2, 1, bias=False), nn.BatchNorm2d(out), nn.ReLU(True)]
        ch = out
    g += [nn.ConvTranspose2d(ch, 3, 4, 2, 1, bias=False), nn.Tanh()]
    d: list[nn.Module] = [nn.Conv2d(3, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True)]
    ch = ndf
    for level in range(1, n):
        out = ndf * min(2**level, 8)
        d += [nn.Conv2d(ch, out, 4, 2, 1, bias=False), nn.BatchNorm2d(out), nn.LeakyReLU(0.2, True)]
        ch = out
    d += [nn.Conv2d(ch, 1, 4, 1, 0, bias=False), nn.Sigmoid()]
    return nn.Sequential(*g), nn.Sequential(*d)


def plain_stepper(args: argparse.Namespace, device: torch.device) -> Callable[[], None]:
    import torchvision.datasets as dset
    import torchvision.transforms as transforms

    dataset = dset.ImageFolder(root=str(demo_dataset_path()), transform=transforms.Compose([
        transforms.Resize(args.resolution), transforms.CenterCrop(args.resolution), transforms.ToTensor(),
        transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]))
    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch, shuffle=True, num_workers=2,
                                         drop_last=True, persistent_workers=True)
    netG, netD = plain_models(100, args.width, args.width, args.resolution)
    netG.to(device)
    netD.to(device)
    criterion = nn.BCELoss()
    optD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    batches = iter(())

    def step() -> None:
        nonlocal batches
        try:
            data = next(batches)
        except StopIteration:  # a new epoch: the DataLoader decodes every image again
            batches = iter(loader)
            data = next(batches)
        real = data[0].to(device)  # an ImageFolder batch is (images, labels)
        b = real.size(0)
        netD.zero_grad()
        out = netD(real).view(-1)
        errD_real = criterion(out, torch.full((b,), 1.0, device=device))
        errD_real.backward()
        fake = netG(torch.randn(b, 100, 1, 1, device=device))
        out = netD(fake.detach()).view(-1)
        errD_fake = criterion(out, torch.full((b,), 0.0, device=device))
        errD_fake.backward()
        optD.step()
        netG.zero_grad()
        out = netD(fake).view(-1)
        errG = criterion(out, torch.full((b,), 1.0, device=device))
        errG.backward()
        optG.step()
        _ = errD_real.item() + errD_fake.item() + errG.item()  # the example prints these every step

    return step


def engine_trainer(args: argparse.Namespace, device: torch.device, channels_last: bool) -> Trainer:
    config = TrainConfig(resolution=args.resolution, z_dim=100, g_width=args.width, d_width=args.width,
                         batch=args.batch, diffaug="off", amp=args.amp, channels_last=channels_last,
                         device=str(device), steps=1000)
    result = scan([demo_dataset_path()])
    dataset = load_or_build(result, config.preprocess, Path(args.cache))
    return Trainer(config, dataset, device)


def measure(steppers: dict[str, Callable[[], None]], args: argparse.Namespace, device: torch.device) -> dict:
    """Interleaved rounds, so that load from other processes on a shared machine hits all alike."""
    for step in steppers.values():
        for _ in range(args.warmup):
            step()
    seconds = dict.fromkeys(steppers, 0.0)
    for _ in range(args.rounds):
        for name, step in steppers.items():
            _sync(device)
            t0 = time.perf_counter()
            for _ in range(args.steps):
                step()
            _sync(device)
            seconds[name] += time.perf_counter() - t0
    return {name: args.rounds * args.steps * args.batch / s for name, s in seconds.items()}


def step_flops(args: argparse.Namespace, device: torch.device) -> float:
    from torch.utils.flop_counter import FlopCounterMode

    trainer = engine_trainer(args, device, False)
    trainer.step()
    with FlopCounterMode(display=False) as counter:
        trainer.step()
    return float(counter.get_total_flops())


def matmul_gflops(device: torch.device, n: int = 2048, reps: int = 10) -> float:
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    a @ b
    _sync(device)
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    _sync(device)
    return 2 * n**3 * reps / (time.perf_counter() - t0) / 1e9


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--resolution", type=int, default=64)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=4, help="steps per round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--amp", default="off", choices=["off", "bf16", "fp16"])
    p.add_argument("--cache", default="/tmp/aigc-bench-cache")
    args = p.parse_args()
    device = torch.device(args.device)
    print(f"device {device}, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"{args.resolution}px, batch {args.batch}, width {args.width}, amp {args.amp}, {args.rounds}×{args.steps} steps each")
    flops = step_flops(args, device)
    peak = matmul_gflops(device)
    ips = measure({"plain": plain_stepper(args, device), "engine": engine_trainer(args, device, False).step,
                   "engine_cl": engine_trainer(args, device, True).step}, args, device)
    plain, engine, engine_cl = ips["plain"], ips["engine"], ips["engine_cl"]
    per_image = flops / args.batch
    rows = [("plain DCGAN loop (ImageFolder+DataLoader)", plain), ("engine", engine),
            ("engine, channels_last", engine_cl)]
    print(f"{'':44s} {'images/s':>10s} {'GFLOP/s':>10s} {'of matmul':>10s}")
    for name, ips in rows:
        gf = ips * per_image / 1e9
        print(f"{name:44s} {ips:10.1f} {gf:10.1f} {gf / peak:10.1%}")
    print(f"training step: {per_image / 1e9:.2f} GFLOP per image; matmul {peak:.1f} GFLOP/s")
    best = max(engine, engine_cl)
    print(f"ratio engine/plain: {engine / plain:.2f} (best engine variant {best / plain:.2f})")


if __name__ == "__main__":
    main()
