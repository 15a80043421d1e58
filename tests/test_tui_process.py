"""The real `qualkit tui` in a pseudo-terminal: what it confirms survives kill -9."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from qualkit.project import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

ESCAPES = re.compile(r"\x1b\[[0-9;?<>]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>]")


class Terminal:
    """A program running in a pseudo-terminal of 100x30, read as plain text."""

    def __init__(self, *command: str) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.seen = ""

    def wait_for(self, text: str, seconds: float = 90.0) -> None:
        deadline = time.monotonic() + seconds
        while text not in ESCAPES.sub("", self.seen):
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise AssertionError(f"never saw «{text}»; last output: {self.seen[-500:]!r}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.2))
            if ready:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        os.close(self.master)


def test_a_coding_confirmed_on_screen_survives_kill_9(demo_copy):
    screen = Terminal(sys.executable, "-m", "qualkit", "tui", str(demo_copy), "--coder", "maja")
    try:
        screen.wait_for("enter opens one")
        screen.type("/cm-af-03")
        screen.wait_for("1 of 19 transcripts")
        screen.type("\r")
        screen.wait_for("v selects")
        screen.type("c")
        screen.wait_for("Code «")
        screen.type("samverkan")
        screen.wait_for("samverkan  ")  # the matching code is listed
        screen.type("\r")
        screen.wait_for("coded: Samverkan")
        screen.type("M")
        screen.wait_for("Memo on cm-af-03")
        screen.type("Ringa SIUS på måndag")
        screen.wait_for("måndag")
        screen.type("\x13")  # ctrl+s
        screen.wait_for("memo saved")
    finally:
        screen.kill()
    with Project.open(demo_copy) as project:
        (coding,) = project.coding_list(transcript="cm-af-03", coder="maja")
        first = project.segments("cm-af-03", "sentence")[0]
        assert (coding.start, coding.end, coding.code) == (first.start, first.end, "samverkan")
        assert project.memo("transcript", "cm-af-03", "maja").text == "Ringa SIUS på måndag"
