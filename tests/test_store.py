"""The project file: what makes it ours, its schema version, durability across processes."""

import sqlite3
import subprocess
import sys

import pytest

from qualkit.errors import QualkitError
from qualkit.project import Project
from qualkit.store import APPLICATION_ID, SCHEMA_VERSION, Store


def test_a_new_project_is_marked_versioned_and_in_wal_mode(tmp_path):
    Project.create(tmp_path / "p.qualkit").close()
    db = sqlite3.connect(tmp_path / "p.qualkit")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_existing_file_is_never_overwritten(tmp_path):
    path = tmp_path / "p.qualkit"
    path.write_text("mina anteckningar")
    with pytest.raises(QualkitError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "mina anteckningar"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("hej hej, det här är text och ingen databas".encode() * 20, "not a qualkit project"),
        (b"", "not a qualkit project"),
    ],
)
def test_files_that_are_not_projects_are_refused_unchanged(tmp_path, content, message):
    path = tmp_path / "x.qualkit"
    path.write_bytes(content)
    with pytest.raises(QualkitError, match=message):
        Project.open(path)
    assert path.read_bytes() == content


def test_another_sqlite_database_is_not_a_project(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(QualkitError, match="not a qualkit project"):
        Project.open(path)


def test_a_project_from_a_newer_qualkit_is_refused(tmp_path):
    path = tmp_path / "p.qualkit"
    Project.create(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(QualkitError, match="made by a newer qualkit"):
        Project.open(path)


def test_opening_an_older_schema_runs_the_migrations(tmp_path, monkeypatch):
    import qualkit.store as store

    path = tmp_path / "p.qualkit"
    Project.create(path).close()
    # Pretend a later qualkit added a table in schema version 2.
    monkeypatch.setitem(store.MIGRATIONS, SCHEMA_VERSION + 1, "CREATE TABLE extra (x)")
    monkeypatch.setattr(store, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    opened = Store.open(path)
    assert opened.schema_version == SCHEMA_VERSION + 1
    opened.close()
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert ("extra",) in tables


def test_a_missing_project_is_not_created_by_opening_it(tmp_path):
    with pytest.raises(QualkitError, match="no such project"):
        Project.open(tmp_path / "nope.qualkit")
    assert not (tmp_path / "nope.qualkit").exists()


def test_a_coding_survives_a_killed_process_and_another_process_sees_it(project, tmp_path):
    # A child process codes, then dies with SIGKILL without closing anything.
    script = (
        "import os, signal\n"
        "from qualkit.project import Project\n"
        f"p = Project.open({str(project.path)!r})\n"
        "p.code('se-d-08', 0, 10, 'bemotande', 'anna')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert done.returncode == -9
    assert [(c.transcript, c.start, c.end) for c in project.coding_list()] == [("se-d-08", 0, 10)]
