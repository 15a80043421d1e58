"""The architecture's rules (DESIGN.md, Layers), enforced rather than hoped for."""

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import qualkit

PACKAGE = Path(qualkit.__file__).parent
SHELLS = ("qualkit.cli", "qualkit.tui", "qualkit.__main__")


def modules() -> list[str]:
    found = [
        m.name
        for m in pkgutil.walk_packages([str(PACKAGE)], prefix="qualkit.")
        if not m.name.startswith("qualkit._data")
    ]
    return ["qualkit", *sorted(found)]


def headless() -> list[str]:
    return [m for m in modules() if not m.startswith(SHELLS)]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("module", headless())
def test_headless_modules_do_not_load_textual(module):
    loaded = loaded_after_import(module)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_the_cli_starts_without_heavy_libraries():
    loaded = {m.split(".")[0] for m in loaded_after_import("qualkit.cli")}
    assert not loaded & {"pandas", "spacy", "sklearn", "textual", "docx", "openpyxl", "scipy"}


def source_files() -> list[tuple[str, ast.Module]]:
    files = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = "qualkit." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        files.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return files


def test_only_the_shells_print():
    offenders = [
        name
        for name, tree in source_files()
        if not name.startswith(SHELLS)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
    ]
    assert offenders == []


def test_only_the_store_speaks_sql():
    offenders = [
        name
        for name, tree in source_files()
        if name != "qualkit.store"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and any(
            (alias.name if isinstance(node, ast.Import) else node.module or "").startswith(
                ("sqlite3", "sqlalchemy")
            )
            for alias in node.names
        )
    ]
    assert offenders == []
