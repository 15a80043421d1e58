"""Control characters in stored text: never carried raw to a terminal or a spreadsheet.

A transcript may hold an ESC or an OSC sequence (``\\033]0;…\\007``) that would retitle, recolour
or rewrite the coder's terminal when printed. Each one is replaced, one character for one, so
that every offset stays where it was: C0 controls by their visible picture (ESC becomes ␛),
DEL by ␡, C1 controls by �. Tab and newline are text and stay.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 CONTROL PICTURES: ␀ … ␟
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """The text with every control character but tab and newline shown as a symbol."""
    return _CONTROL.sub(_picture, text)


def controls_in(text: str) -> int:
    """How many characters `visible` would replace."""
    return len(_CONTROL.findall(text))
