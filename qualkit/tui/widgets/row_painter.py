"""Drawing one row of a transcript: the gutter, then the text in layers.

Layers from the bottom: the speaker label, the codes' colours (the innermost coding on top),
the cursor sentence, the selection, the words a suggestion matched. Each layer is also
visible without colour: code labels in the gutter, a cursor mark, a selection mark, bold
underline on the cursor sentence, reversed matched words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.segment import Segment as RichSegment
from rich.style import Style

from qualkit.corpus.controls import visible
from qualkit.model import Coding, Segment
from qualkit.tui.layout import Row

GUTTER = 12  # a cursor mark, ten cells of code labels, a space
LABELS = GUTTER - 2


@dataclass(frozen=True)
class Focus:
    """Where the coder is: the cursor sentence, its turn, the selection (any may be None),
    and the words the highlighted suggestion matched."""

    sentence: Segment | None
    turn: Segment | None
    selection: tuple[int, int] | None
    matched: tuple[tuple[int, int], ...] = ()


class RowPainter:
    """Turns a row and the codings on it into styled segments, given the view's styles
    (`base`, `gutter`, `turn`, `cursor`, `cursor-coded`, `selection`, `speaker`, `matched`),
    a tint per code and a label per code."""

    def __init__(
        self,
        styles: Mapping[str, Style],
        tint: Callable[[str], Style],
        label: Callable[[str], str],
    ) -> None:
        self.styles = styles
        self.tint = tint
        self.label = label

    def paint(
        self, text: str, row: Row, codings: Sequence[Coding], focus: Focus
    ) -> list[RichSegment]:
        segments = self.gutter(row, codings, focus)
        segments.append(RichSegment(" " * row.indent, self.styles["base"]))
        segments += self.text(text, row, codings, focus)
        return segments

    def gutter(self, row: Row, codings: Sequence[Coding], focus: Focus) -> list[RichSegment]:
        base = self.styles["gutter"]
        segments = [RichSegment(_mark(row, focus), self.styles["turn"])]
        used = 0
        codes = list(dict.fromkeys(c.code for c in codings))
        for number, code in enumerate(codes):
            label = self.label(code)
            room = LABELS - used - (1 if number else 0)
            more = number < len(codes) - 1
            if len(label) > room or (more and len(label) + 2 > room):
                segments.append(RichSegment("+", base))  # more codes than the gutter holds
                used += 1
                break
            if number:
                segments.append(RichSegment(" ", base))
                used += 1
            segments.append(RichSegment(label, base + self.tint(code)))
            used += len(label)
        segments.append(RichSegment(" " * (GUTTER - 1 - used), base))
        return segments

    def text(
        self, text: str, row: Row, codings: Sequence[Coding], focus: Focus
    ) -> list[RichSegment]:
        shown = visible(text[row.start : row.end]).replace("\t", " ")  # one for one: offsets hold
        codes: list[str | None] = [None] * len(shown)
        for coding in sorted(codings, key=lambda c: c.start - c.end):  # innermost paints last
            for i in range(max(coding.start, row.start), min(coding.end, row.end)):
                codes[i - row.start] = coding.code
        segments: list[RichSegment] = []
        run_start, run_key = 0, None
        for i in range(len(shown) + 1):
            key = _layers(row, i, codes, focus) if i < len(shown) else None
            if key != run_key:
                if run_key is not None:
                    segments.append(RichSegment(shown[run_start:i], self._style(run_key)))
                run_start, run_key = i, key
        return segments

    def _style(self, layers: tuple[str | None, bool, bool, bool, bool]) -> Style:
        code, current, selected, label, matched = layers
        style = self.styles["base"]
        if label:
            style += self.styles["speaker"]
        if code is not None:
            style += self.tint(code)
        if current:
            style += self.styles["cursor-coded" if code is not None else "cursor"]
        if selected:
            style += self.styles["selection"]
        if matched:
            style += self.styles["matched"]
        return style


def _layers(row: Row, i: int, codes: list[str | None], focus: Focus):
    """What lies on character i of the row: (code, in the cursor, selected, label, matched)."""
    offset = row.start + i
    selection, sentence = focus.selection, focus.sentence
    selected = selection is not None and selection[0] <= offset < selection[1]
    current = sentence is not None and sentence.start <= offset < sentence.end
    matched = any(start <= offset < end for start, end in focus.matched)
    return (codes[i], current, selected, i < row.label, matched)


def _mark(row: Row, focus: Focus) -> str:
    reach = max(row.end, row.start + 1)

    def on(span) -> bool:
        return span is not None and span[0] < reach and row.start < span[1]

    sentence, turn = focus.sentence, focus.turn
    if on(sentence and (sentence.start, sentence.end)):
        return "▶"
    if on(focus.selection):
        return "┃"  # selected rows are marked, not only coloured
    if on(turn and (turn.start, turn.end)):
        return "▎"
    return " "
