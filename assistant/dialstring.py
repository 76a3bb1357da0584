"""`tel:` links that a smartphone dials and keys by itself, per phone (pauses are data).

A comma is a pause of the phone's own length (`dial.phones` in menus.yaml), so a wait of N ms
becomes ceil(N / pause) commas. Keys a phone refuses in a link (iOS: * and #) end the link; the
rest is said as keys to press by hand once it has dialled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import i18n
from .i18n import ui as _
from .menu import Menus, PhoneDialing
from .routing import key_words


class DialStringError(ValueError):
    """The link cannot be made; one line says why."""


@dataclass(frozen=True)
class DialString:
    link: str  # tel:+18003755283,1,3
    by_hand: tuple[str, ...]  # keys the phone will not dial itself, in order, to press after the link
    phone: str

    def words(self, language: str = "en") -> str:
        _ = i18n.gettext(language)
        if not self.by_hand:
            return _("Open {link} on your phone ({phone}): it dials and presses every key by itself.").format(
                link=self.link, phone=self.phone)
        keys = _(", then ").join(key_words(key, language) for key in self.by_hand)
        return _("Open {link} on your phone ({phone}): it dials and presses the first keys. "
                 "Then press {keys} yourself: this phone will not dial * or # from a link.").format(
                     link=self.link, phone=self.phone, keys=keys)


def phone_rules(menus: Menus, phone: str) -> PhoneDialing:
    for rules in menus.phones:
        if rules.name == phone:
            return rules
    known = ", ".join(rules.name for rules in menus.phones)
    raise DialStringError(_("no dialing rules for a phone called {phone!r}; menus.yaml knows: {known}").format(phone=phone, known=known))


def dial_string(menus: Menus, keys: list[str], phone: str = "android") -> DialString:
    rules = phone_rules(menus, phone)
    after_answer = "," * max(1, math.ceil(menus.after_answer_ms / rules.pause_ms))
    between = "," * max(1, math.ceil(menus.between_keys_ms / rules.pause_ms))
    dialled: list[str] = []
    for number, key in enumerate(keys):
        if key in rules.refuses:
            return DialString(_link(menus, after_answer, between, dialled), tuple(keys[number:]), phone)
        dialled.append(key)
    return DialString(_link(menus, after_answer, between, dialled), (), phone)


def _link(menus: Menus, after_answer: str, between: str, keys: list[str]) -> str:
    link = f"tel:{menus.number}"
    if keys:
        # RFC 3966 wants # written %23 in a URI; phones that take # at all read it back.
        link += after_answer + between.join(key.replace("#", "%23") for key in keys)
    return link
