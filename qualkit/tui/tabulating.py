"""The tables screen's data: the crosstab and the disagreements, as plain values.

Computed in a worker thread (pandas and scipy load there, not before the first paint) with
`qualkit.analysis` and `qualkit.agreement`; the screen only shows what these return.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from qualkit.project import Project

UNITS = ("sentence", "turn", "span")  # units whose disagreements have a passage to show


@dataclass(frozen=True)
class Column:
    label: str  # 'SE' or 'SE / deltagare', as in `qualkit crosstab`
    respondents: int
    transcripts: tuple[str, ...]


@dataclass(frozen=True)
class CrosstabRow:
    code: str
    name: str
    level: int
    counts: tuple[int, ...]  # per column, then the total
    percents: tuple[float | None, ...]
    marks: tuple[str, ...]  # significance stars against the reference arm ("" if none)


@dataclass(frozen=True)
class CrosstabView:
    """Respondents per code and group: counts, percentages of the group, test stars."""

    cols: tuple[str, ...]
    coder: str | None
    columns: tuple[Column, ...]  # the groups, then "total"
    rows: tuple[CrosstabRow, ...]
    respondents: int
    reference: str = ""  # the arm the others are tested against, when tested


@dataclass(frozen=True)
class Disagreement:
    transcript: str
    unit: str  # 'sentence 12'
    start: int
    end: int
    text: str
    codes: tuple[str, ...]  # per coder of the pair: the code ids they applied, joined


@dataclass(frozen=True)
class DisagreementView:
    pair: tuple[str, str]
    unit: str
    rows: tuple[Disagreement, ...]
    statistic: str  # e.g. "Cohen's kappa 0.61 over 1,204 sentences"


def crosstab_view(project: Project, cols: tuple[str, ...], coder: str | None) -> CrosstabView:
    """Respondents per code × `cols` (e.g. ("arm",) or ("arm", "role")), with percentages."""
    from qualkit.analysis.crosstab import REFERENCE_ARM, crosstab
    from qualkit.analysis.respondents import group_label, groups, respondents

    table = crosstab(project, cols=cols, count="respondents", coder=coder, percent=True)
    people = respondents(project)
    keys, _ = groups(people, cols)
    members: dict[str, list[str]] = {}
    for transcript, key in keys.items():
        members.setdefault(group_label(key), []).append(str(transcript))
    columns = [Column(g.label, g.n, tuple(members.get(g.label, ()))) for g in table.groups]
    columns.append(Column("total", table.respondents, tuple(str(t) for t in people.index)))
    frame, counts = table.frame, table.counts
    stars = {c.group: f"sig {c.name}" for c in table.comparisons}
    rows = []
    for number, code in enumerate(counts.index):
        shown = frame.iloc[number]
        rows.append(
            CrosstabRow(
                code=str(code),
                name=str(shown["name"]),
                level=int(shown["level"]),
                counts=tuple(int(counts.iloc[number][c.label]) for c in columns),
                percents=tuple(_number(shown[c.label]) for c in columns),
                marks=tuple(
                    str(shown[stars[c.label]] or "") if c.label in stars else "" for c in columns
                ),
            )
        )
    tested = REFERENCE_ARM if table.comparisons else ""
    return CrosstabView(cols, coder, tuple(columns), tuple(rows), table.respondents, tested)


def coder_pairs(project: Project, coder: str) -> list[tuple[str, str]]:
    """Pairs of coders with codings: `coder` first in each pair that has them, and those
    pairs first; coders with more codings before those with fewer."""
    coders = [c for c, n in sorted(project.coders().items(), key=lambda i: (-i[1], i[0])) if n]
    pairs = [(b, a) if b == coder else (a, b) for a, b in combinations(coders, 2)]
    return sorted(pairs, key=lambda pair: coder not in pair)


def disagreement_view(project: Project, pair: tuple[str, str], unit: str) -> DisagreementView:
    """Where the two coders' codes differ, unit by unit (see `qualkit disagreements`)."""
    from qualkit.agreement.check import project_agreement
    from qualkit.agreement.disagreements import disagreements

    metric = "percent" if unit == "span" else "cohen"
    result = project_agreement([project], list(pair), unit, metric, bootstrap=0)
    assert result.table is not None
    places = {p.transcript for p in result.table.places}
    frame = disagreements(result.table, {t: project.text(t) for t in places})
    rows = tuple(
        Disagreement(
            str(row["transcript"]),
            str(row["unit"]),
            int(row["start"]),
            int(row["end"]),
            str(row["text"]),
            tuple(str(row[coder]) for coder in pair),
        )
        for _, row in frame.iterrows()
    )
    overall = result.overall
    units = len(result.table.places)
    if overall is None or overall.value is None:
        statistic = f"{units:,} {unit}s compared".replace(",", " ")
    elif metric == "cohen":
        statistic = f"Cohen's kappa {overall.value:.2f} over {units:,} {unit}s".replace(",", " ")
    else:
        statistic = f"{overall.value:.0%} of {units:,} passages agree".replace(",", " ")
    return DisagreementView(pair, unit, rows, statistic)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN: a group without respondents
