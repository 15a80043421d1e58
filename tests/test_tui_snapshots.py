"""What the main screens look like, compared with SVG baselines in tests/__snapshots__/.

After a deliberate change to a screen, look at the new picture and accept it with
`.venv/bin/python -m pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from .tui_support import app_for

WIDE = (100, 30)
NARROW = (80, 24)


def opened(transcript: str, *keys: str):
    """Open a transcript in the reader, then press keys."""

    async def run_before(pilot) -> None:
        pilot.app.open_transcript(transcript)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_overview(snap_compare, demo_copy):
    assert snap_compare(app_for(demo_copy), terminal_size=WIDE)


def test_overview_filtered_at_80x24(snap_compare, demo_copy):
    assert snap_compare(app_for(demo_copy), press=["slash", *"malmo"], terminal_size=NARROW)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["100x30", "80x24"])
def test_reader_with_codings_and_a_selection(snap_compare, demo_copy, size):
    keys = ["down"] * 6 + ["v", "down", "shift+right"]
    assert snap_compare(app_for(demo_copy), terminal_size=size, run_before=opened("se-d-08", *keys))


def test_code_picker(snap_compare, demo_copy):
    assert snap_compare(
        app_for(demo_copy), terminal_size=WIDE, run_before=opened("se-d-08", "c", *"lyssn")
    )


def test_memo_editor(snap_compare, demo_copy):
    keys = ["M", *"Ångest, inte bemötande?"]
    assert snap_compare(app_for(demo_copy), terminal_size=WIDE, run_before=opened("se-d-08", *keys))


def test_codebook(snap_compare, demo_copy):
    assert snap_compare(app_for(demo_copy), press=["g", "down", "down"], terminal_size=WIDE)


def test_help(snap_compare, demo_copy):
    assert snap_compare(app_for(demo_copy), press=["question_mark"], terminal_size=WIDE)
