"""Settings that persist: the language, speech engine and model, microphone and speaker, voice and
rate, text size, high contrast. Each change is saved at once and takes effect where it can."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox, QWidget

from ..settings import ENGINES, LANGUAGES, TEXT_SCALES, Settings


class SettingsPanel(QWidget):
    changed = Signal(object)  # the new Settings
    download_requested = Signal()

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.form = form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.language = QComboBox()
        self.language.addItems(["" for _code in LANGUAGES])  # named in retranslate()
        self.language.setCurrentIndex(LANGUAGES.index(settings.language))
        self.engine = QComboBox()
        self.engine.addItems(list(ENGINES))
        self.engine.setCurrentText(settings.engine)
        self.model = QLineEdit(settings.model)
        self.microphone = QLineEdit(settings.microphone)
        self.speaker = QLineEdit(settings.speaker)
        self.voice = QLineEdit(settings.voice)
        self.rate = QSpinBox()
        self.rate.setRange(80, 400)
        self.rate.setValue(settings.rate)
        self.text_size = QComboBox()
        self.text_size.addItems([f"{scale:.0%}" for scale in TEXT_SCALES])
        self.text_size.setCurrentText(f"{settings.text_scale:.0%}")
        self.contrast = QCheckBox()
        self.contrast.setChecked(settings.high_contrast)
        self.download = QPushButton()
        self.download.clicked.connect(self.download_requested.emit)
        self.download_progress = QProgressBar()
        self.download_progress.hide()
        self.download_status = QLabel("")
        self.download_status.setWordWrap(True)
        self.names: dict[str, QLabel] = {}  # each row's name, by field
        for row, widget in (("language", self.language), ("engine", self.engine), ("model", self.model), ("", self.download),
                              ("", self.download_progress), ("", self.download_status), ("microphone", self.microphone),
                              ("speaker", self.speaker), ("voice", self.voice), ("rate", self.rate), ("text_size", self.text_size),
                              ("", self.contrast)):
            name = QLabel()
            name.setBuddy(widget)
            form.addRow(name, widget)
            if row:
                self.names[row] = name
        self.retranslate()
        self.language.currentIndexChanged.connect(self._save)
        self.engine.currentTextChanged.connect(self._save)
        for field in (self.model, self.microphone, self.speaker, self.voice):
            field.editingFinished.connect(self._save)
        self.rate.valueChanged.connect(self._save)
        self.text_size.currentIndexChanged.connect(self._save)
        self.contrast.toggled.connect(self._save)

    def retranslate(self) -> None:
        language_names = {"": self.tr("Found in what you type (speech in English)"), "auto": self.tr("Found in what you say or type"),
                          "en": "English", "es": "Español"}  # each language named in itself
        for index, code in enumerate(LANGUAGES):
            self.language.setItemText(index, language_names[code])
        self.language.setAccessibleName(self.tr("Language: the language I speak and write"))
        self.engine.setAccessibleName(self.tr("Speech engine"))
        self.model.setPlaceholderText(self.tr("found by itself (assistant models list)"))
        self.model.setAccessibleName(self.tr("Model folder: a Whisper or Vosk model, empty for the default"))
        self.microphone.setPlaceholderText(self.tr("the system's default"))
        self.microphone.setAccessibleName(self.tr("Microphone name or number"))
        self.speaker.setPlaceholderText(self.tr("the system's default"))
        self.speaker.setAccessibleName(self.tr("Speaker name or number"))
        self.voice.setPlaceholderText(self.tr("the default voice for the language (assistant voices lists them)"))
        self.voice.setAccessibleName(self.tr("Voice"))
        self.rate.setSuffix(self.tr(" words a minute"))
        self.rate.setAccessibleName(self.tr("Speaking rate"))
        self.text_size.setAccessibleName(self.tr("Text size"))
        self.contrast.setText(self.tr("High contrast"))
        self.contrast.setAccessibleName(self.tr("High contrast"))
        self.download.setText(self.tr("Download the English Vosk model (41 MB)"))
        self.download.setAccessibleName(self.tr("Download the English Vosk model, 41 megabytes"))
        self.download_progress.setAccessibleName(self.tr("Model download progress"))
        self.download_status.setAccessibleName(self.tr("Model download status"))
        names = {"language": self.tr("Language"), "engine": self.tr("Speech engine"), "model": self.tr("Model folder"),
                 "microphone": self.tr("Microphone"), "speaker": self.tr("Speaker"), "voice": self.tr("Voice"),
                 "rate": self.tr("Rate"), "text_size": self.tr("Text size")}
        for field, label in self.names.items():
            label.setText(names[field])

    def use_model(self, folder: str) -> None:
        """A model was downloaded: use it, through the same path as a change by hand."""
        self.model.setText(folder)
        self.engine.setCurrentText("auto")
        self._save()

    def _save(self) -> None:
        new = replace(self.settings, language=LANGUAGES[max(self.language.currentIndex(), 0)], engine=self.engine.currentText(),
                      model=self.model.text().strip(), microphone=self.microphone.text().strip(), speaker=self.speaker.text().strip(),
                      voice=self.voice.text().strip(), rate=self.rate.value(),
                      text_scale=TEXT_SCALES[max(self.text_size.currentIndex(), 0)], high_contrast=self.contrast.isChecked())
        if new != self.settings:
            self.settings = new
            self.changed.emit(new)
