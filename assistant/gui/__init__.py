"""The desktop window (Qt for Python): thin adapters around the core, the speech engines, speech
out and the tones. Nothing here decides anything; it shows and hears."""
