"""Theme × arm × role tables: how many respondents, coded passages or coded words.

Rows are the codebook's codes in its order (a parent counts what its children count, each
respondent once) or the values of an attribute; columns are the groups of one or more
attributes (arm, or arm × role), only those some respondent belongs to, then the total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qualkit.analysis.coded import (
    check_codebook,
    coded_spans,
    coded_transcripts,
    count_words,
    merged,
    rolled_up,
)
from qualkit.analysis.labels import check_language, label
from qualkit.analysis.respondents import (
    check_attribute,
    group_label,
    groups,
    ordered_values,
    respondents,
)
from qualkit.analysis.significance import compare
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project

COUNTS = ("respondents", "segments", "words")
REFERENCE_ARM = "FS"


@dataclass(frozen=True)
class Group:
    """A column: the attribute values it stands for and how many respondents it holds."""

    key: tuple[str, ...]
    label: str
    n: int


@dataclass(frozen=True)
class Comparison:
    """A test column: `group` against `reference` (the same group in the reference arm)."""

    group: str
    reference: str

    @property
    def name(self) -> str:
        return f"{self.group} vs {self.reference}"


@dataclass(frozen=True)
class Crosstab:
    """The table (`frame`) and what a reader needs to read it.

    `frame` has, for code rows, the columns `code`, `name`, `level`; for attribute rows, the
    attribute. Then one column per group (labelled 'FS' or 'FS / deltagare'), `total`, and
    for each comparison with the reference arm `p G vs R`, `test G vs R` and `sig G vs R`.
    `counts` holds the counts even when `frame` shows percentages.
    """

    frame: pd.DataFrame
    counts: pd.DataFrame
    rows: str
    cols: tuple[str, ...]
    count: str
    groups: tuple[Group, ...]
    respondents: int
    comparisons: tuple[Comparison, ...] = ()
    percent: bool = False
    coder: str | None = None
    where: Mapping[str, Sequence[str]] = field(default_factory=dict)
    lang: str = "sv"

    @property
    def row_key(self) -> str:
        return "code" if self.rows == "code" else self.rows


def crosstab(
    project: Project,
    rows: str = "code",
    cols: Sequence[str] = ("arm",),
    count: str = "respondents",
    coder: str | None = None,
    where: Mapping[str, Sequence[str]] | None = None,
    percent: bool = False,
    lang: str = "sv",
    reference: str = REFERENCE_ARM,
) -> Crosstab:
    """Count `count` per row (codes, or an attribute's values) and column group.

    Percentages are of the column's respondents, so they need `count="respondents"`. When
    the columns include `arm` and respondents are counted, each arm's group is tested against
    the same group in the `reference` arm (see `qualkit.analysis.significance`).
    """
    check_language(lang)
    cols = tuple(cols)
    if count not in COUNTS:
        raise QualkitError(f"--count is one of {', '.join(COUNTS)}, not '{count}'")
    if percent and count != "respondents":
        raise QualkitError("percentages are of the column's respondents: use --count respondents")
    if not cols:
        raise QualkitError("give at least one attribute for the columns (e.g. --cols arm)")
    if rows in cols:
        raise QualkitError(f"'{rows}' cannot be both the rows and a column")
    people = respondents(project, where, lang)
    if rows == "code":
        check_codebook(project)
    else:
        check_attribute(rows, list(people.columns))
    keys, present = groups(people, cols, lang)
    counts = _counts(project, people, rows, count, coder, lang)
    table = _by_group(counts, keys, present, _row_order(project, people, rows, lang))
    sizes = keys.value_counts()
    found = tuple(Group(key, group_label(key), int(sizes.get(key, 0))) for key in present)
    comparisons = (
        _comparisons(found, cols, reference) if count == "respondents" and rows == "code" else ()
    )
    return Crosstab(
        frame=_frame(project, table, found, comparisons, rows, percent, len(people)),
        counts=table,
        rows=rows,
        cols=cols,
        count=count,
        groups=found,
        respondents=len(people),
        comparisons=comparisons,
        percent=percent,
        coder=coder,
        where=dict(where or {}),
        lang=lang,
    )


def _counts(
    project: Project, people: pd.DataFrame, rows: str, count: str, coder: str | None, lang: str
) -> pd.DataFrame:
    """Long table (row, transcript, weight): what each respondent adds to each row."""
    import pandas as pd

    if rows != "code" and count == "respondents":
        return pd.DataFrame({"row": people[rows], "transcript": people.index, "weight": 1})
    if count == "respondents":
        pairs = rolled_up(coded_transcripts(project, people, coder), project.codebook)
        units = pairs.drop_duplicates(["theme", "transcript"]).rename(columns={"theme": "row"})
        return units.assign(weight=1)[["row", "transcript", "weight"]]
    spans = coded_spans(project, people, coder)
    if rows == "code":
        spans = rolled_up(spans, project.codebook).rename(columns={"theme": "row"})
    else:
        spans = spans.assign(row=spans["transcript"].map(people[rows]))
    if count == "segments":
        # A passage is counted once per row, whoever coded it and with however many children.
        units = spans.drop_duplicates(["row", "transcript", "start", "end"]).assign(weight=1)
    else:
        units = merged(spans, ["row", "transcript"])
        texts = project.texts(sorted(set(units["transcript"])))
        units = units.assign(weight=count_words(texts, units))
    return units[["row", "transcript", "weight"]]


def _row_order(project: Project, people: pd.DataFrame, rows: str, lang: str) -> list[str]:
    if rows == "code":
        return [code.id for code in project.codebook]
    return ordered_values(rows, people[rows], label("missing", lang))


def _by_group(
    units: pd.DataFrame, keys: pd.Series, present: list[tuple[str, ...]], order: list[str]
) -> pd.DataFrame:
    """Rows × (groups, total), zeros where nobody counts: codes nobody used stay in."""
    labels = [group_label(key) for key in present]
    group_of = keys.map(group_label)
    units = units.assign(group=units["transcript"].map(group_of))
    table = units.pivot_table(
        index="row", columns="group", values="weight", aggfunc="sum", fill_value=0
    )
    table = table.reindex(index=order, columns=labels, fill_value=0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.index.name = "row"
    table.columns.name = None
    return table


def _comparisons(
    found: tuple[Group, ...], cols: tuple[str, ...], reference: str
) -> tuple[Comparison, ...]:
    """Each group outside the reference arm against the group that differs only in arm."""
    if "arm" not in cols:
        return ()
    at = cols.index("arm")
    labels = {group.key: group.label for group in found}
    pairs = []
    for group in found:
        if group.key[at] == reference:
            continue
        twin = (*group.key[:at], reference, *group.key[at + 1 :])
        if twin in labels:
            pairs.append(Comparison(group.label, labels[twin]))
    return tuple(pairs)


def _frame(
    project: Project,
    table: pd.DataFrame,
    found: tuple[Group, ...],
    comparisons: tuple[Comparison, ...],
    rows: str,
    percent: bool,
    total: int,
) -> pd.DataFrame:
    import pandas as pd

    shown = table.astype("Int64") if percent else table.copy()
    if percent:
        for group in found:
            shown[group.label] = _share(table[group.label], group.n)
        shown["total"] = _share(table["total"], total)
    shown = shown.reset_index(drop=True)
    if rows == "code":
        codebook = project.codebook
        head = pd.DataFrame(
            {
                "code": list(table.index),
                "name": [codebook.get(c).name for c in table.index],
                "level": [codebook.depth(c) for c in table.index],
            }
        )
    else:
        head = pd.DataFrame({rows: list(table.index)})
    tests = _tests(table, found, comparisons)
    return pd.concat([head, shown, tests], axis=1)


def _share(counts: pd.Series, n: int) -> pd.Series:
    """Whole percents of n, half up (qualkit.analysis.numbers); missing for an empty group."""
    from qualkit.analysis.numbers import whole_percent

    return counts.map(lambda count: whole_percent(int(count), n)).astype("Int64")


def _tests(
    table: pd.DataFrame, found: tuple[Group, ...], comparisons: tuple[Comparison, ...]
) -> pd.DataFrame:
    import pandas as pd

    from qualkit.analysis.significance import stars

    sizes = {group.label: group.n for group in found}
    columns: dict[str, list[object]] = {}
    for comparison in comparisons:
        results = [
            compare(
                int(row[comparison.group]),
                sizes[comparison.group],
                int(row[comparison.reference]),
                sizes[comparison.reference],
            )
            for _, row in table.iterrows()
        ]
        columns[f"p {comparison.name}"] = [r.p if r else None for r in results]
        columns[f"test {comparison.name}"] = [r.test if r else None for r in results]
        columns[f"sig {comparison.name}"] = [stars(r.p) if r else "" for r in results]
    return pd.DataFrame(columns, index=range(len(table)))
