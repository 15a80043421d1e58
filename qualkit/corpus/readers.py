"""Read transcript files (.txt, .md, .docx) into normalised text and attributes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from qualkit.corpus.attributes import attribute_name, attribute_value
from qualkit.corpus.controls import controls_in, visible
from qualkit.corpus.encoding import decode
from qualkit.corpus.frontmatter import split_front_matter
from qualkit.errors import QualkitError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
SUFFIXES = TEXT_SUFFIXES | {".docx"}
MAX_BYTES = 200 * 1024 * 1024  # far beyond any interview; stops a mistaken multi-GB file
_ID = re.compile(r"^[^\x00-\x1f/\\]{1,200}$")
_PAGE_BREAKS = str.maketrans("\f\v", "\n\n")


@dataclass(frozen=True)
class SourceFile:
    """A transcript as read from disk, before segmentation."""

    path: Path
    id: str
    text: str
    attributes: dict[str, str] = field(default_factory=dict)
    source_sha256: str = ""
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()  # conversions the user is told about
    warnings: tuple[str, ...] = ()  # values worth a second look


def normalise(text: str) -> str:
    """NFC, `\\n` line ends (also for a page break), no BOM, no control characters (shown as
    symbols, see corpus.controls), no leading blank lines or trailing whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = visible(unicodedata.normalize("NFC", text).translate(_PAGE_BREAKS))
    return text.lstrip("\n").rstrip()


def read_source(path: Path) -> SourceFile:
    """Read one transcript file; raise a QualkitError naming the file, line and reason."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise QualkitError("old Word .doc format: save it as .docx", where)
    if suffix not in SUFFIXES:
        raise QualkitError(
            f"unsupported file type '{suffix or path.name}' (use .txt, .md or .docx)", where
        )
    data = _read_bytes(path)
    if suffix == ".docx":
        raw, encoding, notes = _docx_text(data, where), "docx", ()
    else:
        decoded = _decode_text(data, where)
        raw, encoding, notes = decoded.text, decoded.encoding, (decoded.note,) * bool(decoded.note)
    front, body, _ = split_front_matter(raw.replace("\r\n", "\n").replace("\r", "\n"), where)
    text = normalise(body)
    if replaced := controls_in(body.translate(_PAGE_BREAKS)):
        notes += (f"{replaced} control character(s) such as ESC shown as symbols (␛)",)
    if not text:
        raise QualkitError("empty transcript: no text after the front matter", where)
    transcript_id, attributes, warnings = _attributes(front, path, where)
    return SourceFile(
        path=path,
        id=transcript_id,
        text=text,
        attributes=attributes,
        source_sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        notes=notes,
        warnings=tuple(warnings),
    )


def _read_bytes(path: Path) -> bytes:
    where = str(path)
    if not path.exists():
        raise QualkitError("no such file", where)
    if path.is_dir():
        raise QualkitError("is a folder, not a file", where)
    if path.stat().st_size > MAX_BYTES:
        raise QualkitError(f"file is larger than {MAX_BYTES // 2**20} MB", where)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise QualkitError(f"cannot read: {e.strerror}", where) from None
    if not data.strip():
        raise QualkitError("empty file", where)
    return data


def _decode_text(data: bytes, where: str):
    decoded = decode(data, where)
    if not decoded.text.strip("\ufeff \t\r\n"):
        raise QualkitError("empty file", where)
    return decoded


def _docx_text(data: bytes, where: str) -> str:
    """Paragraphs (and rows of transcript tables) in document order, one per line."""
    import io

    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,  # UnicodeDecodeError among them (a damaged entry name)
        NotImplementedError,  # a zip feature or version the standard library lacks
        EOFError,
        zlib.error,  # a damaged compressed entry
    ) as e:
        raise QualkitError(f"not a readable Word document (.docx): {e}", where) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """Transcripts laid out as a table (speaker | utterance) become 'speaker: utterance'."""
    lines = []
    for row in table.rows:
        cells = [cell.text.strip() for cell in row.cells]
        cells = [c for i, c in enumerate(cells) if c and c not in cells[:i]]  # merged cells
        if len(cells) == 2 and len(cells[0]) <= 30 and not cells[0].endswith(":"):
            lines.append(f"{cells[0]}: {cells[1]}")
        else:
            lines.append(" ".join(cells))
    return lines


def _attributes(
    front: dict[str, tuple[str, int]], path: Path, where: str
) -> tuple[str, dict[str, str], list[str]]:
    transcript_id = unicodedata.normalize("NFC", path.stem)
    attributes: dict[str, str] = {}
    warnings: list[str] = []
    for key, (raw, line) in front.items():
        if key.strip().casefold() == "id":
            transcript_id = _transcript_id(raw, where, line)
            continue
        name = attribute_name(key, where, line)
        value, warning = attribute_value(name, raw)
        if warning:
            warnings.append(f"{where}:{line}: {warning}")
        if value:
            attributes[name] = value
    return transcript_id, attributes, warnings


def _transcript_id(raw: str, where: str, line: int | None = None) -> str:
    value = unicodedata.normalize("NFC", raw.strip())
    if not _ID.match(value):
        raise QualkitError(f"invalid transcript id '{value}'", where, line)
    return value
