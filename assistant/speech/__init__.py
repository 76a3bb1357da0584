"""Speech in and out: audio files and the microphone, to text, through an offline recogniser, and
sentences said aloud.

Everything here imports numpy or a speech engine, so nothing on the text path imports it.
"""

from pathlib import Path

PROJECT_MODELS = Path(__file__).resolve().parent.parent.parent / "models"  # the project's own model files and lists
