"""Choosing one of several codings at the cursor (to uncode it or write its memo)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from qualkit.model import Coding
from qualkit.tui.layout import shorten


class ChooseCoding(ModalScreen[Coding | None]):
    """A list of codings; enter returns the highlighted one, escape None."""

    HELP_GROUP = "Choose a coding"
    BINDINGS = [
        Binding("enter", "choose", "Choose", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self, title: str, codings: Sequence[Coding], names: Mapping[str, str], text: str
    ) -> None:
        super().__init__()
        self.title_text = title
        self.codings = list(codings)
        self.names = names
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[self._option(i, c) for i, c in enumerate(self.codings)])
            yield Label("enter chooses · esc cancels", classes="hint")

    def _option(self, index: int, coding: Coding) -> Option:
        passage = shorten(self.text[coding.start : coding.end], 50)
        label = Text.assemble(
            (self.names.get(coding.code, coding.code), "bold"),
            f"  {coding.start}–{coding.end}  ",
            (f"«{passage}»", "italic"),
            ("  ✎" if coding.memo else ""),
        )
        return Option(label, id=str(index))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.codings[int(event.option.id or 0)])

    def action_choose(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        self.dismiss(self.codings[highlighted] if highlighted is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
