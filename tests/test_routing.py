"""Keys and words for every node of both layouts."""

from __future__ import annotations

import pytest

from assistant import routing
from assistant.menu import Menus

EXPECTED_KEYS = {
    "news": ["1", "#"], "forms": ["1", "1"], "case_status": ["1", "2"], "change_address": ["1", "3"],
    "local_office": ["1", "4"], "civil_surgeon": ["1", "5"], "legal_help": ["1", "6"], "foia_fraud": ["1", "8"],
    "other_info": ["1", "*"], "naturalization_guide": ["1", "*", "1"], "priority_date": ["1", "*", "2"],
    "citizen_services": ["1", "*", "3"], "resident_services": ["1", "*", "4"], "visitors": ["1", "*", "5"],
    "employers": ["1", "*", "6"], "efiling_help": ["1", "*", "8"], "deferred_action": ["1", "*", "#"],
    "provisional_waiver": ["1", "*", "*"], "spanish": ["2"], "no_receipt": ["1", "1", "2"],
    "representative": ["1", "1", "2", "2"],
}


def test_every_routable_node_has_the_published_keys(menus: Menus) -> None:
    routable = {node.id for node in menus.routable()}
    assert routable == set(EXPECTED_KEYS)
    for node_id, keys in EXPECTED_KEYS.items():
        assert routing.plan(menus, node_id).keys == keys, node_id


def test_route_words(menus: Menus) -> None:
    route = routing.plan(menus, "change_address")
    assert routing.route_words(menus, route) == "Dial 1-800-375-5283. Press 1 (English), then 3 (Report a change of address)."
    star = routing.plan(menus, "provisional_waiver")
    assert routing.steps_words(star) == (
        "Press 1 (English), then star (All other information), then star (Provisional unlawful presence waivers)."
    )
    assert routing.steps_words(routing.plan(menus, "news")) == "Press 1 (English), then pound (Recent immigration news)."


def test_spoken_menu_phrases(menus: Menus) -> None:
    assert routing.say_words(routing.plan(menus, "change_address")) == (
        'If the line asks you to speak instead, say "English", then "change of address".'
    )


def test_unknown_node(menus: Menus) -> None:
    with pytest.raises(KeyError):
        routing.plan(menus, "nowhere")
