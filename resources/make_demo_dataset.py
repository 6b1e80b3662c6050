"""Generate the built-in demo dataset: top views of machined metal parts, with and without defects.

A new user with no pictures of their own needs a set that looks like their world (parts on an
inspection table) and that a small DCGAN can learn on a CPU in minutes. Every image shows one part
- a turned flange (disc, bore, bolt holes) or a hex nut - lit from one side on a dark table. Each
class folder holds one kind of part condition:

    ok/       clean parts
    scratch/  a straight tool scratch: a dark groove with a bright lip
    dent/     a round dimple, dark on the side facing the light and bright on the far side
    crack/    a jagged, near-black crack running from an edge into the metal

Everything varies at random (part type, size, position, rotation, metal tint and brightness, light
direction, lathe or brushed finish, defect place, length and angle) but the structure is shared and
the fine texture stays weak, because sensor-like noise bloats the PNGs and hurts a GAN at 32 px.
The output is deterministic: image ``i`` of class ``c`` depends only on ``(seed, c, i)``.

Usage: python resources/make_demo_dataset.py [--out DIR] [--count N] [--size 64] [--seed 0]
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

CLASSES = ("ok", "scratch", "dent", "crack")
TINTS = (  # relative RGB of steel, aluminium, zinc-plated, gunmetal
    (0.92, 0.96, 1.00),
    (1.00, 1.00, 0.98),
    (1.00, 0.97, 0.86),
    (0.80, 0.83, 0.88),
)
Field = np.ndarray  # a (size, size) float array


def _cover(sd: Field) -> Field:
    """Anti-aliased coverage of a shape from its signed distance (negative inside), in pixels."""
    return np.clip(0.5 - sd, 0.0, 1.0)


def _segment_dist(x: Field, y: Field, p0: np.ndarray, p1: np.ndarray) -> Field:
    """Distance from every pixel to the segment p0-p1."""
    d = p1 - p0
    t = np.clip(((x - p0[0]) * d[0] + (y - p0[1]) * d[1]) / max(float(d @ d), 1e-9), 0.0, 1.0)
    return np.hypot(x - p0[0] - t * d[0], y - p0[1] - t * d[1])


def _polyline_dist(x: Field, y: Field, pts: np.ndarray) -> Field:
    return np.minimum.reduce([_segment_dist(x, y, a, b) for a, b in itertools.pairwise(pts)])


def _flange(x: Field, y: Field, s: float, rng: np.random.Generator) -> tuple[Field, Field, Field, float]:
    """A turned flange or washer: returns (metal coverage, outer sd, shade factor, bore radius)."""
    radius = s * rng.uniform(20.0, 26.0)
    bore = radius * rng.uniform(0.28, 0.42)
    r = np.hypot(x, y)
    theta = np.arctan2(y, x)
    outer = r - radius
    metal = _cover(outer) * (1.0 - _cover(r - bore))
    n_holes = int(rng.choice([0, 4, 6]))
    pitch = (bore + radius) / 2.0
    hole_r = min(s * rng.uniform(2.0, 2.8), (radius - bore) * 0.22)
    rot = rng.uniform(0.0, 2 * np.pi)
    for k in range(n_holes):
        a = rot + 2 * np.pi * k / n_holes
        metal *= 1.0 - _cover(np.hypot(x - pitch * np.cos(a), y - pitch * np.sin(a)) - hole_r)
    # A raised hub ring around the bore catches the light differently from the outer face.
    hub = _cover(r - bore * rng.uniform(1.35, 1.6))
    shade = 1.0 + 0.06 * hub * rng.choice([-1.0, 1.0])
    # Lathe finish: an anisotropic sheen around the axis and faint concentric turning marks.
    shade = shade + rng.uniform(0.06, 0.14) * np.cos(2.0 * (theta - rot))
    shade = shade + 0.02 * np.sin(r * rng.uniform(1.6, 2.4) / s + rng.uniform(0, 6.3))
    return metal, outer, shade, bore


def _hex_nut(x: Field, y: Field, s: float, rng: np.random.Generator) -> tuple[Field, Field, Field, float]:
    """A hex nut seen from above: flat top, chamfered corners, threaded bore."""
    apothem = s * rng.uniform(17.0, 23.0)
    bore = apothem * rng.uniform(0.45, 0.55)
    rot = rng.uniform(0.0, np.pi / 3)
    r = np.hypot(x, y)
    normals = [rot + k * np.pi / 3 for k in range(3)]  # the three pairs of parallel flats
    outer = np.maximum.reduce([np.abs(x * np.cos(a) + y * np.sin(a)) for a in normals]) - apothem
    metal = _cover(outer) * (1.0 - _cover(r - bore))
    chamfer = _cover(r - apothem)  # 1 on the flat top circle, 0 on the corners
    shade = 0.78 + 0.22 * chamfer
    shade = shade - 0.35 * _cover(r - bore - 1.6 * s)  # thread crests just outside the bore
    # Brushed finish: streaks along one direction (1-D noise smeared across the whole face).
    ang = rng.uniform(0.0, np.pi)
    across = (x * -np.sin(ang) + y * np.cos(ang)) / s
    streak = np.interp(across, np.arange(-40, 41), rng.normal(0.0, 1.0, 81))
    return metal, outer, shade + 0.035 * streak, bore


def _add_scratch(img: Field, x: Field, y: Field, c: np.ndarray, s: float, rng: np.random.Generator) -> None:
    """A straight groove through point c: dark core with a bright lip on one side."""
    ang = rng.uniform(0.0, np.pi)
    half = s * rng.uniform(8.0, 16.0)
    d = np.array([np.cos(ang), np.sin(ang)]) * half
    normal = np.array([-d[1], d[0]]) / half
    width = s * rng.uniform(1.3, 2.0)
    groove = _cover(_segment_dist(x, y, c - d, c + d) - width / 2)
    lip = _cover(_segment_dist(x, y, c - d + normal * width, c + d + normal * width) - 0.5 * s)
    img *= 1.0 - 0.65 * groove[..., None] + 0.4 * lip[..., None] * (1 - groove[..., None])


def _add_dent(
    img: Field, x: Field, y: Field, c: np.ndarray, s: float, light: np.ndarray, rng: np.random.Generator
) -> None:
    """A round dimple: its wall facing the light is in shadow, the far wall catches the light."""
    rad = s * rng.uniform(4.0, 7.0)
    ox, oy = (x - c[0]) / rad, (y - c[1]) / rad
    rr = np.hypot(ox, oy)
    inside = _cover((rr - 1.0) * rad)
    wall = np.sin(np.pi * np.clip(rr, 0.0, 1.0)) * 0.7 + 0.3
    factor = 1.0 - 0.7 * (ox * light[0] + oy * light[1]) * wall - 0.15
    img *= (1.0 + inside * (factor - 1.0))[..., None]


def _add_crack(
    img: Field, x: Field, y: Field, start: np.ndarray, inward: np.ndarray, s: float, rng: np.random.Generator
) -> None:
    """A jagged near-black crack that starts at an edge and wanders into the metal."""
    pts = [start]
    heading = np.arctan2(inward[1], inward[0])
    for _ in range(int(rng.integers(5, 9))):
        heading += rng.normal(0.0, 0.55)
        step = s * rng.uniform(2.0, 3.2)
        pts.append(pts[-1] + step * np.array([np.cos(heading), np.sin(heading)]))
    dist = _polyline_dist(x, y, np.array(pts))
    if rng.random() < 0.5:  # a short side branch
        k = int(rng.integers(1, len(pts) - 1))
        b_ang = heading + rng.choice([-1.0, 1.0]) * rng.uniform(0.6, 1.2)
        tip = pts[k] + s * rng.uniform(3.0, 6.0) * np.array([np.cos(b_ang), np.sin(b_ang)])
        dist = np.minimum(dist, _segment_dist(x, y, pts[k], tip))
    line = _cover(dist - s * rng.uniform(0.45, 0.75))
    img *= (1.0 - 0.8 * line)[..., None]


def render(label: str, size: int, rng: np.random.Generator) -> np.ndarray:
    """Draw one ``size`` x ``size`` RGB image of class ``label`` as uint8."""
    s = size / 64.0
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64) + 0.5
    centre = size / 2 + rng.uniform(-3.0, 3.0, 2) * s
    x, y = xx - centre[0], yy - centre[1]
    phi = rng.uniform(0.0, 2 * np.pi)
    light = np.array([np.cos(phi), np.sin(phi)])

    # Dark inspection table: slate grey with a soft light fall-off and the part's drop shadow.
    table = np.array([44.0, 47.0, 52.0]) * rng.uniform(0.85, 1.15) + rng.uniform(-3, 3, 3)
    bg = table * (1.0 + 0.12 * ((xx - size / 2) * light[0] + (yy - size / 2) * light[1]) / size)[..., None]
    make_part = _flange if rng.random() < 0.6 else _hex_nut
    metal, outer, shade, bore = make_part(x, y, s, rng)
    shadow = Image.fromarray((_cover(outer) * 255).astype(np.uint8))
    shift = tuple(round(v) for v in -light * 2.5 * s)
    shadow = np.roll(np.asarray(shadow.filter(ImageFilter.GaussianBlur(2.0 * s))), shift, axis=(1, 0))
    bg *= (1.0 - 0.45 * shadow / 255.0)[..., None]

    # Metal: tint x brightness x light gradient x finish, with a bevel highlight on the rim.
    tint = np.array(TINTS[int(rng.integers(len(TINTS)))]) * rng.uniform(150.0, 205.0)
    r = np.hypot(x, y)
    along = (x * light[0] + y * light[1]) / (r + 1e-6)
    gradient = 1.0 + rng.uniform(0.08, 0.22) * (x * light[0] + y * light[1]) / (24.0 * s)
    rim = np.clip(1.0 + outer / (2.0 * s), 0.0, 1.0) * (outer < 0.5)
    bore_rim = np.clip(1.0 - (r - bore) / (2.0 * s), 0.0, 1.0) * (r > bore - 0.5)
    shade = shade * gradient * (1.0 + 0.3 * rim * along - 0.35 * bore_rim * along)
    img = tint * np.clip(shade, 0.2, 1.4)[..., None]

    if label != "ok":
        # Put the defect on solid metal: pick a random pixel well inside the part.
        solid = np.argwhere((metal > 0.99) & (outer < -3 * s) & (r > bore + 3 * s))
        cy, cx = solid[int(rng.integers(len(solid)))] + 0.5
        c = np.array([cx, cy])
        if label == "scratch":
            _add_scratch(img, xx, yy, c, s, rng)
        elif label == "dent":
            _add_dent(img, xx, yy, c, s, light, rng)
        else:
            ang = rng.uniform(0.0, 2 * np.pi)
            unit = np.array([np.cos(ang), np.sin(ang)])
            from_bore = rng.random() < 0.5
            inscribed = float(-outer.min())  # radius of the flange, half the nut's width across flats
            start = centre + unit * (bore if from_bore else 0.95 * inscribed)
            _add_crack(img, xx, yy, start, unit if from_bore else -unit, s, rng)

    out = bg + metal[..., None] * (img - bg) + rng.normal(0.0, 1.2, (size, size, 3))
    return np.clip(out, 0, 255).round().astype(np.uint8)


def generate(out: Path, count: int = 340, size: int = 64, seed: int = 0) -> dict[str, int]:
    """Write ``count`` PNGs split evenly over the class folders under ``out``; return the counts."""
    counts = {label: count // len(CLASSES) + (k < count % len(CLASSES)) for k, label in enumerate(CLASSES)}
    for k, label in enumerate(CLASSES):
        folder = out / label
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(counts[label]):
            rng = np.random.default_rng((seed, k, i))
            Image.fromarray(render(label, size, rng)).save(folder / f"{label}_{i:03d}.png", optimize=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "demo")
    parser.add_argument("--count", type=int, default=340, help="total number of images")
    parser.add_argument("--size", type=int, default=64, help="image side in pixels")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.size < 16 or args.count < 1:
        parser.error("--size must be at least 16 and --count at least 1")
    counts = generate(args.out, args.count, args.size, args.seed)
    print(f"wrote {sum(counts.values())} images to {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
