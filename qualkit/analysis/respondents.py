"""Respondents and their attributes: the filter (`--where`), the groups columns are made of.

One transcript is one respondent (the trial interviewed each person once). A respondent
without a value for an attribute falls in the group named by the `missing` label ("saknas"),
never out of the table.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from qualkit.analysis.labels import label
from qualkit.corpus.attributes import ARMS, ROLES, attribute_order, fold
from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.project import Project

# Values whose order a reader expects (the reference arm first); others sort naturally.
VALUE_ORDER: dict[str, tuple[str, ...]] = {"arm": ARMS, "role": ROLES}


def respondents(
    project: Project,
    where: Mapping[str, Sequence[str]] | None = None,
    lang: str = "sv",
) -> pd.DataFrame:
    """One row per transcript in project order (index: transcript id), a column per attribute
    with missing values filled with the `missing` label; only those matching `where`."""
    import pandas as pd

    attributes = project.attributes()
    ids = project.transcript_ids()
    names = attribute_order(n for a in attributes.values() for n in a)
    missing = label("missing", lang)
    records = [
        [(attributes.get(t, {}).get(n) or "").strip() or missing for n in names] for t in ids
    ]
    frame = pd.DataFrame(records, index=pd.Index(ids, name="transcript"), columns=names)
    for name, values in (where or {}).items():
        check_attribute(name, names)
        wanted = {fold(v) for v in values}
        keep = frame[name].map(fold).isin(wanted)
        if not keep.any():
            known = ", ".join(ordered_values(name, frame[name].unique(), missing))
            raise QualkitError(
                f"no transcript has {name}={'/'.join(values)} (values of {name}: {known})"
            )
        frame = frame[keep]
    return frame


def check_attribute(name: str, known: Sequence[str]) -> None:
    """A clear error for an attribute the project does not have, listing those it has."""
    if name in known:
        return
    hint = difflib.get_close_matches(name, known, n=1)
    also = f" (did you mean '{hint[0]}'?)" if hint else ""
    listed = ", ".join(known) if known else "none: import a case table or front matter"
    raise QualkitError(f"no attribute '{name}'{also}; the project's attributes: {listed}")


def parse_where(conditions: Iterable[str]) -> dict[str, list[str]]:
    """['arm=SE', 'arm=CM', 'role=deltagare'] -> {'arm': ['SE', 'CM'], 'role': ['deltagare']}:
    values of one attribute are alternatives, different attributes must all hold."""
    found: dict[str, list[str]] = {}
    for condition in conditions:
        name, sep, value = condition.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise QualkitError(f"a condition is ATTRIBUTE=VALUE (e.g. arm=SE), not '{condition}'")
        found.setdefault(name.strip(), []).append(value.strip())
    return found


def ordered_values(name: str, values: Iterable[str], missing: str) -> list[str]:
    """Arms as FS, SE, CM and roles as the study lists them; other values in natural order
    (2 before 10); the missing group last."""
    distinct = set(values)
    known = [v for v in VALUE_ORDER.get(name, ()) if v in distinct]
    rest = sorted(distinct - set(known) - {missing}, key=_natural)
    return known + rest + ([missing] if missing in distinct else [])


# Swedish alphabetical order: å, ä, ö come after z (and are not a, a, o).
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def _natural(value: str) -> list[tuple[int, int | str]]:
    """Sort key: numbers by value (2 before 10), letters in Swedish order."""
    swedish = unicodedata.normalize("NFKD", value.casefold().translate(_SWEDISH))
    plain = "".join(ch for ch in swedish if not unicodedata.combining(ch))
    parts = re.split(r"(\d+)", plain)
    return [(0, int(p)) if p.isdigit() else (1, p) for p in parts if p]


def groups(
    people: pd.DataFrame, cols: Sequence[str], lang: str = "sv"
) -> tuple[pd.Series, list[tuple[str, ...]]]:
    """Each respondent's group (a tuple of the `cols` values) and the groups in table order:
    only combinations some respondent has."""
    import pandas as pd

    for name in cols:
        check_attribute(name, list(people.columns))
    keys = pd.Series(
        list(zip(*(people[name] for name in cols), strict=True)), index=people.index, dtype=object
    )
    missing = label("missing", lang)
    ranks = [
        {v: i for i, v in enumerate(ordered_values(name, people[name], missing))} for name in cols
    ]
    present = sorted(set(keys), key=lambda key: [r[v] for r, v in zip(ranks, key, strict=True)])
    return keys, present


def group_label(key: Sequence[str]) -> str:
    """('SE', 'deltagare') -> 'SE / deltagare': the column name in csv and json."""
    return " / ".join(key)
