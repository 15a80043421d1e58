"""Every key of the app, grouped by screen, read from the bindings themselves so the help
screen cannot drift from what the keys do."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

MOUSE = [
    ("click", "put the cursor on a sentence; click a row or a header in a table"),
    ("click", "a suggestion in the reader's side panel highlights it (a accepts it)"),
    ("drag", "select a passage (whole words)"),
    ("wheel", "scroll"),
]


def key_groups(display: Callable[[Binding], str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(screen, [(keys, what they do), …]), …]; keys with one meaning share a line."""
    groups = []
    for title, classes in _owners():
        merged: dict[str, list[str]] = {}
        for owner in classes:
            for binding in Binding.make_bindings(owner.BINDINGS):
                keys = merged.setdefault(binding.description or binding.action, [])
                key = display(binding)
                if key not in keys:
                    keys.append(key)
        groups.append((title, [(_join(keys), what) for what, keys in merged.items()]))
    groups.append(("Mouse", MOUSE))
    return groups


def _owners() -> list[tuple[str, list[type]]]:
    from qualkit.tui.app import QualkitApp
    from qualkit.tui.screens.choose import ChooseCoding, ChoosePassage
    from qualkit.tui.screens.codebook import CodebookScreen, CodeTree, PassageTable
    from qualkit.tui.screens.help import HelpScreen
    from qualkit.tui.screens.memo import MemoEditor
    from qualkit.tui.screens.overview import OverviewScreen, TranscriptTable
    from qualkit.tui.screens.picker import CodePicker
    from qualkit.tui.screens.reader import ReaderScreen
    from qualkit.tui.screens.search import HitTable, SearchScreen
    from qualkit.tui.screens.tables import CrosstabTable, DisagreementTable, TablesScreen
    from qualkit.tui.widgets.transcript_view import TranscriptView

    return [
        (QualkitApp.HELP_GROUP, [QualkitApp]),
        (OverviewScreen.HELP_GROUP, [TranscriptTable, OverviewScreen]),
        (ReaderScreen.HELP_GROUP, [TranscriptView, ReaderScreen]),
        (CodePicker.HELP_GROUP, [CodePicker]),
        (ChooseCoding.HELP_GROUP, [ChooseCoding]),
        (MemoEditor.HELP_GROUP, [MemoEditor]),
        (CodebookScreen.HELP_GROUP, [CodeTree, PassageTable, CodebookScreen]),
        (SearchScreen.HELP_GROUP, [HitTable, SearchScreen]),
        (TablesScreen.HELP_GROUP, [CrosstabTable, DisagreementTable, TablesScreen]),
        (ChoosePassage.HELP_GROUP, [ChoosePassage]),
        (HelpScreen.HELP_GROUP, [HelpScreen]),
    ]


def _join(keys: list[str]) -> str:
    if len(keys) > 2 and all(k.isdigit() for k in keys):
        return f"{keys[0]}–{keys[-1]}"
    return " ".join(keys)
