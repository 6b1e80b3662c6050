"""Finding the devices off the GUI thread: the first torch import takes seconds, the window must not wait."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from aigc_desktop.workers.engine_text import engine_text


class DeviceProbe(QObject):
    found = Signal(list, str)  # [(id, label)], the id "auto" resolves to
    failed = Signal(str)
    finished = Signal()

    @Slot()
    def run(self) -> None:
        try:
            from aigc_desktop.core.run.devices import list_devices, resolve_device

            devices = list_devices()
            labels = [(d.id, engine_text(d.label())) for d in devices]
            self.found.emit(labels, str(resolve_device("auto")))
        except Exception as exc:  # no torch, broken driver: the window still works, the CPU still trains
            self.failed.emit(engine_text(exc))
        finally:
            self.finished.emit()
