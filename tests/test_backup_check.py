"""`qualkit backup` while others code, and `qualkit check` (issue 17 item 9)."""

from __future__ import annotations

import sqlite3

from qualkit.project import Project
from tests.conftest import span_of


def test_backup_while_another_program_is_writing(cli, project, tmp_path):
    start, end = span_of(project, "se-d-08", "Hon lyssnar verkligen")
    project.code("se-d-08", start, end, "bemotande", "anna")
    other = Project.open(project.path)  # the TUI, say, in the middle of a write
    copy = tmp_path / "kopia.qualkit"
    with other.transaction():
        other.code("se-d-08", start, end + 4, "bemotande", "erik")
        result = cli("backup", project.path, copy)
        assert result.exit_code == 0, result.stderr
    other.close()
    assert result.stdout.strip() == f"backed up {project.path} to {copy}"
    with Project.open(copy) as backed_up:
        assert [(c.coder, c.start, c.end) for c in backed_up.coding_list()] == [
            ("anna", start, end)
        ]  # what was committed when the copy was taken
        assert backed_up.check() == []
    assert not list(tmp_path.glob(".*partial"))


def test_backup_refuses_to_overwrite(cli, project, tmp_path):
    copy = tmp_path / "kopia.qualkit"
    copy.write_text("viktigt", encoding="utf-8")
    result = cli("backup", project.path, copy)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {copy}: already exists; choose another name"
    assert copy.read_text(encoding="utf-8") == "viktigt"


def test_check_of_a_sound_project(cli, project):
    project.code("se-d-08", 0, 5, "bemotande", "anna")
    project.set_memo("transcript", "se-d-08", "bra intervju", "anna")
    project.undo("anna")
    result = cli("check", project.path)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ok: no problems found in {project.path}"


def test_check_lists_every_problem_and_exits_1(cli, project):
    project.code("se-d-08", 0, 5, "bemotande", "anna")
    length = len(project.text("se-d-08"))
    path = project.path
    project.close()
    db = sqlite3.connect(path)
    db.execute('UPDATE codings SET "end" = ? WHERE id = 1', (length + 10,))
    db.execute("UPDATE transcripts SET text = text || 'x' WHERE id = 'fs-af-01'")
    db.execute(
        'INSERT INTO codings (transcript, start, "end", code, coder, created, origin) '
        "VALUES ('borta', 0, 3, 'bemotande', 'erik', '2025', 'manual')"
    )
    db.execute(
        "INSERT INTO events (at, coder, action, payload) VALUES ('2025', 'erik', 'code', '{')"
    )
    db.commit()
    db.close()
    result = cli("check", path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "problem: codings row 2: refers to a missing row of transcripts" in lines
    assert "problem: transcript fs-af-01: its text does not match its fingerprint" in lines
    assert (
        f"problem: se-d-08 0–{length + 10} bemotande (anna, coding 1): outside the text of "
        f"se-d-08 (0–{length})"
    ) in lines
    assert "problem: event 2 (code by erik): its record is not valid JSON" in lines
    assert result.stderr.strip() == f"4 problem(s) in {path}"
