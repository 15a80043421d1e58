"""Work that would make the screen wait (the NLP pipeline, pandas, scipy) runs in a thread.

SQLite connections must not cross threads, so each job opens the project on its own
connection and closes it again; what it returns is plain data for the screen to show.
The screen learns the outcome from Textual's `Worker.StateChanged` message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from qualkit.project import Project

T = TypeVar("T")


def in_thread(node: DOMNode, name: str, job: Callable[[Project], T], path: Path) -> Worker[T]:
    """Run `job(project)` in a thread on a connection of its own; a newer job of the same
    name replaces an older one (whose result is then ignored)."""

    def work() -> T:
        with Project.open(path) as project:
            return job(project)

    return node.run_worker(
        work, name=name, group=name, thread=True, exclusive=True, exit_on_error=False
    )
