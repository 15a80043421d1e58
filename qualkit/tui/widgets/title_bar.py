"""The top line of a screen: where you are on the left, who and how far on the right."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        background: $primary-muted;
        color: $text;
        padding: 0 1;
    }
    TitleBar > #where { width: 1fr; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    TitleBar > #progress { width: auto; text-wrap: nowrap; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="where")
        yield Label(id="progress")

    def set(self, where: str, progress: str = "") -> None:
        # Text, not markup: ids and names may hold brackets.
        self.query_one("#where", Label).update(Text(where))
        self.query_one("#progress", Label).update(Text(progress))
