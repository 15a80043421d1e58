"""The qualkit command line: parse, call the library, print.

One module per area registers its commands on the app in `base`; the order of the imports
below is the order of `qualkit --help`. Heavy modules (pandas, spaCy) are imported inside the
commands that need them, so `qualkit --help` answers at once. Errors are one line on stderr
with exit code 2.
"""

from __future__ import annotations

import os
import sys

import typer

# The modules register their commands when imported, in this order (that of `--help`).
# isort: off
from qualkit.cli import project  # noqa: F401
from qualkit.cli import coding  # noqa: F401
from qualkit.cli import codebook  # noqa: F401
from qualkit.cli import suggest  # noqa: F401
from qualkit.cli import analysis  # noqa: F401
from qualkit.cli import agreement  # noqa: F401
from qualkit.cli import exchange  # noqa: F401
from qualkit.cli import safety  # noqa: F401

# isort: on
from qualkit.cli.base import EXIT_ERROR, app

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: a clean one-line message for anything unexpected, too."""
    try:
        app()
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as e:  # a bug, not bad input: say so without a wall of traceback
        if os.environ.get("QUALKIT_DEBUG"):
            raise
        message = " ".join(str(e).split())[:200]
        typer.echo(
            f"internal error: {type(e).__name__}: {message} — a bug in qualkit; please report "
            "it with the command you ran (QUALKIT_DEBUG=1 shows more)",
            err=True,
        )
        sys.exit(EXIT_ERROR)
