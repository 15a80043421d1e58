"""Write a bundle as a REFI-QDA project (.qdpx) or its codebook alone (.qdc).

The archive holds `project.qde` and each transcript as `sources/<GUID>.txt` (UTF-8, the
stored text, so positions are plain code points), plus `qualkit.json` with what the standard
has no place for (code ids, keywords, notes on inclusion, coding origins) so a round trip
through qualkit loses nothing; other programs ignore it. Optional containers that would be
empty are left out: an empty <Sets> or <Notes> fails the schema.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from qualkit import __version__
from qualkit.codebook import Codebook, codebook_yaml
from qualkit.errors import QualkitError
from qualkit.interop.bundle import Bundle
from qualkit.interop.codes import code_guid, guid_for, refi_tree
from qualkit.interop.refi_read import SIDECAR
from qualkit.model import Code, Coding, Memo, split_cell_target

if TYPE_CHECKING:
    from lxml import etree

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"qualkit {__version__}"
_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_qdpx(bundle: Bundle, out: Path) -> None:
    """Write the archive atomically: a reader never sees half a file."""
    writer = _ProjectWriter(bundle)
    qde = writer.xml()

    def fill(stream: IO[bytes]) -> None:
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", qde)
            for transcript in bundle.transcripts:
                name = f"sources/{writer.source_guid[transcript.id]}.txt"
                archive.writestr(name, transcript.text.encode("utf-8"))
            archive.writestr(SIDECAR, json.dumps(writer.sidecar(), ensure_ascii=False, indent=1))

    write_atomically(out, fill)


def write_qdc(codebook: Codebook, out: Path) -> None:
    if not len(codebook):
        raise QualkitError("the project has no codebook to export")
    data = codebook_xml(codebook)
    write_atomically(out, lambda stream: stream.write(data))


def codebook_xml(codebook: Codebook) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    _codes(etree.SubElement(root, _q(CODEBOOK_NS, "Codes")), codebook, CODEBOOK_NS)
    return _serialise(root)


def write_atomically(out: Path, fill: Callable[[IO[bytes]], object]) -> None:
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise QualkitError("the folder does not exist", str(out))
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            fill(stream)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _ProjectWriter:
    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.source_guid = {t.id: guid_for("transcript", t.id) for t in bundle.transcripts}
        coders = {c.coder for c in bundle.codings} | {m.coder for m in bundle.memos}
        self.user_guid = {coder: guid_for("coder", coder) for coder in sorted(coders)}
        self.code_guid = {code.id: code_guid(code) for code in bundle.codebook}
        self.notes: list[tuple[str, Memo]] = []  # (GUID, memo) in the order written
        self.note_guids: set[str] = set()

    def xml(self) -> bytes:
        from lxml import etree

        root = etree.Element(
            _q(PROJECT_NS, "Project"),
            nsmap={None: PROJECT_NS},
            name=self.bundle.codebook.title or self.bundle.name,
            origin=ORIGIN,
        )
        if self.user_guid:
            users = etree.SubElement(root, _q(PROJECT_NS, "Users"))
            for coder, guid in self.user_guid.items():
                etree.SubElement(users, _q(PROJECT_NS, "User"), guid=guid, name=_clean(coder))
        memos = self._memos_by_target()
        if len(self.bundle.codebook):
            book = etree.SubElement(root, _q(PROJECT_NS, "CodeBook"))
            codes = etree.SubElement(book, _q(PROJECT_NS, "Codes"))
            _codes(codes, self.bundle.codebook, PROJECT_NS, memos, self._note)
        self._variables_and_cases(root)
        if self.bundle.transcripts:
            sources = etree.SubElement(root, _q(PROJECT_NS, "Sources"))
            for transcript in self.bundle.transcripts:
                self._source(sources, transcript.id, memos)
        project_refs = [self._note(m) for m in memos.get(("project", ""), [])]
        if self.notes:
            holder = etree.SubElement(root, _q(PROJECT_NS, "Notes"))
            for guid, memo in self.notes:
                self._note_element(holder, guid, memo)
        for guid in project_refs:
            etree.SubElement(root, _q(PROJECT_NS, "NoteRef"), targetGUID=guid)
        return _serialise(root)

    def _memos_by_target(self) -> dict[tuple[str, str], list[Memo]]:
        """Memos by what carries their NoteRef. REFI-QDA has no framework-matrix cell, so a
        cell memo is one Note referred to by both its source and its code."""
        found: dict[tuple[str, str], list[Memo]] = defaultdict(list)
        for memo in self.bundle.memos:
            if memo.target_kind == "cell":
                transcript, code = split_cell_target(memo.target)
                found[("transcript", transcript)].append(memo)
                found[("code", code)].append(memo)
            else:
                found[(memo.target_kind, memo.target)].append(memo)
        return found

    def _note(self, memo: Memo) -> str:
        guid = guid_for("memo", f"{memo.target_kind}:{memo.target}:{memo.coder}")
        if guid not in self.note_guids:  # a cell memo is referred to twice, written once
            self.note_guids.add(guid)
            self.notes.append((guid, memo))
        return guid

    def _note_element(self, holder: etree._Element, guid: str, memo: Memo) -> None:
        from lxml import etree

        about = f" {memo.target}" if memo.target else ""
        attributes = {"guid": guid, "name": _clean(f"Memo: {memo.target_kind}{about}")}
        attributes["creatingUser"] = self.user_guid[memo.coder]
        _stamp(attributes, "creationDateTime", memo.created)
        _stamp(attributes, "modifiedDateTime", memo.updated)
        note = etree.SubElement(holder, _q(PROJECT_NS, "Note"), **attributes)
        etree.SubElement(note, _q(PROJECT_NS, "PlainTextContent")).text = _clean(memo.text)

    def _variables_and_cases(self, root: etree._Element) -> None:
        from lxml import etree

        names = list(dict.fromkeys(n for t in self.bundle.transcripts for n in t.attributes))
        if not names:
            return
        variables = etree.SubElement(root, _q(PROJECT_NS, "Variables"))
        guids = {name: guid_for("variable", name) for name in names}
        for name, guid in guids.items():
            etree.SubElement(
                variables,
                _q(PROJECT_NS, "Variable"),
                guid=guid,
                name=_clean(name),
                typeOfVariable="Text",
            )
        cases = etree.SubElement(root, _q(PROJECT_NS, "Cases"))
        for transcript in self.bundle.transcripts:
            case = etree.SubElement(
                cases,
                _q(PROJECT_NS, "Case"),
                guid=guid_for("case", transcript.id),
                name=_clean(transcript.id),
            )
            for name, value in transcript.attributes.items():
                holder = etree.SubElement(case, _q(PROJECT_NS, "VariableValue"))
                etree.SubElement(holder, _q(PROJECT_NS, "VariableRef"), targetGUID=guids[name])
                etree.SubElement(holder, _q(PROJECT_NS, "TextValue")).text = _clean(value)
            etree.SubElement(
                case, _q(PROJECT_NS, "SourceRef"), targetGUID=self.source_guid[transcript.id]
            )

    def _source(
        self, sources: etree._Element, transcript: str, memos: dict[tuple[str, str], list[Memo]]
    ) -> None:
        from lxml import etree

        guid = self.source_guid[transcript]
        element = etree.SubElement(
            sources,
            _q(PROJECT_NS, "TextSource"),
            guid=guid,
            name=_clean(transcript),
            plainTextPath=f"internal://{guid}.txt",
        )
        spans: dict[tuple[int, int], list[Coding]] = defaultdict(list)
        for coding in self.bundle.codings:
            if coding.transcript == transcript:
                spans[(coding.start, coding.end)].append(coding)
        for (start, end), codings in sorted(spans.items()):
            attributes = {
                "guid": guid_for("selection", f"{transcript}:{start}:{end}"),
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": self.user_guid[codings[0].coder],
            }
            _stamp(attributes, "creationDateTime", min(c.created for c in codings))
            tag = _q(PROJECT_NS, "PlainTextSelection")
            selection = etree.SubElement(element, tag, **attributes)
            for coding in codings:
                self._coding(selection, coding)
        for memo in memos.get(("transcript", transcript), []):
            etree.SubElement(element, _q(PROJECT_NS, "NoteRef"), targetGUID=self._note(memo))

    def _coding(self, selection: etree._Element, coding: Coding) -> None:
        from lxml import etree

        attributes = {"guid": coding_guid(coding), "creatingUser": self.user_guid[coding.coder]}
        _stamp(attributes, "creationDateTime", coding.created)
        element = etree.SubElement(selection, _q(PROJECT_NS, "Coding"), **attributes)
        etree.SubElement(element, _q(PROJECT_NS, "CodeRef"), targetGUID=self.code_guid[coding.code])
        if coding.memo:
            memo = Memo("coding", coding_guid(coding), coding.memo, coding.coder, coding.created)
            etree.SubElement(element, _q(PROJECT_NS, "NoteRef"), targetGUID=self._note(memo))

    def sidecar(self) -> dict:
        codebook = self.bundle.codebook
        return {
            "written_by": ORIGIN,
            "codebook": codebook_yaml(codebook) if len(codebook) else None,
            "code_guids": self.code_guid,
            "transcripts": {
                self.source_guid[t.id]: {
                    "id": t.id,
                    "source_name": t.source_name,
                    "source_sha256": t.source_sha256,
                    "text_sha256": t.text_sha256,
                    "encoding": t.encoding,
                }
                for t in self.bundle.transcripts
            },
            "codings": {
                coding_guid(c): {"origin": c.origin, "created": c.created}
                for c in self.bundle.codings
            },
        }


def coding_guid(coding: Coding) -> str:
    key = f"{coding.transcript}:{coding.start}:{coding.end}:{coding.code}:{coding.coder}"
    return guid_for("coding", key)


def _codes(
    parent: etree._Element,
    codebook: Codebook,
    namespace: str,
    memos: dict[tuple[str, str], list[Memo]] | None = None,
    note: Callable[[Memo], str] | None = None,
) -> None:
    from lxml import etree

    def write(holder: etree._Element, code: Code, guid: str, below: list) -> None:
        attributes = {"guid": guid, "name": _clean(code.name)}
        attributes["isCodable"] = "true"
        if code.color:
            attributes["color"] = code.color
        element = etree.SubElement(holder, _q(namespace, "Code"), **attributes)
        if code.description:
            etree.SubElement(element, _q(namespace, "Description")).text = _clean(code.description)
        for memo in (memos or {}).get(("code", code.id), []):
            assert note is not None
            etree.SubElement(element, _q(namespace, "NoteRef"), targetGUID=note(memo))
        for child, child_guid, grandchildren in below:
            write(element, child, child_guid, grandchildren)

    for code, guid, below in refi_tree(codebook):
        write(parent, code, guid, below)


def _stamp(attributes: dict[str, str], name: str, value: str) -> None:
    """Only a valid xsd:dateTime is written; qualkit.json keeps the value either way."""
    if value and _DATETIME.match(value):
        attributes[name] = value


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _serialise(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
