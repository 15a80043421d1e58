"""Writing a memo on a coding, a transcript or a code: saved the moment you press ctrl+s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

if TYPE_CHECKING:
    from qualkit.tui.app import QualkitApp


class MemoEditor(ModalScreen[str | None]):
    """A memo's text; returns the new text on save (empty deletes), None on cancel."""

    HELP_GROUP = "Memo"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str, blink: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            area = TextArea(self.text, id="memo-text", soft_wrap=True, show_line_numbers=False)
            area.cursor_blink = self.blink
            yield area
            yield Label("ctrl+s saves · esc cancels · an empty memo is deleted", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


def edit_memo(
    app: QualkitApp, kind: str, target: str, title: str, current: str | None = None
) -> None:
    """Open the editor on the coder's memo for a target and store what they save.

    `current` is the memo's text where the caller has it (a coding's memo travels with it).
    """
    if current is None:
        memo = app.project.memo(kind, target, app.coder)
        current = memo.text if memo else ""

    def save(text: str | None) -> None:
        if text is None:
            app.say("memo not changed")
            return
        what = "the coding" if kind == "coding" else f"{kind} {target}".rstrip()
        verb = "deleted" if not text.strip() else "saved"

        def write() -> bool:
            app.project.set_memo(kind, target, text, app.coder)
            return True

        if app.act(write, done=lambda _: f"memo {verb} on {what}"):
            app.changed()

    app.push_screen(MemoEditor(title, current, app.blink), save)
