"""Small projects made to order for the analysis tests: respondents with chosen attributes."""

from __future__ import annotations

import shutil
from pathlib import Path

from qualkit.project import Project

from .conftest import MINI_CODEBOOK

BODY = "I: Hur har det varit?\nD: Jag vill jobba. Hon lyssnar på mig. Jag har praktik nu.\n"


def make_project(folder: Path, people: dict[str, dict[str, str]], body: str = BODY) -> Project:
    """A project with the mini codebook and one short interview per id in `people` (each
    ends with its own line, so no two texts are the same file to the importer)."""
    interviews = folder / "intervjuer"
    interviews.mkdir()
    for transcript, attributes in people.items():
        front = "".join(f"{k}: {v}\n" for k, v in attributes.items())
        text = f"---\nid: {transcript}\n{front}---\n{body}\nI: Tack, {transcript}.\n"
        (interviews / f"{transcript}.md").write_text(text, encoding="utf-8")
    project = Project.create(folder / "studie.qualkit", _codebook(folder))
    project.import_files([interviews])
    return project


def _codebook(folder: Path) -> Path:
    path = folder / "kodbok.yaml"
    path.write_text(MINI_CODEBOOK, encoding="utf-8")
    return path


def code(project: Project, transcript: str, passage: str, code_id: str, coder: str = "anna"):
    text = project.text(transcript)
    start = text.index(passage)
    return project.code(transcript, start, start + len(passage), code_id, coder)


def copy_of(path: Path, folder: Path) -> Project:
    target = folder / path.name
    shutil.copy(path, target)
    return Project.open(target)
