"""Choosing one of several codings: those at the cursor (to uncode one or write its memo),
or the passages behind a cell of a table (to open one)."""

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


class ChooseCoding(ModalScreen[Coding | None]):
    """Codings of one transcript, one a line (code, offsets, text, ✎ for a memo); enter
    returns the highlighted one, escape None."""

    HELP_GROUP = "Choose a coding"
    HINT = "enter chooses · esc cancels"
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
            yield OptionList(*[Option(self.line(c), id=str(i)) for i, c in enumerate(self.codings)])
            yield Label(self.HINT, classes="hint")

    def line(self, coding: Coding) -> Text:
        passage = shorten(self.text[coding.start : coding.end], 50)
        return Text.assemble(
            (self.names.get(coding.code, coding.code), "bold"),
            f"  {coding.start}–{coding.end}  ",
            (f"«{passage}»", "italic"),
            ("  ✎" if coding.memo else ""),
        )

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


class ChoosePassage(ChooseCoding):
    """Passages across transcripts, one a line (transcript, coder, code, text)."""

    HELP_GROUP = "Choose a passage"
    HINT = "enter opens it in the reader · esc cancels"
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
        super().__init__(title, codings, labels, "")
        self.text_of = text_of

    def line(self, coding: Coding) -> Text:
        passage = shorten(self.text_of(coding.transcript)[coding.start : coding.end], 40)
        return Text.assemble(
            (f"{coding.transcript:<11}", "bold"),
            f"{coding.coder:<8} ",
            (f"{self.names.get(coding.code, coding.code):<5}", "bold"),
            (f"«{passage}»", "italic"),
            no_wrap=True,
            overflow="ellipsis",
        )
