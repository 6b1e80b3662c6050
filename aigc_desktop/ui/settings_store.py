"""Window state and recent paths, kept in QSettings behind one small class (tests point it at a temp dir)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class SettingsStore:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.s = settings or QSettings()

    # window
    def geometry(self) -> QByteArray | None:
        value = self.s.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def save_geometry(self, geometry: QByteArray) -> None:
        self.s.setValue("window/geometry", geometry)

    # recent runs and data
    def recent_runs(self) -> list[str]:
        return self._list("recent/runs")

    def add_recent_run(self, path: str) -> None:
        self._push("recent/runs", path)

    def recent_data(self) -> list[str]:
        return self._list("recent/data")

    def add_recent_data(self, path: str) -> None:
        self._push("recent/data", path)

    def last_dir(self) -> str:
        return str(self.s.value("recent/last_dir", "") or "")

    def set_last_dir(self, path: str) -> None:
        self.s.setValue("recent/last_dir", path)

    def value(self, key: str, default: object = None) -> object:
        return self.s.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self.s.setValue(key, value)

    def _list(self, key: str) -> list[str]:
        value = self.s.value(key, [])
        if isinstance(value, str):  # QSettings returns a lone string for one-item lists
            value = [value]
        return [str(v) for v in (value or [])]

    def _push(self, key: str, item: str) -> None:
        items = [item] + [v for v in self._list(key) if v != item]
        self.s.setValue(key, items[:MAX_RECENT])
