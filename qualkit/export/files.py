"""Write a file so that a failure leaves nothing half-written: into a temporary file in the
same folder, then renamed over the target in one step."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from qualkit.errors import QualkitError


def atomic_write(path: str | Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temporary_path)`, then move the result to `path`; on any error the
    temporary file is removed and `path` is left as it was."""
    path = Path(path)
    if not path.parent.is_dir():
        raise QualkitError("the folder does not exist", str(path))
    if path.is_dir():
        raise QualkitError("is a folder; give a file name", str(path))
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise QualkitError(f"cannot write here: {e.strerror}", str(path)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it the usual mode
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    return atomic_write(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
