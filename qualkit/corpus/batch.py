"""Prepare a batch of transcript files for import: read, attach case attributes, segment.

Nothing here touches the project; a batch is checked whole before anything is stored, so a
bad file imports nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from qualkit.corpus.cases import CaseTable
from qualkit.corpus.readers import SUFFIXES, SourceFile, read_source
from qualkit.corpus.segment import count_words, sentences_of_many, turns
from qualkit.errors import QualkitError
from qualkit.model import Transcript


@dataclass
class Batch:
    transcripts: list[Transcript] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # conversions: said, not a problem
    warnings: list[str] = field(default_factory=list)  # worth a look


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for the transcript files directly inside it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            if not inside:
                raise QualkitError("folder holds no .txt, .md or .docx files", str(path))
            found += inside
        else:
            found.append(path)
    return found


def prepare(paths: list[Path], cases: CaseTable | None = None) -> Batch:
    """Read and segment every file, or raise one QualkitError listing every bad file."""
    sources: list[SourceFile] = []
    errors: list[str] = []
    for path in expand_paths(paths):
        try:
            sources.append(read_source(path))
        except QualkitError as e:
            errors.append(str(e))
    if errors:
        raise QualkitError("\n".join(errors + _duplicate_ids(sources)))
    return prepare_sources(sources, cases)


def prepare_sources(
    sources: list[SourceFile], cases: CaseTable | None = None, segmented: bool = True
) -> Batch:
    """Attach case attributes to transcripts already read — from files, or from elsewhere
    such as a .qdpx archive — and segment them: every way in shares one path to the store.
    With `segmented=False` turns and sentences are left for `segment` to add later, for
    transcripts that may turn out to be in the project already (a merge)."""
    errors = _duplicate_ids(sources)
    if errors:
        raise QualkitError("\n".join(errors))
    batch = Batch()
    for source in sources:
        batch.notes += [f"{source.path}: {note}" for note in source.notes]
        batch.warnings += source.warnings
    merged = [_with_cases(source, cases, batch) for source in sources]
    batch.transcripts = [_transcript(source) for source in merged]
    if segmented:
        batch.transcripts = segment(batch.transcripts)
    return batch


def _duplicate_ids(sources: list[SourceFile]) -> list[str]:
    first: dict[str, Path] = {}
    errors = []
    for source in sources:
        if source.id in first:
            errors.append(
                f"{source.path}: transcript id '{source.id}' is also the id of {first[source.id]}"
            )
        first.setdefault(source.id, source.path)
    return errors


def _with_cases(source: SourceFile, cases: CaseTable | None, batch: Batch) -> SourceFile:
    if cases is None or source.id not in cases.rows:
        return source
    attributes = dict(source.attributes)
    for name, value in cases.rows[source.id].items():
        if attributes.get(name, value) != value:
            batch.warnings.append(
                f"{cases.source}:{cases.lines[source.id]}: {name} of '{source.id}' is "
                f"'{value}' here but '{attributes[name]}' in {source.path}; using '{value}'"
            )
        attributes[name] = value
    return replace(source, attributes=attributes)


def _transcript(source: SourceFile) -> Transcript:
    return Transcript(
        id=source.id,
        text=source.text,
        attributes=source.attributes,
        source_name=source.path.name,
        source_sha256=source.source_sha256,
        text_sha256=hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
        encoding=source.encoding,
    )


def segment(transcripts: list[Transcript]) -> list[Transcript]:
    """The transcripts with their speaker turns, sentences and word counts."""
    turn_lists = [turns(t.text) for t in transcripts]
    sentence_lists = sentences_of_many(
        (t.text, found) for t, found in zip(transcripts, turn_lists, strict=True)
    )
    return [
        replace(
            transcript,
            words=sum(count_words(transcript.text[t.start : t.end]) for t in found_turns),
            turns=tuple(found_turns),
            sentences=tuple(found_sentences),
        )
        for transcript, found_turns, found_sentences in zip(
            transcripts, turn_lists, sentence_lists, strict=True
        )
    ]
