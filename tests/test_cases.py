"""The case table: CSV (comma or semicolon, any encoding we read) and XLSX."""

import datetime as dt

import openpyxl
import pytest

from qualkit.corpus.cases import read_case_table
from qualkit.errors import QualkitError


def test_csv_rows_become_attributes_and_empty_cells_are_missing(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("id,arm,role,kommun,kön\nse-d-08,se,Deltagare,Malmö,\n", encoding="utf-8")
    table = read_case_table(path)
    assert table.rows == {
        "se-d-08": {"arm": "SE", "role": "deltagare", "kommun": "Malmö"},
    }
    assert table.lines == {"se-d-08": 2}


def test_semicolon_csv_from_swedish_excel_in_windows_1252(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes("ID;Arm;Kommun;Daglig verksamhet\nfs-d-03;FS;Örebro;nej\n".encode("cp1252"))
    assert read_case_table(path).rows == {
        "fs-d-03": {"arm": "FS", "kommun": "Örebro", "daglig_verksamhet": "nej"}
    }


def test_the_id_column_may_be_anywhere(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("kommun,id\nLuleå,cm-cm-02\n", encoding="utf-8")
    assert read_case_table(path).rows == {"cm-cm-02": {"kommun": "Luleå"}}


def test_xlsx_with_numbers_and_dates(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "arm", "ålder", "datum"])
    sheet.append(["fs-d-03", "FS", 24, dt.datetime(2025, 3, 12)])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    assert read_case_table(path).rows == {
        "fs-d-03": {"arm": "FS", "ålder": "24", "datum": "2025-03-12"}
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "cases.csv: empty case table"),
        ("id,arm\na,FS\na,SE\n", "cases.csv:3: id 'a' is given twice (first on line 2)"),
        ("id,arm\n,FS\n", "cases.csv:2: row without an id"),
        ("id,arm,arm\na,FS,SE\n", "cases.csv:1: column 'arm' appears twice"),
        ("id,arm\na,FS,extra\n", "cases.csv:2: more cells than the header"),
        ("id,code\na,x\n", "cases.csv:1: attribute name 'code' is reserved"),
    ],
)
def test_bad_case_tables_name_the_line(tmp_path, content, message):
    path = tmp_path / "cases.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QualkitError) as error:
        read_case_table(path)
    assert str(error.value).startswith(str(tmp_path / message))


def test_a_broken_workbook_is_refused(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_text("inte excel", encoding="utf-8")
    with pytest.raises(QualkitError, match="not a readable Excel workbook"):
        read_case_table(path)
