"""Work that would make the screen wait (the NLP pipeline, pandas, scipy) runs in a thread.

SQLite connections must not cross threads, so each job opens the project on its own
connection and closes it again; what it returns is plain data for the screen to show.
The screen learns the outcome from Textual's `Worker.StateChanged` message.

The thread is a daemon that a Textual worker waits for, rather than a thread of Textual's
own (asyncio's executor): quitting while spaCy loads must not keep the coder waiting for
it. A job cut off that way leaves nothing half-written, since each write is a transaction.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from qualkit.project import Project

T = TypeVar("T")


def in_thread(
    node: DOMNode, name: str, job: Callable[[Project], T], path: Path, writes: bool = False
) -> Worker[T]:
    """Run `job(project)` in a thread on a connection of its own; a newer job of the same
    name replaces an older one (whose result is then ignored).

    A job that `writes` to the project tells the app when it is done (even if the screen
    that started it has gone), so that every screen reads what it wrote and the app does
    not take it for a change by another program.
    """
    app = node.app

    async def work() -> T:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()

        def run() -> None:
            result: Any = None
            failure: BaseException | None = None
            try:
                with Project.open(path) as project:
                    result = job(project)
            except BaseException as error:  # handed to the screen as the worker's error
                failure = error
            if writes:
                _call(loop, app.own_write_done)  # type: ignore[attr-defined]
            _settle(loop, done, result, failure)

        if writes:
            app.background_writes += 1  # type: ignore[attr-defined]
        threading.Thread(target=run, name=f"qualkit-{name}", daemon=True).start()
        return await done

    return node.run_worker(work, name=name, group=name, exclusive=True, exit_on_error=False)


def _settle(loop, done: asyncio.Future, result: Any, error: BaseException | None) -> None:
    def settle() -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)

    _call(loop, settle)


def _call(loop, callback: Callable[[], object]) -> None:
    try:
        loop.call_soon_threadsafe(callback)
    except RuntimeError:
        pass  # the app has ended: nobody is waiting any more
