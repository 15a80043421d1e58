"""The line that confirms each action ("coded: Bemötande") or says why it failed."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    StatusLine.-error { color: $text-error; background: $error-muted; }
    StatusLine.-done { color: $text-success; }
    """

    said = False  # a message (not a hint) is on the line

    def on_mount(self) -> None:
        pending = getattr(self.screen, "pending_status", None)
        if pending is not None:  # said before this line existed (see QualkitApp.say)
            self.say(*pending)

    def say(self, message: str, error: bool = False) -> None:
        self.said = True
        self._show(message, error)

    def hint(self, message: str) -> None:
        """Which keys to try: shown unless a message (a change noticed while the screen
        opened, an error) is already on the line, which the coder must not miss."""
        if not self.said:
            self._show(message, False)

    def _show(self, message: str, error: bool) -> None:
        self.set_class(error, "-error")
        self.set_class(not error, "-done")
        self.update(Text(message, no_wrap=True, overflow="ellipsis"))
