"""Read a REFI-QDA project (.qdpx) or codebook (.qdc) into a bundle qualkit can store.

Users become coders, codes get ids from their names (keeping names and GUIDs), text sources
become transcripts (normalised like any import), selections become codings at offsets mapped
from the writer's counting and checked against the text it coded, case variables become
attributes and notes become memos. Anything that does not add up stops the import with the
element and its line.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qualkit.codebook import Codebook, check_codebook_text
from qualkit.corpus.anchor import find_passage
from qualkit.corpus.attributes import RESERVED, attribute_name, attribute_value
from qualkit.corpus.batch import prepare_sources
from qualkit.corpus.encoding import decode
from qualkit.corpus.readers import SourceFile
from qualkit.errors import QualkitError
from qualkit.interop.archive import Archive, entry_for, open_archive, project_entry
from qualkit.interop.bundle import Bundle
from qualkit.interop.codes import RefiCode, codebook_from_refi
from qualkit.interop.offsets import Counting, PositionMap, counting_for
from qualkit.interop.xml import child, children, fail, parse, text_of
from qualkit.model import Coding, Memo, cell_target
from qualkit.project import now

if TYPE_CHECKING:
    from lxml import etree

SIDECAR = "qualkit.json"  # what REFI-QDA cannot say (code ids, keywords, origins), by GUID
MAX_QDC_BYTES = 64 * 2**20
OTHER_SOURCES = ("PDFSource", "PictureSource", "AudioSource", "VideoSource")
_BAD_ID = re.compile(r"[\x00-\x1f/\\]+")
_VALUES = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")


def key(guid: str | None) -> str:
    """GUIDs compare without braces and case: writers differ in both."""
    return (guid or "").strip().strip("{}").lower()


def read_qdpx(path: Path, counting: Counting | None = None) -> Bundle:
    """Read a .qdpx archive; `counting` overrides how positions are read (else: by writer)."""
    archive = open_archive(path)
    try:
        entry = project_entry(archive)
        where = archive.where(entry.filename)
        root = parse(archive.read(entry), where)
        if root.tag != "Project":
            raise QualkitError(f"the root element is <{root.tag}>, not <Project>", where)
        return _ProjectReader(archive, root, where, counting).bundle()
    finally:
        archive.close()


def read_codebook(path: Path) -> Codebook:
    """The codebook of a .qdc file, or of a .qdpx archive (its sources are not read)."""
    if zipfile.is_zipfile(path):
        archive = open_archive(path)
        try:
            entry = project_entry(archive)
            where = archive.where(entry.filename)
            root = parse(archive.read(entry), where)
        finally:
            archive.close()
    else:
        where = str(path)
        if not path.is_file():
            raise QualkitError("no such file", where)
        if path.stat().st_size > MAX_QDC_BYTES:
            raise QualkitError(f"larger than {MAX_QDC_BYTES // 2**20} MB; refused", where)
        root = parse(path.read_bytes(), where)
    if root.tag == "Project":
        root = child(root, "CodeBook")
        if root is None:
            raise QualkitError("the project has no <CodeBook>", where)
    elif root.tag != "CodeBook":
        raise QualkitError(f"the root element is <{root.tag}>, not <CodeBook>", where)
    codes = _CodeReader(where).read(child(root, "Codes"))
    if not codes:
        raise QualkitError("the codebook has no codes", where)
    return codebook_from_refi(codes, title=path.stem)[0]


class _CodeReader:
    """<Codes> -> RefiCode trees, refusing two codes with one GUID."""

    def __init__(self, where: str):
        self.where = where
        self.elements: dict[str, etree._Element] = {}
        self.note_refs: list[tuple[str, etree._Element]] = []  # (code GUID, <NoteRef>)

    def read(self, parent: etree._Element | None) -> list[RefiCode]:
        if parent is None:
            return []
        codes = []
        for element in children(parent, "Code"):
            guid = element.get("guid", "")
            if not key(guid):
                raise fail("a code without a guid", element, self.where)
            if key(guid) in self.elements:
                first = self.elements[key(guid)].sourceline
                raise fail(f"the GUID of another code (line {first})", element, self.where)
            self.elements[key(guid)] = element
            self.note_refs += [(key(guid), ref) for ref in children(element, "NoteRef")]
            codes.append(
                RefiCode(
                    guid=guid.strip(),
                    name=unicodedata.normalize("NFC", element.get("name", "")),
                    description=unicodedata.normalize("NFC", text_of(element, "Description")),
                    color=element.get("color", ""),
                    children=tuple(self.read(element)),
                )
            )
        return codes


@dataclass
class _Note:
    name: str
    text: str
    coder: str
    created: str
    updated: str
    refs: int = 0


@dataclass
class _Source:
    """A text source as read, before it is a transcript."""

    element: etree._Element
    guid: str
    raw: str
    data: bytes
    attributes: dict[str, str] = field(default_factory=dict)
    transcript: str = ""


class _ProjectReader:
    def __init__(
        self, archive: Archive, root: etree._Element, where: str, counting: Counting | None
    ):
        self.archive = archive
        self.root = root
        self.where = where
        self.origin = root.get("origin", "")
        self.counting = counting or counting_for(self.origin)
        self.out = Bundle(name=archive.name, origin=self.origin)
        self.sidecar = self._sidecar()
        self.maps: dict[str, PositionMap] = {}  # source GUID -> its positions
        self.other_sources: set[str] = set()  # sources not imported (media, no text)
        self.coding_notes: list[tuple[int, list[etree._Element]]] = []  # coding -> NoteRefs

    # --- the whole project ---------------------------------------------------------------

    def bundle(self) -> Bundle:
        self.users = self._users()
        code_reader = _CodeReader(self.where)
        book = child(self.root, "CodeBook")
        refi_codes = code_reader.read(child(book, "Codes") if book is not None else None)
        self.out.codebook, self.code_ids = self._codebook(refi_codes)
        self.variables = self._variables()
        self.notes = self._notes()
        sources = self._sources()
        self._cases(sources)
        self._transcripts(sources)
        for source in sources:
            self._codings(source)
        self._memos(sources, code_reader)
        self.out.notes.insert(0, self._counting_note())
        return self.out

    def _counting_note(self) -> str:
        said = {
            Counting.utf16: "UTF-16 units over the file, CRLF as two",
            Counting.codepoints: "characters (code points) over the file",
            Counting.codepoints_lf: "characters with CRLF counted as one",
        }[self.counting]
        return f"positions read as {said} (written by {self.origin or 'an unnamed program'})"

    def _sidecar(self) -> dict:
        info = self.archive.find(SIDECAR)
        if info is None:
            return {}
        try:
            found = json.loads(self.archive.read(info).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            self.out.warnings.append(f"{self.archive.where(SIDECAR)}: not readable JSON; ignored")
            return {}
        return found if isinstance(found, dict) else {}

    # --- users, codes, variables, notes ----------------------------------------------------

    def _users(self) -> dict[str, str]:
        users: dict[str, str] = {}
        holder = child(self.root, "Users")
        for element in children(holder, "User") if holder is not None else []:
            guid = key(element.get("guid"))
            if not guid:
                raise fail("a user without a guid", element, self.where)
            users[guid] = _coder_name(element.get("name") or element.get("id") or "", guid)
        return users

    def _coder(self, guid: str | None, element: etree._Element) -> str:
        if guid and key(guid) in self.users:
            return self.users[key(guid)]
        if guid:
            self.out.warnings.append(
                f"{self.where}:{element.sourceline}: <{element.tag}> names user {guid}, "
                "who is not among the project's users"
            )
            return _coder_name("", key(guid))
        names = sorted(set(self.users.values()))
        return names[0] if len(names) == 1 else "unknown"

    def _codebook(self, codes: list[RefiCode]) -> tuple[Codebook, dict[str, str]]:
        title = self.root.get("name", "") or Path(self.archive.name).stem
        codebook, ids = codebook_from_refi(codes, title=title)
        ids = {key(guid): code_id for guid, code_id in ids.items()}
        kept = self._sidecar_codebook(codebook)
        if kept is None:
            return codebook, ids
        written = self.sidecar.get("code_guids")
        return kept, {key(written[code.id]): code.id for code in kept}

    def _sidecar_codebook(self, derived: Codebook) -> Codebook | None:
        """qualkit's own codebook (ids, keywords, notes) when the codes are unchanged."""
        text = self.sidecar.get("codebook")
        if not isinstance(text, str):
            return None
        guids = self.sidecar.get("code_guids")
        result = check_codebook_text(text, self.archive.where(SIDECAR))
        if (
            result.codebook is None
            or not isinstance(guids, dict)
            or not _same_codes(result.codebook, guids, derived)
        ):
            self.out.notes.append(
                f"{SIDECAR} does not match the codes in the project (edited elsewhere?): "
                "code ids derived from names"
            )
            return None
        return result.codebook

    def _variables(self) -> dict[str, str]:
        variables: dict[str, str] = {}
        holder = child(self.root, "Variables")
        for element in children(holder, "Variable") if holder is not None else []:
            guid = key(element.get("guid"))
            if not guid:
                raise fail("a variable without a guid", element, self.where)
            name = unicodedata.normalize("NFC", element.get("name", "")).strip()
            if not name:
                raise fail("a variable without a name", element, self.where)
            folded = re.sub(r"\s+", "_", name.casefold())
            if folded in RESERVED or folded == "id":
                renamed = f"variable_{folded}"
                self.out.notes.append(f"variable '{name}' is called '{renamed}' here")
                name = renamed
            variables[guid] = attribute_name(name, self.where, element.sourceline)
        return variables

    def _values(self, owner: etree._Element) -> dict[str, str]:
        values: dict[str, str] = {}
        for element in children(owner, "VariableValue"):
            ref = child(element, "VariableRef")
            if ref is None or key(ref.get("targetGUID")) not in self.variables:
                raise fail("refers to no variable", ref if ref is not None else element, self.where)
            name = self.variables[key(ref.get("targetGUID"))]
            raw = next((c.text or "" for c in element if c.tag in _VALUES), "")
            value, warning = attribute_value(name, raw)
            if warning:
                self.out.warnings.append(f"{self.where}:{element.sourceline}: {warning}")
            if value:
                values[name] = value
        return values

    def _notes(self) -> dict[str, _Note]:
        notes: dict[str, _Note] = {}
        holder = child(self.root, "Notes")
        for element in children(holder, "Note") if holder is not None else []:
            guid = key(element.get("guid"))
            if not guid:
                raise fail("a note without a guid", element, self.where)
            text = self._plain_text(element)
            created = element.get("creationDateTime") or now()
            notes[guid] = _Note(
                name=element.get("name", "").strip(),
                text=(text or "").strip(),
                coder=self._coder(element.get("creatingUser"), element),
                created=created,
                updated=element.get("modifiedDateTime") or created,
            )
        return notes

    def _plain_text(self, element: etree._Element) -> str | None:
        """A text source's or note's text: inline, or a file in the archive."""
        inline = child(element, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        path = element.get("plainTextPath")
        if not path:
            return None
        owner = f"<{element.tag}> '{element.get('name') or element.get('guid')}'"
        info = entry_for(path, self.archive, owner)
        data = self.archive.read(info)
        return _decode(data, self.archive.where(info.filename))

    # --- sources, cases, transcripts --------------------------------------------------------

    def _sources(self) -> list[_Source]:
        sources: list[_Source] = []
        holder = child(self.root, "Sources")
        skipped: dict[str, int] = defaultdict(int)
        for element in holder if holder is not None else []:
            guid = key(element.get("guid"))
            if not guid:
                raise fail("a source without a guid", element, self.where)
            if element.tag in OTHER_SOURCES:
                skipped[element.tag] += 1
                self.other_sources.add(guid)
                continue
            if element.tag != "TextSource":
                continue
            raw = self._plain_text(element)
            if raw is None or not raw.strip():
                codings = len(element.findall(".//Coding"))
                self.out.warnings.append(
                    f"{self.where}:{element.sourceline}: <TextSource> "
                    f"'{element.get('name', guid)}' has no plain text: skipped"
                    + (f" with its {codings} coding(s)" if codings else "")
                )
                self.other_sources.add(guid)
                continue
            data = raw.encode("utf-8")
            sources.append(_Source(element, guid, raw, data, self._values(element)))
        for tag, count in sorted(skipped.items()):
            self.out.warnings.append(
                f"{count} {tag.removesuffix('Source')} source(s) skipped: qualkit codes text"
            )
        return sources

    def _cases(self, sources: list[_Source]) -> None:
        by_guid = {source.guid: source for source in sources}
        holder = child(self.root, "Cases")
        for case in children(holder, "Case") if holder is not None else []:
            values = self._values(case)
            name = unicodedata.normalize("NFC", case.get("name", "")).strip()
            for ref in children(case, "SourceRef"):
                target = key(ref.get("targetGUID"))
                if target in self.other_sources:
                    continue
                if target not in by_guid:
                    raise fail("refers to no source", ref, self.where)
                source = by_guid[target]
                extra = {"case": name} if name else {}
                for attribute, value in {**extra, **values}.items():
                    held = source.attributes.setdefault(attribute, value)
                    if held != value and attribute != "case":
                        self.out.warnings.append(
                            f"{self.where}:{case.sourceline}: case '{name}' gives "
                            f"{attribute} '{value}' but the source already has '{held}'; "
                            "kept the first"
                        )

    def _transcripts(self, sources: list[_Source]) -> None:
        recorded = self.sidecar.get("transcripts")
        recorded = recorded if isinstance(recorded, dict) else {}
        taken: set[str] = set()
        files: list[SourceFile] = []
        for source in sources:
            mapped = PositionMap(source.raw, self.counting)
            self.maps[source.guid] = mapped
            path = source.element.get("plainTextPath", "")
            name = source.element.get("name", "") or Path(path.rpartition("/")[2]).stem
            name = name or source.guid
            info = recorded.get(source.guid) or {}
            sha = hashlib.sha256(mapped.text.encode("utf-8")).hexdigest()
            ours = isinstance(info, dict) and info.get("text_sha256") == sha
            transcript_id = _unique(_transcript_id(str(info["id"]) if ours else name), taken)
            attributes = dict(source.attributes)
            if attributes.get("case") == transcript_id:
                del attributes["case"]
            source.transcript = transcript_id
            files.append(
                SourceFile(
                    path=Path(str(info.get("source_name") or name) if ours else name),
                    id=transcript_id,
                    text=mapped.text,
                    attributes=attributes,
                    source_sha256=str(info.get("source_sha256", ""))
                    if ours
                    else hashlib.sha256(source.data).hexdigest(),
                    encoding=str(info.get("encoding", "utf-8")) if ours else "utf-8",
                )
            )
        batch = prepare_sources(files, segmented=False)  # only new ones are segmented
        self.out.segmented = False
        self.out.transcripts = batch.transcripts
        self.out.warnings += batch.warnings

    # --- codings and memos ----------------------------------------------------------------

    def _codings(self, source: _Source) -> None:
        mapped = self.maps[source.guid]
        recorded = self.sidecar.get("codings")
        recorded = recorded if isinstance(recorded, dict) else {}
        whole = (0, mapped.units)
        spans = [(source.element, whole, children(source.element, "Coding"))]
        for selection in children(source.element, "PlainTextSelection"):
            span = self._positions(selection, mapped)
            if span is not None:
                spans.append((selection, span, children(selection, "Coding")))
        seen = {(c.transcript, c.start, c.end, c.code, c.coder) for c in self.out.codings}
        for owner, (start, end), codings in spans:
            if not codings:
                continue
            first, last = self._anchor(owner, start, end, mapped, source)
            for element in codings:
                coding = self._coding(element, owner, source.transcript, first, last, recorded)
                if (coding.transcript, first, last, coding.code, coding.coder) in seen:
                    self.out.notes.append(
                        f"{self.where}:{element.sourceline}: the same coding twice; kept once"
                    )
                    continue
                seen.add((coding.transcript, first, last, coding.code, coding.coder))
                refs = children(element, "NoteRef")
                if owner.tag == "PlainTextSelection":
                    refs = children(owner, "NoteRef") + refs
                self.coding_notes.append((len(self.out.codings), refs))
                self.out.codings.append(coding)

    def _positions(self, selection: etree._Element, mapped: PositionMap) -> tuple[int, int] | None:
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            message = "startPosition and endPosition must be whole numbers"
            raise fail(message, selection, self.where) from None
        if not 0 <= start <= end <= mapped.units:
            raise fail(
                f"positions {start}–{end} are outside its text (0–{mapped.units})",
                selection,
                self.where,
            )
        if start == end:
            self.out.warnings.append(
                f"{self.where}:{selection.sourceline}: an empty selection; skipped"
            )
            return None
        return start, end

    def _anchor(
        self, owner: etree._Element, start: int, end: int, mapped: PositionMap, source: _Source
    ) -> tuple[int, int]:
        """Stored offsets for a selection, checked against the text the tool coded."""
        text = mapped.text
        first, last = mapped.to_text(start), mapped.to_text(end, end=True)
        coded = mapped.seen_by_tool(start, end)
        got = text[first:last]
        if got == coded or (got and got.strip() == coded.strip() and _at_edge(first, last, text)):
            return first, last
        found = find_passage(text, coded, near=first) if coded.strip() else None
        if found is None:
            raise fail(
                f"the coded text «{_short(coded)}» is not in the stored text of "
                f"'{source.transcript}'",
                owner,
                self.where,
            )
        self.out.notes.append(
            f"{self.where}:{owner.sourceline}: re-anchored by its text to {found[0]}–{found[1]}"
        )
        return found

    def _coding(
        self,
        element: etree._Element,
        owner: etree._Element,
        transcript: str,
        start: int,
        end: int,
        recorded: dict,
    ) -> Coding:
        ref = child(element, "CodeRef")
        if ref is None:
            raise fail("a coding without a CodeRef", element, self.where)
        code = self.code_ids.get(key(ref.get("targetGUID")))
        if code is None:
            raise fail("refers to no code in the codebook", ref, self.where)
        user = element.get("creatingUser") or owner.get("creatingUser")
        extra = recorded.get(key(element.get("guid")))
        extra = extra if isinstance(extra, dict) else {}
        origin = extra.get("origin") if extra.get("origin") in ("manual", "suggestion") else None
        created = element.get("creationDateTime") or owner.get("creationDateTime") or now()
        return Coding(
            transcript=transcript,
            start=start,
            end=end,
            code=code,
            coder=self._coder(user, element),
            created=str(extra.get("created") or created),
            origin=origin or "import",
        )

    def _memos(self, sources: list[_Source], codes: _CodeReader) -> None:
        gathered: dict[tuple[str, str, str], list[_Note]] = defaultdict(list)

        def note(ref: etree._Element) -> _Note:
            found = self.notes.get(key(ref.get("targetGUID")))
            if found is None:
                raise fail("refers to no note", ref, self.where)
            found.refs += 1
            return found

        for ref in children(self.root, "NoteRef"):
            found = note(ref)
            gathered[("project", "", found.coder)].append(found)
        targets: dict[int, list[tuple[str, str]]] = defaultdict(list)  # id(note) -> targets
        held: dict[int, _Note] = {}
        for source in sources:
            for ref in children(source.element, "NoteRef"):
                found = note(ref)
                targets[id(found)].append(("transcript", source.transcript))
                held[id(found)] = found
        for guid, ref in codes.note_refs:
            found = note(ref)
            targets[id(found)].append(("code", self.code_ids[guid]))
            held[id(found)] = found
        for number, about in targets.items():
            found = held[number]
            for kind, target in _memo_targets(about):
                gathered[(kind, target, found.coder)].append(found)
        for index, refs in self.coding_notes:
            texts = [n.text for n in (note(ref) for ref in refs) if n.text]
            if texts:
                coding = self.out.codings[index]
                self.out.codings[index] = replace(coding, memo="\n\n".join(texts))
        for found in self.notes.values():
            if not found.refs:
                gathered[("project", "", found.coder)].append(found)
        for (kind, target, coder), notes in gathered.items():
            notes = [n for n in notes if n.text]
            if not notes:
                continue
            text = notes[0].text if len(notes) == 1 else _joined(notes)
            created = min(n.created for n in notes)
            updated = max(n.updated for n in notes)
            self.out.memos.append(Memo(kind, target, text, coder, created, updated))  # type: ignore[arg-type]


def _memo_targets(about: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A note on exactly one source and one code is about that respondent and theme: the
    framework matrix's cell, as qualkit writes it. Otherwise it is a memo on each."""
    kinds = sorted(kind for kind, _ in about)
    if kinds == ["code", "transcript"]:
        target = dict(about)
        return [("cell", cell_target(target["transcript"], target["code"]))]
    return about


def _joined(notes: list[_Note]) -> str:
    return "\n\n".join(f"{n.name}\n{n.text}" if n.name else n.text for n in notes)


def _same_codes(ours: Codebook, guids: dict, derived: Codebook) -> bool:
    """The sidecar's codebook describes exactly the codes in project.qde: the same GUIDs
    (as written), names, descriptions, colours and nesting."""
    written = {code.id: key(str(guids.get(code.id, ""))) for code in ours}
    by_guid = {key(c.guid): c for c in derived}
    if set(written.values()) != set(by_guid) or len(ours) != len(derived):
        return False
    derived_guid = {c.id: key(c.guid) for c in derived}
    for code in ours:
        other = by_guid[written[code.id]]
        if (code.name, code.description, code.color) != (
            other.name,
            other.description,
            other.color,
        ):
            return False
        if written.get(code.parent or "") != derived_guid.get(other.parent or ""):
            return False
    return True


def _decode(data: bytes, where: str) -> str:
    """REFI-QDA sources are UTF-8; a byte-order mark (UTF-8 or UTF-16) is honoured and not
    counted in positions, and UTF-16 without one is recognised by its NUL bytes."""
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, where).text  # UTF-16 without a byte-order mark, or binary: refused
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise QualkitError("not UTF-8 text (REFI-QDA sources are UTF-8)", where, line) from None


def _coder_name(name: str, guid: str) -> str:
    name = " ".join("".join(ch for ch in name if ch.isprintable()).split())[:100]
    return name or f"user-{guid[:8]}"


def _transcript_id(name: str) -> str:
    cleaned = _BAD_ID.sub("-", unicodedata.normalize("NFC", name)).strip(" -")
    return cleaned[:200] or "source"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    taken.add(candidate)
    return candidate


def _at_edge(first: int, last: int, text: str) -> bool:
    return first == 0 or last == len(text)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
