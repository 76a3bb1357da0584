"""menus.yaml with the changes of bench/changed-line.yaml applied: the line as it sounds after
USCIS changed its menu (for the live-line listener's tests and benchmark)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant import menu_file
from assistant.menu import Menus

ROOT = Path(__file__).resolve().parent.parent
CHANGES = Path(__file__).with_name("changed-line.yaml")


def changed_text(menus_path: Path = ROOT / "menus.yaml", changes_path: Path = CHANGES) -> str:
    data: dict[str, Any] = yaml.safe_load(menus_path.read_text(encoding="utf-8"))
    changes: list[dict[str, Any]] = yaml.safe_load(changes_path.read_text(encoding="utf-8"))["changes"]
    menus = {node["id"]: node for layout in data["layouts"] for node in _walk(layout["menu"])}
    for change in changes:
        menu = menus[change["menu"]]
        if "add" in change:
            menu["options"].append(dict(change["add"]))
        elif "remove" in change:
            menu["options"] = [option for option in menu["options"] if option["id"] != change["remove"]]
        else:
            option = next(option for option in menu["options"] if option["id"] == change["option"])
            option.update({field: change[field] for field in ("key", "label") if field in change})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def changed_menus() -> Menus:
    return menu_file.parse(changed_text(), "changed-line.yaml")


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for option in node.get("options", []):
        found += _walk(option)
    return found
