"""Read codings from a CSV table: the demo coders' files and `qualkit codings` output.

Columns: `transcript`, `coder`, `code`, and either `start`/`end` (code-point offsets) or
`quote`/`text` (the passage itself), or both. Optional: `occurrence`, `origin`, `created`,
`memo`. Other columns (such as attributes in an export) are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from qualkit.corpus.encoding import decode
from qualkit.errors import QualkitError
from qualkit.model import ORIGINS

REQUIRED = ("transcript", "coder", "code")


@dataclass(frozen=True)
class CodingRow:
    where: str
    line: int
    transcript: str
    coder: str
    code: str
    start: int | None
    end: int | None
    quote: str
    occurrence: int | None
    origin: str
    created: str
    memo: str | None


def read_codings_table(path: Path) -> list[CodingRow]:
    where = str(path)
    if not path.is_file():
        raise QualkitError("no such file", where)
    text = decode(path.read_bytes(), where).text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().casefold() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise QualkitError(f"codings table lacks the column(s) {', '.join(missing)}", where, 1)
    if not {"start", "end"} <= set(columns) and not {"quote", "text"} & set(columns):
        raise QualkitError("codings table needs start and end columns, or a quote column", where, 1)
    rows = []
    try:
        for raw in reader:
            cells = {k.strip().casefold(): (v or "").strip() for k, v in raw.items() if k}
            rows.append(_row(cells, where, reader.line_num))
    except csv.Error as e:
        raise QualkitError(f"not valid CSV: {e}", where, reader.line_num) from None
    return rows


def _row(cells: dict[str, str], where: str, line: int) -> CodingRow:
    for column in REQUIRED:
        if not cells.get(column):
            raise QualkitError(f"empty '{column}'", where, line)
    origin = cells.get("origin") or "import"
    if origin not in ORIGINS:
        raise QualkitError(f"origin '{origin}' is not one of {', '.join(ORIGINS)}", where, line)
    start, end = _offset(cells, "start", where, line), _offset(cells, "end", where, line)
    quote = cells.get("quote") or cells.get("text") or ""
    if (start is None or end is None) and not quote:
        raise QualkitError("a coding needs start and end, or a quote", where, line)
    return CodingRow(
        where=where,
        line=line,
        transcript=cells["transcript"],
        coder=cells["coder"],
        code=cells["code"],
        start=start,
        end=end,
        quote=quote,
        occurrence=_offset(cells, "occurrence", where, line),
        origin=origin,
        created=cells.get("created", ""),
        memo=cells.get("memo") or None,
    )


def _offset(cells: dict[str, str], column: str, where: str, line: int) -> int | None:
    value = cells.get(column, "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise QualkitError(
            f"'{column}' must be a whole number, not '{value}'", where, line
        ) from None
