"""Where each character of a transcript goes on screen: its lines wrapped into rows.

Every character of the stored text keeps its offset: a row is a slice `text[start:end]`, so
codings, sentences and selections (all code-point offsets) map straight onto rows. A line
that opens a speaker turn wraps under its first word, past the label ("D: "), like a script.
Pure logic, no widgets, so that a 300,000-character transcript wraps in milliseconds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from qualkit.model import Segment

_MAX_INDENT_SHARE = 3  # a label longer than a third of the width does not indent
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Row:
    """One screen row: `text[start:end]`, shown after `indent` blank cells; the first
    `label` characters are a speaker label."""

    start: int
    end: int
    indent: int = 0
    label: int = 0


class Layout:
    """The rows of one transcript at one width, and look-ups between offsets and rows."""

    def __init__(self, text: str, turns: Sequence[Segment], width: int):
        self.text = text
        self.width = max(width, 8)
        self.rows = _wrap(text, turns, self.width)
        self._starts = [row.start for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)

    def row_of(self, offset: int) -> int:
        """The row showing the character at `offset` (the last row for the text's end)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def rows_of(self, start: int, end: int) -> range:
        """The rows that show any of `text[start:end]`."""
        return range(self.row_of(start), self.row_of(max(start, end - 1)) + 1)

    def offset_at(self, row: int, cell: int) -> int:
        """The text offset under a cell of a row (clamped to the row's text)."""
        found = self.rows[min(max(row, 0), len(self.rows) - 1)]
        return min(max(found.start + cell - found.indent, found.start), max(found.end, found.start))

    def spans_by_row(self, spans: Sequence[tuple[int, int]]) -> list[list[int]]:
        """For every row, the indices of the spans that overlap it."""
        found: list[list[int]] = [[] for _ in self.rows]
        for index, (start, end) in enumerate(spans):
            for row in self.rows_of(start, end):
                if self.rows[row].start < end and start < max(self.rows[row].end, start + 1):
                    found[row].append(index)
        return found


def word_after(text: str, offset: int) -> int:
    """The end of the next word that ends after `offset` (or the text's end)."""
    found = _WORD.search(text, offset)
    while found is not None and found.end() <= offset:
        found = _WORD.search(text, found.end())
    return found.end() if found else len(text)


def word_before(text: str, offset: int) -> int:
    """The start of the last word that starts before `offset` (or 0)."""
    start = 0
    for found in _WORD.finditer(text, max(0, offset - 200), offset):
        start = found.start()
    return start


def word_bounds(text: str, offset: int) -> tuple[int, int]:
    """The word around `offset`, or the single character there if it is not a word."""
    for found in _WORD.finditer(text, max(0, offset - 100), min(len(text), offset + 100)):
        if found.start() <= offset < found.end():
            return found.start(), found.end()
    return offset, min(offset + 1, len(text))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the blanks at its edges."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def shorten(text: str, width: int) -> str:
    """A passage on one line: blanks squeezed, cut with an ellipsis past `width`."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrap(text: str, turns: Sequence[Segment], width: int) -> list[Row]:
    labels = {}  # line start -> label length, for lines that open a turn
    for turn in turns:
        line_start = text.rfind("\n", 0, turn.start) + 1
        if turn.speaker is not None and turn.start - line_start <= width // _MAX_INDENT_SHARE:
            labels[line_start] = turn.start - line_start
    rows: list[Row] = []
    offset = 0
    for line in text.split("\n"):
        _wrap_line(line, offset, labels.get(offset, 0), width, rows)
        offset += len(line) + 1
    return rows or [Row(0, 0)]


def _wrap_line(line: str, offset: int, label: int, width: int, rows: list[Row]) -> None:
    if not line:
        rows.append(Row(offset, offset))
        return
    position, indent = 0, 0
    while position < len(line):
        room = width - indent
        if len(line) - position <= room:
            end = len(line)
        else:
            space = line.rfind(" ", position + 1, position + room + 1)
            end = space if space > position else position + room
        rows.append(Row(offset + position, offset + end, indent, label if position == 0 else 0))
        position = end
        while position < len(line) and line[position] == " ":
            position += 1
        indent = label
