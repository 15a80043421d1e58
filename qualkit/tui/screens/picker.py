"""The code picker: type a few letters of a code's name, id or keywords; enter applies it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qualkit.codebook import Codebook
from qualkit.tui.picking import Match, find_codes, short_label
from qualkit.tui.widgets.transcript_view import CodeLook


class CodePicker(ModalScreen[str | None]):
    """Returns the chosen code's id, or None when cancelled."""

    HELP_GROUP = "Code picker"
    BINDINGS = [
        Binding("down", "step(1)", "Next code", show=False),
        Binding("up", "step(-1)", "Previous code", show=False),
        Binding("enter", "choose", "Apply code"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        codebook: Codebook,
        recent: Sequence[str],
        looks: Mapping[str, CodeLook],
        passage: str,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.codebook = codebook
        self.recent = list(recent)
        self.looks = looks
        self.passage = passage
        self.blink = blink
        self.matches: list[Match] = []
        self.query_shown = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="picker"):
            yield Label(Text(f"Code «{self.passage}»"), classes="dialog-title")
            box = Input(placeholder="name, id or keyword (å ä ö optional)", id="query")
            box.cursor_blink = self.blink
            yield box
            yield OptionList(id="codes", compact=True)
            yield Label("↑↓ choose · enter applies · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.show_matches("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#query")
    def typed(self, event: Input.Changed) -> None:
        self.show_matches(event.value)

    def show_matches(self, query: str) -> None:
        self.query_shown = query
        self.matches = find_codes(self.codebook, query, self.recent)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([self._option(m) for m in self.matches])
        options.highlighted = 0 if self.matches else None

    def _option(self, match: Match) -> Option:
        code = match.code
        depth = self.codebook.depth(code.id)
        number = self.recent.index(code.id) + 1 if code.id in self.recent else None
        parts: list[tuple[str, str] | str] = [
            (f"{number} " if number else "  ", "bold"),
            (f"{short_label(code):<5} ", "bold"),
            "  " * depth,
            (code.name, "bold" if number else ""),
            (f"  {code.id}", "dim"),
        ]
        if match.why:
            parts.append((f"  ← {match.why}", "italic"))
        return Option(Text.assemble(*parts, no_wrap=True, overflow="ellipsis"), id=code.id)

    def action_step(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    @on(Input.Submitted, "#query")
    def action_choose(self) -> None:
        typed = self.query_one(Input).value
        if typed != self.query_shown:  # typed faster than the list followed: match it now
            self.show_matches(typed)
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not self.matches:
            self.app.bell()
            return
        self.dismiss(self.matches[highlighted].code.id)

    @on(OptionList.OptionSelected)
    def clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
