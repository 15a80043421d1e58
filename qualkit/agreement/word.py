"""The disagreement listing as a Word table (Swedish headings), for the coders' meeting.

A minimal python-docx writer kept here until the shared Word export (qualkit/export/docx.py)
lands; then this should call it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    import pandas as pd

UNIT_NAMES = {"document": "intervju", "sentence": "mening", "turn": "replik", "span": "passage"}


def write_disagreements(frame: pd.DataFrame, path: Path, coders: list[str], unit: str) -> None:
    """Write a heading and one table: Intervju, Enhet, Text, then one column per coder."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading("Oenighet mellan kodare", level=1)
    document.add_paragraph(
        f"Kodare: {', '.join(coders)}. Enhet: {UNIT_NAMES.get(unit, unit)}. "
        f"{len(frame)} enheter där kodarna skiljer sig åt."
    )
    headings = ["Intervju", "Enhet", "Text", *coders]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for record in frame.itertuples(index=False):
        row = table.add_row().cells
        values = [record.transcript, record.unit, record.text, *record[5:]]
        for cell, value in zip(row, values, strict=True):
            cell.text = str(value)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
    _save(document, path)


def _save(document, path: Path) -> None:
    """Write beside the target and rename, so a failed write leaves nothing half-made."""
    if not path.parent.is_dir():
        raise QualkitError("the folder does not exist", str(path))
    handle, temporary = tempfile.mkstemp(suffix=".docx", dir=path.parent)
    os.close(handle)
    try:
        document.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
