"""The codebook: the code tree with counts, what each code means, and its coded passages."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static, Tree

from qualkit.model import Code, Coding
from qualkit.tui.layout import shorten
from qualkit.tui.screens.base import PageScreen
from qualkit.tui.screens.memo import edit_memo


class CodeTree(Tree[str]):
    """Codes nested as in the codebook; the data of each node is its code id."""

    BINDINGS = [Binding("enter", "select_cursor", "Passages", show=False)]

    def __init__(self) -> None:
        super().__init__("Codebook", id="tree")
        self.show_root = False
        self.guide_depth = 2


class PassageTable(DataTable):
    """The passages coded with the selected code; enter opens one in the reader."""

    BINDINGS = [Binding("enter", "select_cursor", "Open passage")]

    def __init__(self) -> None:
        super().__init__(id="passages", cursor_type="row", zebra_stripes=True)


class CodebookScreen(PageScreen):
    HELP_GROUP = "Codebook"
    BINDINGS = [
        Binding("a", "everyone", "All coders"),
        Binding("m", "memo", "Memo"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.everyone = False
        self.counts: dict[str, tuple[int, int]] = {}
        self.passages: list[Coding] = []
        self._texts: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="codebook-body"):
            yield CodeTree()
            with Vertical(id="code-side"):
                with VerticalScroll(id="about"):
                    yield Static(id="detail")
                yield PassageTable()

    def on_mount(self) -> None:
        self.load()
        self.query_one(CodeTree).focus()
        self.qualkit.say("enter lists a code's passages, then opens one · tab switches panes")

    @property
    def scope(self) -> str | None:
        return None if self.everyone else self.qualkit.coder

    def reload(self) -> None:
        project = self.qualkit.project
        self.counts = project.code_counts(self.scope)
        self._texts.clear()
        whose = "all coders" if self.everyone else self.qualkit.coder
        self.query_one("TitleBar").set(
            f"Codebook · {project.codebook.title or project.path.name}",
            f"codings/transcripts of {whose}",
        )
        self.build_tree()

    def build_tree(self) -> None:
        tree = self.query_one(CodeTree)
        keep = self.code
        tree.clear()
        nodes = {None: tree.root}
        codebook = self.qualkit.project.codebook
        memos = {
            m.target for m in self.qualkit.project.memos("code") if m.coder == self.qualkit.coder
        }
        for code in codebook:
            parent = nodes.get(code.parent, tree.root)
            label = self._tree_label(code, code.id in memos)
            leaf = not codebook.children(code.id)
            node = parent.add_leaf(label, code.id) if leaf else parent.add(label, code.id)
            node.expand()
            nodes[code.id] = node
        tree.root.expand()
        if not len(codebook):
            self.query_one("#detail", Static).update(
                Text("This project has no codebook yet: add one with `qualkit codebook use`.")
            )
            return
        chosen = nodes.get(keep) if keep else None
        self.call_after_refresh(self._highlight, chosen or tree.root.children[0])

    def _highlight(self, node) -> None:
        tree = self.query_one(CodeTree)
        tree.move_cursor(node)
        if node.data:
            self.show_code(node.data)

    def _tree_label(self, code: Code, memo: bool) -> Text:
        """Name, then codings/transcripts; the short label is in the details beside."""
        codings, transcripts = self.counts.get(code.id, (0, 0))
        return Text.assemble(
            (code.name, "bold" if code.parent is None else ""),
            (" ✎" if memo else ""),
            (f"  {codings}" if codings else "  –", "cyan" if codings else "dim"),
            (f"/{transcripts}" if codings else "", "dim"),
        )

    @on(Tree.NodeHighlighted)
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data:
            self.show_code(event.node.data)

    @on(Tree.NodeSelected)
    def selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data:
            self.show_code(event.node.data)
            if self.passages:
                self.query_one(PassageTable).focus()

    def show_code(self, code_id: str) -> None:
        self.code = code_id
        project = self.qualkit.project
        code = project.codebook.get(code_id)
        self.query_one("#detail", Static).update(self._about(code))
        family = [code_id, *project.codebook.descendants(code_id)]
        self.passages = project.coding_list(coder=self.scope, code=family)
        self.fill_passages(family)

    def _about(self, code: Code) -> Text:
        codings, transcripts = self.counts.get(code.id, (0, 0))
        whose = "all coders" if self.everyone else self.qualkit.coder
        look = self.qualkit.looks.get(code.id)
        about = Text.assemble(
            (code.name, "bold"),
            (f"  {look.label}" if look else "", "bold"),
            (f"  {code.id}", "dim"),
            f"\n{codings} codings in {transcripts} transcripts ({whose}, with sub-codes)\n",
        )
        for heading, body in (
            ("", code.description),
            ("Include: ", code.include),
            ("Exclude: ", code.exclude),
        ):
            if body:
                about.append("\n")
                about.append(heading, "bold")
                about.append(body)
        if code.keywords:
            shown = ", ".join(code.keywords[:15]) + (" …" if len(code.keywords) > 15 else "")
            about.append("\nKeywords: ", "bold")
            about.append(shown, "italic")
        memo = self.qualkit.project.memo("code", code.id, self.qualkit.coder)
        if memo:
            about.append("\nMemo: ", "bold")
            about.append(memo.text)
        return about

    def fill_passages(self, family: list[str]) -> None:
        table = self.query_one(PassageTable)
        table.clear(columns=True)
        columns = ["transcript", *(["coder"] if self.everyone else []), "code", "passage"]
        for column in columns:
            table.add_column(column, key=column)
        labels = self.qualkit.looks
        for coding in self.passages:
            text = self._transcript_text(coding.transcript)[coding.start : coding.end]
            cells = [coding.transcript, *([coding.coder] if self.everyone else [])]
            cells.append(labels[coding.code].label if coding.code in labels else coding.code)
            cells.append(shorten(text, 70))
            table.add_row(*[Text(c) for c in cells], key=str(coding.id))

    def _transcript_text(self, transcript: str) -> str:
        if transcript not in self._texts:
            self._texts[transcript] = self.qualkit.project.text(transcript)
        return self._texts[transcript]

    @on(DataTable.RowSelected, "#passages")
    def open_passage(self, event: DataTable.RowSelected) -> None:
        found = [c for c in self.passages if str(c.id) == event.row_key.value]
        if found:
            coding = found[0]
            whose = "your" if coding.coder == self.qualkit.coder else f"{coding.coder}'s"
            name = self.qualkit.project.codebook.get(coding.code).name
            note = f"selected {whose} passage coded {name} · {coding.start}–{coding.end}"
            self.qualkit.open_transcript(coding.transcript, (coding.start, coding.end), note)

    def action_everyone(self) -> None:
        self.everyone = not self.everyone
        self.reload()
        self.qualkit.say("counting all coders" if self.everyone else "counting your codings")

    def action_memo(self) -> None:
        if self.code is not None:
            name = self.qualkit.project.codebook.get(self.code).name
            edit_memo(self.qualkit, "code", self.code, f"Memo on the code {name}")

    def action_back(self) -> None:
        self.app.pop_screen()
