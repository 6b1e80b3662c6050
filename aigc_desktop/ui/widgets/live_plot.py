"""A live plot of training metrics that stays smooth over a 100,000-step run.

Follows pyqtgraph's ``examples/scrollingPlots.py`` recipe: points go into preallocated numpy arrays
that double when full, and a GUI timer hands them to pyqtgraph only when new points arrived, so
the cost of drawing does not depend on how often the trainer reports.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QHBoxLayout, QMenu, QVBoxLayout, QWidget

REDRAW_MS = 150
_INITIAL_CAPACITY = 1024


def ema(values: np.ndarray, alpha: float, previous: float = math.nan) -> tuple[np.ndarray, float]:
    """Exponential moving average ``s[i] = alpha * x[i] + (1 - alpha) * s[i-1]``, vectorised.

    NaNs are skipped: they stay NaN in the output and do not disturb the average.

    Args:
        values: New raw values (1-D).
        alpha: Weight of each new value, in (0, 1].
        previous: The average before ``values[0]``; NaN starts the average at the first value.

    Returns:
        The averaged values and the average after the last one (to continue with next time).
    """
    x = np.asarray(values, dtype=np.float64)
    out = np.full(x.shape, np.nan)
    finite = np.flatnonzero(np.isfinite(x))
    if finite.size == 0:
        return out, previous
    xs = x[finite]
    ys = np.empty_like(xs)
    start = 0
    if math.isnan(previous):
        ys[0] = previous = float(xs[0])
        start = 1
    decay = 1.0 - alpha
    if decay <= 0.0:
        ys[start:] = xs[start:]
    else:
        # Closed form within a chunk: s_k = d^k * (s_0 + alpha * sum_{j<=k} x_j / d^j). Chunks are
        # short enough that d^-k stays below 1e100 (no overflow); rounding error stays ~1e-13 * |x|.
        chunk = 1024 if decay >= 1.0 else max(1, min(1024, int(100.0 / -math.log10(decay))))
        for lo in range(start, xs.size, chunk):
            part = xs[lo : lo + chunk]
            powers = decay ** np.arange(1, part.size + 1)
            ys[lo : lo + part.size] = powers * (previous + alpha * np.cumsum(part / powers))
            previous = float(ys[lo + part.size - 1])
    out[finite] = ys
    return out, previous


class LivePlot(QWidget):
    """Several named curves against the training step, with an optional smoothed (EMA) overlay.

    ``append`` only stores points; a timer redraws at most every ``REDRAW_MS`` and only while the
    widget is shown, so a hidden tab costs nothing and catches up when it is shown again.
    """

    def __init__(
        self,
        title: str,
        series: list[tuple[str, str, str]],
        parent: QWidget | None = None,
        *,
        ema_alpha: float = 0.05,
    ) -> None:
        """Build the plot.

        Args:
            title: Plot title (already translated).
            series: ``(key, legend label, colour)`` per curve; labels already translated, colours
                anything ``pyqtgraph.mkColor`` accepts.
            parent: Parent widget.
            ema_alpha: Weight of each new point in the smoothed curve, in (0, 1].
        """
        super().__init__(parent)
        if not 0.0 < ema_alpha <= 1.0:
            raise ValueError(f"ema_alpha must be in (0, 1], got {ema_alpha}.")
        if len({key for key, _, _ in series}) != len(series):
            raise ValueError("Series keys must be unique.")
        self._alpha = ema_alpha
        self._keys = [key for key, _, _ in series]
        self._colours = {key: pg.mkColor(colour) for key, _, colour in series}
        self._n = 0
        self._x = np.empty(_INITIAL_CAPACITY)
        self._y = {key: np.empty(_INITIAL_CAPACITY) for key in self._keys}
        self._ema = {key: np.empty(_INITIAL_CAPACITY) for key in self._keys}
        self._ema_last = dict.fromkeys(self._keys, math.nan)
        self._dirty = False
        self._smoothing = False
        self.redraw_count = 0

        menus_before = {shiboken6.getCppPointer(w)[0] for w in QApplication.topLevelWidgets()}
        self.plot_widget = pg.PlotWidget()
        # pyqtgraph makes its context menus as parentless QMenus that live as long as the Python plot
        # items do; parent them to this widget so closing the window really frees them.
        for menu in QApplication.topLevelWidgets():
            new = shiboken6.getCppPointer(menu)[0] not in menus_before
            if new and isinstance(menu, QMenu) and menu.parent() is None:
                menu.setParent(self, menu.windowFlags())
        self.plot_widget.setAntialiasing(False)
        item = self.plot_widget.getPlotItem()
        item.setTitle(title)
        item.setLabel("bottom", self.tr("step"))
        item.showGrid(x=True, y=True, alpha=0.2)
        # Top right, where loss curves have usually flattened; a dark backing keeps it readable over them.
        legend = item.addLegend(offset=(-10, 10), brush=(0, 0, 0, 230), pen=(90, 90, 90))
        legend.setZValue(1000)  # above the curves, which are added later
        # Draw a few points per pixel, keeping each bucket's peaks; when the user zooms in, only the
        # visible x range is processed at all.
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.enableAutoRange()
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.smooth_curves: dict[str, pg.PlotDataItem] = {}
        for key, label, _ in series:
            # connect="finite": a metric missing from a batch (NaN) leaves a gap, not a wild line.
            self.curves[key] = item.plot(
                name=label, pen=pg.mkPen(self._colours[key]), antialias=False, connect="finite"
            )

        self.smooth_box = QCheckBox(self.tr("Smooth"))
        self.smooth_box.setToolTip(self.tr("Overlay an exponential moving average of each curve"))
        self.smooth_box.toggled.connect(self.set_smoothing)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addStretch(1)
        top.addWidget(self.smooth_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.plot_widget, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw_if_new)

    # ----- data -------------------------------------------------------------------------------

    def append(self, steps: np.ndarray | list[float], values: dict[str, np.ndarray | list[float]]) -> None:
        """Add a batch of points. Cheap: nothing is drawn until the next timer tick.

        Args:
            steps: Step of each point, increasing (clipping to the view assumes sorted x).
            values: Per series key, one value per step. A key that is left out gets NaN (a gap);
                keys this plot does not show are ignored, so a trainer's whole stats dict can be passed.

        Raises:
            ValueError: If a value array's length differs from ``steps``.
        """
        x = np.asarray(steps, dtype=np.float64).ravel()
        m = x.size
        if m == 0:
            return
        columns = {}
        for key in self._keys:
            if key in values:
                column = np.asarray(values[key], dtype=np.float64).ravel()
                if column.size != m:
                    raise ValueError(f"Series {key!r} has {column.size} values for {m} steps.")
                columns[key] = column
        self._reserve(self._n + m)
        end = self._n + m
        self._x[self._n : end] = x
        for key in self._keys:
            column = columns.get(key)
            if column is None:
                self._y[key][self._n : end] = np.nan
                self._ema[key][self._n : end] = np.nan
                continue
            self._y[key][self._n : end] = column
            # Incremental: only the new points are averaged, continuing from the last average.
            self._ema[key][self._n : end], self._ema_last[key] = ema(column, self._alpha, self._ema_last[key])
        self._n = end
        self._dirty = True

    def clear(self) -> None:
        """Forget all points (e.g. for a new run) and blank the curves now."""
        self._n = 0
        self._ema_last = dict.fromkeys(self._keys, math.nan)
        self._dirty = True
        self.flush()

    def point_count(self) -> int:
        """How many points each curve holds."""
        return self._n

    def series_data(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Views (not copies) of the stored steps and raw values of one series."""
        return self._x[: self._n], self._y[key][: self._n]

    def smoothed(self, key: str) -> np.ndarray:
        """View of the stored moving average of one series."""
        return self._ema[key][: self._n]

    def _reserve(self, needed: int) -> None:
        capacity = self._x.size
        if needed <= capacity:
            return
        while capacity < needed:
            capacity *= 2
        # Doubling keeps appends amortised O(1); the curves hold views of the old arrays until
        # the next redraw, which is fine because those are never written again.
        self._x = _grown(self._x, capacity, self._n)
        self._y = {k: _grown(a, capacity, self._n) for k, a in self._y.items()}
        self._ema = {k: _grown(a, capacity, self._n) for k, a in self._ema.items()}

    # ----- smoothing ---------------------------------------------------------------------------

    def smoothing(self) -> bool:
        """Whether the smoothed curves are shown."""
        return self._smoothing

    def set_smoothing(self, enabled: bool) -> None:
        """Show or hide the moving-average curves; the raw curves turn faint while they are shown."""
        enabled = bool(enabled)
        if self.smooth_box.isChecked() != enabled:
            self.smooth_box.setChecked(enabled)  # re-enters through toggled; that call does the work
            return
        if enabled == self._smoothing:
            return
        self._smoothing = enabled
        item = self.plot_widget.getPlotItem()
        background = self.plot_widget.backgroundBrush().color()
        for key in self._keys:
            colour = QColor(self._colours[key])
            if enabled:
                faint = _faded(colour, background)
                self.curves[key].setPen(pg.mkPen(faint))
                # No name: the legend keeps one entry per metric. Width 1: a wider pen doubles paint time.
                curve = item.plot(pen=pg.mkPen(colour), antialias=False, connect="finite")
                curve.setZValue(1)  # above every raw curve, not only its own
                curve.setData(self._x[: self._n], self._ema[key][: self._n])
                self.smooth_curves[key] = curve
            else:
                self.curves[key].setPen(pg.mkPen(colour))
                item.removeItem(self.smooth_curves.pop(key))

    # ----- drawing -----------------------------------------------------------------------------

    def flush(self) -> None:
        """Redraw now if points arrived since the last redraw (the timer does this by itself)."""
        self._redraw_if_new()

    def _redraw_if_new(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        x = self._x[: self._n]
        # One setData per curve per tick, however many batches arrived in between.
        for key, curve in self.curves.items():
            curve.setData(x, self._y[key][: self._n])
        for key, curve in self.smooth_curves.items():
            curve.setData(x, self._ema[key][: self._n])
        self.redraw_count += 1

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with points that arrived while hidden, then keep redrawing."""
        super().showEvent(event)
        self._redraw_if_new()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop the timer: nobody sees a hidden plot."""
        super().hideEvent(event)
        self._timer.stop()


def _faded(colour: QColor, background: QColor, weight: float = 0.35) -> QColor:
    # Mixed into the background but opaque: with alpha instead, the many overlapping segments of a
    # noisy 100k-point curve add up to full colour again.
    rgb = weight * np.array(colour.getRgbF()[:3]) + (1 - weight) * np.array(background.getRgbF()[:3])
    return QColor.fromRgbF(*rgb.tolist())


def _grown(old: np.ndarray, capacity: int, used: int) -> np.ndarray:
    new = np.empty(capacity, dtype=old.dtype)
    new[:used] = old[:used]
    return new
