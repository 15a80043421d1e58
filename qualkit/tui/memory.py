"""Python's garbage collection, kept out of the coder's key presses.

A full collection walks every object the program holds: Textual itself and the open
transcript's rows and suggestions, 80-150 ms on a slow machine, and it came every few dozen
key presses, in the middle of one. So what is loaded is frozen (left out of collections) once
it is loaded, and what the keys left behind is collected, and the rest frozen too, when the
coder pauses; a full collection then has little to walk. Frozen garbage (a transcript closed,
footer keys replaced) is collected when the next transcript is loaded.
"""

from __future__ import annotations

import gc
import time

QUIET_SECONDS = 1.0  # no key or click for this long: a pause, time to collect


class Collector:
    def __init__(self) -> None:
        self._last_input = 0.0
        self._pending = False

    def settle(self) -> None:
        """Collect everything, then freeze what is left: call it when something large has
        been loaded."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._pending = False

    def stop(self) -> None:
        gc.unfreeze()

    def input_seen(self) -> None:
        self._last_input = time.monotonic()
        self._pending = True

    def tick(self) -> None:
        """Called every fraction of a second: after a pause in the input, collect what the
        keys since the last pause left behind (frozen objects are not walked) and freeze the
        rest."""
        if self._pending and time.monotonic() - self._last_input >= QUIET_SECONDS:
            gc.collect()
            gc.freeze()
            self._pending = False
