"""Small REFI-QDA files written per test, to reproduce each writer's quirks and each attack."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import SHARED

PROJECT_NS = "urn:QDA-XML:project:1.0"
SAMPLES = SHARED / "interop" / "samples"
SCHEMAS = SHARED / "interop" / "refi-qda"

USER = "00000000-0000-4000-8000-000000000001"
BEMOTANDE = "00000000-0000-4000-8000-000000000010"
LYSSNA = "00000000-0000-4000-8000-000000000011"
ARBETE = "00000000-0000-4000-8000-000000000012"
SOURCE = "00000000-0000-4000-8000-000000000100"

CODES = f"""<CodeBook><Codes>
<Code guid="{BEMOTANDE}" name="Bemötande" isCodable="true" color="#4e79a7">
  <Description>Hur personalen bemötte deltagaren.</Description>
  <Code guid="{LYSSNA}" name="Bli lyssnad på" isCodable="true"/>
</Code>
<Code guid="{ARBETE}" name="Arbete" isCodable="true"/>
</Codes></CodeBook>"""


def guid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


@dataclass
class Selection:
    start: int
    end: int
    code: str = BEMOTANDE
    user: str = USER


@dataclass
class Qdpx:
    """One text source with selections; every quirk is a field."""

    text: bytes
    selections: list[Selection] = field(default_factory=list)
    origin: str = "Test 1.0"
    namespace: str | None = PROJECT_NS
    folder: str = "sources"
    path_attribute: str = f"internal://{SOURCE}.txt"
    qde_name: str = "project.qde"
    extra_xml: str = ""  # after <Sources>: Notes, NoteRefs …
    before_sources: str = ""  # Variables, Cases
    source_children: str = ""  # NoteRefs, VariableValues inside the TextSource

    def xml(self) -> str:
        selections = "".join(
            f'<PlainTextSelection guid="{guid(200 + i)}" startPosition="{s.start}" '
            f'endPosition="{s.end}" creatingUser="{s.user}">'
            f'<Coding guid="{guid(300 + i)}" creatingUser="{s.user}" '
            f'creationDateTime="2024-05-01T10:00:00Z"><CodeRef targetGUID="{s.code}"/></Coding>'
            "</PlainTextSelection>"
            for i, s in enumerate(self.selections)
        )
        xmlns = f' xmlns="{self.namespace}"' if self.namespace else ""
        return (
            f'<?xml version="1.0" encoding="utf-8"?>\n<Project{xmlns} name="Test" '
            f'origin="{self.origin}">\n<Users><User guid="{USER}" name="Maja"/></Users>\n'
            f"{CODES}\n{self.before_sources}<Sources>\n"
            f'<TextSource guid="{SOURCE}" name="intervju-1" plainTextPath="{self.path_attribute}">'
            f"{selections}{self.source_children}</TextSource>\n</Sources>{self.extra_xml}</Project>"
        )

    def write(self, path: Path) -> Path:
        name = self.path_attribute.partition("://")[2] or self.path_attribute
        return write_zip(
            path, {self.qde_name: self.xml().encode("utf-8"), f"{self.folder}/{name}": self.text}
        )


def write_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def utf16_units(text: str, index: int) -> int:
    """Where NVivo says `text[index]` is: UTF-16 code units before it."""
    return len(text[:index].encode("utf-16-le")) // 2


def span(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)
