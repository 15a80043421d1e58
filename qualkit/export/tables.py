"""The same tables as CSV files or as the sheets of one XLSX workbook, written atomically."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from qualkit.corpus.controls import visible
from qualkit.errors import QualkitError
from qualkit.export.files import atomic_write

if TYPE_CHECKING:
    import pandas as pd

MAX_SHEET_NAME = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
# A cell starting with one of these is read by spreadsheets as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def inert(value: object) -> object:
    """A text that a spreadsheet would run as a formula, with a leading apostrophe so that it is
    shown as written; numbers, also negative ones written as text, stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and column name made inert (see `inert`)."""
    from pandas.api.types import is_string_dtype

    safe = frame.copy()
    safe.columns = [inert(c) for c in frame.columns]
    for i, dtype in enumerate(safe.dtypes):
        if is_string_dtype(dtype):  # object columns too; numbers are never touched
            safe.isetitem(i, safe.iloc[:, i].map(_cell))
    return safe


def _cell(value: object) -> object:
    return inert(visible(value)) if isinstance(value, str) else value


def csv_text(frame: pd.DataFrame) -> str:
    """The CSV that every command prints or writes: safe to open in a spreadsheet."""
    return spreadsheet_safe(frame).to_csv(index=False, lineterminator="\n")


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """UTF-8 with a BOM, so Excel opens å, ä and ö correctly; scripts read it as well."""
    text = csv_text(frame)
    return atomic_write(
        path, lambda temporary: temporary.write_text(text, encoding="utf-8-sig", newline="")
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
                _as_text(workbook.sheets[name])
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


def _as_text(sheet) -> None:
    """openpyxl stores a text starting with '=' as a formula; every text cell is text here."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


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
