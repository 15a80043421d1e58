"""The analysis commands as scripts and researchers use them."""

import csv
import io
import json
from collections import defaultdict

import docx
import openpyxl

from .test_cli import assert_error


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_crosstab_csv_agrees_with_an_independent_count_of_qualkit_codings(cli, demo_file):
    codings = read_csv(cli("codings", demo_file, "--format", "csv").stdout)
    people = defaultdict(set)
    for row in codings:
        parts = row["code"].split("/")
        for depth in range(len(parts)):
            people["/".join(parts[: depth + 1]), row["arm"], row["role"]].add(row["transcript"])
    result = cli("crosstab", demo_file, "--cols", "arm,role", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    table = read_csv(result.stdout)
    header = list(table[0])
    assert header[:3] == ["code", "name", "level"]
    groups = [h for h in header if " / " in h and not h.startswith(("p ", "test ", "sig "))]
    assert "SE / SIUS-konsulent" in groups and "CM / case manager" in groups
    for row in table:
        for group in groups:
            arm, role = group.split(" / ")
            assert int(row[group]) == len(people[row["code"], arm, role]), (row["code"], group)
    assert table[0]["code"] == "bemotande" and table[0]["name"] == "Bemötande"


def test_crosstab_json_is_one_document_with_the_groups(cli, demo_file):
    result = cli("crosstab", demo_file, "--where", "role=deltagare", "--format", "json")
    document = json.loads(result.stdout)
    assert document["where"] == {"role": ["deltagare"]}
    assert [g["label"] for g in document["groups"]] == ["FS", "SE", "CM"]
    assert sum(g["n"] for g in document["groups"]) == document["respondents"]
    assert list(document["table"][0])[:2] == ["code", "name"]
    assert document["comparisons"][0]["columns"] == ["p SE vs FS", "test SE vs FS", "sig SE vs FS"]


def test_crosstab_table_for_reading(cli, demo_file):
    result = cli("crosstab", demo_file)
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "Tema",
        "FS",
        "SE",
        "CM",
        "Totalt",
        "p",
        "SE",
        "mot",
        "FS",
        "p",
        "CM",
        "mot",
        "FS",
    ]
    assert lines[1].startswith("Antal intervjuade (n)")
    assert any(line.startswith("  Motivation") for line in lines)
    assert "Fishers exakta test" in result.stdout
    assert "p-värden, * p < 0,05, ** p < 0,01, *** p < 0,001" in result.stdout
    # Every interview has a coding under Arbete (or one of its sub-themes): in both groups
    # everyone took it up, so it is not tested, shown as –, and the legend says why.
    (everyone,) = [line for line in lines if line.startswith("Arbete")]
    assert everyone.split()[1:] == ["5", "7", "7", "19", "–", "–"]
    assert "– ej testat: ingen, eller alla, i båda grupperna tog upp temat." in result.stdout


def test_analysis_errors_are_one_line_with_exit_2(cli, demo_file, tmp_path):
    cases = [
        (("crosstab", demo_file, "--cols", "arme"), "no attribute 'arme' (did you mean 'arm'?)"),
        (("crosstab", demo_file, "--where", "arm"), "a condition is ATTRIBUTE=VALUE"),
        (("crosstab", demo_file, "--where", "arm=XX"), "no transcript has arm=XX"),
        (("crosstab", demo_file, "--format", "xlsx"), "give it with --output"),
        (("crosstab", demo_file, "-o", tmp_path / "nej" / "x.csv"), "the folder does not exist"),
        (("quotes", demo_file, "bemötande"), "no code 'bemötande'"),
        (("quotes", demo_file, "arbete", "--template", "{kommun"), "label template"),
        (("cooccurrence", demo_file, "--unit", "stycke"), "a unit is one of"),
        (("framework", demo_file, "--names", tmp_path / "namn.txt"), "no such file"),
        (("export", "docx", demo_file, tmp_path / "r.docx", "--include", "bild"), "--include"),
        (("crosstab", tmp_path / "saknas.qualkit"), "no such project"),
    ]
    for args, message in cases:
        assert_error(cli(*args), message)
    assert list(tmp_path.iterdir()) == []


def test_output_files_csv_and_xlsx(cli, demo_file, tmp_path):
    out = tmp_path / "tabell.csv"
    result = cli("crosstab", demo_file, "--count", "segments", "-o", out, "-f", "csv")
    assert result.stdout == "" and f"wrote {out}" in result.stderr
    assert read_csv(out.read_text(encoding="utf-8"))[0]["code"] == "bemotande"
    book = tmp_path / "tabell.xlsx"
    assert cli("quotes", demo_file, "arbete", "-f", "xlsx", "-o", book).exit_code == 0
    sheet = openpyxl.load_workbook(book)["quotes"]
    assert [c.value for c in sheet[1]] == ["transcript", "start", "end", "code", "label", "quote"]
    assert sheet.max_row > 2


def test_quotes_framework_and_cooccurrence_commands(cli, demo_file, tmp_path):
    names = tmp_path / "namn.txt"
    names.write_text("Jonas\n", encoding="utf-8")
    found = json.loads(
        cli(
            "quotes", demo_file, "risker", "--names", names, "--where", "arm=FS", "-f", "json"
        ).stdout
    )
    assert found["code"] == "risker"
    texts = [q["quote"] for q in found["quotes"]]
    assert any("[namn]" in t for t in texts) and not any("Jonas" in t for t in texts)
    assert {q["label"].rsplit(" ", 1)[0] for q in found["quotes"]} <= {
        "Intervju FS-deltagare",
        "Intervju FS-arbetsförmedlare",
        "Intervju FS-personlig handläggare",
    }
    matrix = cli("framework", demo_file, "--themes", "arbete", "--where", "role=case manager")
    assert matrix.stdout.startswith("cm-cm-01 (CM, case manager)\n  Arbete:\n    ")
    square = read_csv(cli("cooccurrence", demo_file, "--unit", "transcript", "-f", "csv").stdout)
    # Bemötande is coded in 18 of the 19 interviews (all but se-sius-02)
    assert square[0]["code"] == "bemotande" and square[0]["bemotande"] == "18"


def test_a_memo_on_a_framework_cell_shows_in_the_matrix(cli, demo_file, tmp_path):
    import shutil

    path = tmp_path / "studie.qualkit"
    shutil.copy(demo_file, path)
    text = "Vill arbeta med djur."
    result = cli(
        "memo", path, text, "--transcript", "cm-cm-01", "--code", "arbete", "--coder", "anna"
    )
    assert result.stdout == "memo saved on cell cm-cm-01|arbete\n"
    rows = read_csv(cli("framework", path, "--themes", "arbete", "-f", "csv").stdout)
    assert next(r for r in rows if r["transcript"] == "cm-cm-01")["arbete"] == text
    assert_error(
        cli("memo", path, "x", "--transcript", "cm-cm-99", "--code", "arbete", "--coder", "anna"),
        "no transcript 'cm-cm-99'",
    )


def test_export_docx_xlsx_and_csv(cli, demo_file, tmp_path):
    out = tmp_path / "rapport.docx"
    result = cli("export", "docx", demo_file, out, "--max-quotes", "3", "--themes", "bemotande")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out}: 3 table(s)\n"
    document = docx.Document(str(out))
    assert len(document.tables) == 3
    book = tmp_path / "tabeller.xlsx"
    assert cli("export", "xlsx", demo_file, book, "--include", "crosstab,framework").exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames == ["crosstab", "framework"]
    folder = tmp_path / "csv"
    result = cli(
        "export",
        "csv",
        demo_file,
        folder,
        "--include",
        "crosstab,quotes",
        "--themes",
        "arbete,halsa",
    )
    assert result.stdout == f"wrote 3 file(s) in {folder}\n"
    assert sorted(p.name for p in folder.iterdir()) == [
        "crosstab.csv",
        "quotes-arbete.csv",
        "quotes-halsa.csv",
    ]


def test_help_shows_examples(cli):
    for command in (["crosstab"], ["cooccurrence"], ["framework"], ["quotes"], ["export", "docx"]):
        shown = cli(*command, "--help").stdout
        assert f"Example:\n    qualkit {' '.join(command)} studie.qualkit" in shown


def test_a_project_without_codings_says_so_and_tests_nothing(cli, project):
    path = project.path
    project.close()
    result = cli("crosstab", path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Inga kodningar att räkna: alla tal är 0 och inget är testat."
    assert "1,00" not in result.stdout


def test_quotes_read_from_the_left_short_or_long(cli, demo_file):
    result = cli("quotes", demo_file, "bemotande", "--limit", "5")
    lines = result.stdout.splitlines()
    start = lines[0].index("quote")
    short = next(line for line in lines if line.startswith("Intervju CM-deltagare 9"))
    assert short[start:].startswith("Hon är … hon är snäll.")  # flush left, not pushed right
    assert all(line[start - 1] == " " and line[start] != " " for line in lines[1:])


def test_agreement_lists_codes_by_name_in_codebook_order(cli, demo_file):
    result = cli("agree", demo_file, "--coders", "anna,erik", "--bootstrap", "0")
    names = [line[2:28].strip() for line in result.stdout.splitlines()[2:] if line.startswith("  ")]
    assert names[:4] == ["Bemötande", "Delaktighet", "Arbete", "Motivation"]
    assert "bemotande" not in result.stdout and names[-1] == "(overall)"
    shown = json.loads(cli("agree", demo_file, "--coders", "anna,erik", "-f", "json").stdout)
    assert shown["codes"][0]["code"] == "bemotande"  # scripts keep the ids
