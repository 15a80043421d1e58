"""Coded passages as plain columns, rolled up the codebook's hierarchy.

A coding on `arbete/motivation` also counts for `arbete`: rollups give each coding one row
per code it counts for, so a parent's respondents are counted once however many of its
children apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualkit.codebook import Codebook
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project


def coded_spans(
    project: Project,
    people: pd.DataFrame,
    coder: str | None = None,
    codes: list[str] | None = None,
) -> pd.DataFrame:
    """(transcript, start, end, code) of the codings (with one of `codes`) on these
    respondents."""
    check_coder(project, coder)
    spans = project.coding_spans(coder, codes)
    return spans[spans["transcript"].isin(people.index)]


def coded_transcripts(project: Project, people: pd.DataFrame, coder: str | None) -> pd.DataFrame:
    """(transcript, code) once for each code each of these respondents has."""
    check_coder(project, coder)
    pairs = project.transcript_codes(coder)
    return pairs[pairs["transcript"].isin(people.index)]


def check_codebook(project: Project) -> None:
    """Tables of themes need themes."""
    if not len(project.codebook):
        raise QualkitError(
            "the project has no codebook, so no themes; add one with `qualkit codebook use`"
        )


def check_coder(project: Project, coder: str | None) -> None:
    """A coder the project has never heard of (no codings, no memos) is an error, not an
    empty table."""
    if coder is None or coder in project.coders():
        return
    known = sorted({*project.coders(), *(memo.coder for memo in project.memos())})
    if coder not in known:
        listed = ", ".join(known) or "nobody has coded yet"
        raise QualkitError(f"no codings by '{coder}' (coders: {listed})")


def rolled_up(spans: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The spans with a column `theme`: one row for the code itself and one per ancestor."""
    import pandas as pd

    pairs = [
        (code.id, theme) for code in codebook for theme in (code.id, *codebook.ancestors(code.id))
    ]
    themes = pd.DataFrame(pairs, columns=["code", "theme"])
    return spans.merge(themes, on="code", how="inner")


def merged(spans: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Overlapping spans within each `keys` group joined into one (two coders' versions of a
    passage become the passage both cover): columns *keys, start, end."""
    import numpy as np
    import pandas as pd

    if spans.empty:
        return pd.DataFrame({**{k: spans[k] for k in keys}, "start": [], "end": []})
    group = np.zeros(len(spans), dtype="int64")
    for key in keys:  # one integer per combination of keys, without hashing tuples
        codes, uniques = pd.factorize(spans[key])
        group = group * len(uniques) + codes
    # Shift each group by its number times a stride longer than any text, so one running
    # maximum over all spans never carries an end from one group into the next.
    stride = int(spans["end"].max()) + 1
    start = group * stride + spans["start"].to_numpy()
    end = group * stride + spans["end"].to_numpy()
    order = np.lexsort((end, start))
    start, end = start[order], end[order]
    reach = np.maximum.accumulate(end)
    new = np.ones(len(start), dtype=bool)
    new[1:] = start[1:] >= reach[:-1]
    first = order[new]
    joined = spans[keys].iloc[first].reset_index(drop=True)
    joined["start"] = start[new] - group[first] * stride
    joined["end"] = np.maximum.reduceat(end, np.flatnonzero(new)) - group[first] * stride
    return joined


def count_words(texts: dict[str, str], spans: pd.DataFrame) -> list[int]:
    """Words in each span (columns transcript, start, end): words as the importer counts
    them (`\\w+`), a word counting when any of it lies in the span."""
    import numpy as np
    import pandas as pd

    if spans.empty:
        return []
    which, ids = pd.factorize(spans["transcript"])
    # All the texts at once, a line break between them so no word runs from one to the next.
    lengths = np.array([len(texts[t]) + 1 for t in ids], dtype="int64")
    offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    starts, ends = _word_bounds("\n".join(texts[t] for t in ids))
    base = offsets[which]
    first = np.searchsorted(ends, base + spans["start"].to_numpy(), side="right")
    after = np.searchsorted(starts, base + spans["end"].to_numpy(), side="left")
    return (after - first).tolist()


def _word_bounds(text: str):
    """Start and end offsets of every word of `text`, as arrays."""
    import numpy as np

    from qualkit.corpus.segment import WORD

    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    table = _word_characters()
    if len(points) and points.max() >= len(table):  # beyond the BMP: let the regex decide
        found = np.array([m.span() for m in WORD.finditer(text)], dtype="int64").reshape(-1, 2)
        return found[:, 0], found[:, 1]
    inside = np.concatenate(([0], table[points].astype(np.int8), [0]))
    edges = np.diff(inside)
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


_WORD_TABLE = None


def _word_characters():
    """For each character of the Basic Multilingual Plane, whether `\\w` matches it
    (Python's definition: str.isalnum() or the underscore)."""
    import numpy as np

    global _WORD_TABLE
    if _WORD_TABLE is None:
        table = np.fromiter((chr(i).isalnum() for i in range(0x10000)), dtype=bool, count=0x10000)
        table[ord("_")] = True
        _WORD_TABLE = table
    return _WORD_TABLE
