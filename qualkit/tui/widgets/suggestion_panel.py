"""The suggestions at the reader's cursor: for its sentence, then for its whole turn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from qualkit.codebook import Codebook
from qualkit.model import Suggestion
from qualkit.tui.widgets.side_panels import fit, label_of, label_style
from qualkit.tui.widgets.transcript_view import CodeLook

_STATUS = {"open": " ", "accepted": "✓", "rejected": "✗"}


class SuggestionPanel(Static):
    """The suggestions at the cursor: code, score and the words that matched; the
    highlighted one is marked ▸ (its words are marked in the text). A click highlights."""

    DEFAULT_CSS = """
    SuggestionPanel {
        border: round $primary-muted;
        border-title-color: $text-muted;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    """

    class Clicked(Message):
        """The coder clicked the suggestion at `place` in the panel's list."""

        def __init__(self, place: int) -> None:
            super().__init__()
            self.place = place

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("…", style="dim"), id=id)  # filled just after the text shows
        self._shown: tuple | None = None
        self._places: list[int | None] = []  # the entry each line shows
        self._drawn: tuple | None = None  # what the panel shows now

    def on_mount(self) -> None:
        self.border_title = "Suggestions"

    def say(self, message: str, open_count: int | None = None) -> None:
        """Instead of suggestions: that they are loading, or why there are none."""
        self._shown = self._drawn = None
        self._places = []
        self._subtitle(open_count)
        self.update(Text(message, style="dim"), layout=False)

    def show(
        self,
        entries: Sequence[Suggestion],
        chosen: int | None,
        codebook: Codebook,
        looks: Mapping[str, CodeLook],
        open_count: int,
    ) -> None:
        drawn = (tuple(entries), chosen, open_count, id(codebook), id(looks))
        if drawn == self._drawn:
            return  # the cursor moved within the sentence, or nothing changed here
        self._drawn = drawn
        self._shown = (list(entries), chosen, codebook, looks)
        self._subtitle(open_count)
        self._render_entries()

    def _subtitle(self, open_count: int | None) -> None:
        self.border_subtitle = "" if open_count is None else f"{open_count} open · n next"

    def on_resize(self) -> None:
        if self._shown is not None:
            self._render_entries()

    def _render_entries(self) -> None:
        assert self._shown is not None
        entries, chosen, codebook, looks = self._shown
        if not entries:
            self._places = []
            self.update(Text("none here", style="dim"), layout=False)
            return
        width, room = max(self.content_region.width, 12), self.content_region.height
        lines: list[tuple[Text, int | None]] = []
        headings = 1 if any(s.kind == "turn" for s in entries) else 0
        two_lines = room <= 0 or room >= 2 * len(entries) + headings
        for place, suggestion in enumerate(entries):
            if suggestion.kind == "turn" and (place == 0 or entries[place - 1].kind != "turn"):
                lines.append((Text("whole turn:", style="dim"), None))
            head, words = _entry(suggestion, place == chosen, codebook, looks, width, two_lines)
            lines.append((head, place))
            if words is not None:
                lines.append((words, place))
        lines = _window(lines, chosen, room)
        self._places = [place for _, place in lines]
        # Its size is set by the layout, not by what it shows: no layout pass needed.
        self.update(Text("\n").join(text for text, _ in lines), layout=False)

    def on_click(self, event: events.Click) -> None:
        row = event.get_content_offset(self)
        if row is not None and 0 <= row.y < len(self._places):
            place = self._places[row.y]
            if place is not None:
                self.post_message(self.Clicked(place))


def _entry(
    suggestion: Suggestion,
    chosen: bool,
    codebook: Codebook,
    looks: Mapping[str, CodeLook],
    width: int,
    two_lines: bool,
) -> tuple[Text, Text | None]:
    """A suggestion as one line (name, score, words) or two (the words below)."""
    code = suggestion.code
    name = codebook.get(code).name if code in codebook else code
    score = f"{suggestion.score:.2f}"
    state = suggestion.status
    head = Text(no_wrap=True, overflow="ellipsis", style="dim" if state == "rejected" else "")
    head.append("▸" if chosen else " ", "bold")
    head.append(_STATUS.get(state, " "), "bold")
    head.append(f"{label_of(code, looks):<4}", label_style(looks.get(code)))
    room = width - 7 - len(score) - 1
    if two_lines:
        head.append(f"{fit(name, room):<{room}} ", "bold" if chosen else "")
        head.append(score)
        words = Text(no_wrap=True, overflow="ellipsis", style="italic dim")
        words.append("   " + fit(", ".join(suggestion.matched), width - 3))
        return head, words
    head.append(f"{name} ", "bold" if chosen else "")
    head.append(score)
    head.append(f" {', '.join(suggestion.matched)}", "italic dim")
    head.truncate(width, overflow="ellipsis")
    return head, None


def _window(
    lines: list[tuple[Text, int | None]], chosen: int | None, room: int
) -> list[tuple[Text, int | None]]:
    """As many lines as fit, the highlighted entry among them, `…` where some are cut."""
    if room <= 0 or len(lines) <= room:
        return lines
    rows = [n for n, (_, place) in enumerate(lines) if place == chosen] or [0]
    first = max(0, min(rows[0] - 1, len(lines) - room))
    shown = lines[first : first + room]
    if first > 0:
        shown[0] = (Text("… more above", style="dim"), None)
    if first + room < len(lines):
        shown[-1] = (Text("… more below", style="dim"), None)
    return shown
