"""The Training tab's settings: device, preset, length and an Advanced section, each with a tooltip.

Turns the fields into a :class:`TrainConfig` and refuses invalid values with the engine's own sentence
before any training starts. Imports no torch: devices arrive later from a probe thread. The device
chosen here is the app's device: the Gallery and the Feedback tab draw on it too (``deviceChanged``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aigc_desktop.core.run.config import KIND_COUNT, TrainConfig
from aigc_desktop.core.run.presets import PRESETS, Preset, recommend_preset


class TrainingSettings(QWidget):
    resolutionSuggested = Signal(int)  # a preset wants this resolution (the Dataset tab owns the setting)
    deviceChanged = Signal(str)  # the device to draw images on: the one chosen, or the one Auto stands for

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_device_box())
        layout.addWidget(self._build_preset_box())
        layout.addWidget(self._build_length_box())
        layout.addWidget(self._build_advanced_box())
        layout.addStretch(1)
        for combo in self.findChildren(QComboBox):
            # A long choice ("Auto (when mirrored pictures look like yours)") would make the panel wider
            # than its pane and cut off every line beside it: the combos shorten their text instead,
            # and the full text stays in the open list.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self._auto_device = "cpu"
        self._image_count = 0
        self._fine_detail: float | None = None
        self._preset_chosen = False  # once the user picks a preset, recommendations leave it alone
        self.device_combo.currentIndexChanged.connect(self._on_device_changed)
        self.preset_combo.activated.connect(self._on_preset_chosen)
        self.set_devices([])
        self._apply_preset(self.preset_combo.currentData())

    # -- building ------------------------------------------------------------------------------------
    def _build_device_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Device"))
        v = QVBoxLayout(box)
        self.device_combo = QComboBox()
        self.device_combo.setToolTip(self.tr(
            "Where the training runs. Auto uses an NVIDIA graphics card when there is one (much faster), "
            "otherwise the processor (CPU)."))
        self.device_note = QLabel()
        self.device_note.setWordWrap(True)
        self.device_note.setStyleSheet("color: palette(placeholder-text);")
        v.addWidget(self.device_combo)
        v.addWidget(self.device_note)
        return box

    def _build_preset_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Preset"))
        v = QVBoxLayout(box)
        self.preset_combo = QComboBox()
        titles = {
            "cpu-quick": self.tr("Quick look (CPU)"), "cpu-detail": self.tr("More detail (CPU)"),
            "gpu-standard": self.tr("Standard (GPU)"), "gpu-high": self.tr("High resolution (GPU)"),
        }
        for name in PRESETS:
            self.preset_combo.addItem(titles.get(name, name), name)
        self.preset_combo.setToolTip(self.tr(
            "A ready-made choice of image size, model size and training length for your computer. "
            "Start with the recommended one; you can change details under Advanced."))
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setStyleSheet("color: palette(placeholder-text);")
        self.preset_combo.currentIndexChanged.connect(lambda _i: self._apply_preset(self.preset_combo.currentData()))
        v.addWidget(self.preset_combo)
        v.addWidget(self.preset_note)
        return box

    def _build_length_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("How long"))
        form = QFormLayout(box)
        self.by_steps = QRadioButton(self.tr("Steps"))
        self.by_minutes = QRadioButton(self.tr("Minutes"))
        self.by_steps.setChecked(True)
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, 10_000_000)
        self.steps_spin.setSingleStep(500)
        self.steps_spin.setGroupSeparatorShown(True)
        self.steps_spin.setToolTip(self.tr(
            "One step shows the model one batch of your pictures. More steps: better images, longer wait."))
        self.minutes_spin = QDoubleSpinBox()
        self.minutes_spin.setRange(0.1, 100_000)
        self.minutes_spin.setDecimals(1)
        self.minutes_spin.setValue(10)
        self.minutes_spin.setToolTip(self.tr(
            "Train for this long, then stop and save. Handy when you know how much time you have."))
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(self.by_steps)
        row1.addWidget(self.steps_spin, 1)
        row2.addWidget(self.by_minutes)
        row2.addWidget(self.minutes_spin, 1)
        form.addRow(row1)
        form.addRow(row2)
        self.by_steps.toggled.connect(self._sync_length)
        self._sync_length()
        return box

    def _build_advanced_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Advanced"))
        box.setCheckable(True)
        box.setChecked(False)
        self.advanced_box = box
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Long labels ("Discriminator learning rate") go above their field rather than widening the
        # column past the window's settings panel.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.loss_combo = QComboBox()
        for key, title in (("bce", self.tr("Standard (DCGAN)")), ("hinge", self.tr("Hinge")),
                           ("wgan-gp", self.tr("Wasserstein (WGAN-GP)"))):
            self.loss_combo.addItem(title, key)
        self.loss_combo.setToolTip(self.tr(
            "How the two networks score each other. Standard works for most data; try Hinge or "
            "Wasserstein if the images stop improving or all look the same."))
        self.lr_g = self._lr_spin(self.tr("How big a step the generator (the image maker) takes when it learns. "
                                          "Lower is slower but steadier."))
        self.lr_d = self._lr_spin(self.tr("How big a step the discriminator (the judge) takes when it learns. "
                                          "Lower it if the judge wins too easily."))
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(2, 4096)
        self.batch_spin.setToolTip(self.tr(
            "How many pictures the model looks at per step. Bigger uses more memory; 32–64 is typical."))
        self.width_spin = QSpinBox()
        self.width_spin.setRange(4, 512)
        self.width_spin.setToolTip(self.tr(
            "Model size. Wider models can draw more detail but train more slowly."))
        self.ema_check = QCheckBox(self.tr("Use averaged generator for previews"))
        self.ema_check.setChecked(True)
        self.ema_check.setToolTip(self.tr(
            "Keeps a smoothed copy of the image maker. Its pictures are usually cleaner. Leave on."))
        self.diffaug_combo = QComboBox()
        for key, title in (("auto", self.tr("Auto (as much as the judge needs)")), ("on", self.tr("Always full")),
                           ("off", self.tr("Off"))):
            self.diffaug_combo.addItem(title, key)
        self.diffaug_combo.setToolTip(self.tr(
            "Random shifts, colour changes and cut-outs shown to the judge, so it cannot simply memorise "
            "your pictures. Auto starts with none and adds more as soon as the judge starts to memorise, "
            "for any number of pictures; Always full uses the full strength from the first step."))
        self.xflip_combo = QComboBox()
        for key, title in (("auto", self.tr("Auto (when mirrored pictures look like yours)")), ("on", self.tr("On")),
                           ("off", self.tr("Off"))):
            self.xflip_combo.addItem(title, key)
        self.xflip_combo.setToolTip(self.tr(
            "Shows the judge your pictures mirrored left to right half of the time, which doubles what a "
            "small set teaches. Auto turns it on only when mirrored pictures still look like yours: parts, "
            "textures and most products, never writing or digits."))
        self.turn_combo = QComboBox()
        for key, title in (("auto", self.tr("Auto (when turned pictures look like yours, at 64 px or more)")),
                           ("on", self.tr("On")), ("off", self.tr("Off"))):
            self.turn_combo.addItem(title, key)
        self.turn_combo.setToolTip(self.tr(
            "Lets the image maker draw each part upright and then turn it to an angle of its own, so parts "
            "with corners (nuts, brackets) keep their shape at every angle. Auto turns it on when your parts "
            "lie at any angle, as on an inspection table seen from above, and the pictures are at least 64 px; "
            "never for writing, digits or pictures with an up and a down. Learning by class, the classes are "
            "then told apart by their details (scratches, cracks), never by the outline."))
        self.kinds_combo = QComboBox()
        self.kinds_combo.addItem(self.tr("Auto (kinds of part, where parts are turned by class)"), -1)
        self.kinds_combo.addItem(self.tr("Keep every kind (finds {count} kinds in your pictures)").format(
            count=KIND_COUNT), KIND_COUNT)
        self.kinds_combo.addItem(self.tr("Off"), 0)
        self.kinds_combo.setCurrentIndex(self.kinds_combo.findData(TrainConfig().kinds))
        self.kinds_combo.setToolTip(self.tr(
            "Sorts your pictures into groups that look alike (for example nuts, washers and flanges) before "
            "training, and has the image maker draw each group as often as it occurs, so that no kind of part "
            "is left out. Needs at least 10 pictures a group; with fewer it stays off by itself. Auto sorts "
            "them by outline alone (for example nuts and round parts) when the image maker turns its parts and "
            "learns by class, so the kind decides the shape and the class the details."))
        self.conditional_combo = QComboBox()
        for key, title in (("auto", self.tr("Auto (when pictures are in two or more class folders)")),
                           ("on", self.tr("On")), ("off", self.tr("Off (one mix of all pictures)"))):
            self.conditional_combo.addItem(title, key)
        self.conditional_combo.setToolTip(self.tr(
            "Learns each class folder (ok, scratch, crack, ...) so that you can later ask for pictures of one "
            "class. Small classes are shown to the model more often, up to four times their share."))
        self.amp_combo = QComboBox()
        for key, title in (("off", self.tr("Off")), ("bf16", self.tr("bfloat16 (recommended on GPU)")),
                           ("fp16", self.tr("float16"))):
            self.amp_combo.addItem(title, key)
        self.amp_combo.setToolTip(self.tr(
            "Faster training on NVIDIA cards by using shorter numbers. Has no effect on the CPU."))
        self.spectral_check = QCheckBox(self.tr("Spectral normalisation"))
        self.spectral_check.setToolTip(self.tr(
            "Keeps the judge from overreacting. Helps when training becomes unstable."))
        self.ckpt_spin = QSpinBox()
        self.ckpt_spin.setRange(1, 10_000_000)
        self.ckpt_spin.setSingleStep(100)
        self.ckpt_spin.setToolTip(self.tr(
            "Save the model every this many steps (and at least every 10 minutes), so nothing is lost "
            "if the computer stops."))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setToolTip(self.tr(
            "The starting point of all randomness. The same seed and settings give the same run."))
        form.addRow(self.tr("Loss"), self.loss_combo)
        form.addRow(self.tr("Generator learning rate"), self.lr_g)
        form.addRow(self.tr("Discriminator learning rate"), self.lr_d)
        form.addRow(self.tr("Batch size"), self.batch_spin)
        form.addRow(self.tr("Model width"), self.width_spin)
        form.addRow(self.tr("DiffAugment"), self.diffaug_combo)
        form.addRow(self.tr("Mirrored pictures"), self.xflip_combo)
        form.addRow(self.tr("Parts at any angle"), self.turn_combo)
        form.addRow(self.tr("Kinds of picture"), self.kinds_combo)
        form.addRow(self.tr("Learn by class"), self.conditional_combo)
        form.addRow(self.tr("Mixed precision"), self.amp_combo)
        form.addRow(self.tr("Checkpoint every (steps)"), self.ckpt_spin)
        form.addRow(self.tr("Seed"), self.seed_spin)
        form.addRow(self.ema_check)
        form.addRow(self.spectral_check)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(inner)
        inner.setVisible(False)
        box.toggled.connect(inner.setVisible)
        self.loss_combo.currentIndexChanged.connect(self._loss_changed)
        defaults = TrainConfig()
        self.lr_g.setValue(defaults.lr_g)
        self.lr_d.setValue(defaults.lr_d)
        self.ckpt_spin.setValue(defaults.checkpoint_every)
        return box

    def _lr_spin(self, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setDecimals(6)
        spin.setRange(0.0, 1.0)
        spin.setSingleStep(0.00005)
        spin.setToolTip(tip)
        return spin

    # -- behaviour -----------------------------------------------------------------------------------
    def set_devices(self, devices: list[tuple[str, str]]) -> None:
        """``devices``: (id, label) pairs from the probe, the one Auto picks first; the list always starts with Auto."""
        current = self.device_combo.currentData()
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        self.device_combo.addItem(self.tr("Auto"), "auto")
        for device_id, label in devices:
            self.device_combo.addItem(label, device_id)
        index = self.device_combo.findData(current)
        self.device_combo.setCurrentIndex(max(index, 0))
        self.device_combo.blockSignals(False)
        self._auto_device = devices[0][0] if devices else "cpu"
        gpu_present = any(d.startswith(("cuda", "mps")) for d, _ in devices)
        if not devices:
            self.device_note.setText(self.tr("Looking for graphics cards…"))
        elif gpu_present:
            self.device_note.setText(self.tr("A graphics card was found: Auto trains on it."))
        else:
            self.device_note.setText(self.tr(
                "No NVIDIA graphics card was found, so training uses the CPU. The CPU presets are made for this."))
        self._on_device_changed()

    def set_pictures(self, n: int, fine_detail: float | None = None) -> None:
        """The Dataset tab's number of pictures and their fine detail: a large set on a graphics card is
        worth a larger preset, and fine details (scratches, cracks) are worth 64 px on a CPU."""
        if (n, fine_detail) != (self._image_count, self._fine_detail):
            self._image_count, self._fine_detail = n, fine_detail
            self.recommend_preset()

    def recommend_preset(self) -> None:
        """Show the preset core recommends for the device and the pictures, unless the user picked one."""
        if not self._preset_chosen:
            name = recommend_preset(self.resolved_device(), self._image_count, self._fine_detail).name
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))

    def _on_device_changed(self) -> None:
        self.recommend_preset()
        self.deviceChanged.emit(self.resolved_device())

    def _on_preset_chosen(self) -> None:
        self._preset_chosen = True

    def _apply_preset(self, name: str) -> None:
        preset: Preset = PRESETS[name]
        descriptions = {
            "cpu-quick": self.tr("32×32 images and a small model: recognisable shapes in about 5 minutes on a "
                                 "2-core PC. Scratches and other details a pixel or two wide are lost at this size."),
            "cpu-detail": self.tr("64×64 images and a small model: scratches, cracks and fine texture stay "
                                  "visible. Each step takes about 2.7 times as long: about 12 minutes on a 2-core PC."),
            "gpu-standard": self.tr("64×64 images, the DCGAN paper's model size, mixed precision on an NVIDIA card."),
            "gpu-high": self.tr("128×128 images for detailed textures; wants a graphics card with 8 GB or more."),
        }
        self.preset_note.setText(descriptions.get(name, preset.description))
        self.steps_spin.setValue(preset.steps)
        self.batch_spin.setValue(preset.batch)
        self.width_spin.setValue(preset.g_width)
        self.amp_combo.setCurrentIndex(self.amp_combo.findData(preset.amp))
        self.resolutionSuggested.emit(preset.resolution)

    def _sync_length(self) -> None:
        self.steps_spin.setEnabled(self.by_steps.isChecked())
        self.minutes_spin.setEnabled(self.by_minutes.isChecked())

    def _loss_changed(self) -> None:
        # WGAN-GP's authors use a smaller learning rate; keep the fields honest about what will be used.
        wgan = self.loss_combo.currentData() == "wgan-gp"
        self.lr_g.setValue(1e-4 if wgan else TrainConfig().lr_g)
        self.lr_d.setValue(1e-4 if wgan else TrainConfig().lr_d)

    def preset(self) -> Preset:
        return PRESETS[self.preset_combo.currentData()]

    def device(self) -> str:
        """The choice as the engine takes it: "auto", "cpu", "cuda:0", …"""
        return str(self.device_combo.currentData() or "auto")

    def resolved_device(self) -> str:
        """The device itself: the one chosen, or for Auto the one the probe found best (the CPU until it ends)."""
        device = self.device()
        return self._auto_device if device == "auto" else device

    def to_config(self, base: TrainConfig) -> TrainConfig:
        """The settings as a config on top of ``base`` (which carries the Dataset tab's preprocessing).

        Raises ConfigError with a sentence for the user when a value is invalid.
        """
        config = self.preset().apply(base)
        config = config.replace(
            resolution=base.resolution, device=self.device(),
            steps=self.steps_spin.value() if self.by_steps.isChecked() else 0,
            minutes=self.minutes_spin.value() if self.by_minutes.isChecked() else 0.0,
            loss=self.loss_combo.currentData(), lr_g=self.lr_g.value(), lr_d=self.lr_d.value(),
            batch=self.batch_spin.value(), g_width=self.width_spin.value(), d_width=self.width_spin.value(),
            ema=self.ema_check.isChecked(), diffaug=self.diffaug_combo.currentData(),
            xflip=self.xflip_combo.currentData(), g_rotate=self.turn_combo.currentData(),
            conditional=self.conditional_combo.currentData(), kinds=int(self.kinds_combo.currentData()),
            amp=self.amp_combo.currentData(), spectral_norm=self.spectral_check.isChecked(),
            checkpoint_every=self.ckpt_spin.value(), seed=self.seed_spin.value(),
        )
        if config.loss == "wgan-gp":
            config = config.replace(beta1=0.0, beta2=0.9)
        config.validate()
        return config

    def set_enabled_for_run(self, running: bool) -> None:
        for w in (self.device_combo, self.preset_combo, self.by_steps, self.by_minutes, self.steps_spin,
                  self.minutes_spin, self.advanced_box):
            w.setEnabled(not running)
        if not running:
            self._sync_length()

