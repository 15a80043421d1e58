"""Which codes are applied together: codes × codes, counted over units of text.

A unit is a sentence, a speaker turn or a whole transcript. A code applies to a unit when one
of its codings overlaps the unit by at least one character. The diagonal counts the units
each code applies to; off the diagonal, the units both apply to — or, as Jaccard similarity,
those divided by the units either applies to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from qualkit.analysis.coded import check_codebook, coded_spans, rolled_up
from qualkit.analysis.respondents import respondents
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project

UNITS = ("sentence", "turn", "transcript")


def cooccurrence(
    project: Project,
    unit: str = "sentence",
    codes: Sequence[str] | None = None,
    coder: str | None = None,
    where: Mapping[str, Sequence[str]] | None = None,
    jaccard: bool = False,
    rollup: bool = False,
) -> pd.DataFrame:
    """A square table: columns `code`, `name`, then one column per code id, rows in the same
    order (the codebook's, or `codes` as given). With `rollup`, a coding also applies its
    code's ancestors."""
    if unit not in UNITS:
        raise QualkitError(f"a unit is one of {', '.join(UNITS)}, not '{unit}'")
    check_codebook(project)
    codebook = project.codebook
    chosen = list(codes) if codes else [code.id for code in codebook]
    for code_id in chosen:
        codebook.get(code_id)
    people = respondents(project, where)
    spans = coded_spans(project, people, coder)
    if rollup:
        spans = rolled_up(spans, codebook).drop(columns="code").rename(columns={"theme": "code"})
    spans = spans[spans["code"].isin(chosen)]
    applied = _units(project, spans, unit)
    counts = _together(applied, chosen)
    if jaccard:
        counts = _jaccard(counts)
    return _framed(counts, chosen, codebook)


def _units(project: Project, spans: pd.DataFrame, unit: str) -> pd.DataFrame:
    """(unit, code) pairs, once each: the unit a coding touches, named transcript#index."""
    import numpy as np
    import pandas as pd

    if unit == "transcript" or spans.empty:
        pairs = spans.assign(unit=spans["transcript"])[["unit", "code"]]
        return pairs.drop_duplicates()
    segments = dict(tuple(project.segment_spans(unit).groupby("transcript", sort=False)))
    found = []
    for transcript, part in spans.groupby("transcript", sort=False):
        own = segments.get(transcript)
        if own is None:
            continue
        starts, ends = own["start"].to_numpy(), own["end"].to_numpy()
        # Units are in text order and do not overlap: the first unit ending after the
        # coding's start through the last one starting before its end.
        first = np.searchsorted(ends, part["start"].to_numpy(), side="right")
        last = np.searchsorted(starts, part["end"].to_numpy(), side="left")
        for code, lo, hi in zip(part["code"], first, last, strict=True):
            found.extend((f"{transcript}#{i}", code) for i in range(lo, hi))
    return pd.DataFrame(found, columns=["unit", "code"]).drop_duplicates()


def _together(applied: pd.DataFrame, chosen: list[str]) -> pd.DataFrame:
    """codes × codes: units where both apply (the incidence matrix times its transpose)."""
    import pandas as pd

    incidence = pd.crosstab(applied["unit"], applied["code"]).clip(upper=1)
    incidence = incidence.reindex(columns=chosen, fill_value=0)
    matrix = incidence.T.dot(incidence)
    return matrix.reindex(index=chosen, columns=chosen, fill_value=0).astype("int64")


def _jaccard(counts: pd.DataFrame) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    alone = np.diag(counts.to_numpy())
    either = alone[:, None] + alone[None, :] - counts.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(either > 0, counts.to_numpy() / either, 0.0)
    return pd.DataFrame(np.round(share, 3), index=counts.index, columns=counts.columns)


def _framed(counts: pd.DataFrame, chosen: list[str], codebook) -> pd.DataFrame:
    import pandas as pd

    head = pd.DataFrame({"code": chosen, "name": [codebook.get(c).name for c in chosen]})
    return pd.concat([head, counts.reset_index(drop=True)], axis=1)
