"""The things researchers work with, as frozen dataclasses (no I/O here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

SegmentKind = Literal["turn", "sentence"]
Origin = Literal["manual", "suggestion", "import"]
ORIGINS: tuple[str, ...] = ("manual", "suggestion", "import")
SuggestionSource = Literal["rules", "model", "rules+model"]
SuggestionStatus = Literal["open", "accepted", "rejected"]
MemoTarget = Literal["project", "transcript", "code", "coding", "cell"]
# A "cell" memo is the analyst's summary of one respondent on one theme: a cell of the
# framework matrix, its target written `cell_target(transcript, code)`.
MEMO_TARGETS: tuple[str, ...] = ("project", "transcript", "code", "coding", "cell")
CELL_SEPARATOR = "|"  # never in a code id (lower-case ASCII paths), so the last one splits


def cell_target(transcript: str, code: str) -> str:
    """The memo target of a framework-matrix cell: `se-d-08|arbete`."""
    return f"{transcript}{CELL_SEPARATOR}{code}"


def split_cell_target(target: str) -> tuple[str, str]:
    transcript, _, code = target.rpartition(CELL_SEPARATOR)
    return transcript, code


@dataclass(frozen=True)
class Segment:
    """A speaker turn or a sentence: `text[start:end]` in code points, `end` exclusive."""

    kind: SegmentKind
    index: int
    start: int
    end: int
    speaker: str | None = None
    turn: int | None = None  # for sentences: the index of the turn they belong to


@dataclass(frozen=True)
class Transcript:
    """One interview: NFC text with `\\n` line ends and the case attributes."""

    id: str
    text: str
    attributes: Mapping[str, str] = field(default_factory=dict)
    source_name: str = ""
    source_sha256: str = ""
    text_sha256: str = ""
    encoding: str = "utf-8"
    words: int = 0
    turns: tuple[Segment, ...] = ()
    sentences: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class Code:
    """A codebook entry. `id` is a stable ASCII path such as `arbete/motivation`."""

    id: str
    name: str
    parent: str | None = None
    short: str = ""
    description: str = ""
    include: str = ""
    exclude: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    color: str = ""
    guid: str = ""


@dataclass(frozen=True)
class Coding:
    """A coded passage: `start`/`end` are code-point offsets into the transcript text."""

    transcript: str
    start: int
    end: int
    code: str
    coder: str
    created: str = ""
    origin: Origin = "manual"
    memo: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Memo:
    """A note on the project, a transcript, a code, a coding or a framework-matrix cell."""

    target_kind: MemoTarget
    target: str
    text: str
    coder: str
    created: str = ""
    updated: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """A code proposed for a passage, with the words that made the case for it."""

    transcript: str
    start: int
    end: int
    code: str
    score: float
    matched: tuple[str, ...] = ()
    source: SuggestionSource = "rules"
    kind: SegmentKind = "sentence"
    spans: tuple[tuple[int, int], ...] = ()  # where the matched words are, as offsets
    status: SuggestionStatus = "open"  # for the coder who asked: accepted = coded so
    id: int | None = None
