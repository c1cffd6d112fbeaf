"""Camera settings for live sources: exposure, gain and trigger mode, applied by restarting the source."""

from __future__ import annotations

from urllib.parse import urlencode

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QWidget

from station.capture.sources import parse_options


def with_options(uri: str, changes: dict[str, str | None]) -> str:
    """``uri`` with its ``?key=value`` options updated (None removes a key)."""
    base, _, query = uri.partition("?")
    options = parse_options(query)
    for key, value in changes.items():
        if value is None:
            options.pop(key, None)
        else:
            options[key] = value
    return f"{base}?{urlencode(options, safe=',:')}" if options else base


class CameraSettings(QDialog):
    """For ``gige:`` sources; the same URI options work on the command line."""

    def __init__(self, uri: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Camera settings"))
        self.uri = uri
        options = parse_options(uri.partition("?")[2])
        form = QFormLayout(self)
        self.exposure = QDoubleSpinBox()
        self.exposure.setRange(0, 10_000_000)
        self.exposure.setSuffix(" \u00b5s")
        self.exposure.setSpecialValueText(self.tr("camera default"))
        self.exposure.setValue(float(options.get("exposure", 0) or 0))
        self.gain = QDoubleSpinBox()
        self.gain.setRange(-1, 48)
        self.gain.setSuffix(" dB")
        self.gain.setSpecialValueText(self.tr("camera default"))
        self.gain.setValue(float(options.get("gain", -1) or -1))
        self.trigger = QComboBox()
        self.trigger.addItem(self.tr("free run"), "free")
        self.trigger.addItem(self.tr("software trigger"), "software")
        self.trigger.addItem(self.tr("hardware trigger"), "hardware")
        self.trigger.setCurrentIndex(max(0, self.trigger.findData(options.get("trigger", "free"))))
        form.addRow(self.tr("Exposure"), self.exposure)
        form.addRow(self.tr("Gain"), self.gain)
        form.addRow(self.tr("Trigger"), self.trigger)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def result_uri(self) -> str:
        exposure = self.exposure.value()
        gain = self.gain.value()
        return with_options(
            self.uri,
            {
                "exposure": f"{exposure:g}" if exposure > 0 else None,
                "gain": f"{gain:g}" if gain >= 0 else None,
                "trigger": str(self.trigger.currentData()),
            },
        )
