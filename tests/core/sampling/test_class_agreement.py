"""Class agreement: the score of a model by class sees whether each class looks like itself."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch

from aigc_desktop.core.data.dataset_cache import CachedDataset
from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.run.config import TrainConfig
from aigc_desktop.core.run.layout import CLASS_JUDGE as FILE_NAME
from aigc_desktop.core.sampling import class_agreement
from aigc_desktop.core.sampling.class_agreement import (
    CLASSES_FADING_IN,
    CLASSES_FOLLOWED,
    JUDGE_CANT_TELL,
    WEAK_CLASS,
    ClassAgreement,
    ClassJudge,
    JudgeCancelled,
    fading_note,
    judge_path,
    judge_pictures,
)
from aigc_desktop.core.sampling.combined_score import scored_steps
from aigc_desktop.core.sampling.quality import evaluate

CLASSES = ["dark", "bright", "red"]


pytestmark = pytest.mark.usefixtures("one_thread")


def three_classes(n: int, seed: int, side: int = 16) -> tuple[torch.Tensor, torch.Tensor]:
    """Noisy pictures of three easily told classes: a dark, a bright and a red square in the middle."""
    g = torch.Generator().manual_seed(seed)
    images = torch.randint(60, 100, (n, 3, side, side), generator=g, dtype=torch.uint8)
    labels = torch.arange(n) % 3
    q = side // 4
    images[labels == 0, :, q:-q, q:-q] = 10
    images[labels == 1, :, q:-q, q:-q] = 240
    images[labels == 2, 0, q:-q, q:-q] = 240
    images[labels == 2, 1:, q:-q, q:-q] = 20
    return images, labels


def dataset(n: int = 60, seed: int = 0, side: int = 16) -> CachedDataset:
    images, labels = three_classes(n, seed, side)
    return CachedDataset(images, labels, list(CLASSES), f"three-{n}-{seed}-{side}", PreprocessSettings(side, 3))


@pytest.fixture(scope="module")
def judge() -> ClassJudge:
    return ClassJudge.fit(dataset())


def test_agreement_is_relative_to_the_judges_accuracy_and_names_the_weak_classes():
    followed = ClassAgreement({"a": 0.9, "b": 0.85}, real_accuracy=0.9, usable=True)
    assert followed.relative == pytest.approx(0.875 / 0.9) and followed.factor == followed.relative
    [sentence] = followed.describe()
    assert sentence.template == CLASSES_FOLLOWED and sentence.values["real"] == 0.9
    capped = ClassAgreement({"a": 1.0, "b": 1.0}, real_accuracy=0.8, usable=True)
    assert capped.relative == 1.0, "as good as real pictures is as good as it gets"
    weak = ClassAgreement({"a": 0.9, "b": 0.1, "c": 0.3}, real_accuracy=0.9, usable=True)
    assert [(s.template, s.values["name"]) for s in weak.describe()] == [(WEAK_CLASS, "b"), (WEAK_CLASS, "c")]
    blind = ClassAgreement({"a": 0.0, "b": 0.0}, real_accuracy=0.55, usable=False)
    assert math.isnan(blind.relative) and blind.factor == 1.0, "a judge that can't tell classes apart judges nothing"
    [sentence] = blind.describe()
    assert sentence.template == JUDGE_CANT_TELL and sentence.values["chance"] == 0.5


def test_the_judge_learns_the_classes_and_catches_images_of_the_wrong_class(judge):
    assert judge.usable and judge.real_accuracy >= 0.9
    images, labels = three_classes(90, seed=5)
    right = judge.measure(images, labels)
    assert right.per_class.keys() == set(CLASSES) and min(right.per_class.values()) >= 0.9
    swapped = judge.measure(images, (labels + 1) % 3)  # each image made "for" the next class
    assert max(swapped.per_class.values()) <= 0.1
    assert right.relative >= 0.9 and swapped.relative <= 0.1


def test_the_score_of_a_set_by_class_gets_worse_when_its_classes_are_wrong(judge):
    """Coverage can't tell (the images are the same); the class agreement can, and the score follows."""
    real = dataset()
    images, labels = three_classes(60, seed=9)
    reports = {name: evaluate(lambda n, seed: images, real, n=60, judge=judge, labels=lab)
               for name, lab in (("right", labels), ("wrong", (labels + 1) % 3))}
    assert reports["right"].coverage == reports["wrong"].coverage
    assert reports["right"].class_agreement > 0.9 > 0.1 > reports["wrong"].class_agreement
    assert reports["wrong"].overall < reports["right"].overall / 5
    assert reports["wrong"].score > 5 * reports["right"].score
    row = reports["wrong"].as_dict()
    assert row["class_agreement"] == reports["wrong"].class_agreement
    assert set(row["class_agreement_by_class"]) == set(CLASSES) and row["class_judge_accuracy"] >= 0.9
    assert any(s.template == WEAK_CLASS for s in reports["wrong"].describe())
    plain = evaluate(lambda n, seed: images, real, n=60)  # no judge: the class is not part of the score
    assert math.isnan(plain.class_agreement) and plain.overall == reports["right"].fidelity.overall


def test_a_run_keeps_its_judge_and_trains_a_new_one_only_for_other_pictures(tmp_path):
    data = dataset()
    fits = []
    first = ClassJudge.for_run(tmp_path, data, before_fit=lambda: fits.append(1))
    assert first is not None and (tmp_path / FILE_NAME).is_file() and fits == [1]
    again = ClassJudge.for_run(tmp_path, data, before_fit=lambda: fits.append(2))
    assert fits == [1] and again.real_accuracy == first.real_accuracy
    other = dataclasses.replace(data, fingerprint="changed")
    ClassJudge.for_run(tmp_path, other, before_fit=lambda: fits.append(3))
    assert fits == [1, 3]
    (tmp_path / FILE_NAME).write_bytes(b"damaged")
    assert ClassJudge.for_run(tmp_path, other, before_fit=lambda: fits.append(4)) is not None and fits == [1, 3, 4]


def test_two_runs_on_the_same_pictures_get_the_same_judge(tmp_path):
    # Whatever the runs' own seeds, so that their class agreement can be compared.
    data = dataset()
    first, second = (ClassJudge.for_run(tmp_path / name, data) for name in ("seed-1", "seed-2"))
    assert first is not None and second is not None
    for (name, a), b in zip(first.classifier.net.state_dict().items(), second.classifier.net.state_dict().values(),
                            strict=True):
        assert torch.equal(a, b), name


def test_no_judge_for_one_class_and_a_stopped_judge_keeps_nothing(tmp_path):
    one = CachedDataset(*three_classes(12, 0)[:1], torch.zeros(12, dtype=torch.long), [""], "one",
                        PreprocessSettings(16, 3))
    assert ClassJudge.for_run(tmp_path, one) is None
    with pytest.raises(JudgeCancelled):
        ClassJudge.for_run(tmp_path, dataset(), should_stop=lambda: True)
    assert not (tmp_path / FILE_NAME).exists()


def test_large_pictures_are_judged_at_64_px():
    images, _ = three_classes(4, 0, side=128)
    small = judge_pictures(images)
    assert small.shape == (4, 3, class_agreement.JUDGE_SIDE, class_agreement.JUDGE_SIDE) and small.dtype == torch.uint8
    at_64 = images[:, :, :64, :64]
    assert judge_pictures(at_64) is at_64
    assert int(small[0, 0, 32, 32]) == int(images[0, 0, 64, 64])  # the flat middle keeps its value


def test_a_run_resumed_across_the_class_agreement_ranks_only_the_rows_that_count_it():
    old = [{"step": 1000, "swd": 20.0, "overall": 0.5}, {"step": 2000, "swd": 18.0, "overall": 0.6}]
    new = [{"step": 3000, "swd": 17.0, "overall": 0.3, "class_agreement": 0.5},
           {"step": 4000, "swd": 16.0, "overall": 0.4, "class_agreement": 0.6}]
    assert scored_steps(old + new) == [(3000, pytest.approx(17.0 / 0.3)), (4000, pytest.approx(16.0 / 0.4))]
    unjudged = [{**row, "class_agreement": math.nan} for row in new]  # not by class, or a judge that can't tell
    assert [step for step, _ in scored_steps(old + unjudged)] == [1000, 2000, 3000, 4000]


def test_a_fine_tuned_version_shares_its_runs_judge(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    version = tmp_path / "versions" / "v0002"
    version.mkdir(parents=True)
    assert judge_path(version) == judge_path(tmp_path) == tmp_path / FILE_NAME
    ClassJudge.for_run(tmp_path, dataset())
    fits = []
    assert ClassJudge.for_run(version, dataset(), before_fit=lambda: fits.append(1)) is not None and fits == []
    assert judge_path(tmp_path / "elsewhere" / "versions" / "v0001") == tmp_path / "elsewhere/versions/v0001" / FILE_NAME


def test_a_weak_class_before_the_fade_ends_is_said_to_be_expected():
    judged = ClassAgreement({"a": 0.1, "b": 0.2}, real_accuracy=0.9, usable=True)
    fade = TrainConfig(class_fade_from=1000, class_fade_steps=2000)
    [note] = fading_note(judged, fade, step=2000)
    assert note.template == CLASSES_FADING_IN and note.values["step"] == 3000
    assert fading_note(judged, fade, step=3000) == []
    assert fading_note(dataclasses.replace(judged, usable=False), fade, step=2000) == []
    assert fading_note(None, fade, step=2000) == []
