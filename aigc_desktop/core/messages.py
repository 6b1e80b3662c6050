"""Sentences for the user that a translation can reach, though the engine never imports Qt.

The engine writes English. Where a sentence may reach the window, it is a module-level UPPER_CASE
template (``packaging/update_translations.py`` collects those into the catalogue) made into a
:class:`Sentence`: a ``str`` holding the English text, so the command line, logs and tests use it as
they would any string, that also carries the template and its values. The window's worker layer
translates the template and fills in the same values (``workers/engine_text.py``).
"""

from __future__ import annotations

from typing import Any


class Sentence(str):
    """English text of ``template.format(**values)``, which remembers ``template`` and ``values``."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Sentence:
        text = super().__new__(cls, template.format(**values))
        text.template, text.values = template, values
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (self.template, self.values)


def _rebuild(template: str, values: dict[str, Any]) -> Sentence:
    return Sentence(template, **values)
