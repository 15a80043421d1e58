"""Project: the facade the CLI and the TUI call. Every change is one transaction.

Coding actions (code, uncode, memo) are written to an event log per coder so the last ones
can be undone and redone, across sessions and processes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualkit.codebook import Codebook, load_codebook
from qualkit.corpus.attributes import attribute_order
from qualkit.errors import QualkitError
from qualkit.model import (
    MEMO_TARGETS,
    ORIGINS,
    Coding,
    Memo,
    Segment,
    Suggestion,
    Transcript,
    split_cell_target,
)
from qualkit.store import Store

if TYPE_CHECKING:
    import pandas as pd

    from qualkit.corpus.codings_table import CodingRow
    from qualkit.suggest.engine import Suggester
    from qualkit.suggest.evaluate import Evaluation
    from qualkit.suggest.refresh import RefreshReport

CODING_COLUMNS = "transcript start end code coder origin created text memo".split()
MEMO_COLUMNS = ["on", "transcript", "start", "end", "code", "coder", "updated", "memo"]


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file: already imported as 'x'"
    updated: list[str] = field(default_factory=list)  # transcripts whose attributes changed
    codings_added: int = 0
    codings_present: int = 0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    corrected: list[str] = field(default_factory=list)  # transcripts given a corrected text
    codings_moved: int = 0  # codings carried over to a corrected text (placed anew)
    unplaced: list[str] = field(default_factory=list)  # codings left out, with why


@dataclass
class Additions:
    """What a merge or an exchange import adds to a project, written in one transaction.

    Nothing is removed: transcripts, codings and memos are new ones; `attributes` adds to or
    changes those of transcripts already in the project; `codebook` replaces the codebook (it
    must keep every code in use); `coding_memos` fills memos of codings already present."""

    transcripts: list[Transcript] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    codebook: Codebook | None = None
    codings: list[Coding] = field(default_factory=list)
    coding_memos: dict[int, str] = field(default_factory=dict)
    memos: list[Memo] = field(default_factory=list)


class Project:
    """A qualkit project file. Open with `Project.open(path)` or `Project.create(path)`."""

    def __init__(self, store: Store):
        self._store = store
        self._codebook: Codebook | None = None
        self._suggester: Suggester | None = None  # built on first use: loads spaCy

    @classmethod
    def create(cls, path: str | Path, codebook: Codebook | str | Path | None = None) -> Project:
        path = Path(path)
        if codebook is not None and not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook)  # before the file exists: nothing half-made
        project = cls(Store.create(path))
        with project._store.transaction():
            project._store.set_meta("created", now())
            if codebook is not None:
                project._write_codebook(codebook)
        return project

    @classmethod
    def open(cls, path: str | Path) -> Project:
        return cls(Store.open(Path(path)))

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._store.path

    def forget(self) -> None:
        """Drop what was read and kept (the codebook), so the next read sees what another
        process may have changed."""
        self._codebook = None

    # --- codebook ------------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            self._codebook = Codebook(
                tuple(self._store.codes()),
                title=self._store.meta("codebook_title"),
                language=self._store.meta("codebook_language", "sv"),
                version=self._store.meta("codebook_version"),
            )
        return self._codebook

    def use_codebook(self, codebook: Codebook | str | Path) -> Codebook:
        """Replace the project's codebook; refused if codings use a code it lacks."""
        if not isinstance(codebook, Codebook):
            codebook = load_codebook(codebook)
        lost = sorted(code for code in self._store.codes_in_use() if code not in codebook)
        if lost:
            raise QualkitError(
                f"the new codebook lacks code(s) in use: {', '.join(lost)} "
                "(recode or uncode those passages first)"
            )
        with self._store.transaction():
            self._write_codebook(codebook)
        return codebook

    def _write_codebook(self, codebook: Codebook) -> None:
        self._store.replace_codes(codebook.codes)
        self._store.set_meta("codebook_title", codebook.title)
        self._store.set_meta("codebook_language", codebook.language)
        self._store.set_meta("codebook_version", codebook.version)
        self._codebook = None
        self._suggester = None

    # --- import ---------------------------------------------------------------------------

    def import_files(
        self,
        paths: list[str | Path],
        cases: str | Path | None = None,
        codings: list[str | Path] | None = None,
        update: bool = False,
        coder: str | None = None,
        skip_unplaced: bool = False,
    ) -> ImportReport:
        """Import transcripts, a case table and coding tables: all of it, or nothing.

        With `update`, a file whose transcript id is in the project with another text is its
        corrected version: the text is replaced and every coding (with its memo) and rejected
        suggestion moves to the same words (`qualkit.corpus.align`); `coder` can undo it.
        A coding that cannot be placed refuses the import, or with `skip_unplaced` is left
        out and listed in `report.unplaced` (undo brings it back with the old text). With
        `skip_unplaced`, coding-table rows whose passage is not found are listed likewise."""
        from qualkit.corpus.batch import Batch, prepare
        from qualkit.corpus.cases import read_case_table
        from qualkit.corpus.codings_table import read_codings_table

        if update:
            if coder is None:
                raise QualkitError("who corrects? an update needs a coder (for undo)")
            _check_coder(coder)
        table = read_case_table(Path(cases)) if cases is not None else None
        batch = prepare([Path(p) for p in paths], table) if paths else Batch()
        report = ImportReport(notes=batch.notes, warnings=batch.warnings)
        new, refreshed, corrected = self._sort_out(batch.transcripts, report, update)
        if table is not None:
            refreshed |= self._case_updates(table, new, report)
        rows = [row for path in codings or [] for row in read_codings_table(Path(path))]
        texts = {
            **self._store.texts(),
            **{t.id: t.text for t in new},
            **{t.id: t.text for t in corrected},
        }
        anchored = self._anchor(rows, texts, report, skip_unplaced)
        with self._store.transaction():
            stamp = now()
            for transcript in corrected:
                self._correct(transcript, coder, skip_unplaced, report)  # type: ignore[arg-type]
            for transcript in new:
                self._store.add_transcript(transcript, stamp)
            for transcript_id, attributes in refreshed.items():
                self._store.set_attributes(transcript_id, attributes)
            for coding in anchored:
                if self._store.find_coding(*_key(coding)) is None:
                    self._store.add_coding(coding)
                    report.codings_added += 1
                else:
                    report.codings_present += 1
        report.imported = [t.id for t in new]
        report.updated = sorted(refreshed)
        report.corrected = [t.id for t in corrected]
        return report

    def _sort_out(
        self, transcripts: list[Transcript], report: ImportReport, update: bool = False
    ) -> tuple[list[Transcript], dict[str, dict[str, str]], list[Transcript]]:
        """New transcripts, attribute changes for files imported before, and (with
        `update`) corrected texts of transcripts in the project."""
        known = self._store.transcript_fingerprints()
        by_text = {sha: tid for tid, (sha, _) in known.items()}
        current = self._store.attributes()
        new: list[Transcript] = []
        corrected: list[Transcript] = []
        refreshed: dict[str, dict[str, str]] = {}
        errors: list[str] = []
        for t in transcripts:
            if t.id in known and known[t.id][0] != t.text_sha256 and update:
                corrected.append(t)
                changed = _changed(current.get(t.id, {}), dict(t.attributes))
                if changed:
                    refreshed[t.id] = changed
            elif t.id in known and known[t.id][0] != t.text_sha256:
                errors.append(
                    f"{t.source_name}: transcript '{t.id}' is already in the project with "
                    f"different text (from {known[t.id][1]}); give the new one another id, "
                    "or import it with --update as a corrected version (codings move along)"
                )
            elif t.id in known or t.text_sha256 in by_text:
                same = t.id if t.id in known else by_text[t.text_sha256]
                report.skipped.append(f"{t.source_name}: already imported as '{same}'")
                changed = _changed(current.get(same, {}), dict(t.attributes))
                if changed:
                    refreshed[same] = changed
            else:
                new.append(t)
        if errors:
            raise QualkitError("\n".join(errors))
        return new, refreshed, corrected

    def _case_updates(self, table, new: list[Transcript], report: ImportReport):
        """Case-table rows for transcripts already in the project (new ones have them)."""
        in_batch = {t.id for t in new}
        known = set(self._store.transcript_ids())
        current = self._store.attributes()
        updates: dict[str, dict[str, str]] = {}
        for transcript_id, attributes in table.rows.items():
            if transcript_id in in_batch:
                continue
            if transcript_id not in known:
                report.warnings.append(
                    f"{table.source}:{table.lines[transcript_id]}: "
                    f"no transcript '{transcript_id}' in the project or this import"
                )
                continue
            changed = _changed(current.get(transcript_id, {}), attributes)
            if changed:
                updates[transcript_id] = changed
        report.warnings += table.warnings
        return updates

    def _anchor(
        self,
        rows: list[CodingRow],
        texts: dict[str, str],
        report: ImportReport,
        skip_unplaced: bool = False,
    ) -> list[Coding]:
        from qualkit.corpus.anchor import find_passage
        from qualkit.corpus.graphemes import whole_characters

        if rows and not len(self.codebook):
            raise QualkitError("the project has no codebook; add one with `qualkit codebook use`")
        codings = []
        for row in rows:
            text = texts.get(row.transcript)
            if text is None:
                raise QualkitError(f"no transcript '{row.transcript}'", row.where, row.line)
            if row.code not in self.codebook:
                raise QualkitError(f"no code '{row.code}' in the codebook", row.where, row.line)
            span = (row.start, row.end)
            if row.quote and (
                None in span or _squash(text[span[0] : span[1]]) != _squash(row.quote)
            ):
                found = find_passage(text, row.quote, row.start, row.occurrence)
                if found is None:
                    missing = QualkitError(
                        f"passage not found in '{row.transcript}': «{_short(row.quote)}»",
                        row.where,
                        row.line,
                    )
                    if not skip_unplaced:
                        raise missing
                    report.unplaced.append(str(missing))
                    continue
                if None not in span:
                    report.notes.append(
                        f"{row.where}:{row.line}: re-anchored to {found[0]}–{found[1]}"
                    )
                span = found
            _check_span(text, *span, where=row.where, line=row.line)
            span = whole_characters(text, *span)  # as `code` does
            codings.append(
                Coding(
                    row.transcript,
                    span[0],
                    span[1],
                    row.code,
                    row.coder,
                    row.created or now(),
                    row.origin,
                    row.memo,
                )
            )
        return codings

    def _correct(
        self, transcript: Transcript, coder: str, skip_unplaced: bool, report: ImportReport
    ) -> None:
        """Replace a transcript's text by its corrected version, inside the import's
        transaction, moving what points into it; logged for `coder`'s undo."""
        old = self._store.transcript(transcript.id, with_segments=False)
        moved, dropped = self._retext(old, transcript, {}, [], skip_unplaced)  # type: ignore[arg-type]
        report.codings_moved += len(moved)
        report.unplaced += [f"{_where(c)}: {reason} «{_short(q)}»" for c, reason, q in dropped]
        payload = {
            "transcript": transcript.id,
            "old": _text_fields(old),  # type: ignore[arg-type]
            "new": _text_fields(transcript),
            "moved": moved,
            "dropped": [asdict(c) for c, _, _ in dropped],
        }
        self._store.log_event(now(), coder, "correct", payload)

    def _retext(
        self,
        old: Transcript,
        new: Transcript,
        exact: dict[int, tuple[int, int]],
        restore: list[Coding],
        skip_unplaced: bool,
    ) -> tuple[list[list[int]], list[tuple[Coding, str, str]]]:
        """Give `old` the text of `new`; codings in `exact` go to the span given, `restore`d
        ones come back, the others are placed by aligning the texts. Returns [id, old start,
        old end, new start, new end] of each coding moved, and the codings left out (with
        why and their text), which raise unless `skip_unplaced`."""
        from qualkit.corpus.align import align

        alignment = align(old.text, new.text)
        moved, dropped = [], []
        taken: set[tuple] = set()  # a passage coded once per code and coder
        for coding in self._store.codings(transcript=old.id):
            span = exact.get(coding.id)  # type: ignore[arg-type]
            reason = ""
            if span is None:
                placement = alignment.place(coding.start, coding.end)
                span, reason = placement.new, placement.reason
            if span is not None and (*span, coding.code, coding.coder) in taken:
                span, reason = None, "its words are now coded so by another of these codings"
            if span is None:
                dropped.append((coding, reason, old.text[coding.start : coding.end]))
                continue
            taken.add((*span, coding.code, coding.coder))
            moved.append([coding.id, coding.start, coding.end, *span])
        if dropped and not skip_unplaced:
            lines = [f"{_where(c)}: {why} «{_short(q)}»" for c, why, q in dropped]
            raise QualkitError(
                f"'{old.id}': {len(dropped)} coding(s) cannot be placed in the new text "
                "(review them; --skip-unplaced leaves them out, undo brings them back):\n"
                + "\n".join(lines)
            )
        self._store.replace_text(new)
        for coding, _, _ in dropped:
            self._store.delete_coding(coding.id)  # type: ignore[arg-type]
        for coding_id, _, _, start, end in moved:
            self._store.move_coding(coding_id, start, end)
        for coding in restore:
            self._store.add_coding(coding)
        self._move_rejections(old.id, alignment)
        return moved, dropped

    def _move_rejections(self, transcript: str, alignment) -> None:
        """Rejected suggestions follow their passage; one whose words are gone goes (the
        suggestion, if made again, is simply open)."""
        for t, start, end, code, coder in self._store.rejections():
            if t != transcript:
                continue
            self._store.delete_rejection(t, start, end, code, coder)
            span = alignment.place(start, end).new
            if span is not None:
                self._store.add_rejection(t, *span, code, coder, now())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several changes (e.g. merging several copies) into one: all or nothing."""
        try:
            with self._store.transaction():
                yield
        finally:
            self._codebook = None  # a rolled-back codebook must not linger in the cache

    def add(self, additions: Additions) -> None:
        """Write a merge's or an exchange import's additions, checked first, in one
        transaction. Not undoable by `undo` (like an import): it is a coder's copy arriving."""
        codebook = additions.codebook or self.codebook
        texts = {**self._store.texts(), **{t.id: t.text for t in additions.transcripts}}
        clash = sorted({t.id for t in additions.transcripts} & set(self._store.transcript_ids()))
        if clash:
            raise QualkitError(f"transcript(s) already in the project: {', '.join(clash)}")
        if additions.codebook is not None:
            lost = sorted(c for c in self._store.codes_in_use() if c not in additions.codebook)
            if lost:
                raise QualkitError(f"the merged codebook lacks code(s) in use: {', '.join(lost)}")
        for coding in additions.codings:
            if coding.transcript not in texts:
                raise QualkitError(f"no transcript '{coding.transcript}' for a coding")
            if coding.code not in codebook:
                raise QualkitError(f"no code '{coding.code}' in the codebook for a coding")
            _check_span(texts[coding.transcript], coding.start, coding.end)
        for memo in additions.memos:
            if (memo.target_kind == "transcript" and memo.target not in texts) or (
                memo.target_kind == "code" and memo.target not in codebook
            ):
                raise QualkitError(f"no {memo.target_kind} '{memo.target}' for a memo")
        with self._store.transaction():
            stamp = now()
            for transcript in additions.transcripts:
                self._store.add_transcript(transcript, stamp)
            for transcript_id, attributes in additions.attributes.items():
                self._store.set_attributes(transcript_id, attributes)
            if additions.codebook is not None:
                self._write_codebook(additions.codebook)
            for coding in additions.codings:
                self._store.add_coding(replace(coding, id=None))
            for coding_id, memo in additions.coding_memos.items():
                self._store.set_coding_memo(coding_id, memo)
            for memo in additions.memos:
                self._store.put_memo(memo)

    # --- reading ----------------------------------------------------------------------------

    def transcript_ids(self) -> list[str]:
        return self._store.transcript_ids()

    def transcript(self, transcript_id: str) -> Transcript:
        found = self._store.transcript(transcript_id)
        if found is None:
            raise QualkitError(_unknown("transcript", transcript_id, self.transcript_ids()))
        return found

    def fingerprints(self) -> dict[str, str]:
        """{transcript id: SHA-256 of its stored text}, to match copies of a project."""
        return {tid: sha for tid, (sha, _) in self._store.transcript_fingerprints().items()}

    def text(self, transcript_id: str) -> str:
        texts = self._store.texts([transcript_id])
        if transcript_id not in texts:
            raise QualkitError(_unknown("transcript", transcript_id, self.transcript_ids()))
        return texts[transcript_id]

    def attributes(self) -> dict[str, dict[str, str]]:
        return self._store.attributes()

    def segments(self, transcript_id: str, kind: str) -> list[Segment]:
        """The transcript's speaker turns (`kind="turn"`) or sentences (`"sentence"`)."""
        if kind not in ("turn", "sentence"):
            raise QualkitError(f"a segment is a turn or a sentence, not '{kind}'")
        self.text(transcript_id)  # an unknown transcript is an error, not an empty list
        return self._store.segments(transcript_id, kind)

    def coding_list(
        self,
        transcript: str | None = None,
        coder: str | None = None,
        code: str | Sequence[str] | None = None,
    ) -> list[Coding]:
        """Codings, filtered; `code` may be several codes (a code and its descendants)."""
        return self._store.codings(transcript=transcript, coder=coder, code=code)

    def find_coding(self, transcript: str, start: int, end: int, code: str, coder: str):
        return self._store.find_coding(transcript, start, end, code, coder)

    def coding_spans(
        self, coder: str | None = None, codes: list[str] | None = None
    ) -> pd.DataFrame:
        """Every coding (of `coder`, with one of `codes`) as plain columns transcript, start,
        end, code — no text, no objects: the fast path for analyses over hundreds of
        thousands of codings."""
        import pandas as pd

        rows = self._store.coding_spans(coder, codes)
        return pd.DataFrame.from_records(rows, columns=["transcript", "start", "end", "code"])

    def transcript_codes(self, coder: str | None = None) -> pd.DataFrame:
        """Columns transcript, code: each code a transcript has, once (of `coder`)."""
        import pandas as pd

        rows = self._store.transcript_codes(coder)
        return pd.DataFrame.from_records(rows, columns=["transcript", "code"])

    def segment_spans(self, kind: str) -> pd.DataFrame:
        """Every transcript's turns or sentences as columns (transcript, index, start, end)."""
        import pandas as pd

        if kind not in ("turn", "sentence"):
            raise QualkitError(f"a segment is a turn or a sentence, not '{kind}'")
        columns = ["transcript", "index", "start", "end"]
        return pd.DataFrame.from_records(self._store.segment_spans(kind), columns=columns)

    def texts(self, ids: list[str] | None = None) -> dict[str, str]:
        """{transcript id: text} for the given transcripts (all when None)."""
        return self._store.texts(ids)

    def coders(self) -> dict[str, int]:
        """Coders with their number of codings."""
        return self._store.coders()

    def memos(self, target_kind: str | None = None) -> list[Memo]:
        return self._store.memos(target_kind)

    def memo(self, target_kind: str, target: str, coder: str) -> Memo | None:
        return self._store.memo(target_kind, target, coder)

    def memo_table(self, coder: str | None = None) -> pd.DataFrame:
        """Every memo, the ones on codings included, one row each: what it is on (project,
        transcript, code, cell, coding), the transcript and code concerned, coder, when, text."""
        import pandas as pd

        records = []
        for memo in self.memos():
            if coder is not None and memo.coder != coder:
                continue
            transcript = code = None
            if memo.target_kind == "cell":
                transcript, code = split_cell_target(memo.target)
            elif memo.target_kind == "transcript":
                transcript = memo.target
            elif memo.target_kind == "code":
                code = memo.target
            updated = memo.updated or memo.created
            records.append(
                (memo.target_kind, transcript, None, None, code, memo.coder, updated, memo.text)
            )
        records.extend(
            ("coding", c.transcript, c.start, c.end, c.code, c.coder, c.created, c.memo)
            for c in self.coding_list(coder=coder)
            if c.memo
        )
        frame = pd.DataFrame.from_records(records, columns=MEMO_COLUMNS)
        frame[["start", "end"]] = frame[["start", "end"]].astype("Int64")
        return frame

    def transcripts(self, coder: str | None = None) -> pd.DataFrame:
        """One row per transcript: id, attributes, size and the share of text coded."""
        import pandas as pd

        names, records = self.transcript_records(coder)
        columns = [
            "id",
            *names,
            "source",
            "encoding",
            "words",
            "turns",
            "sentences",
            "characters",
            "coded",
            "imported",
        ]
        return pd.DataFrame.from_records(records, columns=columns)

    def transcript_records(self, coder: str | None = None) -> tuple[list[str], list[dict]]:
        """The rows of `transcripts()` as plain dicts, with the attribute names in table
        order, for callers that should not pay for pandas (the terminal UI)."""
        rows = self._store.transcript_rows()
        attributes = self._store.attributes()
        names = attribute_order(n for a in attributes.values() for n in a)
        covered = self._store.coded_characters(coder)
        records = []
        for row in rows:
            record = {"id": row["id"]}
            record.update({n: attributes.get(row["id"], {}).get(n) for n in names})
            record.update({k: v for k, v in row.items() if k != "id"})
            record["coded"] = round(covered.get(row["id"], 0) / max(row["characters"], 1), 4)
            records.append(record)
        return names, records

    def code_counts(self, coder: str | None = None) -> dict[str, tuple[int, int]]:
        """Per code: (codings, transcripts), each code counting its descendants' codings too
        (a coding on arbete/motivation counts for arbete). Codes without codings are 0."""
        codings: Counter[str] = Counter()
        where: dict[str, set[str]] = {code.id: set() for code in self.codebook}
        for code, transcript, n in self._store.coding_counts(coder):
            if code not in where:
                continue  # a code the codebook lost cannot be shown in its tree
            for owner in (code, *self.codebook.ancestors(code)):
                codings[owner] += n
                where[owner].add(transcript)
        return {code: (codings[code], len(found)) for code, found in where.items()}

    def recent_codes(self, coder: str, limit: int = 9) -> list[str]:
        """Codes for quick keys: those `coder` applied last, newest first, then the codes
        they have used most (e.g. imported codings), while fewer than `limit`."""
        recent = [c for c in self._store.recent_codes(coder, limit) if c in self.codebook]
        used: Counter[str] = Counter()
        for code, _, n in self._store.coding_counts(coder):
            used[code] += n
        for code, _ in sorted(used.items(), key=lambda item: (-item[1], item[0])):
            if len(recent) >= limit:
                break
            if code not in recent and code in self.codebook:
                recent.append(code)
        return recent

    def data_version(self) -> int:
        """Changes whenever another process commits to the project: poll it to refresh."""
        return self._store.data_version()

    def change_mark(self) -> tuple:
        """Changes with the coders' work, not with suggestions computed in the background."""
        return self._store.change_mark()

    def codings(
        self, transcript: str | None = None, coder: str | None = None, code: str | None = None
    ) -> pd.DataFrame:
        """One row per coding with its text and every attribute of its transcript."""
        import pandas as pd

        found = self.coding_list(transcript, coder, code)
        texts = self._store.texts({c.transcript for c in found})
        attributes = self._store.attributes()
        names = attribute_order(n for a in attributes.values() for n in a)
        records = [
            (
                c.transcript,
                c.start,
                c.end,
                c.code,
                c.coder,
                c.origin,
                c.created,
                texts[c.transcript][c.start : c.end],
                c.memo,
                *(attributes.get(c.transcript, {}).get(n) for n in names),
            )
            for c in found
        ]
        return pd.DataFrame.from_records(records, columns=[*CODING_COLUMNS, *names])

    def info(self) -> dict[str, Any]:
        counts = self._store.counts()
        attributes = self._store.attributes()
        rows = self._store.transcript_rows()
        summary = {
            name: dict(sorted(Counter(a[name] for a in attributes.values() if name in a).items()))
            for name in ("arm", "role", "kommun")
        }
        return {
            "project": str(self.path),
            "schema": self._store.schema_version,
            "codebook": self.codebook.title,
            "codes": counts["codes"],
            "transcripts": counts["transcripts"],
            "words": sum(r["words"] for r in rows),
            "codings": counts["codings"],
            "coders": self.coders(),
            "memos": counts["memos"],
            "attributes": summary,
            "last_change": self._store.last_change(),
        }

    # --- safety: backup and check ---------------------------------------------------------

    def backup(self, target: str | Path) -> None:
        """A consistent copy of the project in the new file `target`, taken while other
        programs may be coding (SQLite's online backup). Nothing is left on failure."""
        target = Path(target)
        if target.exists():
            raise QualkitError("already exists; choose another name", str(target))
        if not target.parent.is_dir():
            raise QualkitError("the folder does not exist", str(target))
        partial = target.with_name(f".{target.name}.partial")
        try:
            self._store.backup(partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)

    def check(self) -> list[str]:
        """Everything wrong with the project, one line each (empty when all is well): the
        file's integrity and foreign keys, the schema version, texts against their
        fingerprints, turns, sentences and codings outside their text, events that would not
        replay."""
        import hashlib

        from qualkit.store import SCHEMA_VERSION

        problems = self._store.problems()
        if self._store.schema_version != SCHEMA_VERSION:
            problems.append(
                f"schema version {self._store.schema_version}, expected {SCHEMA_VERSION}"
            )
        texts = self._store.texts()
        for tid, (sha, _) in self._store.transcript_fingerprints().items():
            if hashlib.sha256(texts[tid].encode("utf-8")).hexdigest() != sha:
                problems.append(f"transcript {tid}: its text does not match its fingerprint")
            for s in self._store.segments(tid):
                if not 0 <= s.start <= s.end <= len(texts[tid]):
                    problems.append(f"transcript {tid}: {s.kind} {s.index} is outside the text")
        for c in self._store.codings():
            text = texts.get(c.transcript)
            if text is not None and not 0 <= c.start < c.end <= len(text):
                problems.append(f"{_where(c)}: outside the text of {c.transcript} (0–{len(text)})")
            if c.code not in self.codebook:
                problems.append(f"{_where(c)}: no code '{c.code}' in the codebook")
        problems += [_event_problem(*event) for event in self._store.events()]
        return [p for p in problems if p]

    # --- suggestions ----------------------------------------------------------------------

    def suggestions(
        self, transcript: str | None = None, kind: str | None = None, coder: str | None = None
    ) -> list[Suggestion]:
        """Stored suggestions in text order, best first within a passage; `status` tells
        whether `coder` accepted (coded) or rejected each. Instant: nothing is computed."""
        if transcript is not None:
            self.text(transcript)
        if kind not in (None, "turn", "sentence"):
            raise QualkitError(f"suggestions are for a turn or a sentence, not '{kind}'")
        return self._store.suggestions(transcript, kind, coder)

    def suggestion(self, suggestion_id: int, coder: str | None = None) -> Suggestion:
        found = self._store.suggestions(coder=coder, ids=[suggestion_id])
        if not found:
            raise QualkitError(
                f"no suggestion {suggestion_id} (suggestions are recomputed "
                "when refreshed; list them again)"
            )
        return found[0]

    def open_suggestion_counts(self, coder: str, top: int | None = None) -> dict[str, int]:
        """Per transcript: how many of the best `top` suggestions of each passage (all
        stored when None) `coder` has neither accepted nor rejected, a passage suggested
        both as a turn and as a sentence counting once. Transcripts whose suggestions were
        never computed are left out. Instant."""
        counts = self._store.open_suggestion_counts(coder, top)
        computed = self._store.suggestion_runs()
        return {t: counts.get(t, 0) for t in self.transcript_ids() if t in computed}

    def suggestion_runs(self) -> dict[str, dict[str, str]]:
        """Per transcript whose suggestions are stored: when they were computed
        (`computed`), with which codebook (`codebook`, a fingerprint) and model (`model`)."""
        return self._store.suggestion_runs()

    def suggestions_to_refresh(self) -> list[str]:
        """Transcripts without suggestions, or with suggestions from another codebook."""
        from qualkit.suggest.refresh import codebook_fingerprint

        current = codebook_fingerprint(self.codebook)
        runs = self._store.suggestion_runs()
        return [t for t in self.transcript_ids() if runs.get(t, {}).get("codebook") != current]

    def refresh_suggestions(
        self, transcripts: list[str] | None = None, coder: str | None = None
    ) -> RefreshReport:
        """Retrain the model on `coder`'s codings (everyone's when None), recompute and store
        the suggestions of `transcripts` (all when None). Loads spaCy on first use."""
        from qualkit.suggest.engine import Suggester
        from qualkit.suggest.refresh import codebook_fingerprint, compute

        if not len(self.codebook):
            raise QualkitError("the project has no codebook; add one with `qualkit codebook use`")
        targets = self.transcript_ids() if transcripts is None else transcripts
        for transcript in targets:
            self.text(transcript)
        if self._suggester is None:
            self._suggester = Suggester(self.codebook)
        report, found = compute(self, self._suggester, targets, coder)
        fingerprint = codebook_fingerprint(self.codebook)
        with self._store.transaction():
            stamp = now()
            for transcript, suggestions in found.items():
                self._store.replace_suggestions(
                    transcript, suggestions, stamp, fingerprint, report.model
                )
        return report

    def accept_suggestion(self, suggestion_id: int, coder: str) -> Coding:
        """Code the suggested passage (origin "suggestion"); undo takes it back."""
        found = self.suggestion(suggestion_id)
        return self.code(
            found.transcript, found.start, found.end, found.code, coder, origin="suggestion"
        )

    def reject_suggestion(self, suggestion_id: int, coder: str) -> Suggestion:
        """Mark the suggestion rejected by `coder` (undoable); the model learns from it."""
        _check_coder(coder)
        found = self.suggestion(suggestion_id, coder)
        if found.status == "accepted":
            raise QualkitError(
                f"{coder} has coded this passage {found.code}; uncode it instead of rejecting"
            )
        passage = {k: getattr(found, k) for k in ("transcript", "start", "end", "code")}
        with self._store.transaction():
            self._store.add_rejection(**passage, coder=coder, created=now())
            self._store.log_event(now(), coder, "reject", {"rejection": passage})
        return self.suggestion(suggestion_id, coder)

    def rejections(self, coder: str | None = None) -> list[tuple[str, int, int, str, str]]:
        """(transcript, start, end, code, coder) of every rejected suggestion."""
        return self._store.rejections(coder)

    def evaluate_suggestions(self, coder: str | None = None, folds: int = 5) -> Evaluation:
        """Cross-validate rules and rules + model against a coder's codings (see
        `qualkit.suggest.evaluate`)."""
        from qualkit.suggest.evaluate import evaluate

        if self._suggester is None:
            from qualkit.suggest.engine import Suggester

            self._suggester = Suggester(self.codebook)
        return evaluate(self, self._suggester, coder, folds)

    # --- coding actions (undoable) --------------------------------------------------------

    def code(
        self,
        transcript: str,
        start: int,
        end: int,
        code: str,
        coder: str,
        origin: str = "manual",
        memo: str | None = None,
    ) -> Coding:
        """Code text[start:end]; coding the same passage twice returns the first coding."""
        return self.code_passage(transcript, start, end, code, coder, origin, memo)[0]

    def code_passage(
        self,
        transcript: str,
        start: int,
        end: int,
        code: str,
        coder: str,
        origin: str = "manual",
        memo: str | None = None,
    ) -> tuple[Coding, bool]:
        """As `code`, and whether this call coded the passage (False: it was already coded,
        perhaps a moment earlier by another process coding as the same coder)."""
        from qualkit.corpus.graphemes import whole_characters

        _check_coder(coder)
        text = self.text(transcript)
        _check_span(text, start, end)
        # A span that would cut a character in two (an accent from its letter, a ZWJ emoji)
        # takes the whole character.
        start, end = whole_characters(text, start, end)
        self.codebook.get(code)
        if origin not in ORIGINS:
            raise QualkitError(f"origin must be one of {', '.join(ORIGINS)}")
        # The look-up belongs inside the write transaction: BEGIN IMMEDIATE holds the write
        # lock, so no other process can code the same passage between the look-up and the
        # insert.
        with self._store.transaction():
            existing = self.find_coding(transcript, start, end, code, coder)
            if existing is not None:
                return existing, False
            coding = self._store.add_coding(
                Coding(transcript, start, end, code, coder, now(), origin, memo)  # type: ignore[arg-type]
            )
            self._store.log_event(now(), coder, "code", {"coding": asdict(coding)})
        return coding, True

    def uncode(self, coding_id: int, coder: str) -> Coding:
        """Remove one of `coder`'s codings."""
        _check_coder(coder)
        coding = self._store.coding(coding_id)
        if coding is None:
            raise QualkitError(f"no coding {coding_id}")
        if coding.coder != coder:
            raise QualkitError(f"coding {coding_id} belongs to {coding.coder}, not {coder}")
        with self._store.transaction():
            self._store.delete_coding(coding_id)
            self._store.log_event(now(), coder, "uncode", {"coding": asdict(coding)})
        return coding

    def set_memo(self, target_kind: str, target: str, text: str, coder: str) -> Memo | None:
        """Write (or with empty text, delete) `coder`'s memo on a project, transcript, code,
        coding or framework cell (target `cell_target(transcript, code)`). Returns the memo
        now stored."""
        _check_coder(coder)
        old = self._memo_text(target_kind, target, coder)  # also checks the target exists
        new = text.strip() or None
        with self._store.transaction():
            self._put_memo(target_kind, target, coder, new)
            self._store.log_event(
                now(),
                coder,
                "memo",
                {"kind": target_kind, "target": target, "old": old, "new": new},
            )
        return self._store.memo(target_kind, target, coder) if target_kind != "coding" else None

    def _memo_text(self, target_kind: str, target: str, coder: str) -> str | None:
        if target_kind not in MEMO_TARGETS:
            raise QualkitError(f"a memo is on one of: {', '.join(MEMO_TARGETS)}")
        if target_kind == "transcript":
            self.text(target)
        elif target_kind == "code":
            self.codebook.get(target)
        elif target_kind == "cell":
            transcript, code = split_cell_target(target)
            if not transcript:
                raise QualkitError(f"a cell is written TRANSCRIPT|CODE, not '{target}'")
            self.text(transcript)
            self.codebook.get(code)
        elif target_kind == "coding":
            coding = self._store.coding(_coding_id(target))
            if coding is None:
                raise QualkitError(f"no coding {target}")
            if coding.coder != coder:
                raise QualkitError(f"coding {target} belongs to {coding.coder}, not {coder}")
            return coding.memo
        memo = self._store.memo(target_kind, target, coder)
        return memo.text if memo else None

    def _put_memo(self, target_kind: str, target: str, coder: str, text: str | None) -> None:
        if target_kind == "coding":
            self._store.set_coding_memo(_coding_id(target), text)
        elif text is None:
            self._store.delete_memo(target_kind, target, coder)
        else:
            stamp = now()
            self._store.put_memo(Memo(target_kind, target, text, coder, stamp, stamp))  # type: ignore[arg-type]

    def undo(self, coder: str) -> str | None:
        """Undo `coder`'s last action; returns what was undone, or None if nothing was left."""
        return self._step(coder, "done", "undone", reverse=True)

    def redo(self, coder: str) -> str | None:
        """Redo the action `coder` undid last; None if there is nothing to redo."""
        return self._step(coder, "undone", "done", reverse=False)

    def _step(self, coder: str, state: str, to: str, reverse: bool) -> str | None:
        with self._store.transaction():
            event = self._store.last_event(coder, state)
            if event is None:
                return None
            event_id, action, payload = event
            self._replay(action, payload, coder, reverse)
            self._store.set_event_state(event_id, to)
        return _describe(action, payload)

    def _replay(self, action: str, payload: dict[str, Any], coder: str, reverse: bool) -> None:
        if action == "correct":
            self._replay_correction(payload, reverse)
            return
        if action == "reject":
            passage = payload["rejection"]
            if reverse:
                self._store.delete_rejection(**passage, coder=coder)
            else:
                self._store.add_rejection(**passage, coder=coder, created=now())
            return
        if action == "memo":
            text = payload["old"] if reverse else payload["new"]
            self._put_memo(payload["kind"], payload["target"], coder, text)
            return
        coding = Coding(**payload["coding"])
        if (action == "code") != reverse:
            if self._store.find_coding(*_key(coding)) is not None:
                raise QualkitError("cannot redo: that passage has been coded again since")
            self._store.add_coding(coding)
        else:
            self._store.delete_coding(coding.id)  # type: ignore[arg-type]

    def _replay_correction(self, payload: dict[str, Any], reverse: bool) -> None:
        """Undo: the old text back, each moved coding on its old span, the left-out ones
        restored; redo: the corrected text again. Codings made in between are aligned."""
        from qualkit.corpus.batch import segment

        start, target = ("new", "old") if reverse else ("old", "new")
        current = self._store.transcript(payload["transcript"], with_segments=False)
        if current is None or current.text_sha256 != payload[start]["text_sha256"]:
            raise QualkitError(
                f"cannot {'undo' if reverse else 'redo'}: transcript "
                f"'{payload['transcript']}' has been changed again since"
            )
        text = replace(current, **payload[target], attributes={}, turns=(), sentences=())
        dropped = [Coding(**c) for c in payload["dropped"]]
        if reverse:
            exact = {m[0]: (m[1], m[2]) for m in payload["moved"]}
            restore, leave = dropped, set()
        else:
            exact = {m[0]: (m[3], m[4]) for m in payload["moved"]}
            restore, leave = [], {c.id for c in dropped}
        for coding_id in leave:
            self._store.delete_coding(coding_id)  # type: ignore[arg-type]
        self._retext(current, segment([text])[0], exact, restore, skip_unplaced=False)


# What each logged action's payload must hold for undo and redo to replay it.
_EVENT_KEYS = {
    "code": ("coding",),
    "uncode": ("coding",),
    "memo": ("kind", "target", "old", "new"),
    "reject": ("rejection",),
    "correct": ("transcript", "old", "new", "moved", "dropped"),
}


def _event_problem(event_id: int, coder: str, action: str, state: str, payload: str) -> str:
    import json

    where = f"event {event_id} ({action} by {coder})"
    if action not in _EVENT_KEYS:
        return f"{where}: unknown action, cannot be undone"
    try:
        found = json.loads(payload)
    except ValueError:
        return f"{where}: its record is not valid JSON"
    missing = [k for k in _EVENT_KEYS[action] if not isinstance(found, dict) or k not in found]
    if missing:
        return f"{where}: its record lacks {', '.join(missing)}"
    if action in ("code", "uncode"):
        try:
            Coding(**found["coding"])
        except TypeError:
            return f"{where}: its coding is incomplete"
    return ""


def _text_fields(transcript: Transcript) -> dict[str, str]:
    """What a correction changes of a transcript (kept in the event log for undo)."""
    names = ("text", "source_name", "source_sha256", "text_sha256", "encoding")
    return {name: getattr(transcript, name) for name in names}


def _where(coding: Coding) -> str:
    return (
        f"{coding.transcript} {coding.start}–{coding.end} {coding.code} ({coding.coder}, "
        f"coding {coding.id})"
    )


def _key(coding: Coding) -> tuple[str, int, int, str, str]:
    return coding.transcript, coding.start, coding.end, coding.code, coding.coder


def _describe(action: str, payload: dict[str, Any]) -> str:
    if action == "correct":
        return f"corrected text of {payload['transcript']}"
    if action == "memo":
        return f"memo on {payload['kind']} {payload['target']}".rstrip()
    c = payload["rejection"] if action == "reject" else payload["coding"]
    return f"{action} {c['transcript']} {c['start']}–{c['end']} {c['code']}"


def _changed(current: dict[str, str], incoming: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in incoming.items() if current.get(k) != v}


def _check_span(
    text: str, start: int, end: int, where: str | None = None, line: int | None = None
) -> None:
    if not 0 <= start < end <= len(text):
        raise QualkitError(
            f"offsets {start}–{end} are outside the text (0–{len(text)}, start before end)",
            where,
            line,
        )


def check_coder(coder: str) -> None:
    """Refuse a coder name that is empty, padded, too long or unprintable."""
    _check_coder(coder)


def _check_coder(coder: str) -> None:
    if not coder or coder != coder.strip() or len(coder) > 100 or not coder.isprintable():
        raise QualkitError(f"invalid coder name '{coder}'")


def _coding_id(target: str) -> int:
    try:
        return int(target)
    except ValueError:
        raise QualkitError(f"a coding is named by its number, not '{target}'") from None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, width: int = 60) -> str:
    text = _squash(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _unknown(kind: str, name: str, known: list[str]) -> str:
    import difflib

    hint = difflib.get_close_matches(name, known, n=1)
    return f"no {kind} '{name}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
