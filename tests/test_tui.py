"""The terminal UI driven by key presses and clicks, checked against what the store holds."""

from __future__ import annotations

import shutil

import pytest

from qualkit.cli import app as cli_app
from qualkit.errors import QualkitError
from qualkit.project import Project
from qualkit.tui import build_app
from qualkit.tui.keys import key_groups
from qualkit.tui.screens.codebook import CodebookScreen
from qualkit.tui.screens.help import HelpScreen
from qualkit.tui.screens.memo import MemoEditor
from qualkit.tui.screens.overview import OverviewScreen
from qualkit.tui.screens.picker import CodePicker
from qualkit.tui.screens.reader import ReaderScreen
from qualkit.tui.widgets.transcript_view import TranscriptView

from .tui_support import app_for, demo_with_uncoded, run, status, stored, wait_until

SIZE = (100, 30)
UNCODED = "cm-af-03"  # the interview these tests code from scratch


@pytest.fixture(scope="module")
def demo_uncoded(tmp_path_factory):
    return demo_with_uncoded(tmp_path_factory.mktemp("demo") / "demo.qualkit", UNCODED)


@pytest.fixture
def demo_copy(demo_uncoded, tmp_path):
    """A copy of the demo of one's own in which cm-af-03 has no codings yet."""
    path = tmp_path / "demo.qualkit"
    shutil.copy(demo_uncoded, path)
    return path


def sentences(path, transcript):
    with Project.open(path) as project:
        return project.segments(transcript, "sentence")


async def open_reader(pilot, transcript):
    pilot.app.open_transcript(transcript)
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen.query_one(TranscriptView)


# --- opening ---------------------------------------------------------------------------------


def test_the_overview_lists_every_transcript_with_this_coders_progress(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, OverviewScreen)
            table = screen.query_one("#transcripts")
            with Project.open(demo_copy) as project:
                ids = project.transcript_ids()
                coded = {r["id"]: r["coded"] for r in project.transcript_records("anna")[1]}
            assert table.row_count == len(ids)
            for row, transcript in enumerate(ids):
                cells = [str(c) for c in table.get_row_at(row)]
                assert cells[0] == transcript
                assert cells[5] == f"{coded[transcript]:.0%}"

    run(scenario)


def test_filter_then_enter_opens_the_transcript(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"malmo deltagare")  # typed without å ä ö
            await pilot.pause()
            table = app.screen.query_one("#transcripts")
            shown = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
            with Project.open(demo_copy) as project:
                rows = project.transcript_records()[1]
            expected = [
                r["id"] for r in rows if r["kommun"] == "Malmö" and r["role"] == "deltagare"
            ]
            assert shown == expected and expected
            await pilot.press("enter", "enter")  # to the table, then open
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert app.screen.transcript_id == expected[0]

    run(scenario)


def test_sort_by_words_puts_the_longest_first(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            while screen.sort_by != "words":
                await pilot.press("s")
            table = screen.query_one("#transcripts")
            words = [int(str(table.get_row_at(r)[4]).replace(" ", "")) for r in range(19)]
            assert words == sorted(words, reverse=True)

    run(scenario)


def test_a_project_that_cannot_be_opened_says_why_before_any_screen(tmp_path, cli):
    with pytest.raises(QualkitError, match="no such project"):
        build_app(tmp_path / "saknas.qualkit", "anna")
    broken = tmp_path / "trasig.qualkit"
    broken.write_text("inte en databas")
    result = cli("tui", broken, "--coder", "anna")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {broken}: not a qualkit project")


def test_a_bad_coder_name_is_refused(demo_copy, cli):
    result = cli("tui", demo_copy, "--coder", " anna")
    assert result.exit_code == 2
    assert "invalid coder name" in result.stderr


def test_tui_is_a_command_with_an_example():
    from typer.testing import CliRunner

    result = CliRunner().invoke(cli_app, ["tui", "--help"])
    assert "qualkit tui studie.qualkit --coder anna" in result.stdout


# --- moving ----------------------------------------------------------------------------------


def test_keys_move_by_sentence_turn_and_to_the_end(demo_copy):
    found = sentences(demo_copy, "se-d-08")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "se-d-08")
            assert view.cursor == 0
            await pilot.press("down", "down", "j")
            assert view.cursor == 3
            await pilot.press("up")
            assert view.cursor == 2
            await pilot.press("shift+down")
            turn = found[2].turn
            first_of_next = next(s.index for s in found if s.turn == turn + 1)
            assert view.cursor == first_of_next
            await pilot.press("shift+up")
            first_of_this = next(s.index for s in found if s.turn == turn)
            assert view.cursor == first_of_this
            await pilot.press("end")
            assert view.cursor == len(found) - 1
            assert view.scroll_y > 0  # the end is on screen
            await pilot.press("home", "pagedown")
            assert view.cursor > 3

    run(scenario)


# --- coding ----------------------------------------------------------------------------------


def test_select_two_sentences_and_code_them_through_the_picker(demo_copy):
    found = sentences(demo_copy, "cm-af-03")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("down", "v", "down", "c")
            await pilot.pause()
            assert isinstance(app.screen, CodePicker)
            await pilot.press(*"lyssn", "enter")
            await pilot.pause()
            assert "coded: Bemötande" in status(app)

    run(scenario)
    codings = stored(demo_copy, transcript="cm-af-03", coder="anna")
    assert [(c.start, c.end, c.code) for c in codings] == [
        (found[1].start, found[2].end, "bemotande")
    ]


@pytest.mark.parametrize("typed", ["bemot", "bemöt", "BEM"])
def test_the_picker_finds_a_code_with_or_without_diacritics(demo_copy, typed):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("c", *typed, "enter")
            await pilot.pause()

    run(scenario)
    assert [c.code for c in stored(demo_copy, transcript="cm-af-03")] == ["bemotande"]


def test_escape_in_the_picker_codes_nothing(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("c", *"delak", "escape")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)

    run(scenario)
    assert stored(demo_copy, transcript="cm-af-03") == []


def test_number_keys_apply_the_most_recent_codes(demo_copy):
    found = sentences(demo_copy, "cm-af-03")

    async def scenario():
        app = app_for(demo_copy, coder="nybörjare")
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("1")
            assert "no code on key 1" in status(app)
            await pilot.press("c", *"samverkan", "enter", "down", "c", *"delaktig", "enter")
            await pilot.press("down", "2", "down", "1")
            await pilot.pause()

    run(scenario)
    codings = stored(demo_copy, transcript="cm-af-03", coder="nybörjare")
    assert [(c.start, c.code) for c in codings] == [
        (found[0].start, "samverkan"),
        (found[1].start, "delaktighet"),
        (found[2].start, "samverkan"),  # key 2: the one before the last
        (found[3].start, "samverkan"),  # key 1: now the most recent
    ]


def test_a_selection_grows_and_shrinks_by_words(demo_copy):
    found = sentences(demo_copy, "cm-af-03")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "cm-af-03")
            await pilot.press("shift+right", "shift+right", "shift+left")
            text = view.text
            start, end = view.selection
            assert start == found[0].start
            assert text[found[0].end : end].split() == [text[found[0].end : end].split()[0]]
            await pilot.press("right_square_bracket")
            assert view.selection[0] > found[0].start
            await pilot.press("c", *"samverkan", "enter")
            await pilot.pause()
            return view.text, start, end

    run(scenario)
    (coding,) = stored(demo_copy, transcript="cm-af-03")
    assert coding.start > found[0].start and coding.end > found[0].end


def test_dragging_the_mouse_selects_whole_words(demo_copy):
    async def scenario():
        from textual.events import MouseMove

        from qualkit.tui.widgets.transcript_view import GUTTER

        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "cm-af-03")
            text, rows = view.text, view.layout.rows
            # From inside the second word of the third row to inside a word of the fourth.
            first = text.index(" ", rows[2].start + rows[2].label) + 2
            last = rows[3].start + 2
            x_first = GUTTER + rows[2].indent + first - rows[2].start
            x_last = GUTTER + rows[3].indent + 2
            await pilot.mouse_down(view, offset=(x_first, 2))
            await pilot._post_mouse_events([MouseMove], view, offset=(x_last, 3), button=1)
            await pilot.mouse_up(view, offset=(x_last, 3))
            start, end = view.selection
            assert text[start - 1] == " " and start <= first < end
            assert text[end].isalnum() is False and start < last < end
            await pilot.press("c", *"samverkan", "enter")
            await pilot.pause()
            await pilot.click(view, offset=(GUTTER + 4, 0))  # a click: cursor there, no selection
            assert view.selection is None and view.cursor == 0
            return start, end

    span = run(scenario)
    (coding,) = stored(demo_copy, transcript="cm-af-03")
    assert (coding.start, coding.end) == span


def test_uncode_removes_the_coding_under_the_cursor(demo_copy):
    before = stored(demo_copy, transcript="se-d-08", coder="anna")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "se-d-08")
            while len(view.codings_at()) != 1:
                await pilot.press("down")
            target = view.codings_at()[0]
            await pilot.press("x")
            await pilot.pause()
            assert "uncoded" in status(app)
            return target

    target = run(scenario)
    after = stored(demo_copy, transcript="se-d-08", coder="anna")
    assert len(after) == len(before) - 1
    assert target.id not in {c.id for c in after}
    assert len(stored(demo_copy, transcript="se-d-08", coder="erik")) > 0  # erik's stay


def test_uncode_with_nothing_here_says_so_and_changes_nothing(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("x")
            assert "nothing coded here" in status(app)

    run(scenario)
    assert stored(demo_copy, transcript="cm-af-03") == []


def test_undo_and_redo_a_coding(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "cm-af-03")
            await pilot.press("c", *"bemot", "enter")
            await pilot.pause()
            assert len(view.codings) == 1
            await pilot.press("u")
            await pilot.pause()
            assert view.codings == [] and "undone" in status(app)
            assert stored(demo_copy, transcript="cm-af-03") == []
            await pilot.press("U")
            await pilot.pause()
            assert len(view.codings) == 1 and "redone" in status(app)

    run(scenario)
    assert [c.code for c in stored(demo_copy, transcript="cm-af-03")] == ["bemotande"]


# --- memos -----------------------------------------------------------------------------------


def test_a_memo_on_a_coding_in_swedish(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "se-d-08")
            while len(view.codings_at()) != 1:
                await pilot.press("down")
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MemoEditor)
            await pilot.press(*"Ångest på Möllan", "ctrl+s")
            await pilot.pause()
            assert "memo saved" in status(app)
            return view.codings_at()[0].id

    coding_id = run(scenario)
    memos = {c.id: c.memo for c in stored(demo_copy, transcript="se-d-08")}
    assert memos[coding_id] == "Ångest på Möllan"


def test_a_memo_on_the_transcript_and_one_cancelled(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("M", *"Spindel i nätet", "ctrl+s")
            await pilot.press("M", *" – mer", "escape")
            await pilot.pause()
            assert "not changed" in status(app)

    run(scenario)
    with Project.open(demo_copy) as project:
        assert project.memo("transcript", "cm-af-03", "anna").text == "Spindel i nätet"


# --- codebook --------------------------------------------------------------------------------


def test_the_codebook_counts_and_jumps_to_a_coded_passage(demo_copy):
    with Project.open(demo_copy) as project:
        counts = project.code_counts("anna")
        expected = project.coding_list(coder="anna", code=["delaktighet"])

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("g")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, CodebookScreen)
            tree = screen.query_one("#tree")
            while tree.cursor_node.data != "delaktighet":
                await pilot.press("down")
            label = str(tree.cursor_node.label)
            assert f"{counts['delaktighet'][0]}/{counts['delaktighet'][1]}" in label
            await pilot.press("enter")
            passages = screen.query_one("#passages")
            assert passages.row_count == len(expected)
            await pilot.press("down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            view = app.screen.query_one(TranscriptView)
            assert app.screen.transcript_id == expected[1].transcript
            assert view.selection == (expected[1].start, expected[1].end)
            assert "selected your passage coded Delaktighet" in status(app)
            await pilot.press("escape", "escape")  # the selection, then back
            assert isinstance(app.screen, OverviewScreen)

    run(scenario)


def test_a_memo_on_a_code(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("g")
            await pilot.pause()
            await pilot.press("m", *"Gränsfall mot delaktighet", "ctrl+s")
            await pilot.pause()

    run(scenario)
    with Project.open(demo_copy) as project:
        first = project.codebook.codes[0].id
        assert project.memo("code", first, "anna").text == "Gränsfall mot delaktighet"


# --- nothing lost, nothing stale -------------------------------------------------------------


def test_refresh_shows_what_another_process_wrote(demo_copy):
    found = sentences(demo_copy, "cm-af-03")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "cm-af-03")
            with Project.open(demo_copy) as other:
                other.code("cm-af-03", found[0].start, found[0].end, "samverkan", "anna")
            assert view.codings == []
            await pilot.press("f5")
            await pilot.pause()
            assert [c.code for c in view.codings] == ["samverkan"]

    run(scenario)


def test_the_app_notices_changes_by_itself(demo_copy):
    found = sentences(demo_copy, "cm-af-03")

    async def scenario():
        app = build_app(demo_copy, "anna", animations=False, watch_seconds=0.05)
        async with app.run_test(size=SIZE) as pilot:
            view = await open_reader(pilot, "cm-af-03")
            with Project.open(demo_copy) as other:
                other.code("cm-af-03", found[0].start, found[0].end, "samverkan", "anna")
            notice = "changed by another program"
            await wait_until(pilot, lambda: notice in status(app), "the notice")
            assert [c.code for c in view.codings] == ["samverkan"]

    run(scenario)


def test_a_notice_made_while_a_transcript_opens_is_not_covered_by_the_readers_hint(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.open_transcript("cm-af-03")  # the reader is pushed, not composed yet
            app.say("updated: the project was changed by another program")
            await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the reader")
            await pilot.pause()
            assert "changed by another program" in status(app)
            await pilot.press("down")
            app.say("coded: something")  # a message after the hint replaces it as before
            assert status(app) == "coded: something"

    run(scenario)


# --- help ------------------------------------------------------------------------------------


def test_help_lists_every_key_of_every_screen(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=(100, 80)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            shown = app.screen.text()
            for title, keys in key_groups(app.get_key_display):
                assert title in shown
                for key, what in keys:
                    assert what in shown and key in shown
            await pilot.press("escape")
            assert isinstance(app.screen, OverviewScreen)

    run(scenario)


def test_every_binding_has_a_description_for_help():
    from textual.binding import Binding

    from qualkit.tui.keys import _owners

    for _, classes in _owners():
        for owner in classes:
            for binding in Binding.make_bindings(owner.BINDINGS):
                assert binding.description, f"{owner.__name__}: {binding.key}"


# --- by mouse alone --------------------------------------------------------------------------


def test_a_coder_can_code_with_the_mouse_alone(demo_copy):
    async def scenario():
        from textual.widgets._footer import FooterKey

        from qualkit.tui.widgets.transcript_view import GUTTER

        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one("#transcripts")
            await pilot.click(table, offset=(2, 1))  # the first transcript's row
            await pilot.click(table, offset=(2, 1))  # a second click opens it
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            view = app.screen.query_one(TranscriptView)
            await pilot.click(view, offset=(GUTTER + 5, 2))  # a sentence of the second turn
            target = view.target
            code_key = next(k for k in app.screen.query(FooterKey) if k.key == "c")
            await pilot.click(code_key)
            await pilot.pause()
            assert isinstance(app.screen, CodePicker)
            options = app.screen.query_one("#codes")
            await pilot.click(options, offset=(4, 1))  # the second code in the list
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            return app.screen.transcript_id, target

    transcript, target = run(scenario)
    (coding,) = stored(demo_copy, transcript=transcript, coder="anna")
    assert (coding.start, coding.end) == target


def test_uncode_asks_which_when_codings_overlap(demo_copy):
    found = sentences(demo_copy, "cm-af-03")
    with Project.open(demo_copy) as project:
        project.code("cm-af-03", found[0].start, found[0].end, "samverkan", "anna")
        project.code("cm-af-03", found[0].start, found[1].end, "insatser", "anna")

    async def scenario():
        from qualkit.tui.screens.choose import ChooseCoding

        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "cm-af-03")
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, ChooseCoding)
            # innermost first: samverkan (the sentence), then insatser (two sentences)
            await pilot.press("down", "enter")
            await pilot.pause()
            assert "uncoded: Insatser" in status(app)

    run(scenario)
    assert [c.code for c in stored(demo_copy, transcript="cm-af-03")] == ["samverkan"]


def test_a_project_without_a_codebook_says_so(tmp_path, transcripts):
    path = tmp_path / "tom.qualkit"
    with Project.create(path) as project:
        project.import_files(transcripts)

    async def scenario():
        app = app_for(path)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot, "se-d-08")
            await pilot.press("c")
            assert "no codebook" in status(app)
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, CodebookScreen)

    run(scenario)


# --- a day of coding ------------------------------------------------------------------------


def test_widgets_that_are_gone_are_let_go(demo_copy):
    """Selecting changes the footer's keys and a memo opens an editor: textual#6666 kept
    every removed key and editor alive, so memory grew with each passage coded."""
    import gc

    from textual.widget import Widget

    def kept() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, Widget) and o._closing)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await open_reader(pilot, "se-d-08")
            for _ in range(2):
                await pilot.press("v", "escape")
            await pilot.pause()
            before = kept()
            for _ in range(8):
                await pilot.press("v", "escape")
                await pilot.press("M")
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
            await pilot.pause()
            assert kept() <= before + 10  # the keys of the last rebuild, not 8 rounds' worth
            gc.unfreeze()

    run(scenario)
