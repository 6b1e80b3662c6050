"""Training settings: one dataclass, validated up front, saved as ``config.json`` in the run folder."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aigc_desktop.core.data.preprocess import PreprocessSettings
from aigc_desktop.core.errors import ConfigError
from aigc_desktop.core.messages import Sentence

LOSSES = ("bce", "hinge", "wgan-gp")
RESOLUTIONS = (16, 32, 64, 128, 256)  # 16 only for tests and very quick looks
AMP_MODES = ("off", "bf16", "fp16")
# auto: DiffAugment at the strength D needs (ADA's heuristic, core/gan/augment.py); on: always at full strength
DIFFAUG_MODES = ("auto", "on", "off")
XFLIP_MODES = ("auto", "on", "off")
# auto: the generator turns its pictures (g_rotate) where the set's parts lie at any angle and the
# resolution is TURN_FROM_RESOLUTION or more (see core/gan/trainer.py)
TURN_MODES = ("auto", "on", "off")
# Measured on the demo set, seed 0, 4,000 steps (RESULTS, "A generator that draws upright and turns"):
# at 64 px turning raised the overall score 0.42 → 0.47 (5,000 steps: 0.53 → 0.60) and drew the only
# nut-like parts; at 32 px it lowered it 0.37 → 0.33 (precision 0.74 → 0.58): too few pixels to turn.
TURN_FROM_RESOLUTION = 64
# A run that turns by class lets D guess the class from patches of about a third of the picture (D's 8 x 8
# features) and keeps the class out of G's first, 4 x 4 layer, which lays out the whole part
# (g_class_from, d_class_from at "auto"): a guess that sees the whole picture pulled the turned parts
# round again. Measured on the demo set (RESULTS, fifteenth and sixteenth sessions): with the class from
# 16 px, 10-26 % hex nuts by the census classifier against 11 % (all round by eye), every condition
# followed; from 8 px, as many nuts and a better score on six runs of six (46-61 against 63-99).
G_CLASS_FROM_TURNING = 8
D_CLASS_FROM_TURNING = 8
# A guess from patches counts at this share of d_class_guess: its strongest patch decides, and at full
# weight G answered with marks D finds easy and warped parts (precision 0.48 against 0.71 at half).
PATCH_GUESS_SHARE = 0.5
CONDITIONAL_MODES = ("auto", "on", "off")
KIND_COUNT = 8  # kinds of picture looked for when they are on (core/gan/kinds.py)
# What the kinds are found by (core/gan/kinds.py): "look", the coverage score's whole feature space; or
# "outline", its shape block alone, the kinds then reaching only G's first layer (the part's layout).
KIND_LOOKS = ("look", "outline")
# A run that turns by class finds this many kinds of outline at "auto" (kinds -1, kind_look "auto"): G's
# first layer is told which kind of part to draw, the layers the class reaches draw its details. Measured on
# the demo set (RESULTS, seventeenth session): census hex nuts 29.0 / 30.9 / 28.7 % at 5,000 steps (seeds
# 0 / 1 / 2) against 24.6 / 15.0 / 26.6 %, 26.3 % against 18.5 % after ten minutes; the price, class
# agreement 0.62 / 0.71 / 0.63 against 0.79 / 0.79 / 0.62 (G follows the dents less well). Kinds of look
# (the whole feature space) in every layer had lost the classes. With D judging the kind (d_kind_project)
# and the kinds told early (kind_fade), 31.5 / 33.5 / 30.2 % after ten minutes against 26.7 / 26.4 / 29.1 %
# (seeds 3 / 1 / 2, 5,000 images counted; the score better on two seeds, worse on seed 2: RESULTS,
# eighteenth and nineteenth sessions; seeds 4 / 5 / 0: 34.6 / 33.9 / 31.9 %).
KINDS_TURNING = 4
# When G and D are told the kinds (kind_fade): "class", faded in with the class (class_fade_from,
# class_fade_steps); "early", from the first step over KIND_FADE_STEPS. Kinds of outline are told early
# (auto): the part's outline is what G lays out first, and with the class's fade G had only the last
# thousand-odd steps of a ten-minute run to follow the kind (RESULTS, eighteenth session).
KIND_FADES = ("class", "early")
KIND_FADE_STEPS = 1000
# Settings whose default changed when they were added: a run saved before one existed trained without
# it, and a resumed run must continue alike, so a config.json without the key means this value.
# (xflip "auto": on when mirrored pictures look like the set, core/data/symmetry.py.)
BEFORE_IT_EXISTED: dict[str, Any] = {"xflip": "off", "r1_gamma": 0.0, "conditional": "off",
                                     "class_fade_from": 0, "class_fade_steps": 0, "g_class_norm": False,
                                     "g_rotate": "off", "d_class_guess": 0.0, "kinds": 0,
                                     "g_class_from": 4, "d_class_from": 4, "kind_look": "look",
                                     "d_kind_project": False, "kind_fade": "class"}
# Below this many images, runs from before the adaptive strength trained at full strength ("auto"
# meant on); a checkpoint of theirs resumes at that strength and adapts from there.
DIFFAUG_AUTO_BELOW = 2000


# Sentences for the user (translated in the window: see core/messages.py).
BAD_LEARNING_RATE = "The learning rate {name} must be a number above 0 and at most 0.1 (got {value!r})."
BAD_FRACTION = "{name} must be at least 0 and below 1 (got {value!r})."
BAD_MINUTES = "minutes must be 0 (no time limit) or more (got {value!r})."
NEVER_ENDS = "Set a number of steps or of minutes to train for; both are 0, so training would never end."
NO_SETTINGS_FILE = "No settings file at {path}. Is this a run folder?"
UNREADABLE_SETTINGS = "The settings file {path} can't be read ({error})."
NOT_ONE_OF = "{name} must be one of {choices} (got {value!r})."
NOT_IN_RANGE = "{name} must be a whole number from {low} to {high} (got {value!r})."
NEEDS_CLASSES = ("Training by class needs pictures sorted into two or more class folders (for example ok/ and "
                 "crack/); these pictures have {count}. Sort them into folders, or set conditional training to off.")

@dataclass
class TrainConfig:
    """Everything that decides how a run trains. Defaults give a sensible CPU run."""

    # data
    resolution: int = 32
    channels: int = 3
    fit: str = "crop"
    background: str = "white"
    # model
    z_dim: int = 64
    g_width: int = 32
    d_width: int = 32
    spectral_norm: bool = False
    g_excite: bool = False  # FastGAN's skip-layer excitation in G
    # G draws upright and turns each image by an angle read from its latent (TURN_MODES). A trainer
    # decides "auto" once and saves "on" or "off" in its checkpoints, which loading builds from.
    g_rotate: str = "auto"
    d_mbstd: bool = False  # minibatch standard deviation in D, against dropping a kind of picture
    # by class, G's BatchNorm takes a scale and shift per class (models.ClassBatchNorm); off: the class
    # embedding beside z of runs from before it
    g_class_norm: bool = True
    # the smallest side (px) at which G's BatchNorm takes the class: 4 = every layer; 8 or 16 leave the
    # part's layout to the layers no class reaches. 0 = auto: 8 where the run turns by class (the demo
    # set's classes are defects, fine detail), else 4; decided once by the trainer (G_CLASS_FROM_TURNING).
    g_class_from: int = 0
    # learn one model per class folder at once (G and D told each picture's class); auto: with 2+ classes.
    # The default since D guesses classes too (d_class_guess): G then follows the class asked for.
    conditional: str = "auto"
    # Transitional training (Shahbazi et al. 2023): G and D learn without the class until
    # class_fade_from, then are told it more and more over class_fade_steps. With the class embedding
    # beside z, told in full, G answered each class of a small set with one picture within a few thousand
    # steps, so the fifth session faded over 10,000 steps; with class-conditional BatchNorm (g_class_norm)
    # a demo run told in full from step 3,000 stayed varied to step 8,000 (within-class coverage
    # 0.92-0.99; RESULTS, "Training by class, sixth session"), so the class is in full by step 3,000.
    class_fade_from: int = 1000
    class_fade_steps: int = 2000
    # When the kinds of part (kinds) are told (KIND_FADES): "class", over the class's steps; "early", from the
    # first step over KIND_FADE_STEPS. auto: "early" for kinds of outline, else "class"; decided by the trainer.
    kind_fade: str = "auto"
    # objective and optimiser
    loss: str = "bce"
    lr_g: float = 2e-4
    lr_d: float = 2e-4
    beta1: float = 0.5
    beta2: float = 0.999
    gp_weight: float = 10.0
    # R1 penalty on real pictures (Mescheder et al. 2018), lazily every R1_EVERY steps; 0 = off.
    # 0.1 measured on the demo set with the adaptive strength: SWD 30.2 → 24.7, coverage 0.64 → 0.74.
    r1_gamma: float = 0.1
    # weight of D's reconstruction of real pictures from its own features (FastGAN); 0 = off
    d_reconstruct: float = 0.0
    # weight of D's guess of each picture's class (AC-GAN, Odena et al. 2017), when by class: D learns the
    # class of each real picture, and G is pulled to make pictures D puts in the class asked for; 0 = off.
    # The projection alone let G draw the same part for every class (agreement with a classifier of real
    # pictures: crack 2 %, scratch 0 % at 3,000 steps); with 2.0 it was 32 % and 86 % (RESULTS, eighth session).
    d_class_guess: float = 2.0
    # weight of TAC-GAN's twin classifier (Gong et al. 2019), relative to the guess: D also learns the
    # class G was asked for from G's pictures, and G's pull towards the asked class is the difference
    # of the two guesses, which no longer rewards a picture for being easy to classify; 0 = off
    d_class_twin: float = 0.0
    # G's pull towards the asked class stops once D's guess puts that class ahead of every other by this
    # much (in logits: a multi-class hinge, Kavalerov et al. 2021); 0 = cross-entropy, which never stops
    # and so keeps rewarding a picture for being easy to classify (AC-GAN's narrowing within a class)
    d_class_margin: float = 0.0
    # D's class guess (and twin) on features of their own instead of D's (a half-width copy of D's layers,
    # about a quarter of D's work more per pass): the classes then don't decide what D looks at to
    # tell real from generated; off = the guess is a head on D's own features (AC-GAN's form)
    d_class_apart: bool = False
    # the side (px) of D's features the class guess reads: 4 = the last ones, which see the whole picture;
    # 8 or more = patches (at 64 px: 8 -> about 22 px, 16 -> about 10 px), each guessing, the strongest
    # deciding (they see a defect, not an outline), at PATCH_GUESS_SHARE of the weight. 0 = auto: 8 where
    # the run turns by class, else 4; decided once by the trainer (D_CLASS_FROM_TURNING).
    d_class_from: int = 0
    # Kinds (core/gan/kinds.py): the pictures are grouped by look once, G draws each kind as often as it
    # occurs and D learns to tell the kinds of real pictures apart (self-conditioning); 0 = off. -1 = auto:
    # KINDS_TURNING kinds of outline where the run turns by class, else off; decided once by the trainer.
    # The trainer turns it off for a set with fewer than kinds.MIN_PICTURES_PER_KIND pictures a kind. Faded
    # in over the same steps as the class (class_fade_from, class_fade_steps), by class or not.
    kinds: int = -1
    # what the kinds are found by (KIND_LOOKS); auto: "outline" where the run turns by class, else "look"
    kind_look: str = "auto"
    # weight of D's guess of each picture's kind, and of G's pull towards the kind it was asked for; 1.0
    # since kinds of outline became the default (at 2.0 G followed the dents still less: agreement 21-27 %)
    d_kind_guess: float = 1.0
    # D also judges each picture together with its kind: the projection of its features on a vector per
    # kind joins the real/fake logit, as the class's does (Miyato & Koyama 2018), so a part drawn unlike
    # the kind it was asked for is less real to D, not only less like the kind. On the demo set at 5,000
    # steps: census nuts 35.0 / 33.3 % against 29.0 / 30.9 %, score 42.6 / 36.0 against 45.0 / 58.5
    d_kind_project: bool = True
    # weight of the mode-seeking term (Mao et al. 2019): two latents of one class must give different pictures
    mode_seeking: float = 0.0
    # weight of the reach term (IMLE, Li & Malik 2018): each real picture pulls the generated picture
    # nearest to it, every REACH_EVERY steps; 0 = off. A kind of part G never draws is still pulled in.
    reach: float = 0.0
    batch: int = 32
    # length: whichever of steps / minutes comes first (0 = no limit for that one)
    steps: int = 3000
    minutes: float = 0.0
    # extras
    ema: bool = True
    ema_decay: float = 0.999
    diffaug: str = "auto"
    xflip: str = "auto"  # show D real pictures mirrored left to right half of the time
    amp: str = "off"
    channels_last: bool = False
    device: str = "auto"
    seed: int = 0
    # bookkeeping
    log_every: int = 10
    sample_every: int = 200
    checkpoint_every: int = 500
    checkpoint_minutes: float = 10.0
    keep_checkpoints: int = 3
    # the offline quality score (quality.py) every eval_every steps on eval_images samples; 0 = off
    eval_every: int = 1000
    eval_images: int = 500
    preset: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad setting and what would be valid."""
        _one_of("resolution", self.resolution, RESOLUTIONS)
        _one_of("channels", self.channels, (1, 3))
        _one_of("fit", self.fit, ("crop", "pad"))
        _one_of("background", self.background, ("white", "black"))
        _one_of("loss", self.loss, LOSSES)
        _one_of("amp", self.amp, AMP_MODES)
        _one_of("diffaug", self.diffaug, DIFFAUG_MODES)
        _one_of("xflip", self.xflip, XFLIP_MODES)
        _one_of("g_rotate", self.g_rotate, TURN_MODES)
        _one_of("conditional", self.conditional, CONDITIONAL_MODES)
        _int_range("z_dim", self.z_dim, 2, 1024)
        _int_range("g_width", self.g_width, 4, 1024)
        _int_range("d_width", self.d_width, 4, 1024)
        _int_range("batch", self.batch, 2, 4096)
        _int_range("steps", self.steps, 0, 100_000_000)
        _int_range("log_every", self.log_every, 1, 1_000_000)
        _int_range("sample_every", self.sample_every, 1, 100_000_000)
        _int_range("checkpoint_every", self.checkpoint_every, 1, 100_000_000)
        _int_range("keep_checkpoints", self.keep_checkpoints, 1, 1000)
        _int_range("eval_every", self.eval_every, 0, 100_000_000)
        _int_range("eval_images", self.eval_images, 16, 100_000)
        _int_range("seed", self.seed, 0, 2**63 - 1)
        _int_range("class_fade_from", self.class_fade_from, 0, 100_000_000)
        _int_range("class_fade_steps", self.class_fade_steps, 0, 100_000_000)
        _one_of("kind_fade", self.kind_fade, ("auto", *KIND_FADES))
        _int_range("kinds", self.kinds, -1, 64)
        _one_of("kind_look", self.kind_look, ("auto", *KIND_LOOKS))
        for name in ("g_class_from", "d_class_from"):
            value = getattr(self, name)
            if value != 0:  # 0: auto
                _int_range(name, value, 4, 4096)
                # The networks' sides halve from layer to layer: any other side would silently mean the next
                # power of two up in G and the whole-picture guess in D.
                if value & (value - 1):
                    raise ConfigError(f"{name} must be 0 (auto) or a side the networks have: 4, 8, 16, 32, ... "
                                      f"(got {value}).")
        if not (self.d_class_twin >= 0 and math.isfinite(self.d_class_twin)):
            raise ConfigError("d_class_twin must be 0 (off) or more.")
        if not (self.d_class_margin >= 0 and math.isfinite(self.d_class_margin)):
            raise ConfigError("d_class_margin must be 0 (off) or more.")
        if self.kinds == 1:
            raise ConfigError("kinds must be -1 (auto), 0 (off) or 2 or more.")
        for name in ("lr_g", "lr_d"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 < value <= 0.1):
                raise ConfigError(Sentence(BAD_LEARNING_RATE, name=name, value=value))
        for name in ("beta1", "beta2", "ema_decay"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and 0 <= value < 1):
                raise ConfigError(Sentence(BAD_FRACTION, name=name, value=value))
        if not (self.minutes >= 0 and math.isfinite(self.minutes)):
            raise ConfigError(Sentence(BAD_MINUTES, value=self.minutes))
        if self.checkpoint_minutes < 0:
            raise ConfigError("checkpoint_minutes must be 0 (off) or more.")
        if self.gp_weight < 0:
            raise ConfigError("gp_weight must be 0 or more.")
        if not (self.r1_gamma >= 0 and math.isfinite(self.r1_gamma)):
            raise ConfigError("r1_gamma must be 0 (off) or more.")
        if not (self.d_reconstruct >= 0 and math.isfinite(self.d_reconstruct)):
            raise ConfigError("d_reconstruct must be 0 (off) or more.")
        if not (self.d_class_guess >= 0 and math.isfinite(self.d_class_guess)):
            raise ConfigError("d_class_guess must be 0 (off) or more.")
        if not (self.d_kind_guess >= 0 and math.isfinite(self.d_kind_guess)):
            raise ConfigError("d_kind_guess must be 0 (off) or more.")
        if not (self.mode_seeking >= 0 and math.isfinite(self.mode_seeking)):
            raise ConfigError("mode_seeking must be 0 (off) or more.")
        if not (self.reach >= 0 and math.isfinite(self.reach)):
            raise ConfigError("reach must be 0 (off) or more.")
        if self.steps == 0 and self.minutes == 0:
            raise ConfigError(Sentence(NEVER_ENDS))

    @property
    def preprocess(self) -> PreprocessSettings:
        return PreprocessSettings(self.resolution, self.channels, self.fit, self.background)

    def use_diffaug(self, n_images: int) -> bool:
        """Whether D sees augmented pictures at all; under "auto" the strength starts at 0 and adapts."""
        return self.diffaug in ("on", "auto")

    def class_count(self, classes: Sequence[str]) -> int:
        """How many classes G and D learn for pictures sorted into ``classes``; 0: unconditional.

        One class (or an unlabelled set, ``[""]``) is never conditional, whatever the setting: the
        session refuses "on" for such a set before it gets here (``NEEDS_CLASSES``).
        """
        return len(classes) if self.conditional != "off" and len(classes) >= 2 else 0

    @property
    def kind_count(self) -> int:
        """How many kinds G and D are built for: ``kinds``, with "auto" (-1) not yet decided counted as none."""
        return max(self.kinds, 0)

    def class_strength(self, step: int) -> float:
        """How much of each picture's class G and D are told at ``step``: 0 before the fade, then up to 1."""
        return _faded(step, self.class_fade_from, self.class_fade_steps)

    def kind_strength(self, step: int) -> float:
        """How much of each picture's kind (kinds) G and D are told at ``step``: as the class, or from
        the first step over KIND_FADE_STEPS (``decided_kind_fade``)."""
        return _faded(step, 0, KIND_FADE_STEPS) if self.decided_kind_fade == "early" else self.class_strength(step)

    @property
    def decided_kind_fade(self) -> str:
        """``kind_fade`` with "auto" decided: "early" for kinds of outline, else "class"."""
        if self.kind_fade != "auto":
            return self.kind_fade
        return "early" if self.kind_look == "outline" else "class"

    @property
    def adaptive_augment(self) -> bool:
        return self.diffaug == "auto"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainConfig:
        """Build from a dict, ignoring keys from newer versions and refusing wrong types in words."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {key: value for key, value in BEFORE_IT_EXISTED.items() if key not in data}
        for key, value in data.items():
            if key not in known:
                continue
            if key == "g_rotate" and isinstance(value, bool):  # a true/false switch until the eighth session
                value = "on" if value else "off"
            default = getattr(cls(), key)
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ConfigError(f"{key} must be true or false (got {value!r}).")
            elif isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            elif type(default) is not type(value):
                raise ConfigError(f"{key} must be a {type(default).__name__} (got {value!r}).")
            kwargs[key] = value
        return cls(**kwargs)

    def save(self, path: str | Path) -> Path:
        from aigc_desktop.core.atomic import atomic_write_json

        return atomic_write_json(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> TrainConfig:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(Sentence(NO_SETTINGS_FILE, path=str(path))) from exc
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(Sentence(UNREADABLE_SETTINGS, path=str(path), error=str(exc))) from exc
        if not isinstance(data, dict):
            raise ConfigError(f"The settings file {path} does not hold settings.")
        return cls.from_dict(data)

    def replace(self, **changes: Any) -> TrainConfig:
        return dataclasses.replace(self, **changes)


def _one_of(name: str, value: Any, allowed: tuple[Any, ...]) -> None:
    if value not in allowed:
        choices = ", ".join(str(a) for a in allowed)
        raise ConfigError(Sentence(NOT_ONE_OF, name=name, choices=choices, value=value))


def _int_range(name: str, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ConfigError(Sentence(NOT_IN_RANGE, name=name, low=low, high=high, value=value))


def _faded(step: int, start: int, steps: int) -> float:
    if step < start:
        return 0.0
    if steps <= 0:
        return 1.0
    return min(1.0, (step - start) / steps)
