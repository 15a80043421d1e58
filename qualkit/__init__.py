"""qualkit: qualitative analysis of interview transcripts.

Public names resolve lazily (PEP 562) so that `import qualkit` stays cheap: the CLI's
`--help` must not pay for pandas or spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "Project": "qualkit.project",
    "Codebook": "qualkit.codebook",
    "load_codebook": "qualkit.codebook",
    "QualkitError": "qualkit.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qualkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
