"""Quotes for a theme, each with the citation label a report uses ("Intervju SE-deltagare 8").

The label comes from a template whose fields are attribute names, `{id}` (the transcript id)
and `{n}`. `{n}` is the respondent's number: the attribute `nr` where the transcript has one
(the sample's case table and front matter number the interviews within arm and role), else
the transcript's position, in import order, among all the project's transcripts whose other
template fields have the same values (so the third SE participant imported is "SE-deltagare
3"). A field without a value reads as the missing label ("saknas").
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from qualkit.analysis.coded import coded_spans, merged
from qualkit.analysis.labels import label
from qualkit.analysis.respondents import check_attribute, respondents
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project

DEFAULT_TEMPLATE = "Intervju {arm}-{role} {n}"
QUOTE_COLUMNS = ["transcript", "start", "end", "code", "label", "quote"]


def quotes(
    project: Project,
    code: str,
    template: str = DEFAULT_TEMPLATE,
    coder: str | None = None,
    where: Mapping[str, Sequence[str]] | None = None,
    pseudonymise: Callable[[str], str] | None = None,
    lang: str = "sv",
    descendants: bool = True,
    limit: int | None = None,
) -> pd.DataFrame:
    """The passages coded with `code` (and, with `descendants`, its sub-codes), one row each
    in project and text order: transcript, start, end, code, label, quote. Overlapping
    codings of one passage (two coders, or a code and its sub-code) become one quote.
    `limit` keeps the first quotes of each transcript in turn, so one talkative respondent
    does not fill the table."""
    import pandas as pd

    wanted = [code, *project.codebook.descendants(code)] if descendants else [code]
    project.codebook.get(code)
    people = respondents(project, where, lang)
    labels = citation_labels(project, template, lang)
    spans = merged(coded_spans(project, people, coder, wanted), ["transcript"])
    order = {t: i for i, t in enumerate(people.index)}
    spans = spans.assign(rank=spans["transcript"].map(order)).sort_values(["rank", "start"])
    if limit is not None:
        spans = _spread(spans, limit)
    texts = project.texts(sorted(set(spans["transcript"])))
    clean = pseudonymise or (lambda text: text)
    rows = [
        (t, s, e, code, labels[t], clean(" ".join(texts[t][s:e].split())))
        for t, s, e in zip(spans["transcript"], spans["start"], spans["end"], strict=True)
    ]
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def _spread(spans: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The first `limit` quotes taking each respondent's first, then their second, …"""
    turn = spans.groupby("transcript", sort=False).cumcount()
    picked = spans.assign(turn=turn).sort_values(["turn", "rank"], kind="stable").head(limit)
    return picked.sort_values(["rank", "start"])


def citation_labels(project: Project, template: str, lang: str = "sv") -> dict[str, str]:
    """{transcript id: label} for every transcript of the project."""
    people = respondents(project, lang=lang)
    fields = template_fields(template)
    for name in fields:
        if name not in ("id", "n"):
            check_attribute(name, list(people.columns))
    missing = label("missing", lang)
    others = [f for f in fields if f not in ("n", "id")]
    seen: dict[tuple[str, ...], int] = {}
    labels = {}
    for transcript, row in zip(people.index, people.to_dict("records"), strict=True):
        values = {name: row[name] for name in others}
        group = tuple(values.values())
        seen[group] = seen.get(group, 0) + 1
        if "n" in fields:
            own = row["nr"] if "nr" in people.columns else missing
            values["n"] = own if own != missing else str(seen[group])
        values["id"] = str(transcript)
        labels[str(transcript)] = template.format(**values)
    return labels


def template_fields(template: str) -> list[str]:
    """The field names of a label template; a clear error for a malformed one."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:
        raise QualkitError(f"label template '{template}': {e}") from None
    fields = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name or spec or conversion or not name.replace("_", "").isalnum():
            raise QualkitError(
                f"label template '{template}': fields are attribute names in braces, "
                "e.g. {arm}, {role}, {n}"
            )
        fields.append(name)
    return fields
