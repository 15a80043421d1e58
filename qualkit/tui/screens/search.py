"""Search across transcripts, lemma-aware: every sentence where the words occur, in any of
their forms, with or without å ä ö; enter opens the hit in the reader, selected."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input
from textual.worker import Worker, WorkerState

from qualkit.errors import QualkitError
from qualkit.project import Project
from qualkit.search import Hit, parse_query
from qualkit.tui.background import in_thread
from qualkit.tui.screens.base import PageScreen

WORKER = "search"
SHOWN_HITS = 1_000  # more rows than anyone reads; the status line says how many there are
TYPING_PAUSE = 0.3  # seconds without a key before the search runs by itself
ATTRIBUTES = ("arm", "role")


class HitTable(DataTable):
    """The hits, one row each; enter opens the highlighted one in the reader."""

    BINDINGS = [Binding("enter", "select_cursor", "Open hit", priority=False)]

    def __init__(self) -> None:
        super().__init__(id="hits", cursor_type="row", zebra_stripes=True)


class SearchScreen(PageScreen):
    HELP_GROUP = "Search"
    BINDINGS = [
        Binding("slash", "ask", "New search"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self.query_text = ""  # the query the hits are for
        self._texts: dict[str, str] = {}
        self._attributes: dict[str, dict[str, str]] = {}
        self._timer = None

    def compose_body(self) -> ComposeResult:
        yield Input(
            placeholder='words to find: bemötande, arbets*, "bry sig" (å ä ö optional)',
            id="search-query",
        )
        yield HitTable()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.qualkit.blink
        self.load()
        self.ask()
        self._run("")  # reads and lemmatises the transcripts while the coder types

    def reload(self) -> None:
        """Attributes and texts may have changed; the hits stay until the next search
        (which reads changed transcripts again)."""
        project = self.qualkit.project
        self._texts.clear()
        self._attributes = project.attributes()
        self.query_one("TitleBar").set(
            f"Search · {len(project.transcript_ids())} transcripts",
            "any form of a word, å ä ö optional",
        )

    def ask(self) -> None:
        box = self.query_one(Input)
        self.set_focus(box)
        box.action_select_all()
        self.qualkit.say("type words and press enter · a word* finds every word beginning so")

    # --- searching ---------------------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TYPING_PAUSE, self.search_now)

    @on(Input.Submitted, "#search-query")
    def submitted(self) -> None:
        self.search_now()
        self.set_focus(self.query_one(HitTable))

    def search_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.query_one(Input).value.strip()
        if text and text != self.query_text:
            self._run(text)

    def _run(self, text: str) -> None:
        """Search in a thread (the first search also reads and lemmatises every transcript;
        an empty query only does that)."""
        index = self.qualkit.search_index
        if text:
            try:
                query = parse_query(text)
            except QualkitError as error:
                self.qualkit.say(str(error), error=True)
                return
            self.qualkit.say(f"searching for {text} …")
        else:
            query = None

        def job(project: Project) -> tuple[str, list[Hit]]:
            ids = project.transcript_ids()
            index.keep_only(ids)
            fingerprints = project.fingerprints()
            for transcript in ids:
                if not index.has(transcript, fingerprints[transcript]):
                    index.add(project.transcript(transcript))
            return text, (index.search(query, ids) if query is not None else [])

        in_thread(self, WORKER, job, self.qualkit.project.path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != WORKER:
            return
        if worker.state == WorkerState.ERROR:
            self.qualkit.say(f"search failed: {worker.error}", error=True)
        elif worker.state == WorkerState.SUCCESS and worker.result is not None:
            text, hits = worker.result
            if text:
                self.show_hits(text, hits)

    def show_hits(self, text: str, hits: list[Hit]) -> None:
        self.query_text, self.hits = text, hits
        table = self.query_one(HitTable)
        table.clear(columns=True)
        for column in ("transcript", *ATTRIBUTES, "hit"):
            table.add_column(column, key=column)
        used = max((len(h.transcript) for h in hits), default=10) + 2  # cells have padding
        used += sum(_width(self._attributes, a) for a in ATTRIBUTES) + 2 + 2  # and a scrollbar
        room = max(self.size.width - used, 30)
        for number, hit in enumerate(hits[:SHOWN_HITS]):
            attributes = self._attributes.get(hit.transcript, {})
            table.add_row(
                Text(hit.transcript),
                *[Text(attributes.get(a, "")) for a in ATTRIBUTES],
                self.context(hit, room),
                key=str(number),
            )
        self.qualkit.say(self._summary(text, hits))

    def _summary(self, text: str, hits: list[Hit]) -> str:
        if not hits:
            return f"{text}: no hits (try fewer words, or word*)"
        transcripts = len({h.transcript for h in hits})
        forms = sorted({self._text(h.transcript)[s:e].lower() for h in hits for s, e in h.words})
        shown = ", ".join(forms[:6]) + (" …" if len(forms) > 6 else "")
        first = f" (the first {SHOWN_HITS} listed)" if len(hits) > SHOWN_HITS else ""
        return f"{text}: {len(hits)} hits in {transcripts} transcripts{first} · {shown}"

    def context(self, hit: Hit, width: int) -> Text:
        """The hit's sentence on one line, the matched words marked, cut around them."""
        text = self._text(hit.transcript)
        start, end = hit.sentence
        if end - start > width:
            start = max(start, min(hit.start - width // 4, end - width))
            space = text.find(" ", start, hit.start)  # begin at a word
            start = space + 1 if space >= 0 else start
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("…" if start > hit.sentence[0] else "")
        at = start
        for word_start, word_end in hit.words:
            if word_start < start:
                continue
            line.append(_flat(text[at:word_start]))
            line.append(text[word_start:word_end], "bold reverse")
            at = word_end
        line.append(_flat(text[at:end]))
        line.truncate(width, overflow="ellipsis")
        return line

    def _text(self, transcript: str) -> str:
        if transcript not in self._texts:
            self._texts[transcript] = self.qualkit.project.text(transcript)
        return self._texts[transcript]

    # --- moving on -------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#hits")
    def open_hit(self, event: DataTable.RowSelected) -> None:
        number = int(str(event.row_key.value))
        hit = self.hits[number]
        words = ", ".join(self._text(hit.transcript)[s:e] for s, e in hit.words)
        note = f"search hit {number + 1} of {len(self.hits)}: {words} · esc twice: back to the hits"
        self.qualkit.open_transcript(hit.transcript, (hit.start, hit.end), note, over=self)

    def action_ask(self) -> None:
        self.ask()

    def action_back(self) -> None:
        if self.focused is self.query_one(Input) and self.hits:
            self.set_focus(self.query_one(HitTable))  # first back to the hits
            return
        self.app.pop_screen()


def _flat(text: str) -> str:
    return " ".join(text.split()) if "\n" in text else text


def _width(attributes: dict[str, dict[str, str]], name: str) -> int:
    """A column's width on screen: its widest value or its name, and the cell padding."""
    return max([len(name), *(len(a.get(name, "")) for a in attributes.values())]) + 2
