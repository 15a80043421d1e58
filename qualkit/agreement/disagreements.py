"""Where coders differ: the units (or passages) whose codes are not the same for every coder
who coded them, with their text and each coder's codes, for the team to talk through."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.agreement.units import UnitTable

NOT_CODED = "(ej kodad)"  # shown for a coder who did not code the transcript at all


def disagreements(table: UnitTable, texts: dict[str, str]) -> pd.DataFrame:
    """One row per unit where coders differ: transcript, unit, start, end, text, then one
    column per coder listing the codes they applied (empty: none; NOT_CODED: not coded)."""
    import numpy as np
    import pandas as pd

    present = table.present
    coded = present >= 0  # units × coders × codes
    rated = coded.any(axis=2)  # the coder coded the unit's transcript
    comparable = rated.sum(axis=1) >= 2
    applied = np.where(coded, present, 0).astype(bool)
    # a unit differs when, among the coders who rated it, some applied a code and some not
    some = (applied & rated[:, :, None]).any(axis=1)
    every = (applied | ~rated[:, :, None]).all(axis=1)
    differs = comparable & (some & ~every).any(axis=1)
    passages = table.passages
    records = []
    for row in np.flatnonzero(differs):
        place = table.places[row]
        record = {
            "transcript": place.transcript,
            "unit": f"{table.kind} {place.index + 1}" if table.kind != "document" else "document",
            "start": place.start,
            "end": place.end,
            "text": texts[place.transcript][place.start : place.end]
            if table.kind != "document"
            else "",
        }
        for c, coder in enumerate(table.coders):
            if passages is not None:
                passage = passages[row]
                record[coder] = passage.code if coder in passage.spans else ""
            elif not rated[row, c]:
                record[coder] = NOT_CODED
            else:
                record[coder] = ", ".join(
                    code for k, code in enumerate(table.codes) if applied[row, c, k]
                )
        records.append(record)
    columns = ["transcript", "unit", "start", "end", "text", *table.coders]
    return pd.DataFrame.from_records(records, columns=columns)
