"""Read a .qdpx archive as untrusted input: bounded, in memory, never extracted to disk."""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from qualkit.errors import QualkitError

MAX_ENTRIES = 10_000
MAX_DECLARED_BYTES = 4 * 2**30  # all entries as the archive declares them (media included)
MAX_READ_BYTES = 512 * 2**20  # what qualkit actually reads: the XML and the text sources
_CHUNK = 2**20


@dataclass
class Archive:
    """An open .qdpx: entry names resolved case-insensitively, reads counted against a budget."""

    path: Path
    zip: zipfile.ZipFile
    entries: dict[str, zipfile.ZipInfo]  # lower-cased name -> entry
    budget: int

    @property
    def name(self) -> str:
        return self.path.name

    def where(self, entry: str) -> str:
        return f"{self.name}:{entry}"

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.entries.get(name.casefold())

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The entry's bytes; refuses to inflate past the read budget whatever it declares."""
        where = self.where(info.filename)
        if info.file_size > self.budget:
            raise _too_big(where)
        parts: list[bytes] = []
        size = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > self.budget:
                        raise _too_big(where)
                    parts.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError) as e:
            raise QualkitError(f"damaged archive entry: {e}", where) from None
        except (RuntimeError, NotImplementedError) as e:  # encrypted, unknown compression
            raise QualkitError(f"cannot read this archive entry: {e}", where) from None
        self.budget -= size
        return b"".join(parts)

    def close(self) -> None:
        self.zip.close()


def open_archive(path: Path) -> Archive:
    """Open a .qdpx and check its directory before anything is read from it."""
    where = str(path)
    if not path.is_file():
        raise QualkitError("no such file", where)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError):
        # ValueError: a damaged entry name (UnicodeDecodeError); NotImplementedError: a zip
        # version the standard library cannot read.
        raise QualkitError("not a .qdpx archive (a zip file)", where) from None
    try:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise QualkitError(f"archive holds more than {MAX_ENTRIES:,} entries; refused", where)
        if sum(info.file_size for info in infos) > MAX_DECLARED_BYTES:
            raise QualkitError(
                f"archive would expand to more than {MAX_DECLARED_BYTES // 2**30} GB; refused",
                where,
            )
        entries: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = _safe_name(info.filename, where).casefold()
            if key in entries and entries[key].filename != info.filename:
                # Sources are found by name whatever its case: two such entries leave it
                # open which one a reference means, so neither is taken.
                raise QualkitError(
                    f"entries '{entries[key].filename}' and '{info.filename}' differ only "
                    "in case: ambiguous, refused",
                    where,
                )
            entries[key] = info
    except BaseException:
        archive.close()
        raise
    return Archive(path, archive, entries, MAX_READ_BYTES)


def _safe_name(name: str, where: str) -> str:
    """Entry names stay inside the archive's folder (no zip slip), whoever reads them later."""
    clean = name.replace("\\", "/")
    parts = clean.split("/")
    if (
        clean.startswith("/")
        or (len(parts[0]) == 2 and parts[0][1] == ":")
        or ".." in parts
        or "\x00" in clean
    ):
        raise QualkitError(f"entry '{name}' would escape the archive's folder; refused", where)
    return posixpath.normpath(clean) if clean else clean


def entry_for(reference: str, archive: Archive, owner: str) -> zipfile.ZipInfo:
    """The entry a source path names: `internal://x.txt`, or `x.txt` with no scheme, found in
    `sources/` or `Sources/`. Paths outside the archive are refused, not followed."""
    scheme, _, rest = reference.partition("://")
    if not rest:
        scheme, rest = "internal", reference
    if scheme.casefold() != "internal":
        raise QualkitError(
            f"{owner} refers to '{reference}' outside the archive; qualkit reads sources "
            "only from inside the .qdpx",
            archive.name,
        )
    name = _safe_name(rest.lstrip("/"), archive.where(reference))
    for candidate in (f"sources/{name}", name):
        found = archive.find(candidate)
        if found is not None:
            return found
    raise QualkitError(f"{owner}: no file '{name}' in the archive's sources folder", archive.name)


def project_entry(archive: Archive) -> zipfile.ZipInfo:
    """`project.qde`, or the one .qde file a writer named after the project (ATLAS.ti)."""
    found = archive.find("project.qde")
    if found is not None:
        return found
    qde = [info for key, info in archive.entries.items() if key.endswith(".qde")]
    if len(qde) == 1:
        return qde[0]
    if not qde:
        raise QualkitError("no project.qde (nor any .qde file) in the archive", archive.name)
    names = ", ".join(sorted(info.filename for info in qde))
    raise QualkitError(f"several .qde files in the archive ({names}); which one?", archive.name)


def _too_big(where: str) -> QualkitError:
    return QualkitError(
        f"the archive's XML and text sources expand to more than "
        f"{MAX_READ_BYTES // 2**20} MB; refused (a zip bomb?)",
        where,
    )
