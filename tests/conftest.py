"""Shared fixtures: small transcripts and codebooks written per test, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualkit.cli import app
from qualkit.project import Project

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

MINI_CODEBOOK = """\
title: Testkodbok
codes:
  - id: bemotande
    name: Bemötande
    short: BEM
    color: "#4E79A7"
    keywords: [lyssna, bemöt*, bry sig om]
  - id: arbete
    name: Arbete
    keywords: [jobb*]
  - id: arbete/motivation
    name: Motivation
    keywords: [vilja jobba]
  - id: arbete/pa_arbetsplats
    name: På arbetsplatsen
    keywords: [praktik*]
"""

SE_D_08 = """\
---
id: se-d-08
nr: 8
arm: SE
role: deltagare
kommun: Malmö
datum: 2025-03-12
daglig_verksamhet: nej
---
I: Hur har det varit med kontakten med din SIUS?
D: Hon lyssnar verkligen på mig, alltså. Hon bryr sig om hur jag mår, inte bara om papper.
I: Och jobbet, hur går det där?
D: Jag har fått praktik på en restaurang, tre dagar i veckan. Det känns … jag vet inte, bra?
"""

FS_AF_01 = """\
I: Hur arbetar ni med de unga?
IP: Vi har samverkansmöten varannan vecka, t.ex. med Försäkringskassan. Det fungerar bra.
"""


class Cli:
    """Runs the CLI in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: object, input: str | None = None):
        return self.runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def codebook_file(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(MINI_CODEBOOK, encoding="utf-8")
    return path


@pytest.fixture
def transcripts(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "intervjuer"
    folder.mkdir()
    first = folder / "se-d-08.md"
    first.write_text(SE_D_08, encoding="utf-8")
    second = folder / "fs-af-01.txt"
    second.write_text(FS_AF_01, encoding="utf-8")
    return [first, second]


@pytest.fixture
def project(tmp_path: Path, codebook_file: Path, transcripts: list[Path]) -> Project:
    opened = Project.create(tmp_path / "studie.qualkit", codebook_file)
    opened.import_files(transcripts)
    yield opened
    opened.close()


def span_of(project: Project, transcript: str, passage: str) -> tuple[int, int]:
    text = project.text(transcript)
    start = text.index(passage)
    return start, start + len(passage)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo project (sample interviews, shipped codebook, anna's and erik's codings),
    built once; tests that change a project copy it first."""
    from qualkit.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.qualkit"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo project of one's own, for a test that changes it."""
    path = tmp_path / "demo.qualkit"
    shutil.copy(demo_file, path)
    return path
