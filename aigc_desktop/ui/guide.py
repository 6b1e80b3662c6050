"""Help → Guide: a short guide for engineers who are not machine-learning specialists.

The text is a few translatable HTML sections (one per topic), so a translator works on whole
paragraphs and the Chinese version comes from the same catalogue as the rest of the window.
The figures quoted are the README's measurements on a 2-core PC.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from aigc_desktop.paths import log_dir, runs_dir


class GuideDialog(QDialog):
    """The guide in a browser pane; non-modal, so it can stay open beside the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Guide — AIGC Desktop"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # offline app: nothing to follow
        self.browser.setHtml(self.guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 680)

    def guide_html(self) -> str:
        """The whole guide as HTML, in the interface language."""
        folders = {"runs": html.escape(str(runs_dir())), "logs": html.escape(str(log_dir()))}
        sections = [
            self.tr(
                "<h2>Guide</h2>"
                "<h3>What a GAN is</h3>"
                "<p>A GAN (generative adversarial network) is two neural networks that learn together: "
                "the <b>image maker</b> (generator, G) draws pictures from random numbers, and the "
                "<b>judge</b> (discriminator, D) learns to tell them from your real pictures. Each gets "
                "better by trying to beat the other, until the image maker's pictures look like yours.</p>"),
            self.tr(
                "<h3>How many pictures, how much time</h3>"
                "<ul>"
                "<li><b>Pictures:</b> tens to thousands. Pictures taken the same way (same angle, similar "
                "light) are learned fastest. Below a few thousand pictures keep DiffAugment on Auto: it "
                "switches on by itself for small sets so the judge cannot simply memorise them.</li>"
                "<li><b>Time:</b> on an ordinary 2-core PC the preset <i>Quick look (CPU)</i> trains "
                "32 × 32 pictures at about 700 images per second. On the built-in demo set, recognisable "
                "shapes appear after about 2,000 steps (1.5 minutes); its 6,000 steps take about 5 minutes.</li>"
                "<li>The GPU presets are made for an NVIDIA graphics card; on a CPU they take hours.</li>"
                "</ul>"),
            self.tr(
                "<h3>The presets</h3>"
                "<table cellspacing='0' cellpadding='4'>"
                "<tr><td><b>Quick look (CPU)</b></td><td>32 × 32 pictures, small model. The quickest way to "
                "see whether your pictures can be learned. Recommended without a graphics card.</td></tr>"
                "<tr><td><b>More detail (CPU)</b></td><td>64 × 64 pictures, small model: finer detail, "
                "about 3 times slower.</td></tr>"
                "<tr><td><b>Standard (GPU)</b></td><td>64 × 64 pictures with the model size of the DCGAN "
                "paper, and mixed precision on an NVIDIA card. Recommended when a graphics card is found."
                "</td></tr>"
                "<tr><td><b>High resolution (GPU)</b></td><td>128 × 128 pictures for fine textures and "
                "small defects; needs a graphics card with 8 GB or more.</td></tr>"
                "</table>"
                "<p>Every setting under <i>Advanced</i> explains itself when you rest the mouse on it.</p>"),
            self.tr(
                "<h3>Reading the plots</h3>"
                "<ul>"
                "<li><b>Losses</b> (D loss, G loss): in healthy training both wobble around a level. If "
                "D loss drops to almost zero and stays there, the judge has won and the image maker "
                "stops learning.</li>"
                "<li><b>Discriminator verdicts</b>: how real the judge finds your pictures, D(x), and the "
                "generated ones, D(G(z)). The two lines stay apart, but not stuck at 1 and 0.</li>"
                "<li><b>Quality score</b> (lower is better): how far the generated images are from your "
                "pictures. It falls fast at first, then slowly. When it stops going down, training has "
                "done what it can; more steps will not help much.</li>"
                "<li><b>Live samples</b> use the same random numbers every time, so you watch the same "
                "pictures improve.</li>"
                "</ul>"),
            self.tr(
                "<h3>When the images collapse</h3>"
                "<p>Signs: all samples look alike, or they turn into noise or smears, or the quality "
                "score climbs again. Then:</p>"
                "<ol>"
                "<li>Go back to an earlier checkpoint. The run folder keeps the checkpoint with the best "
                "quality score, and the log names it.</li>"
                "<li>Under <i>Advanced</i>: set DiffAugment to On, turn on Spectral normalisation, or "
                "lower the Discriminator learning rate (for example to half).</li>"
                "<li>Use more pictures, and more varied ones: a small or very uniform set is easy for the "
                "judge to memorise.</li>"
                "<li>Start a new run with the new settings.</li>"
                "</ol>"),
            self.tr(
                "<h3>Teaching it your taste (Feedback tab)</h3>"
                "<p>Look at the images one by one and press <b>G</b> (good) or <b>B</b> (bad); add a "
                "score, tags or a comment if you like. Each press is saved at once, and <b>Ctrl+Z</b> takes "
                "it back. A few dozen ratings with both good and bad ones are enough to start. Then:</p>"
                "<ul>"
                "<li><b>Steer sampling</b> (instant): the model is unchanged, but new images are drawn from "
                "where the images you liked came from. Also a switch in the Gallery.</li>"
                "<li><b>Fine-tune</b> (minutes): the model trains a little longer with your ratings, shown "
                "live in the Training tab.</li>"
                "</ul>"
                "<p>Each adjustment is a new model version; the older ones are kept. <i>Compare…</i> shows "
                "two versions on the same random numbers, and <i>Use this version</i> goes back to any of "
                "them. To pool a team's ratings, export them as CSV and import them in another copy.</p>"),
            self.tr(
                "<h3>Where your files go</h3>"
                "<p>By default each training run is a folder in <b>{runs}</b>, inside your user data folder. It holds "
                "the settings (config.json), the checkpoints, the sample pictures and the curves. Your own "
                "pictures are only read, never changed. The app's log is in <b>{logs}</b>.</p>"
                "<p>The app never uses the network: no downloads, no updates, nothing is sent anywhere.</p>"
            ).format(**folders),
        ]
        return "".join(sections)


def show_guide(parent: QWidget) -> GuideDialog:
    """Show the guide beside ``parent``; one guide at a time (a second call brings it to the front)."""
    dialog = parent.findChild(GuideDialog)
    if dialog is None:
        dialog = GuideDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def guide_action(parent: QWidget) -> QAction:
    """A "Guide" menu entry (F1) that shows the guide beside ``parent``."""
    action = QAction(QCoreApplication.translate("GuideDialog", "&Guide"), parent)
    action.setShortcut(QKeySequence.StandardKey.HelpContents)
    action.triggered.connect(lambda: show_guide(parent))
    return action
