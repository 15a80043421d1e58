"""What every full screen has: a title bar, a status line and the footer of keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from qualkit.tui.widgets.status_line import StatusLine
from qualkit.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from qualkit.tui.app import QualkitApp


class PageScreen(Screen):
    """A full screen whose data comes from the project; `reload` re-reads it.

    The app counts changes (codings, undo, refresh, another process); a screen that was
    hidden when something changed reloads when it shows again.
    """

    HELP_GROUP = ""  # the heading of this screen's keys on the help screen

    def __init__(self) -> None:
        super().__init__()
        self._seen = -1

    @property
    def qualkit(self) -> QualkitApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield from self.compose_body()
        yield StatusLine()
        yield Footer(show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self._reload_if_stale()

    def on_screen_resume(self) -> None:
        self._reload_if_stale()

    def _reload_if_stale(self) -> None:
        if self._seen != self.qualkit.generation:
            self._seen = self.qualkit.generation
            self.reload()

    def reload(self) -> None:
        """Read what this screen shows from the project again."""

    def changed(self) -> None:
        """The project changed while this screen is shown."""
        self._seen = self.qualkit.generation
        self.reload()
