"""Waiting on hold: what the line is doing (music, a recording, a person), and the wait it announces."""
