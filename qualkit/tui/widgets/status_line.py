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

    def say(self, message: str, error: bool = False) -> None:
        self.set_class(error, "-error")
        self.set_class(not error, "-done")
        self.update(Text(message, no_wrap=True, overflow="ellipsis"))
