"""The tables screen: the crosstab as qualkit.analysis computes it, the disagreements as
qualkit.agreement lists them, and jumps from their rows to the passages."""

from __future__ import annotations

from qualkit.agreement.check import project_agreement
from qualkit.agreement.disagreements import disagreements
from qualkit.analysis.crosstab import crosstab
from qualkit.project import Project
from qualkit.tui.screens.choose import ChoosePassage
from qualkit.tui.screens.overview import OverviewScreen
from qualkit.tui.screens.reader import ReaderScreen
from qualkit.tui.screens.tables import TablesScreen
from qualkit.tui.widgets.transcript_view import TranscriptView

from .tui_support import app_for, run, settle, status

SIZE = (100, 30)


async def open_tables(pilot) -> TablesScreen:
    await pilot.press("t")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TablesScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def cells(table, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


def test_the_crosstab_shows_what_the_analysis_counts(demo_copy):
    with Project.open(demo_copy) as project:
        expected = crosstab(project, cols=("arm",), coder="anna", percent=True)
        by_role = crosstab(project, cols=("arm", "role"), coder=None, percent=True)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tables(pilot)
            table = screen.query_one("#crosstab")
            labels = [g.label for g in expected.groups] + ["total"]
            heads = [str(c.label) for c in table.columns.values()]
            assert heads[1:] == [f"{g.label} ({g.n})" for g in expected.groups] + [
                f"total ({expected.respondents})"
            ]
            assert table.row_count == len(expected.counts)
            for row, code in enumerate(expected.counts.index):
                shown = cells(table, row)
                for column, label in enumerate(labels, start=1):
                    count = int(expected.counts.loc[code, label])
                    share = expected.frame.iloc[row][label]
                    if count:
                        assert shown[column].split()[:2] == [str(count), f"{share:.0f}%"]
                    else:
                        assert shown[column] == "·"
            assert "anna" in str(screen.query_one("TitleBar").query_one("#where").render())
            await pilot.press("r", "a")  # by role too, all coders
            await settle(pilot)
            heads = [str(c.label) for c in table.columns.values()]
            assert heads[1:-1] == [f"{g.label} ({g.n})" for g in by_role.groups]
            assert "all coders" in str(screen.query_one("TitleBar").query_one("#where").render())

    run(scenario)


def test_enter_on_a_cell_lists_its_passages_and_opens_one(demo_copy):
    with Project.open(demo_copy) as project:
        se = {t for t, a in project.attributes().items() if a.get("arm") == "SE"}
        expected = [
            c for c in project.coding_list(coder="anna", code=["delaktighet"]) if c.transcript in se
        ]
    assert len(expected) > 1

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tables(pilot)
            table = screen.query_one("#crosstab")
            row = table.get_row_index("delaktighet")
            column = [str(c.label) for c in table.columns.values()].index("SE (7)")
            table.cursor_coordinate = (row, column)
            await pilot.press("enter")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ChoosePassage)
            assert dialog.codings == expected
            await pilot.press("down", "enter")
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            assert reader.transcript_id == expected[1].transcript
            view = reader.query_one(TranscriptView)
            assert view.selection == (expected[1].start, expected[1].end)
            assert "passage coded Delaktighet" in status(app)
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert app.screen is screen  # back at the table

    run(scenario)


def test_the_disagreements_of_two_coders_and_a_jump_to_one(demo_copy):
    with Project.open(demo_copy) as project:
        compared = project_agreement([project], ["anna", "erik"], "sentence", "cohen", bootstrap=0)
        texts = {t: project.text(t) for t in project.transcript_ids()}
        names = {c.id: c.name for c in project.codebook}
    expected = disagreements(compared.table, texts)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tables(pilot)
            await pilot.press("d")
            await settle(pilot)
            table = screen.query_one("#disagreements")
            assert table.row_count == len(expected)
            heads = [str(c.label) for c in table.columns.values()]
            assert heads == ["transcript", "unit", "anna", "erik", "text"]
            for row in range(len(expected)):
                shown = cells(table, row)
                assert shown[:2] == [expected.iloc[row]["transcript"], expected.iloc[row]["unit"]]
            assert f"Cohen's kappa {compared.overall.value:.2f}" in status(app)
            await pilot.press("down", "down", "enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            view = app.screen.query_one(TranscriptView)
            third = expected.iloc[2]
            assert app.screen.transcript_id == third["transcript"]
            assert view.selection == (third["start"], third["end"])
            anna = ", ".join(names[c] for c in third["anna"].split(", ") if c) or "no code"
            assert f"anna: {anna}" in status(app)
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert app.screen is screen
            await pilot.press("e")  # by speaker turn
            await settle(pilot)
            assert "by turn" in str(screen.query_one("TitleBar").query_one("#where").render())
            assert str(table.get_row_at(0)[1]).startswith("turn ")

    run(scenario)


def test_disagreements_need_two_coders(tmp_path, codebook_file, transcripts):
    path = tmp_path / "en.qualkit"
    with Project.create(path, codebook_file) as project:
        project.import_files(transcripts)
        text = project.text("se-d-08")
        start = text.index("Hon lyssnar")
        project.code("se-d-08", start, start + 11, "bemotande", "anna")

    async def scenario():
        app = app_for(path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_tables(pilot)
            await pilot.press("d")
            await settle(pilot)
            table = screen.query_one("#disagreements")
            assert "two coders' codings are needed (codings by: anna)" in cells(table, 0)[0]
            await pilot.press("escape")
            assert isinstance(app.screen, OverviewScreen)

    run(scenario)


def test_a_coder_without_codings_is_told_so(demo_copy):
    async def scenario():
        app = app_for(demo_copy, coder="nybörjare")
        async with app.run_test(size=SIZE) as pilot:
            await open_tables(pilot)
            assert "no codings by 'nybörjare'" in status(app)
            await pilot.press("a")  # everybody's codings instead
            await settle(pilot)
            assert "respondents coded" in status(app)

    run(scenario)


def test_the_tables_work_with_the_mouse(demo_copy):
    async def scenario():
        from textual.widgets._footer import FooterKey

        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            tables_key = next(k for k in app.screen.query(FooterKey) if k.key == "t")
            await pilot.click(tables_key)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, TablesScreen)
            table = screen.query_one("#crosstab")
            await pilot.click(table, offset=(NAME_CELL, 2))  # Delaktighet's row …
            await pilot.click(table, offset=(NAME_CELL, 2))  # … its total: its passages
            await pilot.pause()
            assert isinstance(app.screen, ChoosePassage)
            await pilot.click(app.screen.query_one("OptionList"), offset=(4, 1))
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            for _ in range(2):  # esc Unselect (the passage is selected), then esc Back
                await pilot.click(next(k for k in app.screen.query(FooterKey) if k.key == "escape"))
                await pilot.pause()
            assert app.screen is screen
            switch = next(k for k in screen.query(FooterKey) if k.key == "d")
            await pilot.click(switch)
            await settle(pilot)
            assert screen.query_one("#disagreements").row_count > 0

    run(scenario)


NAME_CELL = 4  # a cell of the code column (enter there lists the passages of the total)


def test_tables_without_a_codebook_say_why(tmp_path, transcripts):
    path = tmp_path / "tom.qualkit"
    with Project.create(path) as project:
        project.import_files(transcripts)

    async def scenario():
        app = app_for(path)
        async with app.run_test(size=SIZE) as pilot:
            await open_tables(pilot)
            assert "no codebook" in status(app)

    run(scenario)
