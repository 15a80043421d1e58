"""The reader: one transcript turn by turn, its coded passages, the suggestions beside the
text, and the keys that code."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.worker import Worker

from qualkit.errors import QualkitError
from qualkit.model import Coding, Transcript
from qualkit.tui.layout import shorten, trim
from qualkit.tui.screens.base import PageScreen
from qualkit.tui.screens.choose import ChooseCoding
from qualkit.tui.screens.memo import edit_memo
from qualkit.tui.screens.picker import CodePicker
from qualkit.tui.screens.reader_suggestions import ReaderSuggestions
from qualkit.tui.widgets.side_panels import HerePanel, RecentPanel
from qualkit.tui.widgets.suggestion_panel import SuggestionPanel
from qualkit.tui.widgets.transcript_view import TranscriptView

QUICK_KEYS = 9


class ReaderScreen(PageScreen):
    HELP_GROUP = "Reader"
    BINDINGS = [
        Binding("c", "code", "Code"),
        *[
            Binding(str(n), f"quick({n})", "Apply recent code", show=False)
            for n in range(1, QUICK_KEYS + 1)
        ],
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("n", "next_suggestion(1)", "Next suggestion"),
        Binding("N", "next_suggestion(0)", "Previous suggestion", show=False),
        Binding("R", "recompute", "Recompute suggestions", show=False),
        Binding("x", "uncode", "Uncode"),
        Binding("m", "memo_coding", "Memo", show=False),
        Binding("M", "memo_transcript", "Transcript memo", show=False),
        Binding("slash,f", "search", "Search text", show=False),
        Binding("g", "codebook", "Codebook", show=False),
        Binding("escape", "back", "Back"),
        # q quits here too; only the footer leaves it out, for room at 80 columns
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(
        self, transcript: str, span: tuple[int, int] | None = None, note: str = ""
    ) -> None:
        super().__init__()
        self.transcript_id = transcript
        self.span = span
        self.note = note
        self.transcript: Transcript | None = None
        self.codings: list[Coding] = []
        self.recent: list[str] = []
        self.suggestions = ReaderSuggestions(self)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="reader-body"):
            yield TranscriptView(id="text")
            with Vertical(id="side"):
                yield SuggestionPanel(id="suggestions")
                yield HerePanel(id="here")
                yield RecentPanel(id="recent")

    def on_mount(self) -> None:
        try:
            self.transcript = self.qualkit.project.transcript(self.transcript_id)
        except QualkitError as error:
            self.app.pop_screen()
            self.qualkit.say(str(error), error=True)
            return
        view = self.view
        view.show(self.transcript.text, self.transcript.turns, self.transcript.sentences)
        self.suggestions.start()
        self.load()
        view.focus()
        if self.span is not None:
            view.go_to(*self.span)
        self.qualkit.hint(
            self.note or "↑↓ sentence · v selects · c codes the sentence or selection · ? keys"
        )

    @property
    def view(self) -> TranscriptView:
        return self.query_one(TranscriptView)

    def reload(self) -> None:
        if self.transcript is None:
            return
        app = self.qualkit
        self.codings = app.project.coding_list(transcript=self.transcript_id, coder=app.coder)
        self.recent = app.project.recent_codes(app.coder, QUICK_KEYS)
        self.view.set_codings(self.codings, app.looks)
        self.query_one(RecentPanel).show(self.recent, app.project.codebook, app.looks)
        self.suggestions.reload()
        self._show_title()

    def _show_title(self) -> None:
        assert self.transcript is not None
        attributes = self.transcript.attributes
        shown = [attributes[k] for k in ("arm", "role", "kommun") if k in attributes]
        where = " · ".join([self.transcript_id, *shown])
        share = _covered(self.codings) / max(len(self.transcript.text), 1)
        self.query_one("TitleBar").set(where, f"{self.qualkit.coder} · {share:.0%} coded")

    @on(TranscriptView.Moved)
    def moved(self) -> None:
        app = self.qualkit
        self.query_one(HerePanel).show(self.view.codings_at(), app.project.codebook, app.looks)
        self.suggestions.moved()

    # --- suggestions ---------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.suggestions.finished(event.worker)

    @on(SuggestionPanel.Clicked)
    def suggestion_clicked(self, event: SuggestionPanel.Clicked) -> None:
        self.suggestions.choose(event.place)

    def action_accept(self) -> None:
        self.suggestions.accept()

    def action_reject(self) -> None:
        self.suggestions.reject()

    def action_next_suggestion(self, forward: int) -> None:
        self.suggestions.step(bool(forward))

    def action_recompute(self) -> None:
        if not len(self.qualkit.project.codebook):
            self.qualkit.say("no codebook, so no suggestions", error=True)
            return
        self.suggestions.compute()
        self.suggestions.reload()
        self.qualkit.say("computing suggestions with a model trained on your codings so far …")

    # --- coding ------------------------------------------------------------------------------

    def _code_target(self) -> tuple[int, int] | None:
        target = self.view.target
        if target is None or self.transcript is None:
            self.qualkit.say("nothing to code: this transcript has no text", error=True)
            return None
        start, end = trim(self.transcript.text, *target)
        return (start, end) if end > start else None

    def action_code(self) -> None:
        target = self._code_target()
        if target is None or self.transcript is None:
            return
        if not len(self.qualkit.project.codebook):
            self.qualkit.say(
                "the project has no codebook: add one with `qualkit codebook use`", error=True
            )
            return
        passage = shorten(self.transcript.text[target[0] : target[1]], 48)
        app = self.qualkit
        picker = CodePicker(app.project.codebook, self.recent, app.looks, passage, app.blink)
        self.app.push_screen(picker, lambda code: code and self.apply(code, target))

    def action_quick(self, number: int) -> None:
        if number > len(self.recent):
            self.qualkit.say(f"no code on key {number} yet: c opens the code picker", error=True)
            return
        target = self._code_target()
        if target is not None:
            self.apply(self.recent[number - 1], target)

    def apply(self, code: str, span: tuple[int, int]) -> None:
        """Code the span now; the status line says what was stored."""
        app, start, end = self.qualkit, *span
        before = app.project.find_coding(self.transcript_id, start, end, code, app.coder)
        coded = app.act(
            lambda: app.project.code(self.transcript_id, start, end, code, app.coder),
            done=lambda c: (
                f"{'already coded' if before else 'coded'}: "
                f"{self.code_name(c.code)} · {self.transcript_id} {start}–{end}"
            ),
        )
        if coded is not None:
            self.view.action_clear()  # the selection is coded: drop it (esc goes back again)
            app.changed()

    def action_uncode(self) -> None:
        self._with_coding("Uncode which coding?", self.uncode, "nothing coded here to uncode")

    def uncode(self, coding: Coding) -> None:
        app = self.qualkit
        done = app.act(
            lambda: app.project.uncode(coding.id, app.coder),  # type: ignore[arg-type]
            done=lambda c: f"uncoded: {self.code_name(c.code)} · {c.transcript} {c.start}–{c.end}",
        )
        if done is not None:
            app.changed()

    def action_memo_coding(self) -> None:
        self._with_coding(
            "Memo on which coding?",
            self.memo_coding,
            "no coding here: M writes a memo on the transcript",
        )

    def memo_coding(self, coding: Coding) -> None:
        where = f"{self.transcript_id} {coding.start}–{coding.end}"
        title = f"Memo on {self.code_name(coding.code)} · {where}"
        edit_memo(self.qualkit, "coding", str(coding.id), title, coding.memo or "")

    def action_memo_transcript(self) -> None:
        edit_memo(self.qualkit, "transcript", self.transcript_id, f"Memo on {self.transcript_id}")

    def _with_coding(self, title: str, then: Callable[[Coding], None], none: str) -> None:
        """Act on the one coding here, or let the coder choose when there are several."""
        here = self.view.codings_at()
        if not here:
            self.qualkit.say(none, error=True)
        elif len(here) == 1:
            then(here[0])
        else:
            names = {c.id: c.name for c in self.qualkit.project.codebook}
            assert self.transcript is not None
            chooser = ChooseCoding(title, here, names, self.transcript.text)
            self.app.push_screen(chooser, lambda chosen: chosen and then(chosen))

    # --- moving on ----------------------------------------------------------------------------

    def action_codebook(self) -> None:
        here = self.view.codings_at()
        self.qualkit.open_codebook(here[0].code if here else None)

    def action_search(self) -> None:
        self.qualkit.open_search()

    def action_back(self) -> None:
        self.app.pop_screen()

    def code_name(self, code: str) -> str:
        codebook = self.qualkit.project.codebook
        return codebook.get(code).name if code in codebook else code


def _covered(codings: list[Coding]) -> int:
    covered, reach = 0, 0
    for coding in sorted(codings, key=lambda c: c.start):
        covered += max(0, coding.end - max(coding.start, reach))
        reach = max(reach, coding.end)
    return covered
