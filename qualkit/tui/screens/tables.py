"""Tables: respondents per code × arm (× role) and, where two coders have coded, where they
disagree. Both are computed in a thread; enter on a row opens its passages in the reader."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, DataTable
from textual.worker import Worker, WorkerState

from qualkit.errors import QualkitError
from qualkit.model import Coding
from qualkit.tui.background import in_thread
from qualkit.tui.screens.base import PageScreen
from qualkit.tui.screens.choose import ChoosePassage
from qualkit.tui.tabulating import (
    UNITS,
    Column,
    CrosstabView,
    DisagreementView,
    coder_pairs,
    crosstab_view,
    disagreement_view,
)

CROSSTAB, DISAGREEMENTS = "crosstab", "disagreements"
NAME_WIDTH = 24


class CrosstabTable(DataTable):
    """Codes down, groups across; enter on a cell lists its coded passages."""

    BINDINGS = [Binding("enter", "select_cursor", "Passages", priority=False)]

    def __init__(self) -> None:
        super().__init__(id=CROSSTAB, cursor_type="cell", zebra_stripes=True)


class DisagreementTable(DataTable):
    """One unit where the coders differ per row; enter opens it in the reader."""

    BINDINGS = [Binding("enter", "select_cursor", "Open passage", priority=False)]

    def __init__(self) -> None:
        super().__init__(id=DISAGREEMENTS, cursor_type="row", zebra_stripes=True)


class TablesScreen(PageScreen):
    HELP_GROUP = "Tables"
    BINDINGS = [
        Binding("d", "show('disagreements')", "Disagreements"),
        Binding("d", "show('crosstab')", "Crosstab"),
        Binding("r", "roles", "Roles too"),
        Binding("a", "everyone", "All coders"),
        Binding("p", "pair", "Next pair"),
        Binding("e", "unit", "Unit"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown = CROSSTAB
        self.by_role = False
        self.everyone = False
        self.crosstab: CrosstabView | None = None
        self.disagreements: DisagreementView | None = None
        self.pairs: list[tuple[str, str]] = []
        self.pair = 0
        self.unit = UNITS[0]
        self._texts: dict[str, str] = {}
        self._asked: dict[str, tuple] = {}  # per table: what it shows (or is computing)

    def compose_body(self) -> ComposeResult:
        with ContentSwitcher(initial=CROSSTAB, id="tables"):
            yield CrosstabTable()
            yield DisagreementTable()

    def on_mount(self) -> None:
        self.load()
        self.query_one(CrosstabTable).focus()

    def reload(self) -> None:
        self._texts.clear()
        self.pairs = coder_pairs(self.qualkit.project, self.qualkit.coder)
        self.pair = min(self.pair, max(len(self.pairs) - 1, 0))
        self._asked.clear()  # the project changed: compute again
        self.compute()

    # --- computing in a thread ---------------------------------------------------------------

    def compute(self) -> None:
        """Compute what is shown (pandas and scipy load in the thread the first time)."""
        path = self.qualkit.project.path
        cols = ("arm", "role") if self.by_role else ("arm",)
        coder = None if self.everyone else self.qualkit.coder
        asked = (cols, coder) if self.shown == CROSSTAB else (self.pairs, self.pair, self.unit)
        if self._asked.get(self.shown) == asked:
            return  # shown already, or on its way
        self._asked[self.shown] = asked
        if self.shown == CROSSTAB:
            self.query_one(CrosstabTable).loading = True
            self._title("computing the crosstab …")
            in_thread(self, CROSSTAB, lambda project: crosstab_view(project, cols, coder), path)
        elif not self.pairs:
            self.disagreements = None
            self._show_disagreements()
        else:
            pair, unit = self.pairs[self.pair], self.unit
            self.query_one(DisagreementTable).loading = True
            self._title("comparing the coders …")
            in_thread(
                self, DISAGREEMENTS, lambda project: disagreement_view(project, pair, unit), path
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name not in (CROSSTAB, DISAGREEMENTS) or worker.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        table = self.query_one(f"#{worker.name}", DataTable)
        table.loading = False
        if worker.name == self.shown:  # a loading table gives up focus: enter lists passages
            self.set_focus(table)
            self.refresh_bindings()
        if worker.state == WorkerState.ERROR:
            error = worker.error
            message = str(error) if isinstance(error, QualkitError) else f"failed: {error}"
            self._title(message)
            self.qualkit.say(message, error=True)
            table.clear(columns=True)
        elif worker.name == CROSSTAB:
            self.crosstab = worker.result
            self._show_crosstab()
        else:
            self.disagreements = worker.result
            self._show_disagreements()

    # --- the crosstab ------------------------------------------------------------------------

    def _show_crosstab(self) -> None:
        view = self.crosstab
        assert view is not None
        table = self.query_one(CrosstabTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("code", key="code", width=NAME_WIDTH)
        for column in view.columns:
            table.add_column(Text(f"{column.label} ({column.respondents})"), key=column.label)
        labels = self.qualkit.looks
        for row in view.rows:
            look = labels.get(row.code)
            name = Text.assemble(
                "  " * row.level, (f"{look.label if look else '':<4}", "bold"), row.name
            )
            name.truncate(NAME_WIDTH, overflow="ellipsis")
            cells = [
                _cell(n, p, m) for n, p, m in zip(row.counts, row.percents, row.marks, strict=True)
            ]
            table.add_row(name, *cells, key=row.code)
        if keep.row < table.row_count and keep.column < len(table.columns):
            table.cursor_coordinate = keep
        whose = "all coders" if view.coder is None else view.coder
        by = " × ".join(view.cols)
        self._title(f"respondents per code × {by} · {whose}")
        tested = f" · * differs from {view.reference}" if view.reference else ""
        self.qualkit.say(f"respondents coded (n, % of column){tested} · enter lists passages")

    @on(DataTable.CellSelected, f"#{CROSSTAB}")
    def cell_chosen(self, event: DataTable.CellSelected) -> None:
        view = self.crosstab
        if view is None:
            return
        code = str(event.cell_key.row_key.value)
        label = str(event.cell_key.column_key.value)
        column = next((c for c in view.columns if c.label == label), view.columns[-1])
        self.show_passages(code, column)

    def show_passages(self, code: str, column: Column) -> None:
        """The coded passages of a code (and its sub-codes) in a column's transcripts."""
        project = self.qualkit.project
        family = [code, *project.codebook.descendants(code)]
        scope = None if self.everyone else self.qualkit.coder
        members = set(column.transcripts)
        found = [
            c for c in project.coding_list(coder=scope, code=family) if c.transcript in members
        ]
        name = project.codebook.get(code).name
        if not found:
            self.qualkit.say(f"no coded passages of {name} in {column.label}", error=True)
            return
        if len(found) == 1:
            self.open_coding(found[0])
            return
        labels = {c: look.label for c, look in self.qualkit.looks.items()}
        transcripts = len({c.transcript for c in found})
        title = f"{name} · {column.label}: {len(found)} passages in {transcripts} transcripts"
        dialog = ChoosePassage(title, found, labels, self._text)
        self.app.push_screen(dialog, lambda chosen: chosen and self.open_coding(chosen))

    def open_coding(self, coding: Coding) -> None:
        name = self.qualkit.project.codebook.get(coding.code).name
        whose = "your" if coding.coder == self.qualkit.coder else f"{coding.coder}'s"
        note = f"selected {whose} passage coded {name} · esc twice: back to the table"
        self.qualkit.open_transcript(coding.transcript, (coding.start, coding.end), note, over=self)

    # --- the disagreements -------------------------------------------------------------------

    def _show_disagreements(self) -> None:
        table = self.query_one(DisagreementTable)
        table.clear(columns=True)
        view = self.disagreements
        if view is None:
            coders = ", ".join(self.qualkit.project.coders()) or "nobody yet"
            table.add_column("disagreements")
            table.add_row(Text(f"two coders' codings are needed (codings by: {coders})"))
            self._title("disagreements need two coders")
            return
        first, second = view.pair
        rows = [
            [row.transcript, row.unit, *[self._labels(codes) for codes in row.codes]]
            for row in view.rows
        ]
        heads = ["transcript", "unit", first, second]
        widths = [max([len(h), *(len(r[n]) for r in rows)]) for n, h in enumerate(heads)]
        room = max(self.size.width - sum(w + 2 for w in widths) - 4, 20)
        for column in heads:
            table.add_column(column, key=column)
        table.add_column("text", key="text", width=room)
        for number, (cells, row) in enumerate(zip(rows, view.rows, strict=True)):
            passage = Text(" ".join(row.text.split()), no_wrap=True, overflow="ellipsis")
            passage.truncate(room, overflow="ellipsis")
            table.add_row(*[Text(c) for c in cells], passage, key=str(number))
        self._title(f"disagreements {first}–{second} by {view.unit}: {len(view.rows)}")
        more = " · p: next pair" if len(self.pairs) > 1 else ""
        self.qualkit.say(f"{view.statistic} · enter opens one · e: unit{more}")

    def _labels(self, codes: str) -> str:
        looks = self.qualkit.looks
        return ", ".join(looks[c].label if c in looks else c for c in codes.split(", ") if c)

    @on(DataTable.RowSelected, f"#{DISAGREEMENTS}")
    def disagreement_chosen(self, event: DataTable.RowSelected) -> None:
        view = self.disagreements
        if view is None or event.row_key.value is None:
            return
        row = view.rows[int(event.row_key.value)]
        codebook = self.qualkit.project.codebook
        said = " · ".join(
            f"{coder}: {_names(codes, codebook) or 'no code'}"
            for coder, codes in zip(view.pair, row.codes, strict=True)
        )
        self.qualkit.open_transcript(row.transcript, (row.start, row.end), said, over=self)

    # --- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show":
            return parameters[0] != self.shown
        if action in ("roles", "everyone"):
            return self.shown == CROSSTAB
        if action in ("pair", "unit"):
            return self.shown == DISAGREEMENTS
        return True

    def action_show(self, shown: str) -> None:
        self.shown = shown
        self.query_one(ContentSwitcher).current = self.shown
        self.set_focus(self.query_one(f"#{self.shown}", DataTable))
        self.refresh_bindings()
        if self._asked.get(self.shown) is not None:
            self._show_crosstab() if self.shown == CROSSTAB else self._show_disagreements()
        self.compute()

    def action_roles(self) -> None:
        self.by_role = not self.by_role
        self.compute()

    def action_everyone(self) -> None:
        self.everyone = not self.everyone
        self.compute()

    def action_pair(self) -> None:
        if len(self.pairs) < 2:
            self.qualkit.say("there is no other pair of coders", error=True)
            return
        self.pair = (self.pair + 1) % len(self.pairs)
        self.compute()

    def action_unit(self) -> None:
        self.unit = UNITS[(UNITS.index(self.unit) + 1) % len(UNITS)]
        self.compute()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _title(self, what: str) -> None:
        self.query_one("TitleBar").set(f"Tables · {what}", self.qualkit.project.path.name)

    def _text(self, transcript: str) -> str:
        if transcript not in self._texts:
            self._texts[transcript] = self.qualkit.project.text(transcript)
        return self._texts[transcript]


def _cell(count: int, percent: float | None, mark: str) -> Text:
    if not count:
        return Text("·", style="dim", justify="right")
    share = "" if percent is None else f" {percent:3.0f}%"
    return Text.assemble(f"{count:>3}{share}", (f"{mark:<3}", "bold"), justify="right")


def _names(codes: str, codebook) -> str:
    return ", ".join(codebook.get(c).name if c in codebook else c for c in codes.split(", ") if c)
