"""The command line as scripts and researchers use it: output, exit codes, one-line errors."""

import csv
import io
import json
import sqlite3

import pytest

from .conftest import MINI_CODEBOOK, SE_D_08

BODY = SE_D_08.split("---\n")[2].strip()
LYSSNAR = BODY.index("Hon lyssnar verkligen på mig")  # the stored text is the body
S, E = str(LYSSNAR), str(LYSSNAR + len("Hon lyssnar verkligen på mig"))


def assert_error(result, message):
    """Exit code 2, nothing on stdout, one clear line on stderr, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") or result.stderr.startswith("Usage:")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def studie(cli, tmp_path, codebook_file, transcripts):
    path = tmp_path / "studie.qualkit"
    assert cli("init", path, "--codebook", codebook_file).exit_code == 0
    result = cli("import", path, *transcripts)
    assert result.stdout == "imported 2 transcript(s)\n"
    return path


def test_init_import_info(cli, studie):
    result = cli("info", studie)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "codebook     Testkodbok (4 codes)"
    assert lines[2] == "transcripts  2 (67 words)"
    assert lines[3] == "  arm        SE 1"
    summary = json.loads(cli("info", studie, "--format", "json").stdout)
    assert summary["transcripts"] == 2
    assert summary["attributes"]["role"] == {"deltagare": 1}


def test_import_reports_conversions_and_skips(cli, studie, tmp_path):
    latin = tmp_path / "cm-d-05.txt"
    latin.write_bytes("D: Jag mår bättre på jobbet.\n".encode("cp1252"))
    result = cli("import", studie, latin, tmp_path / "intervjuer" / "se-d-08.md")
    assert result.exit_code == 0
    assert result.stdout == "imported 1 transcript(s)\n"
    assert f"note: {latin}: converted from Windows-1252" in result.stderr
    assert "skipped: se-d-08.md: already imported as 'se-d-08'" in result.stderr
    rows = list(csv.DictReader(io.StringIO(cli("transcripts", studie, "-f", "csv").stdout)))
    assert [r["id"] for r in rows] == ["se-d-08", "fs-af-01", "cm-d-05"]


def test_code_then_codings_in_csv_and_json(cli, studie):
    result = cli("code", studie, "se-d-08", S, E, "bemotande", "--coder", "anna")
    passage = "«Hon lyssnar verkligen på mig»"
    assert result.stdout == f"coded se-d-08 {S}–{E} bemotande (anna): {passage}\n"
    again = cli("code", studie, "se-d-08", S, E, "bemotande", "--coder", "anna")
    assert again.stdout.startswith(f"already coded se-d-08 {S}–{E}")
    rows = list(csv.DictReader(io.StringIO(cli("codings", studie).stdout)))
    assert len(rows) == 1
    assert list(rows[0])[:8] == [
        "transcript", "start", "end", "code", "coder", "origin", "created", "text"
    ]  # fmt: skip
    assert rows[0]["text"] == "Hon lyssnar verkligen på mig"
    assert rows[0]["arm"] == "SE" and rows[0]["kommun"] == "Malmö"
    records = json.loads(cli("codings", studie, "--format", "json").stdout)
    assert records[0]["start"] == LYSSNAR and records[0]["coder"] == "anna"


def test_uncode_undo_redo(cli, studie):
    cli("code", studie, "se-d-08", S, E, "bemotande", "--coder", "anna")
    result = cli("uncode", studie, "se-d-08", S, E, "bemotande", "--coder", "anna")
    assert result.stdout == f"uncoded se-d-08 {S}–{E} bemotande (anna)\n"
    undone = cli("undo", studie, "--coder", "anna").stdout
    assert undone == f"undone: uncode se-d-08 {S}–{E} bemotande\n"
    assert len(cli("codings", studie, "-f", "json").stdout) > 3
    assert cli("redo", studie, "--coder", "anna").stdout.startswith("redone: uncode")
    assert json.loads(cli("codings", studie, "-f", "json").stdout) == []
    assert cli("redo", studie, "--coder", "anna").stdout == "nothing to redo\n"


def test_coder_from_the_environment(cli, studie, monkeypatch):
    monkeypatch.setenv("QUALKIT_CODER", "erik")
    assert cli("code", studie, "se-d-08", S, E, "bemotande").exit_code == 0
    assert json.loads(cli("codings", studie, "-f", "json").stdout)[0]["coder"] == "erik"


def test_memo(cli, studie, tmp_path):
    result = cli("memo", studie, "Om SIUS.", "--coder", "anna", "--transcript", "se-d-08")
    assert result.stdout == "memo saved on transcript se-d-08\n"
    assert json.loads(cli("info", studie, "-f", "json").stdout)["memos"] == 1


def test_memos_lists_every_memo_with_what_it_is_on(cli, studie):
    cli("memo", studie, "Om SIUS-stödet.", "--coder", "anna", "--transcript", "se-d-08")
    cli(
        "memo",
        studie,
        "Lyssnar.",
        "--coder",
        "anna",
        "--transcript",
        "se-d-08",
        "--code",
        "bemotande",
    )
    cli("memo", studie, "Gränsfall.", "--coder", "erik", "--code", "bemotande")
    cli("code", studie, "se-d-08", S, E, "bemotande", "--coder", "anna", "--memo", "Tydligt.")
    rows = list(csv.DictReader(io.StringIO(cli("memos", studie, "-f", "csv").stdout)))
    assert [
        (r["on"], r["transcript"], r["start"], r["code"], r["coder"], r["memo"]) for r in rows
    ] == [
        ("transcript", "se-d-08", "", "", "anna", "Om SIUS-stödet."),
        ("cell", "se-d-08", "", "bemotande", "anna", "Lyssnar."),
        ("code", "", "", "bemotande", "erik", "Gränsfall."),
        ("coding", "se-d-08", S, "bemotande", "anna", "Tydligt."),
    ]
    anna = cli("memos", studie, "--coder", "anna").stdout
    assert "Tydligt." in anna and "Gränsfall." not in anna
    assert cli("memos", studie, "--coder", "nils").stdout == "(none)\n"


def test_round_trip_import_code_export_reimport(cli, studie, tmp_path, codebook_file, transcripts):
    for start, end, code, coder in [
        (LYSSNAR, LYSSNAR + 28, "bemotande", "anna"),
        (LYSSNAR, LYSSNAR + 40, "bemotande", "erik"),
        (BODY.index("praktik"), BODY.index("praktik") + 24, "arbete/pa_arbetsplats", "anna"),
    ]:
        assert cli("code", studie, "se-d-08", start, end, code, "--coder", coder).exit_code == 0
    cli(
        "code",
        studie,
        "se-d-08",
        LYSSNAR,
        LYSSNAR + 28,
        "bemotande",
        "--coder",
        "anna",
        "--memo",
        "Ja!",
    )
    exported = tmp_path / "codings.csv"
    exported.write_text(cli("codings", studie).stdout, encoding="utf-8")
    assert ",Hon lyssnar verkligen på mig,Ja!," in exported.read_text(encoding="utf-8")

    copy = tmp_path / "kopia.qualkit"
    cli("init", copy, "--codebook", codebook_file)
    result = cli("import", copy, *transcripts, "--codings", exported)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("imported 2 transcript(s); 3 coding(s) added, 0 already present\n")
    assert cli("codings", copy).stdout == exported.read_text(encoding="utf-8")


def test_codebook_check(cli, codebook_file, tmp_path):
    result = cli("codebook", "check", codebook_file)
    assert result.exit_code == 0
    assert result.stdout == f"ok: {codebook_file}: 4 codes, 6 keywords\n"
    broken = tmp_path / "trasig.yaml"
    broken.write_text(
        MINI_CODEBOOK.replace("id: arbete\n", "id: Arbete\n").replace("#4E79A7", "blå"),
        encoding="utf-8",
    )
    result = cli("codebook", "check", broken)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {broken}:6: colour 'blå' is not of the form #RRGGBB",
        f"error: {broken}:8: malformed id 'Arbete': use lower-case ASCII letters, digits and "
        "'_', with '/' between levels (e.g. arbete/motivation)",
        f"error: {broken}:11: unknown parent 'arbete' of 'arbete/motivation'",
        f"error: {broken}:14: unknown parent 'arbete' of 'arbete/pa_arbetsplats'",
    ]


def test_codebook_use(cli, studie, tmp_path):
    bigger = tmp_path / "ny.yaml"
    bigger.write_text(MINI_CODEBOOK + "  - {id: halsa, name: Hälsa}\n", encoding="utf-8")
    result = cli("codebook", "use", studie, bigger)
    assert result.stdout == f"{studie}: codebook 'Testkodbok' with 5 codes\n"


def test_bad_input_gives_one_line_and_exit_2(cli, studie, tmp_path):
    not_project = tmp_path / "anteckningar.txt"
    not_project.write_text("inte ett projekt")
    newer = tmp_path / "ny.qualkit"
    cli("init", newer)
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.close()
    binary = tmp_path / "bild.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    cases = [
        (("info", tmp_path / "saknas.qualkit"), "no such project"),
        (("info", not_project), "not a qualkit project"),
        (("info", newer), "made by a newer qualkit (schema 99"),
        (("init", studie), "already exists"),
        (("init", tmp_path / "x.qualkit", "--codebook", tmp_path / "nej.yaml"), "no such file"),
        (("import", studie, tmp_path / "saknas.md"), "saknas.md: no such file"),
        (("import", studie, binary), "bild.txt: binary file, not text"),
        (("import", studie), "nothing to import"),
        (("import", studie, "--cases", tmp_path / "saknas.csv"), "saknas.csv: no such file"),
        (("code", studie, "se-d-08", 0, 5, "okänd", "--coder", "a"), "no code 'okänd'"),
        (("code", studie, "se-d-08", 0, 99999, "arbete", "--coder", "a"), "outside the text"),
        (("code", studie, "nej", 0, 5, "arbete", "--coder", "a"), "no transcript 'nej'"),
        (("code", studie, "se-d-08", "x", 5, "arbete", "--coder", "a"), "Invalid value"),
        (("uncode", studie, "se-d-08", 0, 5, "arbete", "--coder", "a"), "a has no coding"),
        (("memo", studie, "x", "--coder", "a", "--code", "nej"), "no code 'nej'"),
    ]
    for args, message in cases:
        assert_error(cli(*args), message)
    assert not (tmp_path / "x.qualkit").exists()


def test_a_failed_import_leaves_the_project_as_it_was(cli, studie, tmp_path):
    good = tmp_path / "cm-d-05.md"
    good.write_text("D: Jag vill jobba.\n", encoding="utf-8")
    before = cli("transcripts", studie, "-f", "csv").stdout
    assert_error(cli("import", studie, good, tmp_path / "saknas.md"), "no such file")
    assert cli("transcripts", studie, "-f", "csv").stdout == before


def test_help_reads_well(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("init", "import", "info", "codebook", "code", "uncode", "codings", "demo"):
        assert f"  {command} " in result.stdout
    assert "  qualkit import studie.qualkit intervjuer/" in cli("import", "--help").stdout
