"""The one exception type that carries a message meant for the researcher."""

from __future__ import annotations


class QualkitError(Exception):
    """Bad input or a refused operation; the CLI prints it as one line and exits 2.

    `where` names the place (a file, optionally with a line) so messages read
    `cases.csv:4: duplicate id 'se-d-08'`.
    """

    def __init__(self, message: str, where: str | None = None, line: int | None = None):
        self.message = message
        self.where = where
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.where is None:
            return self.message
        if self.line is None:
            return f"{self.where}: {self.message}"
        return f"{self.where}:{self.line}: {self.message}"
