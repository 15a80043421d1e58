"""The framework matrix (the report's analysis schema): respondents × themes.

One row per respondent with their attributes, one column per theme. A cell holds the memo the
analyst wrote for that respondent and theme (a memo on the target `cell_target(transcript,
code)`), or else the respondent's passages coded with the theme or one of its sub-themes, in
text order, each shortened to a width with an ellipsis and one per line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualkit.analysis.coded import check_codebook, coded_spans, merged, rolled_up
from qualkit.analysis.respondents import check_attribute, respondents
from qualkit.errors import QualkitError
from qualkit.model import split_cell_target

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project

CELLS = ("auto", "passages", "memos")
DEFAULT_WIDTH = 160


@dataclass(frozen=True)
class FrameworkMatrix:
    """`frame`: columns `transcript`, the attributes, then one column per theme id.
    `memo` is True where a cell shows the analyst's memo rather than passages; `names`
    maps theme ids to their names for headers."""

    frame: pd.DataFrame
    memo: pd.DataFrame
    themes: tuple[str, ...]
    names: Mapping[str, str]
    attributes: tuple[str, ...]


def framework(
    project: Project,
    themes: Sequence[str] | None = None,
    attributes: Sequence[str] = ("arm", "role"),
    coder: str | None = None,
    where: Mapping[str, Sequence[str]] | None = None,
    width: int = DEFAULT_WIDTH,
    cells: str = "auto",
    lang: str = "sv",
    pseudonymise=None,
) -> FrameworkMatrix:
    """Build the matrix. `themes` default to the codebook's top-level codes; `cells` is
    "auto" (the memo where there is one, else passages), "passages" or "memos".
    `pseudonymise` is a function applied to each passage (see `analysis.pseudonymise`)."""
    if cells not in CELLS:
        raise QualkitError(f"cells are one of {', '.join(CELLS)}, not '{cells}'")
    if width < 10:
        raise QualkitError("a passage needs a width of at least 10 characters")
    check_codebook(project)
    codebook = project.codebook
    chosen = list(themes) if themes else [c.id for c in codebook if c.parent is None]
    for theme in chosen:
        codebook.get(theme)
    people = respondents(project, where, lang)
    for name in attributes:
        check_attribute(name, list(people.columns))
    passages = _passages(project, people, chosen, coder, width, pseudonymise)
    memos = _memos(project, coder)
    frame = people[list(attributes)].reset_index()
    shown_memo = frame[[]].copy()
    for theme in chosen:
        keys = list(zip(frame["transcript"], [theme] * len(frame), strict=True))
        memo = [memos.get(key, "") if cells != "passages" else "" for key in keys]
        text = [passages.get(key, "") if cells != "memos" else "" for key in keys]
        frame[theme] = [m or t for m, t in zip(memo, text, strict=True)]
        shown_memo[theme] = [bool(m) for m in memo]
    return FrameworkMatrix(
        frame=frame,
        memo=shown_memo,
        themes=tuple(chosen),
        names={theme: codebook.get(theme).name for theme in chosen},
        attributes=tuple(attributes),
    )


def _passages(project, people, themes, coder, width, pseudonymise) -> dict[tuple[str, str], str]:
    """{(transcript, theme): passages one per line}, overlapping codings joined."""
    codebook = project.codebook
    wanted = sorted({c for theme in themes for c in (theme, *codebook.descendants(theme))})
    spans = rolled_up(coded_spans(project, people, coder, wanted), codebook)
    spans = merged(spans[spans["theme"].isin(themes)], ["transcript", "theme"])
    texts = project.texts(sorted(set(spans["transcript"])))
    cells: dict[tuple[str, str], list[str]] = {}
    for transcript, theme, start, end in spans.itertuples(index=False):
        passage = texts[transcript][start:end]
        if pseudonymise is not None:
            passage = pseudonymise(passage)
        cells.setdefault((transcript, theme), []).append(shorten(passage, width))
    return {key: "\n".join(lines) for key, lines in cells.items()}


def _memos(project: Project, coder: str | None) -> dict[tuple[str, str], str]:
    """{(transcript, theme): memo}; several coders' memos on one cell are each signed."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for memo in project.memos("cell"):
        if coder is None or memo.coder == coder:
            found.setdefault(split_cell_target(memo.target), []).append((memo.coder, memo.text))
    return {
        key: notes[0][1] if len(notes) == 1 else "\n".join(f"{c}: {t}" for c, t in notes)
        for key, notes in found.items()
    }


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:–-") + "…"
