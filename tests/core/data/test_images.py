"""Decoding one picture: every format a user may have, and every way a file can be broken."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from aigc_desktop.core.data import images
from aigc_desktop.core.data.images import ImageRejected, decode_image, probe_image, to_channels
from aigc_desktop.core.messages import Sentence
from tests.core.data.broken_files import image_bytes, is_plain_sentence, png_header_only


def _encode(img: Image.Image, fmt: str, **save) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def _reject(data) -> str:
    with pytest.raises(ImageRejected) as info:
        decode_image(data)
    assert is_plain_sentence(info.value.reason), info.value.reason
    assert str(info.value) == info.value.reason
    assert isinstance(info.value.reason, Sentence)  # the window translates it, values and all
    return info.value.reason


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "BMP", "TIFF", "WEBP", "GIF"])
def test_common_formats_decode_fully(fmt: str, tmp_path: Path) -> None:
    data = image_bytes(fmt, (30, 20))
    path = tmp_path / f"pic.{fmt.lower()}"
    path.write_bytes(data)
    for source in (data, path, str(path)):
        img = decode_image(source)
        assert img.size == (30, 20)
        assert to_channels(img, 3).mode == "RGB"
        assert to_channels(img, 1).mode == "L"


def test_animated_gif_gives_first_frame() -> None:
    frames = [Image.new("RGB", (8, 8), c) for c in ("red", "blue", "lime")]
    data = _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50)
    rgb = np.asarray(to_channels(decode_image(data), 3))
    assert tuple(rgb[4, 4]) == (255, 0, 0)


def test_exif_rotation_is_applied() -> None:
    # Landscape pixels with "rotate 90 clockwise" in EXIF: a phone photo taken upright.
    arr = np.zeros((20, 40, 3), np.uint8)
    arr[:, :20] = (255, 0, 0)  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6
    data = _encode(Image.fromarray(arr), "JPEG", exif=exif.tobytes(), quality=95)
    img = decode_image(data)
    assert img.size == (20, 40)
    top = np.asarray(img)[2, 10].astype(int)
    assert top[0] > 200 and top[2] < 60  # the left (red) half is now on top
    assert probe_image(data) == images.ImageInfo(20, 40, "RGB")


def test_min_size_decodes_big_jpeg_at_reduced_scale() -> None:
    data = image_bytes("JPEG", (800, 600))
    small = decode_image(data, min_size=64)
    assert min(small.size) >= 64 and small.size[0] < 800
    assert probe_image(data) == images.ImageInfo(800, 600, "RGB")


def test_grayscale_to_three_channels_repeats_the_grey() -> None:
    img = decode_image(image_bytes("PNG", (10, 10), mode="L"))
    assert img.mode == "L"
    rgb = np.asarray(to_channels(img, 3))
    assert rgb.shape == (10, 10, 3)
    assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()
    assert (np.asarray(to_channels(img, 1)) == np.asarray(img)).all()


@pytest.mark.parametrize(("background", "value"), [("white", 255), ("black", 0)])
def test_transparent_pixels_take_the_background(background: str, value: int) -> None:
    arr = np.zeros((4, 4, 4), np.uint8)
    arr[..., 0] = 200  # red everywhere, but only the top row is opaque
    arr[0, :, 3] = 255
    img = decode_image(_encode(Image.fromarray(arr, "RGBA"), "PNG"))
    rgb = np.asarray(to_channels(img, 3, background))
    assert tuple(rgb[0, 0]) == (200, 0, 0)
    assert tuple(rgb[3, 3]) == (value, value, value)
    gray = np.asarray(to_channels(img, 1, background))
    assert gray[3, 3] == value


def test_palette_with_transparency() -> None:
    img = Image.new("P", (4, 4), 1)
    img.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    img.putpixel((0, 0), 0)
    decoded = decode_image(_encode(img, "PNG", transparency=1))
    assert decoded.mode == "P"
    rgb = np.asarray(to_channels(decoded, 3, "white"))
    assert tuple(rgb[0, 0]) == (255, 0, 0)
    assert tuple(rgb[2, 2]) == (255, 255, 255)  # index 1 (blue) is transparent


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    arr = np.array([[0, 257 * 100, 65535, 30000]], dtype=np.uint16)
    decoded = decode_image(_encode(Image.fromarray(arr), "PNG"))
    assert decoded.mode.startswith("I")
    out = np.asarray(to_channels(decoded, 1))
    assert out.tolist() == [[0, 100, 255, round(30000 / 257)]]
    assert np.asarray(to_channels(decoded, 3)).shape == (1, 4, 3)


def test_wide_int_and_float_pictures_are_scaled() -> None:
    wide = Image.fromarray(np.array([[-1000, 0, 1000]], dtype=np.int32))
    assert np.asarray(to_channels(wide, 1)).tolist() == [[0, 128, 255]]
    unit = Image.fromarray(np.array([[0.0, 0.5, 1.0]], dtype=np.float32))
    assert np.asarray(to_channels(unit, 1)).tolist() == [[0, 128, 255]]


def test_cmyk_jpeg_becomes_rgb() -> None:
    data = _encode(Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "JPEG", quality=95)
    decoded = decode_image(data)
    assert decoded.mode == "CMYK"
    r, g, b = np.asarray(to_channels(decoded, 3))[4, 4].astype(int)
    assert r > 220 and g < 40 and b < 40


@pytest.mark.parametrize(
    "mode", ["1", "LA", "La", "PA", "YCbCr", "RGBA", "RGBa", "RGBX", "HSV", "LAB", "I;16"]
)
def test_other_modes_convert(mode: str) -> None:
    img = Image.new("RGB", (6, 5), (10, 200, 30)).convert(mode)
    for channels, expected in ((1, "L"), (3, "RGB")):
        out = to_channels(img, channels)
        assert out.mode == expected and out.size == (6, 5)
    if not images.is_gray_mode(mode):
        colour = np.asarray(to_channels(img, 3))[2, 2].astype(int)
        # PA: quantised to the web palette; LAB: PIL's RGB->LAB and lcms' LAB->sRGB differ slightly.
        assert np.abs(colour - (10, 200, 30)).max() <= {"PA": 30, "LAB": 12}.get(mode, 6), colour


def test_bilevel_gives_black_and_white() -> None:
    img = Image.new("1", (2, 1))
    img.putpixel((1, 0), 1)
    assert np.asarray(to_channels(img, 1)).tolist() == [[0, 255]]


def test_bad_channels_or_background_are_refused() -> None:
    img = Image.new("RGB", (2, 2))
    with pytest.raises(ValueError, match="Channels"):
        to_channels(img, 2)
    with pytest.raises(ValueError, match="Background"):
        to_channels(img, 3, "grey")


def test_broken_inputs_are_rejected_in_words(tmp_path: Path) -> None:
    png = image_bytes("PNG", (64, 48))
    jpg = image_bytes("JPEG", (64, 48))
    assert "empty" in _reject(b"")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert "empty" in _reject(empty)
    assert "cut off" in _reject(png[: len(png) // 2])
    assert "cut off" in _reject(jpg[: len(jpg) // 2])
    progressive = image_bytes("JPEG", (64, 48), progressive=True)
    assert "cut off" in _reject(progressive[: len(progressive) // 2])
    with pytest.raises(ImageRejected, match="cut off"):
        probe_image(progressive[: len(progressive) // 2])  # 1/8-scale decoding still reads every byte
    webp = image_bytes("WEBP", (64, 48))
    assert "cut off" in _reject(webp[: len(webp) // 2])
    assert "not a picture" in _reject(b"hello, I am a text file named photo.png\n")
    assert "no longer exists" in _reject(tmp_path / "missing.png")
    assert "folder" in _reject(tmp_path)


def test_decompression_bombs_are_refused_without_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    filters_before = list(warnings.filters)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Above PIL's error threshold, and between its warning and error thresholds.
        assert "too large" in _reject(png_header_only(20_000, 20_000))
        assert "too large" in _reject(png_header_only(10_000, 8_000))
        assert "too large" in _reject(png_header_only(9_000, 8_000))
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    assert warnings.filters == filters_before
    assert Image.MAX_IMAGE_PIXELS == images.MAX_PIXELS
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    assert "too large" in _reject(image_bytes("PNG", (20, 20)))


def test_unreadable_file_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.png"
    path.write_bytes(image_bytes())

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)  # tests run as root, so chmod 000 would not stop us
    assert "permission denied" in _reject(path)


@pytest.mark.filterwarnings("ignore::UserWarning")  # PIL's own chatter about the damaged TIFF tags
def test_mutated_files_never_raise_anything_else() -> None:
    rng = np.random.default_rng(1)
    for fmt in ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"):
        good = bytearray(image_bytes(fmt, (16, 12)))
        for _ in range(12):
            bad = bytearray(good)
            for pos in rng.integers(0, len(bad), size=8):
                bad[pos] = int(rng.integers(0, 256))
            try:
                decode_image(bytes(bad))
            except ImageRejected as exc:
                assert is_plain_sentence(exc.reason), exc.reason
