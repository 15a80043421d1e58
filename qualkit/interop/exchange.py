"""The exchange operations the command line offers: export, import and merge, each whole.

A failed import or merge leaves the target as it was: one transaction, and a project file
created for the import is removed again.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from qualkit.codebook import Codebook
from qualkit.errors import QualkitError
from qualkit.interop.bundle import Bundle, bundle_of
from qualkit.interop.merge import CodebookRule, MergeReport, merge
from qualkit.interop.offsets import Counting
from qualkit.project import Project


def export_qdpx(project: Project, out: Path) -> Bundle:
    """Write the whole project as a .qdpx; returns what was written."""
    from qualkit.interop.refi_write import write_qdpx

    bundle = bundle_of(project)
    write_qdpx(bundle, out)
    return bundle


def export_qdc(project: Project, out: Path) -> Codebook:
    from qualkit.interop.refi_write import write_qdc

    write_qdc(project.codebook, out)
    return project.codebook


def import_codebook(path: Path) -> Codebook:
    """The codebook of a .qdc (or of a .qdpx), with ids derived from the code names."""
    from qualkit.interop.refi_read import read_codebook

    return read_codebook(path)


def read_copy(path: Path, counting: Counting | None = None) -> Bundle:
    """A coder's copy: a qualkit project, or a REFI-QDA archive from another program."""
    from qualkit.interop.refi_read import read_qdpx

    if path.is_file() and zipfile.is_zipfile(path):
        return read_qdpx(path, counting)
    with Project.open(path) as project:
        return bundle_of(project)


def import_qdpx(
    archive: Path,
    target: Path,
    rule: CodebookRule = "target",
    counting: Counting | None = None,
) -> tuple[MergeReport, bool]:
    """Import a .qdpx into a project, creating it if it does not exist yet. Into an existing
    project it is a merge. Returns the report and whether the project was created."""
    from qualkit.interop.refi_read import read_qdpx

    bundle = read_qdpx(archive, counting)
    if target.exists():
        return merge_copies(target, [bundle], rule)[0], False
    project = Project.create(target)
    try:
        report = merge(project, bundle, rule)
    except BaseException:
        project.close()
        for leftover in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    project.close()
    return report, True


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def merge_copies(
    target: Path, copies: list[Bundle], rule: CodebookRule = "target", dry_run: bool = False
) -> list[MergeReport]:
    """Merge each copy into the target in turn, in one transaction: all of them or none."""
    reports: list[MergeReport] = []
    with Project.open(target) as project:
        try:
            with project.transaction():
                for bundle in copies:
                    reports.append(merge(project, bundle, rule))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
    return reports


def check_not_target(target: Path, sources: list[Path]) -> None:
    for source in sources:
        if source.exists() and target.exists() and source.resolve() == target.resolve():
            raise QualkitError("a project cannot be merged into itself", str(source))
