"""Choosing one of several coded passages across transcripts (behind a cell of a table)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from qualkit.model import Coding
from qualkit.tui.layout import shorten


class ChoosePassage(ModalScreen[Coding | None]):
    """The passages, one a line (transcript, coder, code, text); enter returns the
    highlighted one, escape None."""

    HELP_GROUP = "Choose a passage"
    BINDINGS = [
        Binding("enter", "choose", "Open passage", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        codings: Sequence[Coding],
        labels: Mapping[str, str],
        text_of: Callable[[str], str],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.codings = list(codings)
        self.labels = labels
        self.text_of = text_of

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[self._option(n, c) for n, c in enumerate(self.codings)])
            yield Label("enter opens it in the reader · esc cancels", classes="hint")

    def _option(self, number: int, coding: Coding) -> Option:
        passage = shorten(self.text_of(coding.transcript)[coding.start : coding.end], 40)
        line = Text.assemble(
            (f"{coding.transcript:<11}", "bold"),
            f"{coding.coder:<8} ",
            (f"{self.labels.get(coding.code, coding.code):<5}", "bold"),
            (f"«{passage}»", "italic"),
            no_wrap=True,
            overflow="ellipsis",
        )
        return Option(line, id=str(number))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0 if self.codings else None
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.codings[int(event.option.id or 0)])

    def action_choose(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        self.dismiss(self.codings[highlighted] if highlighted is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
