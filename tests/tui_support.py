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
