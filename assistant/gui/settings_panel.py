"""Settings that persist: speech engine and model, microphone and speaker, voice and rate, text
size, high contrast. Each change is saved at once and takes effect where it can."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox, QWidget

from ..settings import ENGINES, TEXT_SCALES, Settings


class SettingsPanel(QWidget):
    changed = Signal(object)  # the new Settings
    download_requested = Signal()

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.engine = QComboBox()
        self.engine.addItems(list(ENGINES))
        self.engine.setCurrentText(settings.engine)
        self.engine.setAccessibleName("Speech engine")
        self.model = QLineEdit(settings.model)
        self.model.setPlaceholderText("found by itself (assistant models list)")
        self.model.setAccessibleName("Model folder: a Whisper or Vosk model, empty for the default")
        self.microphone = QLineEdit(settings.microphone)
        self.microphone.setPlaceholderText("the system's default")
        self.microphone.setAccessibleName("Microphone name or number")
        self.speaker = QLineEdit(settings.speaker)
        self.speaker.setPlaceholderText("the system's default")
        self.speaker.setAccessibleName("Speaker name or number")
        self.voice = QLineEdit(settings.voice)
        self.voice.setPlaceholderText("the default voice (assistant voices lists them)")
        self.voice.setAccessibleName("Voice")
        self.rate = QSpinBox()
        self.rate.setRange(80, 400)
        self.rate.setSuffix(" words a minute")
        self.rate.setValue(settings.rate)
        self.rate.setAccessibleName("Speaking rate")
        self.text_size = QComboBox()
        self.text_size.addItems([f"{scale:.0%}" for scale in TEXT_SCALES])
        self.text_size.setCurrentText(f"{settings.text_scale:.0%}")
        self.text_size.setAccessibleName("Text size")
        self.contrast = QCheckBox("High contrast")
        self.contrast.setChecked(settings.high_contrast)
        self.contrast.setAccessibleName("High contrast")
        self.download = QPushButton("Download the English Vosk model (41 MB)")
        self.download.setAccessibleName("Download the English Vosk model, 41 megabytes")
        self.download.clicked.connect(self.download_requested.emit)
        self.download_progress = QProgressBar()
        self.download_progress.setAccessibleName("Model download progress")
        self.download_progress.hide()
        self.download_status = QLabel("")
        self.download_status.setWordWrap(True)
        self.download_status.setAccessibleName("Model download status")
        form.addRow("Speech engine", self.engine)
        form.addRow("Model folder", self.model)
        form.addRow("", self.download)
        form.addRow("", self.download_progress)
        form.addRow("", self.download_status)
        form.addRow("Microphone", self.microphone)
        form.addRow("Speaker", self.speaker)
        form.addRow("Voice", self.voice)
        form.addRow("Rate", self.rate)
        form.addRow("Text size", self.text_size)
        form.addRow("", self.contrast)
        self.engine.currentTextChanged.connect(self._save)
        for field in (self.model, self.microphone, self.speaker, self.voice):
            field.editingFinished.connect(self._save)
        self.rate.valueChanged.connect(self._save)
        self.text_size.currentIndexChanged.connect(self._save)
        self.contrast.toggled.connect(self._save)

    def use_model(self, folder: str) -> None:
        """A model was downloaded: use it, through the same path as a change by hand."""
        self.model.setText(folder)
        self.engine.setCurrentText("auto")
        self._save()

    def _save(self) -> None:
        new = replace(self.settings, engine=self.engine.currentText(), model=self.model.text().strip(),
                      microphone=self.microphone.text().strip(), speaker=self.speaker.text().strip(),
                      voice=self.voice.text().strip(), rate=self.rate.value(),
                      text_scale=TEXT_SCALES[max(self.text_size.currentIndex(), 0)], high_contrast=self.contrast.isChecked())
        if new != self.settings:
            self.settings = new
            self.changed.emit(new)
