from __future__ import annotations

import json

import pytest

from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.presets import PRESETS, get_preset, recommend_preset


def test_defaults_are_valid_and_round_trip_through_json(tmp_path):
    config = TrainConfig()
    config.validate()
    config.save(tmp_path / "config.json")
    assert TrainConfig.load(tmp_path / "config.json") == config


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"resolution": 48}, "resolution must be one of"),
        ({"channels": 2}, "channels"),
        ({"loss": "wasserstein"}, "loss must be one of"),
        ({"batch": 1}, "batch must be a whole number"),
        ({"lr_g": 0.0}, "learning rate lr_g"),
        ({"lr_d": float("nan")}, "learning rate lr_d"),
        ({"steps": 0, "minutes": 0.0}, "never end"),
        ({"beta1": 1.0}, "beta1"),
        ({"batch": True}, "batch"),
    ],
)
def test_bad_settings_are_refused_in_words(changes, words):
    with pytest.raises(ConfigError, match=words):
        TrainConfig(**changes).validate()


def test_load_refuses_wrong_types_and_ignores_unknown_keys(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"batch": "64", "future_key": 1}))
    with pytest.raises(ConfigError, match="batch must be a int"):
        TrainConfig.load(path)
    path.write_text(json.dumps({"batch": 64, "future_key": 1, "lr_g": 1}))
    loaded = TrainConfig.load(path)
    assert loaded.batch == 64 and loaded.lr_g == 1.0
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="can't be read"):
        TrainConfig.load(path)


def test_diffaug_auto_adapts_for_every_dataset_size_and_on_is_always_full():
    config = TrainConfig(diffaug="auto")
    assert config.use_diffaug(300) and config.use_diffaug(50_000) and config.adaptive_augment
    assert TrainConfig(diffaug="on").use_diffaug(50_000) and not TrainConfig(diffaug="on").adaptive_augment
    assert not TrainConfig(diffaug="off").use_diffaug(10)


def test_presets_apply_and_recommend():
    for preset in PRESETS.values():
        config = preset.apply(TrainConfig())
        config.validate()
        assert config.resolution == preset.resolution and config.preset == preset.name
    assert recommend_preset("cpu", 300).name == "cpu-quick"
    assert recommend_preset("cuda", 300).name == "gpu-standard"
    assert recommend_preset("cuda", 5000).name == "gpu-high"
    with pytest.raises(ConfigError, match="no preset called"):
        get_preset("turbo")
