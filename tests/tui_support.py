"""Helpers for the terminal UI tests (the demo project fixtures are in conftest.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from qualkit.project import Project
from qualkit.tui import build_app


def app_for(path: Path, coder: str = "anna"):
    """The app as `qualkit tui` builds it, with blinking and animations frozen."""
    return build_app(path, coder, animations=False, watch_seconds=None)


def run(scenario):
    """Run an async scenario; returns what it returns."""
    return asyncio.run(scenario())


async def wait_until(pilot, condition, what: str, limit: float = 60.0) -> None:
    """Let the app run until `condition()` holds. The limit only bounds a hang on a slow,
    loaded machine: the test goes on as soon as the condition holds, never after a set time."""

    async def poll() -> None:
        while not condition():
            await pilot.pause()

    try:
        await asyncio.wait_for(poll(), limit)
    except TimeoutError:
        raise AssertionError(f"still waiting, after {limit:.0f} s, for {what}") from None


def busy(app) -> bool:
    """A job of the screen shown is still running, or a widget still shows "loading"."""
    running = any(w.state.name in ("PENDING", "RUNNING") for w in app.workers)
    return running or any(widget.loading for widget in app.screen.query("*"))


async def settle(pilot) -> None:
    """Wait until the screen shown has mounted and finished its background jobs."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await wait_until(pilot, lambda: not busy(pilot.app), "the screen's background jobs")
    await pilot.pause()


def demo_with_uncoded(path: Path, transcript: str) -> Path:
    """The demo project, except that nobody has coded `transcript` yet (anna has coded every
    sample interview): for tests that code an interview from scratch in the reader."""
    import csv

    from qualkit.demo import sample_folder, shipped_codebook

    samples = sample_folder()
    tables = []
    for table in sorted((samples / "codings").glob("*.csv")):
        with open(table, encoding="utf-8", newline="") as f:
            rows = [row for row in csv.DictReader(f) if row["transcript"] != transcript]
        kept = path.parent / f"{table.stem}-utan-{transcript}.csv"
        with open(kept, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["transcript", "coder", "code", "quote"])
            writer.writeheader()
            writer.writerows(rows)
        tables.append(kept)
    with Project.create(path, shipped_codebook()) as project:
        project.import_files([samples], cases=samples / "cases.csv", codings=tables)
    return path


def stored(path: Path, **filters):
    with Project.open(path) as project:
        return project.coding_list(**filters)


def status(app) -> str:
    from qualkit.tui.widgets.status_line import StatusLine

    return str(app.page.query_one(StatusLine).render())


def plant_suggestions(path: Path, transcript: str, planted) -> list:
    """Store fixed suggestions for a transcript, as if computed with the project's codebook.

    `planted` holds (kind, index, code, score, words): the suggestion is for the transcript's
    sentence or turn number `index`, and `words` are words of it that "matched". Tests use
    these rather than computed ones so that they do not move when the keyword scoring is
    tuned. (The store is written directly: no public API stores made-up suggestions.)
    """
    from qualkit.model import Suggestion
    from qualkit.suggest.refresh import codebook_fingerprint

    with Project.open(path) as project:
        text = project.text(transcript)
        made = []
        for kind, index, code, score, words in planted:
            segment = project.segments(transcript, kind)[index]
            spans = []
            for word in words:
                at = text.index(word, segment.start, segment.end)
                spans.append((at, at + len(word)))
            made.append(
                Suggestion(
                    transcript,
                    segment.start,
                    segment.end,
                    code,
                    score,
                    tuple(words),
                    "rules",
                    kind,
                    tuple(spans),
                )
            )
        store = project._store
        with store.transaction():
            fingerprint = codebook_fingerprint(project.codebook)
            store.replace_suggestions(
                transcript, made, "2025-01-01T00:00:00Z", fingerprint, "rules"
            )
        return project.suggestions(transcript)
