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
MemoTarget = Literal["project", "transcript", "code", "coding"]
MEMO_TARGETS: tuple[str, ...] = ("project", "transcript", "code", "coding")


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
    """A note on the project, a transcript, a code or a coding."""

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
