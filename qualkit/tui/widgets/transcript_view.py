"""The transcript as the coder reads it: rows of text beside a gutter naming the codes.

A Line API widget: only the rows on screen are drawn, so a long transcript opens and scrolls
as fast as a short one. The cursor is a sentence; a selection is any span of characters,
made by sentences (v, then move), refined by words, or dragged with the mouse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualkit.model import Coding, Segment
from qualkit.tui.layout import Layout, trim, word_after, word_before, word_bounds
from qualkit.tui.widgets.row_painter import GUTTER, Focus, RowPainter

FALLBACK_COLOUR = "#888888"


@dataclass(frozen=True)
class CodeLook:
    """How a code shows: its label in the gutter and its colour."""

    label: str
    colour: str


class TranscriptView(ScrollView, can_focus=True):
    """One transcript, its coded passages, a sentence cursor and a selection."""

    BINDINGS = [
        Binding("down,j", "move(1)", "Next sentence", show=False),
        Binding("up,k", "move(-1)", "Previous sentence", show=False),
        Binding("shift+down,J", "turn(1)", "Next turn", show=False),
        Binding("shift+up,K", "turn(-1)", "Previous turn", show=False),
        Binding("pagedown,space", "page(1)", "Screen down", show=False),
        Binding("pageup", "page(-1)", "Screen up", show=False),
        Binding("home", "edge(0)", "Start", show=False),
        Binding("end", "edge(1)", "End", show=False),
        Binding("v", "select", "Select", show=False),
        Binding("shift+right,greater_than_sign", "end_by_word(1)", "End +word", show=False),
        Binding("shift+left,less_than_sign", "end_by_word(-1)", "End −word", show=False),
        Binding("left_square_bracket", "start_by_word(-1)", "Start −word", show=False),
        Binding("right_square_bracket", "start_by_word(1)", "Start +word", show=False),
        Binding("escape", "clear", "Unselect"),  # shown: a mouse user can click it
    ]

    COMPONENT_CLASSES = {
        "transcript-view--gutter",
        "transcript-view--turn",
        "transcript-view--cursor",
        "transcript-view--cursor-coded",
        "transcript-view--selection",
        "transcript-view--speaker",
        "transcript-view--matched",
    }

    DEFAULT_CSS = """
    TranscriptView {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
    }
    TranscriptView > .transcript-view--gutter { color: $text-muted; }
    TranscriptView > .transcript-view--turn { color: $accent; }
    TranscriptView > .transcript-view--cursor { background: $boost; text-style: bold underline; }
    TranscriptView > .transcript-view--cursor-coded { text-style: bold underline; }
    TranscriptView > .transcript-view--selection {
        background: $accent 60%;
        color: $text;
    }
    TranscriptView > .transcript-view--speaker { text-style: bold; color: $text-muted; }
    TranscriptView > .transcript-view--matched { text-style: underline reverse; }
    """

    class Moved(Message):
        """The cursor or the selection changed."""

        def __init__(self, view: TranscriptView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.turns: Sequence[Segment] = ()
        self.sentences: Sequence[Segment] = ()
        self.codings: list[Coding] = []
        self.looks: Mapping[str, CodeLook] = {}
        self.cursor = 0
        self.selection: tuple[int, int] | None = None
        self.matched: tuple[tuple[int, int], ...] = ()  # words of the highlighted suggestion
        self._anchor: int | None = None  # sentence where a sentence-wise selection began
        self._drag_from: int | None = None
        self._dragged = False
        self._had_no_selection = True
        self._style_cache: dict[str, Style] = {}
        self._rows_layout: Layout | None = None
        self._by_row: list[list[int]] = []
        self._strips: dict[int, Strip] = {}
        self._tints: dict[str, Style] = {}

    # --- content -----------------------------------------------------------------------

    def show(
        self, text: str, turns: Sequence[Segment], sentences: Sequence[Segment], cursor: int = 0
    ) -> None:
        """Show a transcript (its text, turns and sentences), the cursor on a sentence."""
        self.text, self.turns, self.sentences = text, turns, sentences
        self.cursor = min(max(cursor, 0), max(len(sentences) - 1, 0))
        self.selection = self._anchor = None
        self._rows_layout = None
        self._relayout()

    def set_codings(self, codings: Sequence[Coding], looks: Mapping[str, CodeLook]) -> None:
        """The coded passages to show, and how each code looks."""
        self.codings = sorted(codings, key=lambda c: (c.start, -c.end, c.code))
        self.looks = looks
        self._tints.clear()
        self._index_codings()
        self._changed()

    def set_matched(self, spans: tuple[tuple[int, int], ...]) -> None:
        """Mark the words a suggestion matched (underlined, reversed)."""
        if spans != self.matched:
            self.matched = spans
            self._strips.clear()
            self.refresh()

    @property
    def layout(self) -> Layout:
        """The rows at the current width: re-wrapped whenever the width has changed."""
        width = max(self.scrollable_content_region.width - GUTTER, 20)
        if self._rows_layout is None or self._rows_layout.width != width:
            self._rows_layout = Layout(self.text, self.turns, width)
            self.virtual_size = Size(width + GUTTER, len(self._rows_layout))
            self._index_codings()
            self._strips.clear()
        return self._rows_layout

    def _relayout(self) -> None:
        self._strips.clear()
        if self.size.width:  # before the first layout there is no width to wrap to
            self.layout  # noqa: B018 (wraps as a side effect)
        self.refresh()

    def _index_codings(self) -> None:
        if self._rows_layout is not None:
            self._by_row = self._rows_layout.spans_by_row([(c.start, c.end) for c in self.codings])

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.call_after_refresh(self.scroll_to_cursor)

    # --- what the coder points at ---------------------------------------------------------

    @property
    def sentence(self) -> Segment | None:
        return self.sentences[self.cursor] if self.sentences else None

    @property
    def target(self) -> tuple[int, int] | None:
        """What a code would be applied to: the selection, else the current sentence."""
        if self.selection is not None:
            return self.selection
        return (self.sentence.start, self.sentence.end) if self.sentence else None

    def codings_at(self, span: tuple[int, int] | None = None) -> list[Coding]:
        """Codings overlapping a span (by default the target), innermost first."""
        span = span or self.target
        if span is None:
            return []
        start, end = span
        found = [c for c in self.codings if c.start < end and start < c.end]
        return sorted(found, key=lambda c: (c.end - c.start, c.start))

    def sentence_at(self, offset: int) -> int:
        """The sentence containing `offset`, or the nearest one before it."""
        best = 0
        for index, sentence in enumerate(self.sentences):
            if sentence.start > offset:
                break
            best = index
        return best

    def go_to(self, start: int, end: int | None = None) -> None:
        """Put the cursor on the sentence at `start`; with `end`, select `start:end`."""
        self.cursor = self.sentence_at(start)
        self.selection = (start, end) if end is not None and end > start else None
        self._anchor = None
        self._changed()
        self.call_after_refresh(self.scroll_to_cursor, True)

    def scroll_to_cursor(self, centre: bool = False) -> None:
        span = self.target
        if span is None or self._rows_layout is None:
            return
        rows = self.layout.rows_of(*span)
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        first, last = rows.start, rows.stop - 1
        if centre and not (top <= first and last < top + height):
            self.scroll_to(y=max(first - height // 3, 0), animate=False)
        elif first < top:
            self.scroll_to(y=first, animate=False)
        elif last >= top + height:
            self.scroll_to(y=min(first, last - height + 1), animate=False)

    # --- keys -------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self._put_cursor(self.cursor + step)

    def action_turn(self, step: int) -> None:
        """To the next turn's first sentence; back to this turn's start, or the one before."""
        if not self.sentences:
            return
        index = self._turn_start(self.cursor)
        if step > 0:
            turn = self.sentences[index].turn
            while index < len(self.sentences) - 1 and self.sentences[index].turn == turn:
                index += 1
        elif index == self.cursor and index > 0:
            index = self._turn_start(index - 1)
        self._put_cursor(index)

    def _turn_start(self, index: int) -> int:
        turn = self.sentences[index].turn
        while index > 0 and self.sentences[index - 1].turn == turn:
            index -= 1
        return index

    def action_page(self, step: int) -> None:
        sentence = self.sentence
        if sentence is None:
            return
        height = max(self.scrollable_content_region.height - 2, 1)
        row = self.layout.row_of(sentence.start) + step * height
        row = min(max(row, 0), len(self.layout) - 1)
        self.scroll_to(y=max(round(self.scroll_y) + step * height, 0), animate=False)
        self._put_cursor(self.sentence_at(self.layout.rows[row].start))

    def action_edge(self, end: int) -> None:
        self._put_cursor(len(self.sentences) - 1 if end else 0)

    def action_select(self) -> None:
        """Start a selection at the current sentence, or drop the one there is."""
        if self.selection is not None:
            self.selection = self._anchor = None
        elif self.sentence is not None:
            self._anchor = self.cursor
            self.selection = (self.sentence.start, self.sentence.end)
        self._changed()

    def action_end_by_word(self, step: int) -> None:
        start, end = self._selection_or_sentence()
        if step > 0:
            end = word_after(self.text, end)
        else:
            end = max(word_before(self.text, end), start + 1)
        self._set_selection(*trim(self.text, start, end))

    def action_start_by_word(self, step: int) -> None:
        start, end = self._selection_or_sentence()
        if step < 0:
            start = word_before(self.text, start)
        else:
            start = min(word_after(self.text, start), end - 1)
            while start < end - 1 and not self.text[start].isalnum():
                start += 1
        self._set_selection(*trim(self.text, start, end))

    def action_clear(self) -> None:
        self.selection = self._anchor = None
        self._changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return self.selection is not None  # else escape goes on to the screen (back)
        return True

    def _selection_or_sentence(self) -> tuple[int, int]:
        return self.target or (0, 0)

    def _set_selection(self, start: int, end: int) -> None:
        self.selection = (start, end) if end > start else None
        self._anchor = None
        self._changed()
        self.scroll_to_cursor()

    def _put_cursor(self, index: int) -> None:
        if not self.sentences:
            return
        self.cursor = min(max(index, 0), len(self.sentences) - 1)
        if self._anchor is not None:
            first = self.sentences[min(self._anchor, self.cursor)]
            last = self.sentences[max(self._anchor, self.cursor)]
            self.selection = (first.start, last.end)
        elif self.selection is not None:
            self.selection = None  # moving without a sentence-wise selection drops it
        self._changed()
        self.scroll_to_cursor()

    # --- mouse ------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        point = event.get_content_offset_capture(self)
        row = point.y + round(self.scroll_y)
        if not self.text or row < 0:
            return None
        if row >= len(self.layout):
            return len(self.text)
        return self.layout.offset_at(row, point.x - GUTTER)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None:
            return
        self.focus()
        self._drag_from, self._dragged = offset, False
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or not event.button:
            return
        offset = self._offset_at(event)
        if offset is None:
            return
        self._dragged = True
        first, last = sorted((self._drag_from, offset))
        start, end = word_bounds(self.text, first)[0], word_bounds(self.text, last)[1]
        self.cursor = self.sentence_at(offset)
        self._set_selection(*trim(self.text, start, end))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.release_mouse()
        offset = self._offset_at(event)
        clicked = self._drag_from is not None and not self._dragged
        self._drag_from = None
        if clicked and offset is not None:
            self.go_to(offset)  # a click puts the cursor there and drops the selection

    # --- drawing ----------------------------------------------------------------------

    def _changed(self) -> None:
        self._strips.clear()
        self.refresh()
        if (self.selection is None) != self._had_no_selection:
            self._had_no_selection = self.selection is None
            self.refresh_bindings()  # escape clears a selection, else goes back
        self.post_message(self.Moved(self))

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if row >= len(self.layout) or not self.text:
            return Strip.blank(width, self.rich_style)
        line = self._strips.get(row)
        if line is None:
            line = self._render_row(row).crop_extend(0, width, self.rich_style)
            self._strips[row] = line
        return line

    def _render_row(self, index: int) -> Strip:
        row = self.layout.rows[index]
        codings = [self.codings[i] for i in self._by_row[index]]
        focus = Focus(self.sentence, self._turn(), self.selection, self.matched)
        painter = RowPainter(self._styles(), self._tint, lambda code: self._look(code).label)
        return Strip(painter.paint(self.text, row, codings, focus))

    def _styles(self) -> dict[str, Style]:
        """The component styles, looked up once per repaint rather than once per row."""
        if not self._style_cache:
            self._style_cache = {
                name: self.get_component_rich_style(f"transcript-view--{name}")
                for name in (
                    "gutter",
                    "turn",
                    "cursor",
                    "cursor-coded",
                    "selection",
                    "speaker",
                    "matched",
                )
            }
            self._style_cache["base"] = self.rich_style
            # On coded text the cursor adds only its text style: the code's colour stays.
            marked = self._style_cache["cursor-coded"]
            self._style_cache["cursor-coded"] = _text_style(marked)
            # Matched words keep the colours under them too, and turn them round.
            self._style_cache["matched"] = _text_style(self._style_cache["matched"])
        return self._style_cache

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache = {}
        self._tints.clear()
        self._strips.clear()

    def _turn(self) -> Segment | None:
        sentence = self.sentence
        if sentence is None or sentence.turn is None or sentence.turn >= len(self.turns):
            return None
        return self.turns[sentence.turn]

    def _look(self, code: str) -> CodeLook:
        return self.looks.get(code) or CodeLook(code[:3].upper(), FALLBACK_COLOUR)

    def _tint(self, code: str) -> Style:
        """The code's colour, softened over the background so text stays readable."""
        tint = self._tints.get(code)
        if tint is None:
            background = self.background_colors[1]
            try:
                colour = Color.parse(self._look(code).colour or FALLBACK_COLOUR)
            except Exception:  # a colour the codebook check let through but Textual cannot
                colour = Color.parse(FALLBACK_COLOUR)
            blended = background.blend(colour, 0.55)
            tint = Style(bgcolor=blended.rich_color, color=blended.get_contrast_text().rich_color)
            self._tints[code] = tint
        return tint


def _text_style(style: Style) -> Style:
    """Only the text attributes of a style (bold, underline …), none of its colours."""
    return Style(
        bold=style.bold, underline=style.underline, italic=style.italic, reverse=style.reverse
    )
