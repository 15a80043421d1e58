"""Units of comparison built from codings: who applied which code to which unit.

- document: a transcript; a coder applied a code if any of their codings of it is there.
- sentence, turn: the transcript's sentences or speaker turns (`Project.segments`). A coding
  is assigned to every unit it shares at least one character with, so a passage that runs a
  few characters into the next sentence counts for that sentence too. Text outside every
  unit (speaker labels) is not compared.
- span: the coded passages themselves. Two coders' passages with the same code are the same
  unit when they overlap by at least `threshold` of their joint extent (shared characters /
  characters covered by either); each passage is matched at most once, best overlap first.

Which transcripts count: a coder has coded a transcript when they have at least one coding in
it. In transcripts they coded, a code they did not apply is a 0 (absence is a judgement); in
transcripts they did not code, their values are missing. `transcripts=` overrides this: the
named transcripts count as coded by every coder.

Codings come from one project (each coding names its coder) or from several copies of a
project, one per coder: transcripts are matched by the SHA-256 of their text, and the first
project's transcript ids, sentences and turns are used.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualkit.errors import QualkitError
from qualkit.model import Coding

if TYPE_CHECKING:
    import numpy as np

    from qualkit.project import Project

UNITS = ("document", "sentence", "turn", "span")
DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Place:
    """Where a unit is: a transcript and, below document level, a span of its text."""

    transcript: str
    index: int
    start: int
    end: int


@dataclass
class Codings:
    """Every compared coder's codings, keyed by the first project's transcript ids."""

    coders: list[str]
    transcripts: list[str]  # the transcripts all sources share, in the first project's order
    texts: dict[str, str]
    by_coder: dict[str, list[Coding]]
    coded: dict[str, set[str]] = field(default_factory=dict)  # coder -> transcripts coded


@dataclass(frozen=True)
class UnitTable:
    """`present[u, c, k]`: 1 if coder c applied code k to unit u, 0 if not, -1 if missing."""

    kind: str
    places: list[Place]
    coders: list[str]
    codes: list[str]
    present: np.ndarray
    passages: list[Passage] | None = None  # span units: the matched passages, row by row

    def compared(self) -> UnitTable:
        """Only the units that at least two coders coded: the others tell nothing."""
        rated = (self.present >= 0).any(axis=2).sum(axis=1) >= 2
        from dataclasses import replace

        return replace(
            self,
            places=[p for p, keep in zip(self.places, rated, strict=True) if keep],
            present=self.present[rated],
            passages=None
            if self.passages is None
            else [p for p, keep in zip(self.passages, rated, strict=True) if keep],
        )


def gather(
    projects: Sequence[Project],
    coders: Sequence[str],
    transcripts: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
) -> Codings:
    """The compared coders' codings, checked: every coder known, with codings, in one source."""
    if len(coders) < 2:
        raise QualkitError("agreement needs at least two coders (--coders A,B)")
    if len(set(coders)) != len(coders):
        raise QualkitError("a coder is named twice in --coders")
    first = projects[0]
    ids = _shared_transcripts(projects)
    owner = _owners(projects, coders)
    wanted = set(codes) if codes else None
    by_coder: dict[str, list[Coding]] = {}
    for coder in coders:
        project, mapping = owner[coder], ids[owner[coder].path]
        found = [
            _rekey(c, mapping[c.transcript])
            for c in project.coding_list(coder=coder)
            if c.transcript in mapping and (wanted is None or c.code in wanted)
        ]
        by_coder[coder] = found
    shared = [t for t in first.transcript_ids() if t in ids[first.path].values()]
    if transcripts:
        unknown = [t for t in transcripts if t not in shared]
        if unknown:
            raise QualkitError(f"no shared transcript '{unknown[0]}'")
        shared = [t for t in shared if t in set(transcripts)]
        coded = {c: set(shared) for c in coders}
    else:
        every = {c: {x.transcript for x in owner[c].coding_list(coder=c)} for c in coders}
        coded = {
            c: {ids[owner[c].path][t] for t in every[c] if t in ids[owner[c].path]} for c in coders
        }
    texts = {t: first.text(t) for t in shared}
    return Codings(list(coders), shared, texts, by_coder, coded)


def _shared_transcripts(projects: Sequence[Project]) -> dict:
    """Per project: {its transcript id: the first project's id}, for text they all have."""
    if len(projects) == 1:
        return {projects[0].path: {t: t for t in projects[0].transcript_ids()}}
    hashes = [{sha: t for t, sha in p.fingerprints().items()} for p in projects]
    common = set(hashes[0])
    for other in hashes[1:]:
        common &= set(other)
    if len(projects) > 1 and not common:
        raise QualkitError("the projects share no transcript (none has the same text)")
    return {
        p.path: {found[h]: hashes[0][h] for h in common}
        for p, found in zip(projects, hashes, strict=True)
    }


def _owners(projects: Sequence[Project], coders: Sequence[str]) -> dict:
    owner = {}
    for coder in coders:
        holding = [p for p in projects if p.coders().get(coder)]
        if not holding:
            known = sorted({c for p in projects for c in p.coders()})
            raise QualkitError(
                f"coder '{coder}' has no codings (coders with codings: "
                f"{', '.join(known) or 'none'})"
            )
        if len(holding) > 1:
            raise QualkitError(
                f"coder '{coder}' has codings in more than one project: "
                + ", ".join(str(p.path) for p in holding)
            )
        owner[coder] = holding[0]
    return owner


def _rekey(coding: Coding, transcript: str) -> Coding:
    if coding.transcript == transcript:
        return coding
    from dataclasses import replace

    return replace(coding, transcript=transcript)


def codes_in_use(codings: Codings) -> list[str]:
    return sorted({c.code for found in codings.by_coder.values() for c in found})


# --- unit tables -------------------------------------------------------------------------------


def unit_table(project: Project, codings: Codings, kind: str, codes: Sequence[str]) -> UnitTable:
    """Document, sentence or turn units with each coder's presence/absence of each code."""
    import numpy as np

    if kind not in ("document", "sentence", "turn"):
        raise QualkitError(f"a unit table is by document, sentence or turn, not '{kind}'")
    places = _places(project, codings.transcripts, kind)
    code_index = {code: k for k, code in enumerate(codes)}
    present = np.zeros((len(places), len(codings.coders), len(codes)), dtype=np.int8)
    bounds = _bounds(places)
    for c, coder in enumerate(codings.coders):
        for transcript in codings.transcripts:
            if transcript not in codings.coded[coder]:
                low, high = bounds[transcript][:2]
                present[low:high, c, :] = -1
        for coding in codings.by_coder[coder]:
            k = code_index.get(coding.code)
            if k is not None and coding.transcript in bounds:
                low, high = _covered(bounds[coding.transcript], coding)
                present[low:high, c, k] = 1
    return UnitTable(kind, places, list(codings.coders), list(codes), present)


def _places(project: Project, transcripts: Sequence[str], kind: str) -> list[Place]:
    if kind == "document":
        return [Place(t, 0, 0, len(project.text(t))) for t in transcripts]
    return [
        Place(t, s.index, s.start, s.end) for t in transcripts for s in project.segments(t, kind)
    ]


def _bounds(places: list[Place]) -> dict[str, tuple[int, int, list[int], list[int]]]:
    """Per transcript: its first and past-last unit, and its units' starts and ends."""
    found: dict[str, tuple[int, int, list[int], list[int]]] = {}
    for number, place in enumerate(places):
        if place.transcript not in found:
            found[place.transcript] = (number, number, [], [])
        low, _, starts, ends = found[place.transcript]
        starts.append(place.start)
        ends.append(place.end)
        found[place.transcript] = (low, number + 1, starts, ends)
    return found


def _covered(bounds: tuple[int, int, list[int], list[int]], coding: Coding) -> tuple[int, int]:
    """The units of the transcript that share at least one character with the coding."""
    low, _, starts, ends = bounds
    first = bisect.bisect_right(ends, coding.start)  # the first unit ending after the start
    last = bisect.bisect_left(starts, coding.end)  # past the last unit starting before the end
    return low + first, low + max(first, last)


# --- span units --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A span unit: the passages each coder coded with `code` that were matched together."""

    transcript: str
    code: str
    spans: dict[str, tuple[int, int]]  # coder -> (start, end) of their passage

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans.values())

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans.values())


def span_units(
    codings: Codings, codes: Sequence[str], threshold: float = DEFAULT_THRESHOLD
) -> list[Passage]:
    """Match coded passages across coders (same code, overlap ≥ threshold), best first."""
    if not 0 < threshold <= 1:
        raise QualkitError("the overlap threshold is a share between 0 and 1, e.g. 0.5")
    wanted = set(codes)
    grouped: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for coder in codings.coders:
        for c in codings.by_coder[coder]:
            if c.code in wanted and c.transcript in codings.texts:
                grouped[(c.transcript, c.code)].append((coder, c.start, c.end))
    passages: list[Passage] = []
    order = {t: n for n, t in enumerate(codings.transcripts)}
    for (transcript, code), spans in sorted(
        grouped.items(), key=lambda i: (order[i[0][0]], i[0][1])
    ):
        passages += _match(transcript, code, spans, threshold)
    passages.sort(key=lambda p: (order[p.transcript], p.start, p.code))
    return passages


def _match(transcript: str, code: str, spans, threshold: float) -> list[Passage]:
    candidates = []
    for a in range(len(spans)):
        for b in range(a + 1, len(spans)):
            (coder_a, sa, ea), (coder_b, sb, eb) = spans[a], spans[b]
            if coder_a == coder_b:
                continue
            shared = min(ea, eb) - max(sa, sb)
            if shared > 0:
                jaccard = shared / (max(ea, eb) - min(sa, sb))
                if jaccard >= threshold:
                    candidates.append((-jaccard, a, b))
    parent = list(range(len(spans)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    taken: set[tuple[int, str]] = set()  # (span, coder it is matched with)
    for _, a, b in sorted(candidates):
        coder_a, coder_b = spans[a][0], spans[b][0]
        if root(a) == root(b) or (a, coder_b) in taken or (b, coder_a) in taken:
            continue
        joined = [spans[i][0] for i in range(len(spans)) if root(i) in (root(a), root(b))]
        if len(set(joined)) < len(joined):
            continue  # one coder twice in a passage: leave the weaker match
        taken |= {(a, coder_b), (b, coder_a)}
        parent[root(a)] = root(b)
    groups: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for i, (coder, start, end) in enumerate(spans):
        groups[root(i)][coder] = (start, end)
    return [Passage(transcript, code, found) for found in groups.values()]
