"""Listening to the real call: the line's options as it says them, pressing for the caller,
and noticing when the line's menu is not the one in `menus.yaml`."""
