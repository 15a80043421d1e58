"""What the main screens look like, compared with SVG baselines in tests/__snapshots__/.

After a deliberate change to a screen, look at the new picture and accept it with
`.venv/bin/python -m pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from .tui_support import app_for, plant_suggestions, settle

WIDE = (100, 30)
NARROW = (80, 24)
# Fixed suggestions for se-d-08, so that no screen waits for computed ones (and the pictures
# do not change when the keyword scoring is tuned).
SE_D_08 = [
    ("sentence", 7, "livssituation/sociala_relationer", 0.52, ["kompis"]),
    ("sentence", 8, "risker/regelverk", 0.61, ["aktivitetsersättning"]),
    ("sentence", 9, "halsa/maende", 0.74, ["social ångest"]),
    ("sentence", 9, "halsa", 0.37, ["ångest"]),
    ("turn", 3, "halsa/maende", 0.58, ["ångest"]),
    ("sentence", 12, "arbete/pa_arbetsplats", 0.66, ["praktik", "café"]),
]


@pytest.fixture
def demo_planted(demo_copy):
    plant_suggestions(demo_copy, "se-d-08", SE_D_08)
    return demo_copy


def opened(transcript: str, *keys: str):
    """Open a transcript in the reader, then press keys."""

    async def run_before(pilot) -> None:
        pilot.app.open_transcript(transcript)
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def pressed(*keys: str):
    """Press keys, letting the screen's threads finish after each (tables, search)."""

    async def run_before(pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_overview(snap_compare, demo_planted):
    assert snap_compare(app_for(demo_planted), terminal_size=WIDE, run_before=settle)


def test_overview_filtered_at_80x24(snap_compare, demo_planted):
    assert snap_compare(
        app_for(demo_planted), terminal_size=NARROW, run_before=pressed("slash", *"malmo")
    )


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["100x30", "80x24"])
def test_reader_with_codings_and_a_selection(snap_compare, demo_planted, size):
    keys = ["down"] * 6 + ["v", "down", "shift+right"]
    app = app_for(demo_planted)
    assert snap_compare(app, terminal_size=size, run_before=opened("se-d-08", *keys))


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["100x30", "80x24"])
def test_reader_with_suggestions(snap_compare, demo_planted, size):
    """n went to the third open suggestion: its words are marked in the text."""
    app = app_for(demo_planted)
    assert snap_compare(app, terminal_size=size, run_before=opened("se-d-08", "n", "n", "n"))


def test_code_picker(snap_compare, demo_planted):
    assert snap_compare(
        app_for(demo_planted), terminal_size=WIDE, run_before=opened("se-d-08", "c", *"lyssn")
    )


def test_memo_editor(snap_compare, demo_planted):
    keys = ["M", *"Ångest, inte bemötande?"]
    app = app_for(demo_planted)
    assert snap_compare(app, terminal_size=WIDE, run_before=opened("se-d-08", *keys))


def test_search(snap_compare, demo_planted):
    keys = ["f", *"bemotande", "enter"]
    assert snap_compare(app_for(demo_planted), terminal_size=WIDE, run_before=pressed(*keys))


def test_tables_crosstab(snap_compare, demo_planted):
    assert snap_compare(app_for(demo_planted), terminal_size=WIDE, run_before=pressed("t"))


def test_tables_disagreements_at_80x24(snap_compare, demo_planted):
    keys = ("t", "d", "down")
    assert snap_compare(app_for(demo_planted), terminal_size=NARROW, run_before=pressed(*keys))


def test_codebook(snap_compare, demo_planted):
    assert snap_compare(
        app_for(demo_planted), terminal_size=WIDE, run_before=pressed("g", "down", "down")
    )


def test_help(snap_compare, demo_planted):
    assert snap_compare(
        app_for(demo_planted), terminal_size=WIDE, run_before=pressed("question_mark")
    )
