"""Suggestions in the reader: shown at once from the store, computed in a thread when there
are none, accepted and rejected by key (and undone), walked through with n and N."""

from __future__ import annotations

import threading

from qualkit.project import Project
from qualkit.suggest.engine import TOP
from qualkit.tui.screens.overview import OverviewScreen
from qualkit.tui.screens.reader import ReaderScreen
from qualkit.tui.suggesting import SuggestionsByPlace
from qualkit.tui.widgets.suggestion_panel import SuggestionPanel
from qualkit.tui.widgets.transcript_view import TranscriptView

from .tui_support import app_for, plant_suggestions, run, status, stored, wait_until

SIZE = (100, 30)
TRANSCRIPT = "cm-af-03"  # coded by anna in the demo: tests compare with her codings before
PLANTED = [
    ("sentence", 2, "arbete", 0.6, ["jobbat"]),
    ("sentence", 7, "samverkan", 0.7, ["spindel", "nätet"]),
    ("sentence", 7, "insatser", 0.3, ["nätet"]),
    ("turn", 3, "samverkan", 0.5, ["nätverksmöten"]),
    ("sentence", 9, "samverkan", 0.4, ["nätverksmöten"]),
]


def sentences(path, transcript=TRANSCRIPT):
    with Project.open(path) as project:
        return project.segments(transcript, "sentence")


async def open_reader(pilot, transcript=TRANSCRIPT, at=0):
    """The reader on `transcript`, moved down by key to sentence `at`."""
    pilot.app.open_transcript(transcript)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    view = screen.query_one(TranscriptView)
    while view.cursor != at:
        await pilot.press("down")
    return screen, view


def panel_text(screen) -> str:
    return str(screen.query_one(SuggestionPanel).render())


def suggestion_workers(app) -> list:
    return [w for w in app.workers if w.name == "suggestions"]


def test_stored_suggestions_show_at_once_with_their_words_marked(demo_copy):
    stored_now = plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)
    found = sentences(demo_copy)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot)
            assert suggestion_workers(app) == []  # nothing to compute: they are stored
            assert "none here" in panel_text(screen)
            while view.cursor != 7:
                await pilot.press("down")
            shown = panel_text(screen)
            assert shown.index("Samverkan") < shown.index("Insatser")  # best first
            assert "0.70" in shown and "spindel, nätet" in shown
            assert "whole turn" in shown  # the turn's suggestion below the sentence's
            best = next(s for s in stored_now if s.code == "samverkan" and s.kind == "sentence")
            assert view.matched == best.spans
            text = view.text
            assert [text[s:e] for s, e in view.matched] == ["spindel", "nätet"]
            assert found[7].start <= view.matched[0][0] < found[7].end
            await pilot.press("down")
            assert "Samverkan" in panel_text(screen) and "Insatser" not in panel_text(screen)

    run(scenario)


def added(path, before, **filters):
    """The codings stored now that were not there `before`."""
    return [c for c in stored(path, transcript=TRANSCRIPT, **filters) if c not in before]


def test_accept_codes_the_passage_and_undo_takes_it_back(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)
    found = sentences(demo_copy)
    before = stored(demo_copy, transcript=TRANSCRIPT)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot, at=7)
            await pilot.press("a")
            await pilot.pause()
            assert "accepted: Samverkan" in status(app)
            (coding,) = added(demo_copy, before, coder="anna")
            assert (coding.start, coding.end, coding.code, coding.origin) == (
                found[7].start,
                found[7].end,
                "samverkan",
                "suggestion",
            )
            assert "✓" in panel_text(screen)  # shown as accepted
            assert coding in view.codings  # and coded in the text
            assert [c.code for c in view.codings if c.origin == "suggestion"] == ["samverkan"]
            await pilot.press("u")
            await pilot.pause()
            assert "undone" in status(app)
            assert stored(demo_copy, transcript=TRANSCRIPT) == before
            assert "✓" not in panel_text(screen)

    run(scenario)


def test_reject_is_stored_for_the_coder_and_undone(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)
    found = sentences(demo_copy)
    before = stored(demo_copy, transcript=TRANSCRIPT)

    def rejections():
        with Project.open(demo_copy) as project:
            return project.rejections("anna")

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot)
            await pilot.press("n", "r")
            await pilot.pause()
            assert "rejected: Arbete" in status(app)
            assert rejections() == [(TRANSCRIPT, found[2].start, found[2].end, "arbete", "anna")]
            assert "✗" in panel_text(screen)
            await pilot.press("a")  # a rejected suggestion can still be accepted
            await pilot.pause()
            assert [c.code for c in added(demo_copy, before)] == ["arbete"]
            await pilot.press("u", "u")
            await pilot.pause()
            assert rejections() == [] and stored(demo_copy, transcript=TRANSCRIPT) == before

    run(scenario)
    assert stored(demo_copy, transcript=TRANSCRIPT) == before


def test_n_walks_through_the_open_suggestions_and_N_walks_back(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot)
            walk = []
            for _ in range(6):
                await pilot.press("n")
                await pilot.pause()
                chosen = screen.suggestions.highlighted
                walk.append((view.cursor, chosen.kind, chosen.code))
            assert walk == [
                (2, "sentence", "arbete"),
                (6, "turn", "samverkan"),  # a turn's suggestions come at its first sentence
                (7, "sentence", "samverkan"),
                (7, "sentence", "insatser"),
                (9, "sentence", "samverkan"),
                (2, "sentence", "arbete"),  # round again, and said so
            ]
            assert "from the top" in status(app)
            await pilot.press("N")
            await pilot.pause()
            assert (view.cursor, screen.suggestions.highlighted.code) == (9, "samverkan")
            await pilot.press("N", "r", "N")  # reject insatser: n passes it by now
            await pilot.pause()
            chosen = screen.suggestions.highlighted
            assert (view.cursor, chosen.kind, chosen.code) == (7, "sentence", "samverkan")
            await pilot.press("n")
            await pilot.pause()
            assert (view.cursor, screen.suggestions.highlighted.code) == (9, "samverkan")

    run(scenario)


def test_a_click_in_the_panel_highlights_a_suggestion_for_a_to_accept(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)
    found = sentences(demo_copy)
    before = stored(demo_copy, transcript=TRANSCRIPT)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot, at=7)
            panel = screen.query_one(SuggestionPanel)
            line = next(n for n, place in enumerate(panel._places) if place == 1)
            await pilot.click(panel, offset=(3, 1 + line))  # inside the border and padding
            assert screen.suggestions.highlighted.code == "insatser"
            assert [view.text[s:e] for s, e in view.matched] == ["nätet"]
            await pilot.press("a")
            await pilot.pause()

    run(scenario)
    (coding,) = added(demo_copy, before)
    assert (coding.code, coding.start, coding.end) == ("insatser", found[7].start, found[7].end)


def test_accept_where_nothing_is_suggested_says_so(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)
    before = stored(demo_copy, transcript=TRANSCRIPT)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("a")
            assert "no suggestion here to accept" in status(app)
            await pilot.press("r")
            assert "no suggestion here to reject" in status(app)

    run(scenario)
    assert stored(demo_copy, transcript=TRANSCRIPT) == before


def test_without_stored_suggestions_they_load_in_a_thread_and_then_show(demo_copy, monkeypatch):
    # The computation waits for the test's word, so the test sees the screen while it runs.
    go_on = threading.Event()
    compute = Project.refresh_suggestions

    def held_back(self, *args, **kwargs):
        assert go_on.wait(30)
        return compute(self, *args, **kwargs)

    monkeypatch.setattr(Project, "refresh_suggestions", held_back)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot)
            assert "loading suggestions" in panel_text(screen)
            await pilot.press("down", "down", "c", *"samverk", "enter")  # usable meanwhile
            await pilot.pause()
            assert view.cursor == 2 and "coded: Samverkan" in status(app)
            await pilot.press("a")
            assert "suggestions are loading" in status(app)
            go_on.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            with Project.open(demo_copy) as project:
                computed = project.suggestions(TRANSCRIPT, coder="anna")
            assert computed  # the thread stored them
            transcript = screen.transcript
            places = SuggestionsByPlace(computed, transcript.sentences, transcript.turns, TOP)
            entries = places.at(view.cursor)
            assert screen.suggestions.entries == entries
            shown = panel_text(screen)
            assert "loading" not in shown
            assert (
                f"{places.open_count()} open" in screen.query_one(SuggestionPanel).border_subtitle
            )
            assert "another program" not in status(app)  # our own thread wrote them
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
            table = app.screen.query_one("#transcripts")
            row = table.get_row(TRANSCRIPT)
            column = [str(c.label) for c in table.columns.values()].index("suggestions")
            assert str(row[column]) == str(places.open_count())

    run(scenario)


def test_the_overview_counts_open_suggestions_from_the_store(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)
    with Project.open(demo_copy) as project:
        counts = project.open_suggestion_counts("anna", TOP)
    assert counts == {TRANSCRIPT: len(PLANTED)}

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            table = app.screen.query_one("#transcripts")
            column = [str(c.label) for c in table.columns.values()].index("suggestions")
            shown = {
                str(table.get_row_at(r)[0]): str(table.get_row_at(r)[column]) for r in range(19)
            }
            assert shown[TRANSCRIPT] == str(len(PLANTED))
            assert {v for k, v in shown.items() if k != TRANSCRIPT} == {"–"}  # not computed
            screen, view = await open_reader(pilot)
            await pilot.press("n", "a", "n", "r", "escape")
            await pilot.pause()
            row = app.screen.query_one("#transcripts").get_row(TRANSCRIPT)
            assert str(row[column]) == str(len(PLANTED) - 2)

    run(scenario)


def test_a_project_without_a_codebook_has_no_suggestions_and_says_why(tmp_path, transcripts):
    path = tmp_path / "tom.qualkit"
    with Project.create(path) as project:
        project.import_files(transcripts)

    async def scenario():
        app = app_for(path)
        async with app.run_test(size=SIZE) as pilot:
            screen, _ = await open_reader(pilot, "se-d-08")
            assert "no codebook" in panel_text(screen)
            await pilot.press("n")
            assert "no suggestions" in status(app)

    run(scenario)


def test_R_in_the_overview_computes_every_transcripts_suggestions(demo_copy):
    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            assert "R computes suggestions" in status(app)
            await pilot.press("R")
            await app.workers.wait_for_complete()
            await pilot.pause()
            with Project.open(demo_copy) as project:
                counts = project.open_suggestion_counts("anna", TOP)
            assert len(counts) == 19
            assert f"{sum(counts.values())} open for you" in status(app)
            table = app.screen.query_one("#transcripts")
            column = [str(c.label) for c in table.columns.values()].index("suggestions")
            for transcript, n in counts.items():
                assert str(table.get_row(transcript)[column]) == str(n)

    run(scenario)


def test_R_in_the_reader_recomputes_with_the_coders_latest_codings(demo_copy):
    plant_suggestions(demo_copy, TRANSCRIPT, PLANTED)

    async def scenario():
        app = app_for(demo_copy)
        async with app.run_test(size=SIZE) as pilot:
            screen, view = await open_reader(pilot)
            await pilot.press("R")
            await app.workers.wait_for_complete()
            await pilot.pause()
            with Project.open(demo_copy) as project:
                computed = project.suggestions(TRANSCRIPT, coder="anna")
            assert {s.score for s in computed} != {p[3] for p in PLANTED}  # replaced
            transcript = screen.transcript
            places = SuggestionsByPlace(computed, transcript.sentences, transcript.turns, TOP)
            assert screen.suggestions.entries == places.at(view.cursor)

    run(scenario)


def test_leaving_the_reader_while_suggestions_compute_loses_nothing(demo_copy, monkeypatch):
    go_on = threading.Event()
    compute = Project.refresh_suggestions

    def held_back(self, *args, **kwargs):
        assert go_on.wait(30)
        return compute(self, *args, **kwargs)

    monkeypatch.setattr(Project, "refresh_suggestions", held_back)

    async def scenario():
        from qualkit.tui import build_app

        app = build_app(demo_copy, "anna", animations=False, watch_seconds=0.05)
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, OverviewScreen)
            go_on.set()
            # the thread finishes after its screen has gone
            await wait_until(pilot, lambda: not app.background_writes, "the thread's writes")
            # the watch (every 0.05 s) looks for changes meanwhile: let it look twice
            looked = app.looked_for_changes
            await wait_until(pilot, lambda: app.looked_for_changes >= looked + 2, "the watch")
            assert "another program" not in status(app)
            table = app.screen.query_one("#transcripts")
            column = [str(c.label) for c in table.columns.values()].index("suggestions")
            with Project.open(demo_copy) as project:
                counts = project.open_suggestion_counts("anna", TOP)
            assert str(table.get_row(TRANSCRIPT)[column]) == str(counts[TRANSCRIPT])

    run(scenario)


def test_open_suggestions_count_the_best_of_each_passage_once(demo_copy):
    transcript = "cm-d-12"  # its turn 1 is one sentence, "Okej." (sentence 3)
    planted = [
        ("sentence", 3, "delaktighet", 0.9, ["Okej"]),
        ("turn", 1, "delaktighet", 0.9, ["Okej"]),  # the same passage: counted once
        *[
            ("sentence", 6, code, score, ["tjugoåtta"])
            for code, score in (
                ("arbete", 0.8),
                ("insatser", 0.7),
                ("samverkan", 0.6),
                ("malgruppen", 0.5),  # the fourth: not among the best three
            )
        ],
    ]
    with Project.open(demo_copy) as project:
        turn = project.segments(transcript, "turn")[1]
        sentence = project.segments(transcript, "sentence")[3]
    assert (turn.start, turn.end) == (sentence.start, sentence.end)
    stored_now = plant_suggestions(demo_copy, transcript, planted)

    def counts(top=TOP):
        with Project.open(demo_copy) as project:
            return project.open_suggestion_counts("anna", top)[transcript]

    assert TOP == 3 and counts() == 1 + 3 and counts(None) == 1 + 4
    with Project.open(demo_copy) as project:
        best = next(s for s in stored_now if s.code == "arbete")
        project.accept_suggestion(best.id, "anna")
        third = next(s for s in stored_now if s.code == "samverkan")
        project.reject_suggestion(third.id, "anna")
        project.reject_suggestion(stored_now[0].id, "erik")  # another coder's verdict
    assert counts() == 1 + 3 - 2
