"""Exports are safe to open in a spreadsheet: a text that would start a formula is written so
that Excel or LibreOffice shows it as text (CSV: a leading apostrophe, as OWASP's CSV-injection
guidance describes; xlsx: a text cell, never a formula), and numbers are never changed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualkit.export.tables import inert

from .analysis_support import code, make_project

LINK = '=HYPERLINK("http://example.org/x","klick")'
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
BODY = "I: Hur har det varit?\nD: =1+1 sa hon. Jag vill jobba. Hon lyssnar på mig.\n"
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def risky(tmp_path: Path) -> Path:
    """Two respondents whose attributes and passage would run as formulas."""
    quoted = {"arm": json.dumps(LINK), "role": json.dumps(SUM)}  # YAML double-quoted strings
    people = {"d-01": quoted, "d-02": {"arm": "SE", "role": '"+46 70"'}}
    project = make_project(tmp_path, people, body=BODY)
    for transcript, coder in (("d-01", "anna"), ("d-01", "erik"), ("d-02", "anna")):
        code(project, transcript, "=1+1 sa hon.", "bemotande", coder)
        code(project, transcript, "Jag vill jobba.", "arbete", coder)
    path = project.path
    project.close()
    return path


def _no_formula_cells(rows: list[list[str]]) -> list[str]:
    """The cells a spreadsheet would run: those still starting with a formula character."""
    return [c for row in rows for c in row if c.startswith(STARTS) and not _number(c)]


def _number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize(
    "args",
    [
        ["transcripts", "--format", "csv"],
        ["codings", "--format", "csv"],
        ["crosstab", "--cols", "arm", "--format", "csv"],
        ["crosstab", "--rows", "role", "--cols", "arm", "--format", "csv"],
        ["framework", "--attributes", "arm,role", "--format", "csv"],
        ["quotes", "bemotande", "--format", "csv"],
        ["agree", "--coders", "anna,erik", "--format", "csv"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_csv_printed_by_a_command_does_not_run_in_a_spreadsheet(cli, risky, args):
    command, *rest = args
    result = cli(command, risky, *rest)
    assert result.exit_code in (0, 1), result.output
    rows = _csv_rows(result.stdout)
    assert len(rows) > 1
    assert _no_formula_cells(rows) == []


def test_the_formula_text_is_kept_readable_behind_one_apostrophe(cli, risky):
    rows = _csv_rows(cli("framework", risky, "--attributes", "arm,role", "--format", "csv").stdout)
    cells = {c for row in rows for c in row}
    assert "'" + LINK in cells
    assert "'" + SUM in cells
    assert "'+46 70" in cells


def test_numbers_stay_numbers(cli, risky):
    rows = _csv_rows(cli("crosstab", risky, "--cols", "arm", "--format", "csv").stdout)
    cells = [c for row in rows for c in row]
    assert any(_number(c) for c in cells)
    assert not [c for c in cells if c.startswith("'") and _number(c[1:])]


def test_csv_files_written_by_export_and_disagreements_are_safe(cli, risky, tmp_path):
    folder = tmp_path / "tabeller"
    folder.mkdir()
    assert cli("export", "csv", risky, folder).exit_code == 0
    differ = tmp_path / "skillnader.csv"
    cli("disagreements", risky, "--coders", "anna,erik", "--format", "csv", "-o", differ)
    files = [*sorted(folder.glob("*.csv")), differ]
    assert differ.is_file() and len(files) > 1
    for path in files:
        rows = _csv_rows(path.read_text(encoding="utf-8"))
        assert _no_formula_cells(rows) == [], path.name


def _formulas(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _texts(path: Path) -> set[str]:
    workbook = openpyxl.load_workbook(path)
    return {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def test_xlsx_writes_every_text_as_text(cli, risky, tmp_path):
    workbook = tmp_path / "tabeller.xlsx"
    framework = tmp_path / "schema.xlsx"
    assert cli("export", "xlsx", risky, workbook).exit_code == 0
    framework_args = ["--attributes", "arm,role", "--format", "xlsx", "-o", framework]
    assert cli("framework", risky, *framework_args).exit_code == 0
    for path in (workbook, framework):
        assert _formulas(path) == [], path.name
    assert {LINK, SUM} <= _texts(framework)  # shown exactly as written, no apostrophe needed


@given(st.text())
def test_inert_text_never_starts_a_formula_and_keeps_what_was_written(text):
    safe = inert(text)
    assert safe in (text, "'" + text)
    assert not safe.startswith(STARTS) or _number(safe)


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)))
def test_numbers_written_as_text_are_not_touched(number):
    assert inert(str(number)) == str(number)
    assert inert(number) == number
