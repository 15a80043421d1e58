"""Searching the transcripts from the UI, and jumping from a hit into the reader."""

from __future__ import annotations

from qualkit.nlp.text import fold
from qualkit.project import Project
from qualkit.search import SearchIndex, parse_query
from qualkit.tui.screens.overview import OverviewScreen
from qualkit.tui.screens.reader import ReaderScreen
from qualkit.tui.screens.search import SearchScreen
from qualkit.tui.widgets.transcript_view import TranscriptView

from .tui_support import app_for, run, status

SIZE = (100, 30)


def expected_hits(path, query: str):
    """The hits qualkit.search finds in the project, in project order."""
    index = SearchIndex()
    with Project.open(path) as project:
        ids = project.transcript_ids()
        for transcript in ids:
            index.add(project.transcript(transcript))
        texts = project.texts()
    return index.search(parse_query(query), ids), texts


async def search(pilot, query: str) -> SearchScreen:
    await pilot.press("f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def test_search_finds_every_form_of_a_word_typed_without_diacritics(demo_copy):
    hits, texts = expected_hits(demo_copy, "bemötande")
    forms = {fold(texts[h.transcript][s:e]) for h in hits for s, e in h.words}
    assert {"bemotandet", "bemotta"} <= forms  # the noun and the verb, inflected

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = await search(pilot, "bemotande")
            assert screen.hits == hits
            table = screen.query_one("#hits")
            assert table.row_count == len(hits)
            for row, hit in enumerate(hits):
                cells = [str(c) for c in table.get_row_at(row)]
                assert cells[0] == hit.transcript
                for start, end in hit.words:
                    assert texts[hit.transcript][start:end] in cells[-1]
            transcripts = len({h.transcript for h in hits})
            assert f"{len(hits)} hits in {transcripts} transcripts" in status(app)
            assert "bemötandet" in status(app)  # the forms that matched are listed

    run(scenario)


def test_enter_opens_the_hit_selected_and_escape_returns_to_the_hits(demo_copy):
    hits, _ = expected_hits(demo_copy, "lyssna")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen = await search(pilot, "lyssna")
            await pilot.press("down", "enter")  # the second hit
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            assert reader.transcript_id == hits[1].transcript
            view = reader.query_one(TranscriptView)
            assert view.selection == (hits[1].start, hits[1].end)
            assert f"search hit 2 of {len(hits)}" in status(app)
            await pilot.press("escape", "escape")  # the selection, then back to the hits
            await pilot.pause()
            assert app.screen is screen and screen.hits == hits
            assert screen.query_one("#hits").cursor_row == 1
            await pilot.press("escape")
            assert isinstance(app.screen, OverviewScreen)

    run(scenario)


def test_slash_in_the_reader_searches_and_comes_back_with_the_last_query(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            app.open_transcript("se-d-08")
            await pilot.pause()
            await pilot.press("slash", *"praktik", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SearchScreen) and screen.hits
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("slash")  # back to the same search screen, query kept
            await pilot.pause()
            assert app.screen is screen
            assert screen.query_one("#search-query").value == "praktik"

    run(scenario)


def test_a_search_without_words_or_hits_says_so(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await search(pilot, "?!")
            assert "type a word" in status(app)
            await pilot.press("slash", *"qqzzy", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "qqzzy: no hits" in status(app)
            assert app.screen.query_one("#hits").row_count == 0

    run(scenario)


def test_a_hit_opens_with_the_mouse(demo_copy):
    hits, _ = expected_hits(demo_copy, "lyssna")

    async def scenario():
        from textual.widgets._footer import FooterKey

        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            overview_key = next(k for k in app.screen.query(FooterKey) if k.key == "f")
            await pilot.click(overview_key)
            await pilot.pause()
            await pilot.press(*"lyssna", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one("#hits")
            await pilot.click(table, offset=(2, 2))  # the second hit: highlighted …
            await pilot.click(table, offset=(2, 2))  # … and opened
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert app.screen.transcript_id == hits[1].transcript
            for _ in range(2):  # esc Unselect (the hit is selected), then esc Back
                await pilot.click(next(k for k in app.screen.query(FooterKey) if k.key == "escape"))
                await pilot.pause()
            assert isinstance(app.screen, SearchScreen)

    run(scenario)
