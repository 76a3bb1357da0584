"""An offline assistant that gets a caller through the USCIS phone menu to a live person."""

__version__ = "0.1.0"
