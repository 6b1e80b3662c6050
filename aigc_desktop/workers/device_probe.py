"""Finding the devices off the GUI thread: the first torch import takes seconds, the window must not wait."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class DeviceProbe(QObject):
    found = Signal(list, str)  # [(id, label)], the id "auto" resolves to
    failed = Signal(str)
    finished = Signal()

    @Slot()
    def run(self) -> None:
        try:
            from aigc_desktop.core.devices import list_devices, resolve_device

            devices = list_devices()
            self.found.emit([(d.id, d.label()) for d in devices], str(resolve_device("auto")))
        except Exception as exc:  # no torch, broken driver: the window still works, the CPU still trains
            self.failed.emit(str(exc))
        finally:
            self.finished.emit()
