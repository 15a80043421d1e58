"""The case table: one row per transcript id, columns that become attributes (CSV or XLSX)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from qualkit.corpus.attributes import attribute_name, attribute_value
from qualkit.corpus.encoding import decode
from qualkit.errors import QualkitError


@dataclass(frozen=True)
class CaseTable:
    """Attributes by transcript id, with the line each id came from."""

    source: str
    rows: dict[str, dict[str, str]]
    lines: dict[str, int]
    warnings: tuple[str, ...] = ()


def read_case_table(path: Path) -> CaseTable:
    where = str(path)
    if not path.is_file():
        raise QualkitError("no such file", where)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        records = _xlsx_records(path, where)
    elif suffix in (".csv", ".tsv", ".txt"):
        records = _csv_records(path.read_bytes(), where)
    else:
        raise QualkitError(f"unsupported case table '{suffix}' (use .csv or .xlsx)", where)
    return _table(records, where)


def _csv_records(data: bytes, where: str) -> list[tuple[int, list[str]]]:
    text = decode(data, where).text.lstrip("\ufeff")
    if not text.strip():
        raise QualkitError("empty case table", where)
    header = text.split("\n", 1)[0]
    # Swedish Excel writes ';' because ',' is the decimal separator.
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error as e:
        raise QualkitError(f"not valid CSV: {e}", where, reader.line_num) from None


def _xlsx_records(path: Path, where: str) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise QualkitError(f"not a readable Excel workbook (.xlsx): {e}", where) from None
    sheet = workbook.worksheets[0]
    records = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell_text(value) for value in row]
        if any(cells):
            records.append((number, cells))
    workbook.close()
    return records


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)


def _table(records: list[tuple[int, list[str]]], where: str) -> CaseTable:
    if not records:
        raise QualkitError("empty case table", where)
    header_line, header = records[0]
    names = [c.strip() for c in header]
    id_column = next((i for i, n in enumerate(names) if n.casefold() == "id"), 0)
    if not names[id_column]:
        raise QualkitError("the id column has no name", where, header_line)
    columns = _columns(names, id_column, where, header_line)
    rows: dict[str, dict[str, str]] = {}
    lines: dict[str, int] = {}
    warnings: list[str] = []
    for line, cells in records[1:]:
        cells = cells + [""] * (len(names) - len(cells))
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
            raise QualkitError("more cells than the header has columns", where, line)
        transcript = cells[id_column].strip()
        if not transcript:
            raise QualkitError("row without an id", where, line)
        if transcript in rows:
            raise QualkitError(
                f"id '{transcript}' is given twice (first on line {lines[transcript]})", where, line
            )
        rows[transcript], lines[transcript] = {}, line
        for index, name in columns:
            if not cells[index].strip():
                continue  # an empty cell is a missing value, not an empty string
            value, warning = attribute_value(name, cells[index])
            rows[transcript][name] = value
            if warning:
                warnings.append(f"{where}:{line}: {warning}")
    return CaseTable(where, rows, lines, tuple(warnings))


def _columns(names: list[str], id_column: int, where: str, line: int) -> list[tuple[int, str]]:
    columns: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, raw in enumerate(names):
        if index == id_column:
            continue
        if not raw:
            raise QualkitError(f"column {index + 1} has no name", where, line)
        name = attribute_name(raw, where, line)
        if name in seen:
            raise QualkitError(f"column '{name}' appears twice", where, line)
        seen.add(name)
        columns.append((index, name))
    return columns
