"""The usefulness report in the Gallery: the verdict in words and two bar charts.

Left: how many held-out real pictures a classifier gets right when trained on the real pictures, on
real + generated ones, and on generated ones only, with the spread over repeats as error bars.
Right: per class, how often a classifier trained on real pictures agrees that a generated picture is
of the class it was asked for.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

WAY_COLOURS = ("#7f8c8d", "#27ae60", "#2980b9")  # real (grey), real + generated (green), generated (blue)


class UsefulnessDialog(QDialog):
    """Shows a usefulness report: ``figures`` is ``UsefulnessReport.as_dict()``, ``sentences`` its verdict,
    already translated."""

    def __init__(self, figures: dict[str, Any], sentences: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Does it help? Usefulness of the generated pictures"))
        self.figures = figures
        self.verdict = QLabel("\n\n".join(sentences))
        self.verdict.setWordWrap(True)
        counts = figures["counts"]
        self.counts = QLabel(self.tr(
            "Tested on {held:,} real pictures no model saw; trained on {real:,} real and {made:,} generated "
            "pictures; {seeds} repeats of each.").format(held=counts["held_out"], real=counts["real"],
                                                        made=counts["generated"], seeds=figures["seeds"]))
        self.counts.setWordWrap(True)
        self.counts.setStyleSheet("color: gray;")
        self.accuracy_plot = self._accuracy_chart()
        self.agreement_plot = self._agreement_chart()
        charts = QHBoxLayout()
        charts.addWidget(self.accuracy_plot, 1)
        charts.addWidget(self.agreement_plot, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addLayout(charts, 1)
        layout.addWidget(self.counts)
        layout.addWidget(buttons)
        self.resize(880, 540)

    def _accuracy_chart(self) -> pg.PlotWidget:
        ways = [(self.tr("yours"), "real"), (self.tr("yours + generated"), "real + generated"),
                (self.tr("generated"), "generated")]
        means = np.array([self.figures["accuracy"][key]["mean"] * 100 for _, key in ways])
        spreads = np.array([self.figures["accuracy"][key]["spread"] * 100 for _, key in ways])
        plot = pg.PlotWidget(title=self.tr("Held-out pictures right (%)"))
        x = np.arange(len(ways))
        for i, colour in enumerate(WAY_COLOURS):
            plot.addItem(pg.BarGraphItem(x=[x[i]], height=[means[i]], width=0.6, brush=colour))
        plot.addItem(pg.ErrorBarItem(x=x, y=means, top=spreads, bottom=spreads, beam=0.2))
        plot.getAxis("bottom").setTicks([[(i, name) for i, (name, _) in enumerate(ways)]])
        plot.setXRange(-0.5, len(ways) - 0.5)
        plot.setYRange(0, 100)
        plot.setMouseEnabled(False, False)
        return plot

    def _agreement_chart(self) -> pg.PlotWidget:
        names = list(self.figures["agreement"])
        values = np.array([self.figures["agreement"][name] * 100 for name in names])
        plot = pg.PlotWidget(title=self.tr("Seen as the class asked for (%)"))
        plot.addItem(pg.BarGraphItem(x=np.arange(len(names)), height=values, width=0.6, brush="#8e44ad"))
        plot.getAxis("bottom").setTicks([[(i, name) for i, name in enumerate(names)]])
        plot.setXRange(-0.5, len(names) - 0.5)  # every class, a bar at 0 % included
        plot.setYRange(0, 100)
        plot.setMouseEnabled(False, False)
        return plot
