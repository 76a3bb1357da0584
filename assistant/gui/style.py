"""How the window looks: a visible focus on every control, lit keypad keys, and high contrast."""

from __future__ import annotations

BASE = """
QPushButton, QCheckBox, QLineEdit, QComboBox, QSpinBox, QTreeWidget, QListWidget, QTabBar::tab { padding: 4px; }
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QTreeWidget:focus, QListWidget:focus,
QCheckBox:focus, QTabBar::tab:focus { border: 3px solid #1a56db; }
QPushButton[key="true"] { min-width: 3em; min-height: 2.2em; font-weight: bold; }
QCheckBox::indicator { width: 1em; height: 1em; }
QPushButton#talk { min-width: 6em; min-height: 2.4em; font-weight: bold; }
QPushButton[lit="true"] { background: #f59e0b; color: black; border: 3px solid black; }
QLabel#banner[open="true"] { background: #d1fae5; color: #064e3b; padding: 6px; }
QLabel#banner[open="false"] { background: #fee2e2; color: #7f1d1d; padding: 6px; }
QLabel#notice { background: #fef3c7; color: #78350f; padding: 6px; }
QLabel[state="complete"] { color: #065f46; }
QLabel[state="wrong"] { color: #991b1b; }
"""

HIGH_CONTRAST = """
QWidget { background: black; color: white; }
QPushButton, QLineEdit, QComboBox, QSpinBox, QTreeWidget, QListWidget { background: black; color: white; border: 2px solid white; }
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QTreeWidget:focus, QListWidget:focus,
QCheckBox:focus, QTabBar::tab:focus { border: 4px solid yellow; }
QPushButton[lit="true"] { background: yellow; color: black; border: 4px solid white; }
QLabel#banner[open="true"] { background: black; color: #7CFC00; border: 2px solid #7CFC00; padding: 6px; }
QLabel#banner[open="false"] { background: black; color: yellow; border: 2px solid yellow; padding: 6px; }
QLabel#notice { background: black; color: yellow; border: 2px solid yellow; padding: 6px; }
QLabel[state="complete"] { color: #7CFC00; }
QLabel[state="wrong"] { color: yellow; }
"""


def sheet(high_contrast: bool) -> str:
    return BASE + (HIGH_CONTRAST if high_contrast else "")
