"""Terminal output cannot be hijacked: control characters and escape sequences in a transcript
(ESC, an OSC that retitles the terminal) are shown as symbols on import, one for one so that
offsets hold, and any that an older project still holds are shown visibly by the CLI and the
TUI, never sent raw to the terminal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style

from qualkit.corpus.controls import visible
from qualkit.model import Coding
from qualkit.project import Project
from qualkit.tui.layout import Row
from qualkit.tui.widgets.row_painter import Focus, RowPainter

TITLE = "\x1b]0;hackad\x07"  # OSC: sets the terminal's title
RED = "\x1b[31m"
RAW = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"
PASSAGE = f"Jag vill {RED}jobba{TITLE} nu."


def _raw_controls(text: str) -> list[str]:
    return [ch for ch in text if (ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F]


def _interview(folder: Path) -> Path:
    """An interview of a few pages (a handful of escapes in a short file reads as binary)."""
    talk = "I: Och hur gick det sen?\nD: Det gick bra, tror jag. Vi pratade en hel del.\n" * 100
    path = folder / "d-01.md"
    path.write_text(
        f"---\nid: d-01\narm: SE\n---\n{talk}D: {PASSAGE}\x9b\n",
        encoding="utf-8",
    )
    return path


def test_import_shows_control_characters_as_symbols_and_says_how_many(cli, tmp_path, codebook_file):
    project = tmp_path / "studie.qualkit"
    assert cli("init", project, "--codebook", codebook_file).exit_code == 0
    cases = tmp_path / "fall.csv"  # YAML front matter refuses an ESC itself; a case table not
    cases.write_text("id,kommun\nd-01,Malm\x1bö\n", encoding="utf-8")
    result = cli("import", project, _interview(tmp_path), "--cases", cases)
    assert result.exit_code == 0, result.output
    assert "4 control character(s)" in result.output  # two ESC, a BEL and a C1 (\\x9b)
    with Project.open(project) as opened:
        text = opened.text("d-01")
        attributes = opened.attributes()["d-01"]
    assert _raw_controls(text) == []
    assert "Jag vill ␛[31mjobba␛]0;hackad␇ nu.\ufffd" in text
    assert attributes["kommun"] == "Malm␛ö"


def test_a_page_break_is_a_line_break(tmp_path, codebook_file):
    (tmp_path / "d-02.md").write_text("D: Första sidan.\fAndra sidan.\n", encoding="utf-8")
    with Project.create(tmp_path / "p.qualkit", codebook_file) as project:
        project.import_files([tmp_path / "d-02.md"])
        assert project.text("d-02") == "D: Första sidan.\nAndra sidan."


def _old_project(tmp_path: Path, codebook_file: Path) -> tuple[Path, int, int]:
    """A project whose stored text still holds raw escapes (written before this check)."""
    path = tmp_path / "gammal.qualkit"
    (tmp_path / "d-01.md").write_text(f"D: {'x' * len(PASSAGE)}\n", encoding="utf-8")
    with Project.create(path, codebook_file) as project:
        project.import_files([tmp_path / "d-01.md"])
        start = project.text("d-01").index("x")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE transcripts SET text = ? WHERE id = 'd-01'", (f"D: {PASSAGE}",))
    return path, start, start + len(PASSAGE)


def test_the_cli_never_prints_a_raw_escape(cli, tmp_path, codebook_file):
    path, start, end = _old_project(tmp_path, codebook_file)
    coded = cli("code", path, "d-01", start, end, "arbete", "--coder", "anna")
    assert coded.exit_code == 0, coded.output
    assert "␛[31mjobba" in coded.output
    for args in (["codings", path], ["codings", path, "--format", "table"]):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert "␛" in result.output
        assert _raw_controls(result.output) == [], args


def test_the_reader_paints_escapes_as_symbols_at_the_same_places():
    painter = RowPainter(
        {
            k: Style()
            for k in (
                "base",
                "gutter",
                "turn",
                "cursor",
                "cursor-coded",
                "selection",
                "speaker",
                "matched",
            )
        },
        tint=lambda code: Style(),
        label=lambda code: code[:3].upper(),
    )
    text = f"D: {PASSAGE}"
    row = Row(start=0, end=len(text), indent=0, label=0)
    coding = Coding(id=1, transcript="d-01", start=3, end=len(text), code="arbete", coder="anna")
    segments = painter.text(text, row, [coding], Focus(None, None, None))
    painted = "".join(s.text for s in segments)
    assert painted == visible(text)
    assert len(painted) == len(text)
    assert _raw_controls(painted) == []


@given(st.text())
def test_visible_keeps_every_offset_and_leaves_no_control(text):
    shown = visible(text)
    assert len(shown) == len(text)
    assert _raw_controls(shown) == []
    assert all(a == b for a, b in zip(shown, text, strict=True) if not _raw_controls(b))
