"""Read-only projects read, and say why they cannot be written (a file without write
permission, or one in a folder without it, as on a shared drive or an archive copy).

The commands run in a child process without the right to override file permissions: as root
(as in CI), through util-linux's `setpriv` dropping CAP_DAC_OVERRIDE; otherwise as is."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from qualkit.project import Project

ROOT = Path(__file__).resolve().parent.parent
DROP = [
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def _qualkit(*args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "qualkit", *map(str, args)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root and util-linux's setpriv is missing to drop the right")
        command = ["setpriv", *DROP, *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def shared(demo_file: Path, tmp_path: Path):
    """A copy of the demo whose file, or whose folder, is read-only; restored afterwards so
    pytest can clean up."""
    folder = tmp_path / "delad"
    folder.mkdir()
    path = folder / "demo.qualkit"
    shutil.copy(demo_file, path)
    before = path.read_bytes()

    def make(what: str) -> Path:
        target = path if what == "file" else folder
        target.chmod(target.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        return path

    yield make, before
    folder.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_every_reading_command_works_on_a_read_only_project(shared, what):
    make, _ = shared
    path = make(what)
    for args in (
        ["info", path],
        ["transcripts", path],
        ["codings", path, "--coder", "erik"],
        ["crosstab", path, "--cols", "arm"],
        ["agree", path, "--coders", "anna,erik", "--unit", "turn"],
    ):
        result = _qualkit(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.strip()


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_write_is_refused_in_one_line_naming_the_file_and_the_permission(shared, what):
    make, before = shared
    path = make(what)
    for args in (
        ["code", path, "se-d-08", 10, 20, "bemotande", "--coder", "anna"],
        ["memo", path, "En tanke.", "--coder", "anna"],
    ):
        result = _qualkit(*args)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr
        assert str(path) in lines[0] and "read-only project" in lines[0]
        assert (
            f"no write permission for {'the file' if what == 'file' else 'its folder'}" in lines[0]
        )
    assert path.read_bytes() == before
    journal = path.with_name(path.name + "-wal")  # a reader may leave an empty one
    assert not journal.exists() or journal.stat().st_size == 0


def test_an_old_project_that_needs_upgrading_says_so_instead_of_failing(shared):
    make, _ = shared
    import sqlite3

    path = make("folder")
    path.parent.chmod(0o755)
    with sqlite3.connect(path) as db:  # as a project made by the previous qualkit
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {version - 1}")
    path.chmod(0o444)
    result = _qualkit("info", path)
    assert result.returncode == 2
    assert "made by an older qualkit" in result.stderr and "write permission" in result.stderr


def test_a_writable_project_is_not_taken_for_read_only(demo_copy: Path):
    with Project.open(demo_copy) as project:
        assert project._store.read_only == ""
