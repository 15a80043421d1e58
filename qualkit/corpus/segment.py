"""Speaker turns and sentences: the natural units for suggestions and agreement.

A turn starts at a line that opens with a speaker label and runs until the next label; its
span covers what was said, not the label. Sentences are split within each line of a turn
(a new line in a transcript is never mid-sentence), by spaCy's tokenizer and sentencizer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qualkit.model import Segment
from qualkit.nlp.lang.sv.speakers import match_label
from qualkit.nlp.pipeline import SENTENCE_ENDS

WORD = re.compile(r"\w+")  # what counts as a word, here and in analyses
# Lines longer than this (a transcript pasted without line breaks) go to the sentencizer in
# pieces cut at whitespace, which keeps memory bounded; a sentence may break at a cut.
MAX_PIECE = 100_000
# A pause ("det känns … jag vet inte") or a quoted question ("hon frågade "hur mår du?" och
# sen …") is not the end of a sentence when speech goes on in lower case.
_GOES_ON_AFTER = ("…", "...", '"', "”", "»")
# spaCy's sentencizer leaves an opening bracket or quote at the end of the sentence before it
# ("okej. [" + "skratt] Men"); it belongs to the next one.
_OPENERS = "([{«„“"
_QUOTES = "\"'"  # open a quote only after a space
_ENDS = re.compile("|".join(re.escape(end) for end in SENTENCE_ENDS))


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def turns(text: str) -> list[Segment]:
    """Speaker turns of a transcript; text before the first label is a turn without speaker."""
    found: list[Segment] = []
    speaker: str | None = None
    start = end = None
    offset = 0
    for line in text.split("\n"):
        label = match_label(line)
        if label is not None:
            if start is not None:
                found.append(_turn(len(found), start, end, speaker))
            speaker, start, end = label.group("label"), None, None
            content = offset + label.end()
        else:
            content = offset
        stripped = line[content - offset :]
        if stripped.strip():
            lead = len(stripped) - len(stripped.lstrip())
            start = content + lead if start is None else start
            end = offset + len(line.rstrip())
        offset += len(line) + 1
    if start is not None:
        found.append(_turn(len(found), start, end, speaker))
    return found


def _turn(index: int, start: int, end: int, speaker: str | None) -> Segment:
    return Segment("turn", index, start, end, speaker)


def sentences(text: str, turn_segments: Sequence[Segment]) -> list[Segment]:
    """Sentences of one transcript (see `sentences_of_many` for a batch)."""
    return sentences_of_many([(text, turn_segments)])[0]


def sentences_of_many(
    transcripts: Iterable[tuple[str, Sequence[Segment]]],
) -> list[list[Segment]]:
    """Split the turns of many transcripts in one spaCy pass, which is much faster."""
    from qualkit.nlp.pipeline import sentence_pipeline

    lines: list[tuple[int, int, Segment]] = []  # (transcript no., line start, turn)
    texts: list[str] = []
    batch = list(transcripts)
    for number, (text, turn_segments) in enumerate(batch):
        for turn in turn_segments:
            for start, line in _lines(text, turn.start, turn.end):
                lines.append((number, start, turn))
                texts.append(line)
    result: list[list[Segment]] = [[] for _ in batch]
    # A line without sentence-ending punctuation is one sentence: spaCy is asked about the rest.
    asked = [i for i, line in enumerate(texts) if _ENDS.search(line)]
    found_spans: list[list[tuple[int, int]]] = [[(0, len(line))] for line in texts]
    if asked:
        nlp = sentence_pipeline()
        for i, doc in zip(asked, nlp.pipe((texts[i] for i in asked), batch_size=512), strict=True):
            spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
            found_spans[i] = _merge_run_ons(_move_openers(spans, doc.text), doc.text)
    for (number, line_start, turn), spans in zip(lines, found_spans, strict=True):
        for start, end in spans:
            found = result[number]
            found.append(
                Segment(
                    "sentence",
                    len(found),
                    line_start + start,
                    line_start + end,
                    turn.speaker,
                    turn.index,
                )
            )
    return result


def _lines(text: str, start: int, end: int) -> Iterable[tuple[int, str]]:
    """Non-blank lines within text[start:end], with their offsets (long ones in pieces)."""
    offset = start
    for line in text[start:end].split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield from _pieces(offset + lead, line.strip())
        offset += len(line) + 1


def _pieces(offset: int, line: str) -> Iterable[tuple[int, str]]:
    while len(line) > MAX_PIECE:
        cut = line.rfind(" ", 0, MAX_PIECE)
        cut = cut if cut > 0 else MAX_PIECE
        yield offset, line[:cut]
        rest = line[cut:]
        offset, line = offset + cut + len(rest) - len(rest.lstrip()), rest.lstrip()
    if line:
        yield offset, line


def _move_openers(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    moved = list(spans)
    for i in range(len(moved) - 1):
        start, end = moved[i]
        cut = end
        while cut > start + 1 and _opens(text, cut - 1):
            cut -= 1
        if cut < end:
            kept = len(text[start:cut].rstrip())
            moved[i] = (start, start + kept)
            moved[i + 1] = (cut, moved[i + 1][1])
    return moved


def _opens(text: str, at: int) -> bool:
    char = text[at]
    if char in _OPENERS:
        return True
    return char in _QUOTES and at > 0 and text[at - 1].isspace()


def _merge_run_ons(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            merged
            and text[: merged[-1][1]].endswith(_GOES_ON_AFTER)
            and text[start : start + 1].islower()
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
