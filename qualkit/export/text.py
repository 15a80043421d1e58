"""Tables as text for the terminal, and as the one JSON document a script reads."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.analysis.crosstab import Crosstab
    from qualkit.analysis.framework import FrameworkMatrix


def crosstab_text(table: Crosstab) -> str:
    """The reader's table, sub-themes indented under their themes, with its legend."""
    from qualkit.analysis.significance import legend
    from qualkit.export.report import crosstab_display, nothing_coded, nothing_coded_note

    shown = crosstab_display(table)
    if table.rows == "code":
        indent = ["", *("  " * level for level in table.frame["level"])]
        shown.iloc[:, 0] = [
            pad + str(name) for pad, name in zip(indent, shown.iloc[:, 0], strict=True)
        ]
    text = frame_text(shown)
    if nothing_coded(table):
        text = nothing_coded_note(table.lang) + "\n\n" + text
    return text + ("\n\n" + legend(table.lang) if table.comparisons else "")


def framework_text(matrix: FrameworkMatrix) -> str:
    """A block per respondent: their attributes, then each theme with its passages or memo."""
    blocks = []
    for _, row in matrix.frame.iterrows():
        about = ", ".join(str(row[a]) for a in matrix.attributes)
        lines = [f"{row['transcript']} ({about})" if about else str(row["transcript"])]
        for theme in matrix.themes:
            if row[theme]:
                lines.append(f"  {matrix.names[theme]}:")
                lines += [f"    {line}" for line in str(row[theme]).split("\n")]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "(none)"


def frame_text(frame: pd.DataFrame, justify: str | None = None) -> str:
    """The frame as text; the first column (names) flush left, header included, and with
    justify="left" every column (passages read from the left, short or long)."""
    if frame.empty:
        return "(none)"
    shown = frame.astype(object).where(frame.notna(), "")
    left = range(shown.shape[1]) if justify == "left" else range(1)
    widths = {}
    for at in left:
        column = shown.columns[at]
        widths[at] = max(len(str(v)) for v in [*shown.iloc[:, at], *_as_tuple(column)])
        header = tuple(str(part).ljust(widths[at]) for part in _as_tuple(column))
        shown = shown.rename(columns={column: header if isinstance(column, tuple) else header[0]})
    return shown.to_string(
        index=False,
        justify=justify,
        formatters={shown.columns[at]: _flush_left(width) for at, width in widths.items()},
    )


def _flush_left(width: int):
    return lambda value: f"{value!s:<{width}}"


def _as_tuple(label: object) -> tuple:
    return label if isinstance(label, tuple) else (label,)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NaN becomes null, numpy numbers plain numbers."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def crosstab_document(table: Crosstab) -> dict[str, Any]:
    """Everything a script needs to read the counts: the groups with their respondents."""
    return {
        "rows": table.rows,
        "cols": list(table.cols),
        "count": table.count,
        "percent": table.percent,
        "coder": table.coder,
        "where": {k: list(v) for k, v in table.where.items()},
        "respondents": table.respondents,
        "groups": [
            {"label": g.label, "values": dict(zip(table.cols, g.key, strict=True)), "n": g.n}
            for g in table.groups
        ],
        "comparisons": [
            {
                "group": c.group,
                "reference": c.reference,
                "columns": [f"{p} {c.name}" for p in ("p", "test", "sig")],
            }
            for c in table.comparisons
        ],
        "table": records(table.frame),
    }


def cooccurrence_text(frame: pd.DataFrame, short: dict[str, str]) -> str:
    """Rows by code id, columns by the codebook's short labels so 21 codes fit a terminal."""
    square = frame.drop(columns="name")
    return frame_text(square.rename(columns=lambda c: short.get(c) or c))
