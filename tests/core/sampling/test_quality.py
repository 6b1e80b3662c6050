"""The quality score on real pictures (the built-in demo set) and the stop advice built on it."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image, ImageFilter

from aigc_desktop.core.data.dataset_cache import CachedDataset, load_or_build
from aigc_desktop.core.data.demo import demo_dataset_path
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.data.scan import scan
from aigc_desktop.core.sampling.coverage import CoverageReference, CoverageReport
from aigc_desktop.core.sampling.quality import (
    QualityReport,
    diversity,
    evaluate,
    sliced_wasserstein,
)
from aigc_desktop.core.sampling.stop_advice import StopAdvisor


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> CachedDataset:
    cache = tmp_path_factory.mktemp("demo-cache")
    return load_or_build(scan([demo_dataset_path()]), PreprocessSettings(32, 3), cache)


def part_types(dataset: CachedDataset) -> list[str]:
    """Which part each demo picture shows ("flange" or "nut"), by replaying the demo script.

    The script draws each picture from its own seed ``(0, class index, number)``; rendering stops
    at the moment it chooses the part, and one full picture is checked against its file.
    """
    import resources.make_demo_dataset as script

    class Chosen(Exception):
        pass

    def chooser(kind: str):
        def choose(*args, **kwargs):
            raise Chosen(kind)
        return choose

    def rng_of(source: str) -> np.random.Generator:
        label, number = Path(source).stem.rsplit("_", 1)
        return np.random.default_rng((0, script.CLASSES.index(label), int(number)))

    first = dataset.sources[0]
    assert np.array_equal(script.render(Path(first).parent.name, 64, rng_of(first)), np.asarray(Image.open(first)))
    kinds = []
    mp = pytest.MonkeyPatch()
    mp.setattr(script, "_flange", chooser("flange"))
    mp.setattr(script, "_hex_nut", chooser("nut"))
    try:
        for source in dataset.sources:
            with pytest.raises(Chosen) as chosen:
                script.render(Path(source).parent.name, 16, rng_of(source))
            kinds.append(chosen.value.args[0])
    finally:
        mp.undo()
    return kinds


def blurred(images: torch.Tensor, radius: float) -> torch.Tensor:
    """What a slightly out-of-focus camera gives: PIL's Gaussian blur on each picture."""
    out = [np.asarray(Image.fromarray(im.permute(1, 2, 0).numpy()).filter(ImageFilter.GaussianBlur(radius)))
           for im in images]
    return torch.from_numpy(np.stack(out)).permute(0, 3, 1, 2).contiguous()


def test_swd_orders_real_blurred_mode_dropped_and_noise(demo):
    # Two disjoint halves of the data with every class and part in each; every other set is made
    # from half B only, so no comparison shares a picture with half A.
    a, b = demo.images[0::2], demo.images[1::2]
    kinds = np.array(part_types(demo))[1::2]
    assert 0.5 < (kinds == "flange").mean() < 0.7  # the script draws flanges 60% of the time
    noise = torch.randint(0, 256, b.shape, generator=torch.Generator().manual_seed(0), dtype=torch.uint8)

    same = sliced_wasserstein(a, b)
    blur = sliced_wasserstein(a, blurred(b, 0.5))
    # Mode dropping: a generator that only makes one kind of part (flanges are 60% of the data).
    flanges = sliced_wasserstein(a, b[torch.from_numpy(kinds == "flange")])
    nuts = sliced_wasserstein(a, b[torch.from_numpy(kinds == "nut")])
    garbage = sliced_wasserstein(a, noise)

    scores = {name: r["average"] for name, r in
              [("same", same), ("blur", blur), ("flanges", flanges), ("nuts", nuts), ("noise", garbage)]}
    print("SWD x1e3:", {name: round(value, 1) for name, value in scores.items()})
    assert scores["same"] * 1.2 < scores["blur"]
    assert scores["blur"] * 1.1 < min(scores["flanges"], scores["nuts"])
    assert max(scores["flanges"], scores["nuts"]) * 3 < scores["noise"]
    assert set(same["levels"]) == {32, 16} and same["descriptors"] == 16384
    # Blur is a loss of fine detail: it shows at the full-size level, hardly at 16 px.
    assert blur["levels"][32] - same["levels"][32] > 3 * abs(blur["levels"][16] - same["levels"][16])


def test_swd_is_deterministic_for_a_seed(demo):
    a, b = demo.images[0::2], demo.images[1::2]
    first = sliced_wasserstein(a, b, seed=3, descriptors=2048)
    assert sliced_wasserstein(a, b, seed=3, descriptors=2048) == first
    other = sliced_wasserstein(a, b, seed=4, descriptors=2048)
    assert other != first and math.isclose(other["average"], first["average"], rel_tol=0.3)


def test_swd_refuses_sets_of_different_sizes(demo):
    with pytest.raises(ValueError, match="differ in size"):
        sliced_wasserstein(demo.images, demo.images[:, :1])


def test_diversity_noise_above_real_above_a_collapsed_set(demo):
    noise = torch.randint(0, 256, demo.images.shape, generator=torch.Generator().manual_seed(1), dtype=torch.uint8)
    collapsed = demo.images[5:6].repeat(200, 1, 1, 1)
    real, loud, flat = diversity(demo.images), diversity(noise), diversity(collapsed)
    assert loud > real > 0.05 and flat == pytest.approx(0.0, abs=1e-6)
    assert diversity(demo.images, seed=1) == pytest.approx(real, rel=0.05)  # a sample, but a stable one


def test_evaluate_scores_a_generator_function_against_the_data(demo):
    def copies(n: int, seed: int) -> torch.Tensor:  # a "generator" that replays the training pictures
        return demo.images[torch.randint(0, len(demo), (n,), generator=torch.Generator().manual_seed(seed))]

    good = evaluate(copies, demo, n=200, seed=0, descriptors=4096)
    bad = evaluate(lambda n, seed: demo.images[:1].repeat(n, 1, 1, 1), demo, n=200, seed=0, descriptors=4096)
    assert good.swd < bad.swd and bad.diversity < 0.01 < good.diversity
    assert good.n == 200 and good.seconds >= good.generate_seconds >= 0
    assert good.real_diversity == pytest.approx(diversity(demo.images))
    row = good.as_dict()
    assert row["swd"] == good.swd and {"swd_32", "swd_16", "diversity", "real_diversity"} <= set(row)
    # What the SWD calls good is a replay of the training pictures: coverage sees the copies, and
    # that one picture repeated leaves almost every other picture without a look-alike.
    assert good.memorised > 0.9 and good.overall < 0.1 and bad.coverage < 0.1
    assert len(bad.uncovered) == round((1 - bad.coverage) * 200)  # neighbourhoods of 200 of the 340
    assert row["coverage"] == good.coverage and row["precision"] == good.precision
    assert row["uncovered"] == list(good.uncovered) and 0 <= row["colour_error"] < 2
    assert any("near-copies" in sentence for sentence in good.describe())
    # The training pictures' side, kept from one evaluation to the next, gives the same figures.
    reference = CoverageReference(demo.images, 200, seed=0)
    again = evaluate(copies, demo, n=200, seed=0, reference=reference, descriptors=4096)
    assert again.fidelity == good.fidelity


def test_the_score_ranks_a_fresh_sample_above_copies_and_a_colour_cast(demo):
    # Half A trains; half B is what a perfect generator would make: new pictures of the same things.
    train = dataclasses.replace(demo, images=demo.images[0::2], labels=demo.labels[0::2],
                                sources=demo.sources[0::2])
    fresh, copies = demo.images[1::2], train.images
    tint = torch.tensor([1.15, 1.0, 0.85])[None, :, None, None]
    cast = (fresh.float() * tint).clamp(0, 255).to(torch.uint8)
    reports = {name: evaluate(lambda n, seed, images=images: images, train, n=len(fresh), seed=0, descriptors=4096)
               for name, images in (("fresh", fresh), ("copies", copies), ("cast", cast))}
    print({name: (round(r.swd, 1), round(r.overall, 2), round(r.score, 1)) for name, r in reports.items()})
    assert reports["copies"].swd < reports["fresh"].swd  # the SWD alone prefers the copies ...
    assert reports["fresh"].score < min(reports["copies"].score, reports["cast"].score)  # ... the score does not
    for r in reports.values():
        assert r.score == pytest.approx(r.swd / max(r.overall, 0.01)) and r.as_dict()["score"] == r.score


def test_a_report_made_without_coverage_reads_as_not_measured():
    report = QualityReport(swd=1.0, swd_levels={32: 1.0}, diversity=0.1, real_diversity=0.1, n=4,
                           seconds=0.1, generate_seconds=0.0)
    assert math.isnan(report.coverage) and math.isnan(report.overall) and report.uncovered == ()
    assert report.score == report.swd  # ranked by the SWD alone, as runs scored before coverage were
    assert report.describe() == [] and math.isnan(report.as_dict()["coverage"])


def test_stop_advisor_stops_after_patience_without_real_improvement():
    advisor = StopAdvisor(patience=3, margin=0.05)
    first = advisor.update(1000, 100.0)
    assert not first.should_stop and first.best_step == 1000 and "lower is better" in first.message
    better = advisor.update(2000, 80.0)
    assert better.since_improvement == 0 and better.best_step == 2000 and "improved" in better.message
    assert advisor.update(3000, 79.0).since_improvement == 1  # 1.25% better: below the 5% margin
    assert not advisor.update(4000, 95.0).should_stop
    last = advisor.update(5000, float("nan"))  # a diverged run never counts as better
    assert last.should_stop and last.since_improvement == 3
    assert last.best_step == 3000 and last.best_score == 79.0  # the lowest score, even if only a little lower
    assert last.message.startswith("The score has not improved for 3 evaluations; the best images were at step 3,000.")


def test_stop_advice_follows_the_combined_score_not_the_lowest_swd():
    # Step 2,000 has the lowest SWD but has lost most kinds of picture; step 3,000 is the best.
    advisor = StopAdvisor(patience=2)
    for step, swd, overall in [(1000, 40.0, 0.5), (2000, 20.0, 0.2), (3000, 25.0, 0.9), (4000, 24.8, 0.9),
                               (5000, 30.0, 0.9)]:
        report = QualityReport(swd=swd, swd_levels={}, diversity=0.1, real_diversity=0.1, n=4, seconds=0.0,
                               generate_seconds=0.0, fidelity=CoverageReport(overall, 1.0, 0.0, 0.5, (0, 0, 0), (),
                                                                             4, 4))
        advice = advisor.update(step, report.score)
    assert advice.best_step == 4000 and advice.should_stop  # 27.6 is less than 2 % below 27.8


def test_stop_advisor_keeps_going_while_the_score_falls():
    advisor = StopAdvisor(patience=2)
    advice = [advisor.update(step, 100.0 * 0.9 ** (step / 1000)) for step in range(1000, 10001, 1000)]
    assert not any(a.should_stop for a in advice) and advice[-1].best_step == 10000
    with pytest.raises(ValueError):
        StopAdvisor(patience=0)
