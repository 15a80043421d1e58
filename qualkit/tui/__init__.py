"""The terminal UI: read transcripts, select passages, code them — by keyboard or mouse.

Only this package imports Textual. `build_app` is the one way in, for `qualkit tui`, for
`qualkit demo` and for the tests alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualkit.tui.app import QualkitApp


def build_app(
    project: str | Path,
    coder: str,
    *,
    animations: bool = True,
    watch_seconds: float | None = 2.0,
) -> QualkitApp:
    """Open the project and build the app (not yet running).

    A project that cannot be opened raises QualkitError here, before any screen is drawn.
    `animations=False` freezes cursor blink and animations (for snapshots); `watch_seconds`
    is how often to look for changes made by another qualkit process (None: only on F5).
    """
    from qualkit.project import Project, check_coder
    from qualkit.tui.app import QualkitApp

    check_coder(coder)
    opened = Project.open(project)
    return QualkitApp(opened, coder, animations=animations, watch_seconds=watch_seconds)
