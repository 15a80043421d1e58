"""The disagreement listing as a Word table (Swedish headings), for the coders' meeting,
written with the report's table writer (numbered caption, repeating header, note)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

UNIT_NAMES = {"document": "intervju", "sentence": "mening", "turn": "replik", "span": "passage"}


def write_disagreements(frame: pd.DataFrame, path: Path, coders: list[str], unit: str) -> None:
    """Write a heading and one table: Intervju, Enhet, Text, then one column per coder."""
    from qualkit.export.docx import add_table, new_document, save_document

    document = new_document("sv")
    shown = frame[["transcript", "unit", "text", *coders]].rename(
        columns={"transcript": "Intervju", "unit": "Enhet", "text": "Text"}
    )
    unit_name = UNIT_NAMES.get(unit, unit)
    note = (
        f"Kodare: {', '.join(coders)}. Enhet: {unit_name}. "
        f"{len(frame)} enheter där kodarna skiljer sig åt."
    )
    caption = f"Enheter där kodarna skiljer sig åt (enhet: {unit_name})"
    add_table(document, shown, caption, note, heading="Oenighet mellan kodare")
    save_document(document, path)
