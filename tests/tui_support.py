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
