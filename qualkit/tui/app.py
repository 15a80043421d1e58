"""The qualkit app: screens, the keys that work everywhere, and the one path for actions.

Every change goes through `act`, which calls the Project at once (each call is its own
transaction, so there is nothing to save), reports the outcome on the status line and lets
the screens re-read what they show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches

from qualkit.errors import QualkitError
from qualkit.project import Project
from qualkit.search import SearchIndex
from qualkit.tui.memory import Collector
from qualkit.tui.picking import short_label
from qualkit.tui.screens.base import PageScreen
from qualkit.tui.widgets.status_line import StatusLine
from qualkit.tui.widgets.transcript_view import CodeLook

T = TypeVar("T")


class QualkitApp(App):
    """Coding interviews in the terminal, as one coder, on one project."""

    CSS_PATH = "qualkit.tcss"
    TITLE = "qualkit"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    HELP_GROUP = "Everywhere"

    BINDINGS = [
        Binding("question_mark,f1", "help", "Help"),
        Binding("u", "undo", "Undo"),
        Binding("U", "redo", "Redo", show=False),
        Binding("f5,ctrl+r", "refresh", "Refresh", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        project: Project,
        coder: str,
        *,
        animations: bool = True,
        watch_seconds: float | None = 2.0,
    ) -> None:
        super().__init__()
        self.project = project
        self.coder = coder
        self.generation = 0  # counts changes, so hidden screens know to reload
        self.blink = animations  # Inputs and memo editors blink only when animated
        self._watch_seconds = watch_seconds
        self._version = project.data_version()
        self._mark = project.change_mark()
        self.looks: dict[str, CodeLook] = {}
        self.looked_for_changes = 0  # times the watch looked (tests wait on it)
        self.background_writes = 0  # jobs of ours writing to the project in a thread
        self.search_index = SearchIndex()  # words and lemmas, kept for the session
        self.collector = Collector()
        if not animations:
            self.animation_level = "none"

    def on_mount(self) -> None:
        from qualkit.tui.screens.overview import OverviewScreen

        self.read_codebook()
        self.push_screen(OverviewScreen())
        self.call_after_refresh(self.settle)
        self.set_interval(0.25, self.collector.tick)
        if self._watch_seconds:
            self.set_interval(self._watch_seconds, self.look_for_changes)

    def on_unmount(self) -> None:
        self.project.close()
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):  # the coder is at work
            self.collector.input_seen()
        await super().on_event(event)

    def settle(self) -> None:
        """Something large was loaded (see qualkit.tui.memory)."""
        self.collector.settle()

    def read_codebook(self) -> None:
        self.looks = {c.id: CodeLook(short_label(c), c.color) for c in self.project.codebook}

    # --- the one path for actions ---------------------------------------------------------

    def act(self, action: Callable[[], T], done: Callable[[T], str] | None = None) -> T | None:
        """Run a project action now; say what it did, or why it was refused."""
        try:
            result = action()
        except QualkitError as error:
            self.say(str(error), error=True)
            self.bell()
            return None
        self._known()
        if done is not None:
            self.say(done(result))
        return result

    def changed(self) -> None:
        """Something in the project changed: the screen shown re-reads it now, others later."""
        self.generation += 1
        screen = self.page
        if screen is not None:
            screen.changed()

    def say(self, message: str, error: bool = False) -> None:
        page = self.page
        if page is None:
            return
        try:
            line = page.query_one(StatusLine)
        except NoMatches:  # pushed but not composed yet: its status line says it on mount
            page.pending_status = (message, error)
            return
        line.say(message, error)

    def hint(self, message: str) -> None:
        """Say which keys to try, without covering a message already on the status line."""
        page = self.page
        if page is not None:
            page.query_one(StatusLine).hint(message)

    @property
    def page(self) -> PageScreen | None:
        """The full screen on top (under any dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, PageScreen):
                return screen
        return None

    # --- keys that work everywhere --------------------------------------------------------

    def action_help(self) -> None:
        from qualkit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        self.act(
            lambda: self.project.undo(self.coder),
            done=lambda undone: f"undone: {undone}" if undone else "nothing to undo",
        )
        self.changed()

    def action_redo(self) -> None:
        self.act(
            lambda: self.project.redo(self.coder),
            done=lambda redone: f"redone: {redone}" if redone else "nothing to redo",
        )
        self.changed()

    def action_refresh(self) -> None:
        self.project.forget()
        self.read_codebook()
        self._known()
        self.changed()
        self.say("refreshed from the project file")

    def _known(self) -> None:
        """What the project holds now is what the screens show (our own action, a refresh)."""
        self._version = self.project.data_version()
        self._mark = self.project.change_mark()

    def own_write_done(self) -> None:
        """A job of ours wrote to the project from a thread (see `background.in_thread`):
        read it again, as a change by another program only if one wrote meanwhile too."""
        self.background_writes -= 1
        self._reread(ours=True)

    def look_for_changes(self) -> None:
        """Another qualkit (the CLI, a colleague's session) may have written to the project."""
        self.looked_for_changes += 1
        if self.background_writes:
            return  # our own job is writing: its end re-reads the project
        if self.project.data_version() != self._version:
            self._reread(ours=False)

    def _reread(self, ours: bool) -> None:
        """Read the project again after a write: another program's (any change seen by the
        watch), or our job's, which wrote only suggestions unless the coders' work moved too."""
        self._version = self.project.data_version()
        mark = self.project.change_mark()
        other = not ours or mark != self._mark
        self._mark = mark
        if other:
            self.project.forget()
            self.read_codebook()
        self.changed()
        if other:
            self.say("updated: the project was changed by another program")

    # --- moving between screens -------------------------------------------------------------

    def open_transcript(
        self,
        transcript: str,
        span: tuple[int, int] | None = None,
        note: str = "",
        over: PageScreen | None = None,
    ) -> None:
        """Show a transcript in the reader, optionally with a passage selected and a note for
        the status line: over the overview, or over the screen `over` (a list of search hits
        or a table), so that escape returns to it."""
        from qualkit.tui.screens.reader import ReaderScreen

        if over is None or over not in self.screen_stack:
            while len(self.screen_stack) > 2:
                self.pop_screen()
        else:
            while self.screen_stack[-1] is not over:
                self.pop_screen()
        self.push_screen(ReaderScreen(transcript, span, note))

    def open_search(self) -> None:
        """The search screen, with its last query and hits: back to it if it is open."""
        from qualkit.tui.screens.search import SearchScreen

        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                while self.screen_stack[-1] is not screen:
                    self.pop_screen()
                screen.ask()
                return
        self.push_screen(SearchScreen())

    def open_tables(self) -> None:
        from qualkit.tui.screens.tables import TablesScreen

        for screen in self.screen_stack:
            if isinstance(screen, TablesScreen):
                while self.screen_stack[-1] is not screen:
                    self.pop_screen()
                return
        self.push_screen(TablesScreen())

    def open_codebook(self, code: str | None = None) -> None:
        from qualkit.tui.screens.codebook import CodebookScreen

        self.push_screen(CodebookScreen(code))
