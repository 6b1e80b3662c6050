"""The preference model and steered sampling, on latents whose "goodness" is known exactly."""

from __future__ import annotations

import json

import pytest
import torch

from aigc_desktop.core.feedback.preference import PreferenceModel, steer_latents
from aigc_desktop.core.sampling.generation import latents

Z_DIM = 16


def hidden_taste() -> torch.Tensor:
    """The direction a simulated rater likes: images are good when their latent points along it."""
    d = torch.zeros(Z_DIM)
    d[:3] = torch.tensor([2.0, -1.0, 0.5])
    return d / d.norm()


def rated(n: int = 200, seed: int = 1, good_share: float = 0.5) -> tuple[torch.Tensor, torch.Tensor]:
    z = latents(n, Z_DIM, seed)
    score = z @ hidden_taste()
    labels = torch.where(score > score.quantile(1 - good_share), 1, -1)
    return z, labels


def test_fit_learns_the_raters_direction_and_predicts_new_latents():
    z, labels = rated()
    model = PreferenceModel.fit(z, labels)
    assert torch.nn.functional.cosine_similarity(model.direction, hidden_taste(), dim=0) > 0.95
    fresh = latents(1000, Z_DIM, seed=2)
    truth = fresh @ hidden_taste() > 0
    assert ((model.prob(fresh) > 0.5) == truth).float().mean() > 0.9
    p = model.prob(fresh)
    assert p.shape == (1000,) and float(p.min()) >= 0 and float(p.max()) <= 1
    assert (model.n_good, model.n_bad) == (100, 100)
    again = PreferenceModel.fit(z, labels)  # deterministic: the same ratings give the same model
    assert torch.equal(again.weight, model.weight) and again.bias == model.bias


def test_mostly_good_ratings_still_give_the_direction():
    z, labels = rated(good_share=0.9)
    model = PreferenceModel.fit(z, labels)
    assert torch.nn.functional.cosine_similarity(model.direction, hidden_taste(), dim=0) > 0.9


def test_fit_needs_both_kinds_of_rating_and_matching_rows():
    z, labels = rated()
    with pytest.raises(ValueError, match="good and one bad"):
        PreferenceModel.fit(z, torch.ones(len(z)))
    with pytest.raises(ValueError, match="labels"):
        PreferenceModel.fit(z, labels[:-1])
    with pytest.raises(ValueError, match="space"):
        PreferenceModel.fit(z, labels, space="pixels")


def test_features_are_standardised_so_their_units_do_not_matter():
    z, labels = rated()
    features = torch.cat([z * 1000.0, z + 50.0], dim=1)  # wildly different scales and offsets
    model = PreferenceModel.fit(features, labels, space="features")
    assert ((model.logit(features) > 0) == (labels > 0)).float().mean() > 0.9
    assert torch.allclose(model.mean, features.mean(0), rtol=1e-4, atol=1e-3)


def test_the_logit_is_differentiable_for_fine_tuning():
    z, labels = rated()
    model = PreferenceModel.fit(z, labels)
    x = torch.zeros(1, Z_DIM, requires_grad=True)
    model.logit(x).sum().backward()
    assert torch.nn.functional.cosine_similarity(x.grad[0], model.direction, dim=0) > 0.999


def test_save_and_load_as_plain_json(tmp_path):
    z, labels = rated()
    model = PreferenceModel.fit(z, labels)
    path = model.save(tmp_path / "preference.json")
    data = json.loads(path.read_text(encoding="utf-8"))  # readable text, nothing pickled
    assert data["space"] == "latent" and len(data["weight"]) == Z_DIM
    loaded = PreferenceModel.load(path)
    assert torch.equal(loaded.prob(z), model.prob(z))
    (tmp_path / "bad.json").write_text(json.dumps({**data, "weight": data["weight"][:-1]}))
    (tmp_path / "junk.json").write_text("{not json")
    for name in ("bad.json", "junk.json", "missing.json"):
        with pytest.raises(ValueError, match="can't be read as a preference model"):
            PreferenceModel.load(tmp_path / name)


@pytest.mark.parametrize("mode", ["reject", "shift", "both"])
def test_steering_draws_more_liked_latents_the_same_way_for_a_seed(mode):
    z, labels = rated()
    model = PreferenceModel.fit(z, labels)

    def liked(batch: torch.Tensor) -> float:
        return float((batch @ hidden_taste() > 0).float().mean())

    plain = latents(400, Z_DIM, seed=9)
    steered = steer_latents(400, 9, model, 0.5, mode=mode)
    assert liked(steered) >= liked(plain) + 0.2
    assert torch.equal(steered, steer_latents(400, 9, model, 0.5, mode=mode))  # same seed, same latents
    assert torch.equal(steered[:10], steer_latents(10, 9, model, 0.5, mode=mode))  # row i is (seed, i)
    assert not torch.equal(steered, steer_latents(400, 10, model, 0.5, mode=mode))
    assert torch.equal(steer_latents(50, 9, model, 0.0, mode=mode), plain[:50])  # strength 0: no change
    stronger = steer_latents(400, 9, model, 1.0, mode=mode)
    assert liked(stronger) >= liked(steered)
    if mode == "shift":  # moved, then put back at their length: still where the generator was trained
        assert torch.allclose(steered.norm(dim=1), plain.norm(dim=1), rtol=1e-5)


def test_steering_respects_truncation_and_checks_its_settings():
    z, labels = rated()
    model = PreferenceModel.fit(z, labels)
    assert torch.allclose(steer_latents(20, 3, model, 0.5, psi=0.5).norm(dim=1),
                          latents(20, Z_DIM, 3, psi=0.5).norm(dim=1), rtol=1e-5)
    with pytest.raises(ValueError, match="strength"):
        steer_latents(4, 0, model, 1.5)
    with pytest.raises(ValueError, match="mode"):
        steer_latents(4, 0, model, 0.5, mode="sideways")
    features_model = PreferenceModel.fit(z, labels, space="features")
    with pytest.raises(ValueError, match="latents"):
        steer_latents(4, 0, features_model)
