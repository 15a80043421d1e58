"""What every full screen has: a title bar, a status line and the footer of keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen

from qualkit.tui.widgets.footer import Footer, forget_removed_watchers
from qualkit.tui.widgets.status_line import StatusLine
from qualkit.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from qualkit.tui.app import QualkitApp


class PageScreen(Screen):
    """A full screen whose data comes from the project; `reload` re-reads it.

    (Textual calls `on_mount` of every class in the MRO, so this base class has none: each
    screen calls `load` in its own `on_mount`, when it is ready for the data.)

    The app counts changes (codings, undo, refresh, another process); a screen that was
    hidden when something changed reloads when it shows again.
    """

    HELP_GROUP = ""  # the heading of this screen's keys on the help screen

    def __init__(self) -> None:
        super().__init__()
        self._seen = -1
        self._ready = False  # set by the first `load`, from the screen's own on_mount
        self.pending_status: tuple[str, bool] | None = None  # said before composed

    @property
    def qualkit(self) -> QualkitApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield from self.compose_body()
        yield StatusLine()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        self.call_after_refresh(forget_removed_watchers, self.app)  # of a dialog just closed
        if self._ready:
            self.load()

    def load(self) -> None:
        """Read the project unless this screen is up to date (screens call it on mount)."""
        self._ready = True
        if self._seen != self.qualkit.generation:
            self._seen = self.qualkit.generation
            self.reload()

    def reload(self) -> None:
        """Read what this screen shows from the project again."""

    def changed(self) -> None:
        """The project changed while this screen is shown."""
        self._seen = self.qualkit.generation
        self.reload()
