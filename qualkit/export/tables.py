"""The same tables as CSV files or as the sheets of one XLSX workbook, written atomically."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from qualkit.errors import QualkitError
from qualkit.export.files import atomic_write

if TYPE_CHECKING:
    import pandas as pd

MAX_SHEET_NAME = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """UTF-8 with a BOM, so Excel opens å, ä and ö correctly; scripts read it as well."""
    return atomic_write(
        path,
        lambda temporary: frame.to_csv(
            temporary, index=False, encoding="utf-8-sig", lineterminator="\n"
        ),
    )


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """One sheet per table, header row frozen and in bold, columns sized to their content."""
    if not sheets:
        raise QualkitError("no tables to write")
    names = sheet_names(list(sheets))

    def write(temporary: Path) -> None:
        import pandas as pd

        with pd.ExcelWriter(temporary, engine="openpyxl") as workbook:
            for name, frame in zip(names, sheets.values(), strict=True):
                frame.to_excel(workbook, sheet_name=name, index=False, freeze_panes=(1, 0))
                _size(workbook.sheets[name], frame)

    return atomic_write(path, write)


def sheet_names(names: list[str]) -> list[str]:
    """Valid, distinct Excel sheet names: no []:*?/\\, at most 31 characters."""
    found: list[str] = []
    for name in names:
        base = _NOT_IN_SHEET_NAMES.sub("-", name)[:MAX_SHEET_NAME] or "tabell"
        candidate, n = base, 2
        while candidate.casefold() in (f.casefold() for f in found):
            suffix = f" ({n})"
            candidate, n = base[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
        found.append(candidate)
    return found


def _size(sheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for i, column in enumerate(frame.columns, start=1):
        values = [str(column), *(str(v) for v in frame[column].head(200))]
        longest = max(len(line) for v in values for line in v.split("\n"))
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and ("\n" in cell.value or len(cell.value) > 60):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
