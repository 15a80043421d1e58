"""A bundle: what travels between a project and another (a coder's copy, a .qdpx archive)."""

from __future__ import annotations

from dataclasses import dataclass, field

from qualkit.codebook import Codebook
from qualkit.model import Coding, Memo, Transcript
from qualkit.project import Project


@dataclass
class Bundle:
    """Transcripts (with attributes), codebook, codings and memos from one place."""

    name: str  # where it came from, for messages
    transcripts: list[Transcript] = field(default_factory=list)
    codebook: Codebook = field(default_factory=lambda: Codebook(()))
    codings: list[Coding] = field(default_factory=list)
    memos: list[Memo] = field(default_factory=list)
    origin: str = ""  # the program that wrote it
    segmented: bool = True  # False: transcripts still lack turns and sentences
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def bundle_of(project: Project) -> Bundle:
    """Everything in a project, as a bundle (texts and segments included)."""
    return Bundle(
        name=project.path.name,
        transcripts=[project.transcript(tid) for tid in project.transcript_ids()],
        codebook=project.codebook,
        codings=project.coding_list(),
        memos=project.memos(),
        origin="qualkit",
    )
