"""Whole characters as a reader sees them (grapheme clusters): a letter with its combining
accents, an emoji with its skin tone or a family joined by zero-width joiners.

Offsets count code points, so a span may begin or end inside such a character (on U+200D
or a lone accent). `whole_characters` widens it to the characters it touches.
"""

from __future__ import annotations

import regex

_CLUSTER = regex.compile(r"\X")
# Clusters never cross a line break; looking back this far finds the start of any real one.
_LOOK_BACK = 256


def whole_characters(text: str, start: int, end: int) -> tuple[int, int]:
    """The span widened so that it neither begins nor ends inside a character."""
    return _cluster_start(text, start), _cluster_end(text, end)


def _clusters_around(text: str, offset: int) -> list[tuple[int, int]]:
    line_start = text.rfind("\n", 0, offset) + 1
    begin = max(line_start, offset - _LOOK_BACK)
    finish = text.find("\n", offset)
    finish = len(text) if finish < 0 else finish
    return [m.span() for m in _CLUSTER.finditer(text, begin, min(finish, offset + _LOOK_BACK))]


def _cluster_start(text: str, offset: int) -> int:
    for a, b in _clusters_around(text, offset):
        if a <= offset < b:
            return a
    return offset


def _cluster_end(text: str, offset: int) -> int:
    for a, b in _clusters_around(text, offset):
        if a < offset < b:
            return b
    return offset
