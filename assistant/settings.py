"""The person's settings, kept between runs: speech engine and model, microphone and speaker,
voice and rate, text size, high contrast. A damaged file is kept aside and the defaults used."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from . import storage
from .i18n import ui as _

ENGINES = ("auto", "pocketsphinx", "vosk")
LANGUAGES = ("", "auto", "en", "es")
TEXT_SCALES = (1.0, 1.25, 1.5, 2.0)


@dataclass
class Settings:
    engine: str = "auto"
    model: str = ""  # a Vosk model folder; "" finds one
    microphone: str = ""  # a device name part or index; "" is the system default
    speaker: str = ""
    voice: str = ""  # a pyttsx3 voice id; "" is the default
    rate: int = 170  # words per minute
    text_scale: float = 1.0
    high_contrast: bool = False
    hands_free: bool = False
    language: str = ""  # en, es, auto (found in what is said), or "" (not chosen: typed text is read in either)

    def checked(self) -> Settings:
        """The same settings with anything out of range put back to its default."""
        default = Settings()
        if self.engine not in ENGINES:
            self.engine = default.engine
        if self.language not in LANGUAGES:
            self.language = default.language
        if not 80 <= self.rate <= 400:
            self.rate = default.rate
        if not 0.5 <= self.text_scale <= 3.0:
            self.text_scale = default.text_scale
        return self


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or storage.user_config_dir() / "settings.json"

    def load(self) -> tuple[Settings, str | None]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings(), None
        except OSError as error:
            return Settings(), _("The settings could not be read ({why}); using the defaults.").format(why=error.strerror or error)
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            known = {f.name for f in fields(Settings)}
            given = {key: value for key, value in data.items() if key in known}
            settings = Settings(**given)
            for name, value in asdict(Settings()).items():  # wrong types count as damage
                given_value = getattr(settings, name)
                if type(given_value) is not type(value) and not (isinstance(value, float) and type(given_value) is int):
                    raise ValueError(f"{name} has the wrong type")
            settings.text_scale = float(settings.text_scale)
            return settings.checked(), None
        except (ValueError, TypeError):
            aside = storage.keep_aside(self.path)
            return Settings(), _("The settings file was damaged, so the defaults are used; the old file is kept at {path}.").format(
                path=aside)

    def save(self, settings: Settings) -> None:
        storage.write_private(self.path, json.dumps(asdict(settings), indent=2) + "\n")
