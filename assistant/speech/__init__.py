"""Speech in: audio files and the microphone, to text, through an offline recogniser.

Everything here imports numpy or a speech engine, so nothing on the text path imports it.
"""
