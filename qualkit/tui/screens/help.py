"""Help: every key of every screen, generated from the bindings."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from qualkit.tui.keys import key_groups
from qualkit.tui.widgets.footer import Footer
from qualkit.tui.widgets.title_bar import TitleBar


class HelpScreen(Screen):
    HELP_GROUP = "Help"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="help"):
            yield Static(self._keys(), id="keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TitleBar).set("Help: every key", "esc closes")
        self.query_one("#help").focus()

    def _keys(self) -> Group:
        parts: list[Table | Text] = []
        for title, keys in key_groups(self.app.get_key_display):
            parts.append(Text(title, style="bold underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(min_width=14, style="bold", no_wrap=True)
            table.add_column()
            for key, what in keys:
                table.add_row(Text(key), Text(what))
            parts += [table, Text("")]
        parts.append(
            Text(
                "Every action is stored at once; there is nothing to save. "
                "u undoes your last action, also after a restart.",
                style="dim",
            )
        )
        return Group(*parts)

    def text(self) -> str:
        """The help as plain text (what a screen reader or a test sees)."""
        import io

        from rich.console import Console

        console = Console(width=120, file=io.StringIO(), color_system=None)
        console.print(self._keys())
        return console.file.getvalue()

    def action_close(self) -> None:
        self.app.pop_screen()
