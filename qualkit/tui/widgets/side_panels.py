"""The reader's side column: what is coded at the cursor, and which codes the number keys
apply (the suggestions above them are in suggestion_panel.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from qualkit.codebook import Codebook
from qualkit.model import Coding
from qualkit.tui.widgets.transcript_view import CodeLook


class HerePanel(Static):
    """The coder's codings that overlap the sentence or selection under the cursor."""

    DEFAULT_CSS = """
    HerePanel { border: round $primary-muted; border-title-color: $text-muted; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.border_title = "Here"

    def show(
        self, codings: Sequence[Coding], codebook: Codebook, looks: Mapping[str, CodeLook]
    ) -> None:
        if not codings:
            self.update(Text("nothing coded here\nc codes it", style="dim"))
            return
        lines = Text()
        for number, coding in enumerate(codings):
            if number:
                lines.append("\n")
            look = looks.get(coding.code)
            label = look.label if look else coding.code[:3].upper()
            lines.append(f"{label:<5}", label_style(look))
            name = codebook.get(coding.code).name if coding.code in codebook else coding.code
            lines.append(fit(f" {name}", self.content_region.width - 7))
            if coding.memo:
                lines.append(" ✎", "bold")
        self.update(lines)


class RecentPanel(Static):
    """The codes bound to the number keys, most recent first."""

    DEFAULT_CSS = """
    RecentPanel { border: round $primary-muted; border-title-color: $text-muted; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.border_title = "Keys 1–9"

    def show(self, recent: Sequence[str], codebook: Codebook, looks: Mapping[str, CodeLook]):
        self._shown = (list(recent), codebook, looks)
        self._render_codes()

    def on_resize(self) -> None:
        if getattr(self, "_shown", None):
            self._render_codes()

    def _render_codes(self) -> None:
        recent, codebook, looks = self._shown
        if not recent:
            self.update(Text("codes you apply\nappear here", style="dim"))
            return
        room = self.content_region.height
        if 0 < room < len(recent):  # too low for a line each: keys and labels side by side
            self.update(self._compact(recent, looks))
            return
        lines = Text()
        for number, code in enumerate(recent, start=1):
            if number > 1:
                lines.append("\n")
            lines.append(f"{number} ", "bold")
            lines.append(f"{label_of(code, looks):<5}")
            name = codebook.get(code).name if code in codebook else code
            lines.append(fit(f" {name}", self.content_region.width - 7))
        self.update(lines)

    def _compact(self, recent: Sequence[str], looks: Mapping[str, CodeLook]) -> Text:
        width = max(self.content_region.width, 10)
        lines, used = Text(), 0
        for number, code in enumerate(recent, start=1):
            entry = f"{number} {label_of(code, looks)}"
            if used and used + 2 + len(entry) > width:
                lines.append("\n")
                used = 0
            elif used:
                lines.append("  ")
                used += 2
            lines.append(f"{number}", "bold")
            lines.append(entry[len(str(number)) :])
            used += len(entry)
        return lines


def label_of(code: str, looks: Mapping[str, CodeLook]) -> str:
    return looks[code].label if code in looks else code[:3].upper()


def fit(text: str, width: int) -> str:
    """One line per entry: a long name is cut, not wrapped."""
    return text if width <= 1 or len(text) <= width else text[: width - 1] + "…"


def label_style(look: CodeLook | None) -> Style:
    return Style(bold=True, underline=True) if look else Style(bold=True)
