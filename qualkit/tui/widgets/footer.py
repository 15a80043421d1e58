"""Textual's footer, without the leak of textual#6666; and the same cure for the app."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widgets import Footer as TextualFooter


def forget_removed_watchers(observed: DOMNode) -> None:
    """Drop what removed widgets left watching `observed` (textual#6666).

    A widget that watches a reactive of another (a footer key the footer's `compact`, a memo
    editor the app's `theme`) is registered on that other, and Textual only lets the entry go
    when the reactive changes again, which these never do: every removed widget stayed in
    memory with all it held. Closing widgets are dropped as Textual itself drops them then.
    """
    for watchers in getattr(observed, "__watchers", {}).values():
        watchers[:] = [(node, callback) for node, callback in watchers if not node._closing]


class Footer(TextualFooter):
    """The keys of the screen, compact.

    Textual's footer rebuilds its keys whenever the bindings change (a passage selected, a
    code applied); without `forget_removed_watchers` each change kept some sixteen widgets
    for good, so a day of coding piled up hundreds of thousands of objects and ever slower
    garbage collections.
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)

    async def recompose(self) -> None:
        await super().recompose()
        forget_removed_watchers(self)
