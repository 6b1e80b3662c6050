"""Draw the app icon (a machined flange with a spark: parts made by a generator) with Pillow.

    python resources/make_icon.py   ->  resources/icons/aigc-desktop.png (256 px) and .ico (Windows)
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = 256


def draw(size: int = SIZE) -> Image.Image:
    s = size / 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([8 * s, 8 * s, 248 * s, 248 * s], radius=48 * s, fill=(32, 58, 96, 255))
    cx, cy, r = 124 * s, 132 * s, 86 * s
    # the flange: a steel disc with a lathe sheen, a bore and six bolt holes
    for i in range(int(r), 0, -1):
        shade = int(150 + 70 * math.cos(i / r * math.pi * 0.9))
        d.ellipse([cx - i, cy - i, cx + i, cy + i], fill=(shade, shade + 6, shade + 14, 255))
    d.ellipse([cx - 30 * s, cy - 30 * s, cx + 30 * s, cy + 30 * s], fill=(24, 40, 66, 255))
    for k in range(6):
        a = k * math.pi / 3 + math.pi / 6
        hx, hy = cx + 58 * s * math.cos(a), cy + 58 * s * math.sin(a)
        d.ellipse([hx - 9 * s, hy - 9 * s, hx + 9 * s, hy + 9 * s], fill=(24, 40, 66, 255))
    # the spark of generation, top right
    spark = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    sd = ImageDraw.Draw(spark)
    px, py, big, small = 196 * s, 62 * s, 40 * s, 11 * s
    sd.polygon([(px, py - big), (px + small, py - small), (px + big, py), (px + small, py + small),
                (px, py + big), (px - small, py + small), (px - big, py), (px - small, py - small)],
               fill=(255, 196, 64, 255))
    glow = spark.filter(ImageFilter.GaussianBlur(6 * s))
    img.alpha_composite(glow)
    img.alpha_composite(spark)
    return img


def main() -> None:
    out = Path(__file__).resolve().parent / "icons"
    out.mkdir(exist_ok=True)
    icon = draw()
    icon.save(out / "aigc-desktop.png")
    icon.save(out / "aigc-desktop.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
