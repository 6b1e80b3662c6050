"""Square pictures for training: crop vs pad, channels, settings, and the model's value range."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from aigc_desktop.core.data.preprocess import (
    PreprocessSettings,
    from_model_range,
    preprocess,
    to_model_range,
)


def _banded(width: int = 40, height: int = 20) -> Image.Image:
    # Green left quarter, red middle, blue right quarter: crop keeps only red, pad keeps all three.
    arr = np.zeros((height, width, 3), np.uint8)
    arr[:, :] = (255, 0, 0)
    arr[:, : width // 4] = (0, 255, 0)
    arr[:, -width // 4 :] = (0, 0, 255)
    return Image.fromarray(arr)


def test_crop_fills_the_square_with_the_centre() -> None:
    out = preprocess(_banded(), PreprocessSettings(resolution=16, fit="crop"))
    assert out.shape == (3, 16, 16) and out.dtype == np.uint8 and out.flags.c_contiguous
    assert (out[0] > 230).all() and (out[1] < 25).all() and (out[2] < 25).all()  # all red


@pytest.mark.parametrize(("background", "value"), [("white", 255), ("black", 0)])
def test_pad_keeps_the_whole_picture(background: str, value: int) -> None:
    out = preprocess(_banded(), PreprocessSettings(resolution=16, fit="pad", background=background))
    assert out.shape == (3, 16, 16)
    # 40x20 -> 16x8, centred: rows 0-3 and 12-15 are padding.
    assert (out[:, :4] == value).all() and (out[:, 12:] == value).all()
    middle = out[:, 8]
    assert middle[1, 1] > 230 and middle[0, 1] < 25  # green at the left edge
    assert middle[2, 14] > 230 and middle[0, 14] < 25  # blue at the right edge
    assert middle[0, 8] > 230  # red in the middle


def test_pad_on_a_tall_picture_pads_the_sides() -> None:
    tall = _banded().transpose(Image.Transpose.ROTATE_90)
    out = preprocess(tall, PreprocessSettings(resolution=16, fit="pad", channels=1))
    assert out.shape == (1, 16, 16)
    assert (out[0, :, :4] == 255).all() and (out[0, :, 12:] == 255).all()
    assert (out[0, :, 6:10] < 255).all()


def test_one_channel_and_automatic_conversion() -> None:
    rgba = Image.new("RGBA", (30, 30), (0, 0, 0, 0))  # fully transparent
    out = preprocess(rgba, PreprocessSettings(resolution=16, channels=1, background="white"))
    assert out.shape == (1, 16, 16) and (out == 255).all() and out.flags.writeable
    out = preprocess(rgba, PreprocessSettings(resolution=32, channels=3, background="black"))
    assert out.shape == (3, 32, 32) and (out == 0).all()


def test_big_photo_shrinks_to_the_exact_colour() -> None:
    img = Image.new("RGB", (1000, 700), (12, 130, 250))
    out = preprocess(img, PreprocessSettings(resolution=64))
    assert out.shape == (3, 64, 64)
    assert out[:, 5, 5].tolist() == [12, 130, 250] and out[:, 40, 60].tolist() == [12, 130, 250]


def test_tiny_picture_is_enlarged() -> None:
    out = preprocess(Image.new("L", (3, 2), 77), PreprocessSettings(resolution=16, channels=1, fit="pad"))
    assert out.shape == (1, 16, 16) and out[0, 8, 8] == 77


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"resolution": 48}, "picture size"),
        ({"resolution": True}, "picture size"),
        ({"channels": 2}, "Channels"),
        ({"channels": True}, "Channels"),
        ({"fit": "stretch"}, "fit"),
        ({"background": "grey"}, "background"),
    ],
)
def test_bad_settings_are_explained(kwargs: dict, words: str) -> None:
    settings = PreprocessSettings(**kwargs)
    with pytest.raises(ValueError, match=words):
        settings.validate()
    with pytest.raises(ValueError):
        preprocess(Image.new("RGB", (4, 4)), settings)


def test_settings_round_trip_through_a_dict() -> None:
    settings = PreprocessSettings(resolution=64, channels=1, fit="pad", background="black")
    assert PreprocessSettings.from_dict(settings.to_dict()) == settings
    assert PreprocessSettings.from_dict({"resolution": 128, "future_option": 1}) == PreprocessSettings(
        resolution=128
    )
    with pytest.raises(ValueError):
        PreprocessSettings.from_dict({"channels": 4})


def test_model_range_round_trip() -> None:
    pixels = torch.arange(256, dtype=torch.uint8).reshape(1, 1, 16, 16)
    x = to_model_range(pixels)
    assert x.dtype == torch.float32
    assert x.min().item() == -1.0 and x.max().item() == 1.0
    assert torch.equal(from_model_range(x), pixels)


def test_from_model_range_clamps_and_rounds() -> None:
    x = torch.tensor([-3.0, -1.0, 0.0, 0.999, 2.0, float("nan")])
    assert from_model_range(x).tolist() == [0, 0, 128, 255, 255, 128]
    assert from_model_range(x).dtype == torch.uint8
