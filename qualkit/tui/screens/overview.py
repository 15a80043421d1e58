"""The overview: every transcript with its attributes, how far this coder has come and how
many suggestions are still open."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input
from textual.worker import Worker, WorkerState

from qualkit.nlp.text import fold
from qualkit.suggest.engine import TOP  # suggestions per passage, as the reader shows them
from qualkit.tui.background import in_thread
from qualkit.tui.screens.base import PageScreen
from qualkit.tui.screens.memo import edit_memo

# Attributes worth a column; every attribute can be filtered on.
SHOWN = ("arm", "role", "kommun")
SUGGEST_ALL = "suggest-all"
SORTS = ("position", "id", *SHOWN, "words", "coded", "suggestions")
MOST_FIRST = ("words", "coded", "suggestions")
_COUNTED = ("coded", "suggestions")  # not matched by the filter


class TranscriptTable(DataTable):
    """The transcripts, one row each; enter opens the highlighted one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", priority=False)]

    def __init__(self) -> None:
        super().__init__(id="transcripts", cursor_type="row", zebra_stripes=True)


class OverviewScreen(PageScreen):
    HELP_GROUP = "Transcripts"
    BINDINGS = [
        # priority: runs the moment the key arrives, so letters typed right after it (a
        # paste, a script) reach the filter rather than the table
        Binding("slash", "filter", "Filter", priority=True),
        Binding("s", "sort(1)", "Sort"),
        Binding("S", "sort(-1)", "Sort back", show=False),
        Binding("f", "search", "Search text"),
        Binding("t", "tables", "Tables"),
        Binding("g", "codebook", "Codebook"),
        Binding("m", "memo", "Memo", show=False),
        Binding("R", "suggest_all", "Compute suggestions", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.records: list[dict[str, Any]] = []
        self.memos: set[str] = set()
        self.sort_by = "position"
        self.reverse = False
        self.suggesting = False  # computing every transcript's suggestions in a thread

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="filter: id, arm, role, kommun … (å ä ö optional)", id="filter")
        yield TranscriptTable()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.qualkit.blink
        self.load()
        self.query_one(TranscriptTable).focus()
        missing = any(r["suggestions"] is None for r in self.records)
        self.qualkit.say(
            f"{len(self.records)} transcripts · enter opens one · / filters"
            + (" · R computes suggestions" if missing else "")
            + " · ? keys"
        )

    def reload(self) -> None:
        project, coder = self.qualkit.project, self.qualkit.coder
        self.names, self.records = project.transcript_records(coder)
        suggested = project.open_suggestion_counts(coder, TOP)
        for record in self.records:
            record["suggestions"] = suggested.get(record["id"])  # None: not computed yet
        self.memos = {
            m.target for m in project.memos("transcript") if m.coder == coder and m.text.strip()
        }
        arms = Counter(r.get("arm") for r in self.records if r.get("arm"))
        started = sum(1 for r in self.records if r["coded"] > 0)
        self.query_one("TitleBar").set(
            f"qualkit · {project.path.name} · coder: {coder}",
            "  ".join(f"{arm} {n}" for arm, n in sorted(arms.items()))
            + f"  · {started}/{len(self.records)} begun",
        )
        self.fill()

    # --- the table -------------------------------------------------------------------------

    def fill(self) -> None:
        table = self.query_one(TranscriptTable)
        keep = self.highlighted
        table.clear(columns=True)
        columns = [
            "id",
            *[n for n in SHOWN if n in self.names],
            "words",
            "coded",
            "suggestions",
            "✎",
        ]
        for column in columns:
            table.add_column(column, key=column)
        for record in self.shown():
            table.add_row(*self.cells(record, columns), key=record["id"])
        if keep is not None and keep in {r["id"] for r in self.shown()}:
            table.move_cursor(row=table.get_row_index(keep))

    def shown(self) -> list[dict[str, Any]]:
        words = [fold(w) for w in self.query_one(Input).value.split()]
        rows = [r for r in self.records if all(w in _haystack(r) for w in words)]
        if self.sort_by != "position":
            rows.sort(key=lambda r: _sort_key(r.get(self.sort_by)), reverse=self.reverse)
        elif self.reverse:
            rows.reverse()
        return rows

    def cells(self, record: dict[str, Any], columns: list[str]) -> list[Text]:
        cells = []
        for column in columns:
            if column == "words":
                cells.append(Text(f"{record['words']:,}".replace(",", " "), justify="right"))
            elif column == "coded":
                cells.append(Text(f"{record['coded']:.0%}", justify="right"))
            elif column == "suggestions":
                open_ = record["suggestions"]
                shown = "–" if open_ is None else str(open_)
                cells.append(Text(shown, justify="right", style="dim" if open_ is None else ""))
            elif column == "✎":
                cells.append(Text("✎" if record["id"] in self.memos else ""))
            else:
                cells.append(Text(str(record.get(column) or "")))
        return cells

    @property
    def highlighted(self) -> str | None:
        table = self.query_one(TranscriptTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # --- actions ---------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        self.qualkit.open_transcript(str(event.row_key.value))

    @on(DataTable.HeaderSelected)
    def sort_by_header(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column in SORTS:
            self.reverse = not self.reverse if self.sort_by == column else False
            self.sort_by = column
            self.fill()
            self.qualkit.say(f"sorted by {column}" + (" (descending)" if self.reverse else ""))

    def action_sort(self, step: int) -> None:
        shown = [s for s in SORTS if s not in SHOWN or s in self.names]
        self.sort_by = shown[(shown.index(self.sort_by) + step) % len(shown)]
        self.reverse = self.sort_by in MOST_FIRST
        self.fill()
        order = " (descending)" if self.reverse else ""
        label = "the project's order" if self.sort_by == "position" else self.sort_by
        self.qualkit.say(f"sorted by {label}{order}")

    def action_filter(self) -> None:
        box = self.query_one(Input)
        box.display = True
        self.set_focus(box)  # at once: letters typed right after / must reach the filter

    def action_clear_filter(self) -> None:
        box = self.query_one(Input)
        if box.value:
            box.value = ""
        box.display = False
        self.set_focus(self.query_one(TranscriptTable))

    @on(Input.Changed, "#filter")
    def refilter(self) -> None:
        self.fill()
        self.qualkit.say(f"{len(self.shown())} of {len(self.records)} transcripts")

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        """Enter in the filter opens the one transcript left, else goes to the table."""
        shown = self.shown()
        if len(shown) == 1:
            self.qualkit.open_transcript(shown[0]["id"])
            return
        self.set_focus(self.query_one(TranscriptTable))
        if not self.query_one(Input).value:
            self.query_one(Input).display = False

    def action_codebook(self) -> None:
        self.qualkit.open_codebook()

    def action_search(self) -> None:
        self.qualkit.open_search()

    def action_tables(self) -> None:
        self.qualkit.open_tables()

    def action_suggest_all(self) -> None:
        """Compute every transcript's suggestions in a thread (the model retrained on this
        coder's codings); the counts fill in when it is done."""
        app = self.qualkit
        if self.suggesting:
            app.say("computing suggestions already …")
            return
        if not len(app.project.codebook):
            app.say("the project has no codebook, so no suggestions", error=True)
            return
        self.suggesting = True
        coder = app.coder
        in_thread(
            self,
            SUGGEST_ALL,
            lambda p: p.refresh_suggestions(None, coder),
            app.project.path,
            writes=True,
        )
        app.say(f"computing suggestions for {len(self.records)} transcripts in the background …")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != SUGGEST_ALL or worker.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        app = self.qualkit
        self.suggesting = False
        if worker.state == WorkerState.SUCCESS:
            counts = app.project.open_suggestion_counts(app.coder, TOP)
            app.say(
                f"suggestions computed for {len(worker.result.counts)} transcripts: "
                f"{sum(counts.values())} open for you"
            )
        elif worker.state == WorkerState.ERROR:
            app.say(f"suggestions failed: {worker.error}", error=True)

    def action_memo(self) -> None:
        transcript = self.highlighted
        if transcript is not None:
            edit_memo(self.qualkit, "transcript", transcript, f"Memo on transcript {transcript}")


def _haystack(record: dict[str, Any]) -> str:
    shown = (str(v) for k, v in record.items() if v is not None and k not in _COUNTED)
    return " ".join(fold(text) for text in shown)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (2, "")
    if isinstance(value, int | float):
        return (0, value)
    return (1, fold(str(value)))
