"""Coded passages as plain columns, rolled up the codebook's hierarchy.

A coding on `arbete/motivation` also counts for `arbete`: rollups give each coding one row
per code it counts for, so a parent's respondents are counted once however many of its
children apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from qualkit.codebook import Codebook
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project


def coded_spans(project: Project, people: pd.DataFrame, coder: str | None = None) -> pd.DataFrame:
    """(transcript, start, end, code, coder) of the codings on these respondents; a coder
    the project has never heard of (no codings, no memos) is an error, not an empty table."""
    if coder is not None and coder not in project.coders():
        known = sorted({*project.coders(), *(memo.coder for memo in project.memos())})
        if coder not in known:
            listed = ", ".join(known) or "nobody has coded yet"
            raise QualkitError(f"no codings by '{coder}' (coders: {listed})")
    spans = project.coding_spans(coder)
    return spans[spans["transcript"].isin(people.index)]


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
    import pandas as pd

    if spans.empty:
        return pd.DataFrame(columns=[*keys, "start", "end"])
    ordered = spans.sort_values([*keys, "start", "end"])
    same_group = (ordered[keys].shift() == ordered[keys]).all(axis=1)
    reach = (
        ordered.groupby(keys, sort=False)["end"]
        .cummax()
        .groupby([ordered[k] for k in keys], sort=False)
        .shift()
    )
    starts_new = ~same_group | (ordered["start"] >= reach)
    block = starts_new.cumsum()
    joined = ordered.groupby(block).agg(
        **{k: (k, "first") for k in keys}, start=("start", "min"), end=("end", "max")
    )
    return joined.reset_index(drop=True)


def count_words(texts: dict[str, str], spans: Iterable[tuple[str, int, int]]) -> list[int]:
    """Words (as the importer counts them) in text[start:end] of each (transcript, start, end)."""
    from qualkit.corpus.segment import count_words as words_in

    return [words_in(texts[t][start:end]) for t, start, end in spans]
