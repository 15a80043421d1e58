"""The reader's suggestions: read from the store at once, computed in a thread when the
transcript has none (or has them from another codebook), accepted or rejected by key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState

from qualkit.errors import QualkitError
from qualkit.model import Suggestion
from qualkit.suggest.engine import TOP  # shown per passage, as `qualkit suggest` lists
from qualkit.tui.background import in_thread
from qualkit.tui.suggesting import SuggestionsByPlace
from qualkit.tui.widgets.suggestion_panel import SuggestionPanel

if TYPE_CHECKING:
    from qualkit.tui.app import QualkitApp
    from qualkit.tui.screens.reader import ReaderScreen

WORKER = "suggestions"


class ReaderSuggestions:
    """What the side panel shows and which suggestion is highlighted, for one reader."""

    def __init__(self, reader: ReaderScreen) -> None:
        self.reader = reader
        self.places: SuggestionsByPlace | None = None
        self.entries: list[Suggestion] = []  # the panel's list at the cursor
        self.chosen: int | None = None  # the highlighted entry
        self.loading = False
        self.problem = ""  # why there are no suggestions, when there are none
        self._sentence = -1  # the sentence the entries are for
        self._read: str | None = None  # when the suggestions shown were computed
        self._painted = False  # the text is on screen: reading suggestions may wait for it
        self._settled = False  # the transcript's rows are frozen (see qualkit.tui.memory)

    @property
    def panel(self) -> SuggestionPanel:
        return self.reader.query_one(SuggestionPanel)

    @property
    def highlighted(self) -> Suggestion | None:
        if self.chosen is None or not 0 <= self.chosen < len(self.entries):
            return None
        return self.entries[self.chosen]

    # --- reading and computing ------------------------------------------------------------

    def start(self) -> None:
        """Use the stored suggestions, or compute them in a thread if there are none (the
        reader's first `reload` shows either)."""
        app = self.reader.qualkit
        if not len(app.project.codebook):
            self.problem = "no codebook, so no suggestions"
        elif self.reader.transcript_id in app.project.suggestions_to_refresh():
            self.loading = True  # the reader paints first; then the thread starts
            self.reader.call_after_refresh(self.compute, True)

    def compute(self, first: bool = False) -> None:
        """Compute this transcript's suggestions in a thread, the model retrained on the
        coder's codings and rejections so far; the panel says "loading…" meanwhile."""
        app = self.reader.qualkit
        if (self.loading and not first) or not len(app.project.codebook):
            return
        self.problem = ""
        self.loading = True
        transcript, coder = self.reader.transcript_id, app.coder
        in_thread(
            self.reader,
            WORKER,
            lambda project: project.refresh_suggestions([transcript], coder),
            app.project.path,
            writes=True,
        )

    def finished(self, worker: Worker) -> None:
        """The thread computing suggestions is done: show them, or say why not."""
        if worker.name != WORKER or worker.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self.loading = False
        self._read = None  # read what the thread stored
        if worker.state == WorkerState.ERROR:
            error = worker.error
            self.problem = (
                str(error) if isinstance(error, QualkitError) else f"could not compute: {error}"
            )
        self.reload()

    def reload(self) -> None:
        """Whether the coder accepted or rejected each suggestion (from the codings the
        reader has read); the suggestions themselves only when they were computed again."""
        reader = self.reader
        if reader.transcript is None:
            return
        if not self._painted:  # the text first: a long transcript has many suggestions to read
            self._painted = True
            reader.call_after_refresh(self.reload)
            return
        loaded = not self._settled  # the text's rows now, later the suggestions read
        if self.loading or self.problem:
            self.places, self._read = None, None
        else:
            app, transcript = reader.qualkit, reader.transcript
            run = app.project.suggestion_runs().get(transcript.id, {}).get("computed")
            if self.places is None or run != self._read:
                found = app.project.suggestions(transcript.id)  # read once: it takes a while
                self.places = SuggestionsByPlace(
                    found, transcript.sentences, transcript.turns, top=TOP
                )
                self._read = run
                loaded = True
            rejected = {
                (start, end, code)
                for where, start, end, code, _ in app.project.rejections(app.coder)
                if where == transcript.id
            }
            accepted = {(c.start, c.end, c.code) for c in reader.codings}
            self.places.set_statuses(accepted, rejected)
        if loaded:
            self._settled = True
            reader.call_after_refresh(reader.qualkit.settle)
        self.moved()  # the highlighted suggestion stays highlighted

    def moved(self) -> None:
        """The cursor moved: list what is suggested at its sentence."""
        view = self.reader.view
        if self.places is None:
            self.entries, self.chosen = [], None
            if self.loading:
                self.panel.say("loading suggestions…\n(the text is ready to code)")
            else:
                self.panel.say(self.problem or "no suggestions")
            view.set_matched(())
            return
        kept = self.highlighted
        self.entries = self.places.at(view.cursor)
        if view.cursor != self._sentence:
            self._sentence = view.cursor
            self.chosen = next(
                (n for n, s in enumerate(self.entries) if s.status == "open"),
                0 if self.entries else None,
            )
        elif kept is not None:  # the same suggestion after a reload, if it is still there
            self.chosen = next(
                (
                    n
                    for n, s in enumerate(self.entries)
                    if (s.kind, s.start, s.end, s.code)
                    == (kept.kind, kept.start, kept.end, kept.code)
                ),
                self.chosen
                if self.chosen is not None and self.chosen < len(self.entries)
                else None,
            )
        self.show()

    def show(self) -> None:
        app = self.reader.qualkit
        assert self.places is not None
        self.panel.show(
            self.entries, self.chosen, app.project.codebook, app.looks, self.places.open_count()
        )
        chosen = self.highlighted
        self.reader.view.set_matched(chosen.spans if chosen is not None else ())

    def choose(self, place: int) -> None:
        if 0 <= place < len(self.entries):
            self.chosen = place
            self.show()

    # --- keys -------------------------------------------------------------------------------

    def step(self, forward: bool) -> None:
        """To the next (previous) open suggestion in the transcript."""
        app = self.reader.qualkit
        if self.places is None:
            app.say("suggestions are still loading" if self.loading else "no suggestions")
            return
        found = self.places.step(self.reader.view.cursor, self.chosen, forward)
        if found is None:
            app.say("no open suggestions in this transcript")
            return
        sentence, place, wrapped = found
        view = self.reader.view
        if sentence != view.cursor:
            view.go_to(view.sentences[sentence].start)  # moves; `moved` re-lists
        self._sentence = sentence
        self.entries = self.places.at(sentence)
        self.choose(place)
        position = self.places.route().index((sentence, place)) + 1
        where = f"suggestion {position} of {self.places.open_count()} open"
        app.say(
            where
            + (" (from the top)" if forward and wrapped else "")
            + (" (from the end)" if not forward and wrapped else "")
        )

    def accept(self) -> None:
        self._decide(
            "accept", "accepted", lambda app, s: app.project.accept_suggestion(s, app.coder)
        )

    def reject(self) -> None:
        self._decide(
            "reject", "rejected", lambda app, s: app.project.reject_suggestion(s, app.coder)
        )

    def _decide(self, verb: str, status: str, action: Callable[[QualkitApp, int], Any]) -> None:
        """Accept or reject the highlighted suggestion; `action` returns the coding made or
        the rejection stored, both with a transcript, a span and a code."""
        chosen = self._chosen_or_say(verb)
        if chosen is None:
            return
        app, reader = self.reader.qualkit, self.reader
        if chosen.status == status:
            app.say(f"already {status}: {reader.code_name(chosen.code)}")
            return
        done = app.act(
            lambda: action(app, chosen.id),  # type: ignore[arg-type]
            done=lambda d: (
                f"{status}: {reader.code_name(d.code)} · {d.transcript} {d.start}–{d.end}"
                f" ({chosen.kind}) · u undoes"
            ),
        )
        if done is not None:
            app.changed()

    def _chosen_or_say(self, verb: str) -> Suggestion | None:
        chosen = self.highlighted
        if chosen is None:
            app = self.reader.qualkit
            if self.loading:
                app.say(f"nothing to {verb} yet: suggestions are loading", error=True)
            else:
                app.say(f"no suggestion here to {verb}: n finds the next one", error=True)
        return chosen
