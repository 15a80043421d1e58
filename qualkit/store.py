"""The project database: schema, migrations and transactions. The only SQL in qualkit.

A project is one SQLite file in WAL mode. Every change runs in its own transaction, so a
crash or `kill -9` loses nothing that was acknowledged, and a second process can read while
one writes. `PRAGMA application_id` marks the file as ours; `user_version` is the schema.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from qualkit.errors import QualkitError
from qualkit.model import Code, Coding, Memo, Segment, Suggestion, Transcript

APPLICATION_ID = 0x516B6974  # "Qkit"
SCHEMA_VERSION = 2

# MIGRATIONS[n] turns schema n-1 into schema n. Append; never edit a released step.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE transcripts (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source_sha256 TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        encoding TEXT NOT NULL,
        words INTEGER NOT NULL,
        imported TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE INDEX transcripts_by_text ON transcripts (text_sha256);
    CREATE TABLE attributes (
        transcript TEXT NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (transcript, name)
    );
    CREATE TABLE segments (
        transcript TEXT NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('turn', 'sentence')),
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        speaker TEXT,
        turn INTEGER,
        PRIMARY KEY (transcript, kind, idx)
    ) WITHOUT ROWID;
    CREATE TABLE codes (
        id TEXT PRIMARY KEY,
        parent TEXT,
        name TEXT NOT NULL,
        short TEXT NOT NULL,
        description TEXT NOT NULL,
        include TEXT NOT NULL,
        exclude TEXT NOT NULL,
        keywords TEXT NOT NULL,
        examples TEXT NOT NULL,
        color TEXT NOT NULL,
        guid TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        transcript TEXT NOT NULL REFERENCES transcripts (id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        code TEXT NOT NULL REFERENCES codes (id),
        coder TEXT NOT NULL,
        created TEXT NOT NULL,
        origin TEXT NOT NULL,
        memo TEXT,
        UNIQUE (transcript, start, "end", code, coder),
        CHECK (0 <= start AND start < "end")
    );
    CREATE INDEX codings_by_transcript ON codings (transcript, start);
    CREATE INDEX codings_by_code ON codings (code);
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        target_kind TEXT NOT NULL,
        target TEXT NOT NULL,
        coder TEXT NOT NULL,
        text TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        UNIQUE (target_kind, target, coder)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        coder TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped'))
    );
    CREATE INDEX events_by_coder ON events (coder, state, id);
    """,
    # Suggestions are derived data: recomputed per transcript, never edited. Whether one was
    # accepted is read from the codings (so undo and uncode reopen it); rejections are kept
    # per coder and survive recomputation because they name the passage, not the row.
    2: """
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        transcript TEXT NOT NULL REFERENCES transcripts (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('turn', 'sentence')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        code TEXT NOT NULL,
        score REAL NOT NULL,
        matched TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('rules', 'model', 'rules+model')),
        UNIQUE (transcript, kind, start, "end", code)
    );
    CREATE TABLE suggestion_runs (
        transcript TEXT PRIMARY KEY REFERENCES transcripts (id) ON DELETE CASCADE,
        computed TEXT NOT NULL,
        codebook TEXT NOT NULL,
        model TEXT NOT NULL
    );
    CREATE TABLE rejections (
        id INTEGER PRIMARY KEY,
        transcript TEXT NOT NULL REFERENCES transcripts (id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        code TEXT NOT NULL,
        coder TEXT NOT NULL,
        created TEXT NOT NULL,
        UNIQUE (transcript, start, "end", code, coder)
    );
    """,
}

_CODING_COLUMNS = 'id, transcript, start, "end", code, coder, created, origin, memo'
_CODE_COLUMNS = (
    "id, parent, name, short, description, include, exclude, keywords, examples, color, guid"
)


class Store:
    """An open project file. Use `Store.create` or `Store.open`, and `with store.transaction()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, read_only: str = ""):
        self._db = connection
        self.path = path
        self.read_only = read_only  # why this project cannot be written, or "" when it can

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path) -> Store:
        if path.exists():
            raise QualkitError("already exists; open it or choose another name", str(path))
        if not path.parent.is_dir():
            raise QualkitError("the folder does not exist", str(path))
        store = cls(_connect(path, "rwc"), path)
        try:
            with store.transaction():
                store._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                store._migrate(0)
        except BaseException:
            store.close()
            path.unlink(missing_ok=True)
            raise
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        where = str(path)
        if not path.exists():
            raise QualkitError("no such project (create one with `qualkit init`)", where)
        if path.is_dir():
            raise QualkitError("is a folder, not a qualkit project", where)
        mode, read_only = _access(path)
        store = cls(_connect(path, mode), path, read_only)
        try:
            store._check_and_migrate()
        except BaseException:
            store.close()
            raise
        return store

    def _check_and_migrate(self) -> None:
        where = str(self.path)
        try:
            application_id = self._db.execute("PRAGMA application_id").fetchone()[0]
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            raise QualkitError("not a qualkit project (not an SQLite file)", where) from None
        if application_id != APPLICATION_ID:
            raise QualkitError("not a qualkit project", where)
        if version < 0 or (version == 0 and self._has_tables()):
            raise QualkitError(
                f"the file's schema version ({version}) is damaged; restore the project "
                "from a backup",
                where,
            )
        if version > SCHEMA_VERSION:
            raise QualkitError(
                f"made by a newer qualkit (schema {version}; this one reads up to "
                f"{SCHEMA_VERSION}): upgrade qualkit to open it",
                where,
            )
        if version < SCHEMA_VERSION and self.read_only:
            raise QualkitError(
                f"made by an older qualkit (schema {version}): opening it upgrades it, "
                f"which needs write permission ({self.read_only})",
                where,
            )
        if version < SCHEMA_VERSION:
            with self.transaction():
                self._migrate(version)

    def _has_tables(self) -> bool:
        return self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    def _migrate(self, version: int) -> None:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    self._db.execute(statement)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def data_version(self) -> int:
        """A number that changes when another connection commits to the file."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    def change_mark(self) -> tuple:
        """What a coder's work changes (codings, memos, undo, imports), but not the
        suggestions computed in the background: tells another program's change from ours."""
        return self._db.execute(
            "SELECT (SELECT max(id) FROM events),"
            " (SELECT count(*) FROM events WHERE state = 'done'),"
            " (SELECT count(*) FROM codings), (SELECT count(*) FROM memos),"
            " (SELECT count(*) FROM transcripts)"
        ).fetchone()

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: BEGIN IMMEDIATE takes the write lock up front, so a second
        process waits (busy timeout) instead of failing half-way."""
        if self._db.in_transaction:
            yield
            return
        if self.read_only:
            raise QualkitError(
                f"read-only project ({self.read_only}): it can be read but not changed; "
                "copy it to a folder you can write to, or ask for write permission",
                str(self.path),
            )
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise QualkitError(f"project is busy or read-only: {e}", str(self.path)) from None
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    # --- meta ----------------------------------------------------------------------------

    def meta(self, key: str, default: str = "") -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- transcripts ----------------------------------------------------------------------

    def add_transcript(self, transcript: Transcript, imported: str) -> None:
        position = self._db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM transcripts")
        self._db.execute(
            "INSERT INTO transcripts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (transcript.id, *_text_fields(transcript), imported, position.fetchone()[0]),
        )
        self.set_attributes(transcript.id, transcript.attributes)
        self._db.executemany(
            'INSERT INTO segments (transcript, kind, idx, start, "end", speaker, turn) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (transcript.id, s.kind, s.index, s.start, s.end, s.speaker, s.turn)
                for s in (*transcript.turns, *transcript.sentences)
            ),
        )

    def set_attributes(self, transcript: str, attributes: dict[str, str]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO attributes (transcript, name, value) VALUES (?, ?, ?)",
            ((transcript, name, value) for name, value in attributes.items()),
        )

    def transcript_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM transcripts ORDER BY position")]

    def transcript_fingerprints(self) -> dict[str, tuple[str, str]]:
        """{id: (text_sha256, source_name)} to recognise files imported before."""
        rows = self._db.execute("SELECT id, text_sha256, source_name FROM transcripts")
        return {r[0]: (r[1], r[2]) for r in rows}

    def transcript(self, transcript_id: str, with_segments: bool = True) -> Transcript | None:
        row = self._db.execute(
            "SELECT id, text, source_name, source_sha256, text_sha256, encoding, words "
            "FROM transcripts WHERE id = ?",
            (transcript_id,),
        ).fetchone()
        if row is None:
            return None
        segments = self.segments(transcript_id) if with_segments else []
        names = ("id", "text", "source_name", "source_sha256", "text_sha256", "encoding", "words")
        return Transcript(
            **dict(zip(names, row, strict=True)),
            attributes=self.attributes(transcript_id).get(transcript_id, {}),
            turns=tuple(s for s in segments if s.kind == "turn"),
            sentences=tuple(s for s in segments if s.kind == "sentence"),
        )

    def texts(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        if ids is None:
            return dict(self._db.execute("SELECT id, text FROM transcripts"))
        wanted = sorted(set(ids))
        return dict(
            self._db.execute(
                f"SELECT id, text FROM transcripts WHERE id IN ({_marks(wanted)})", wanted
            )
        )

    def transcript_rows(self) -> list[dict[str, Any]]:
        """Per transcript: id, source, encoding, words, turns, sentences, imported."""
        cursor = self._db.execute(
            """
            SELECT t.id, t.source_name AS source, t.encoding, t.words,
                   (SELECT COUNT(*) FROM segments s
                     WHERE s.transcript = t.id AND s.kind = 'turn') AS turns,
                   (SELECT COUNT(*) FROM segments s
                     WHERE s.transcript = t.id AND s.kind = 'sentence') AS sentences,
                   length(t.text) AS characters, t.imported
            FROM transcripts t ORDER BY t.position
            """
        )
        return _dicts(cursor)

    def attributes(self, transcript: str | None = None) -> dict[str, dict[str, str]]:
        query = "SELECT transcript, name, value FROM attributes"
        args: tuple[str, ...] = ()
        if transcript is not None:
            query, args = query + " WHERE transcript = ?", (transcript,)
        found: dict[str, dict[str, str]] = {}
        for owner, name, value in self._db.execute(query + " ORDER BY rowid", args):
            found.setdefault(owner, {})[name] = value
        return found

    def segments(self, transcript: str, kind: str | None = None) -> list[Segment]:
        query = 'SELECT kind, idx, start, "end", speaker, turn FROM segments WHERE transcript = ?'
        args: tuple[str, ...] = (transcript,)
        if kind is not None:
            query, args = query + " AND kind = ?", (transcript, kind)
        rows = self._db.execute(query + " ORDER BY kind DESC, idx", args)
        return [Segment(*row) for row in rows]

    def segment_spans(self, kind: str) -> list[tuple[str, int, int, int]]:
        """(transcript, index, start, end) of every turn or sentence, in text order."""
        return self._db.execute(
            'SELECT transcript, idx, start, "end" FROM segments WHERE kind = ? '
            "ORDER BY transcript, idx",
            (kind,),
        ).fetchall()

    # --- codebook -------------------------------------------------------------------------

    def replace_codes(self, codes: Sequence[Code]) -> None:
        self._db.execute("PRAGMA defer_foreign_keys = ON")
        self._db.execute("DELETE FROM codes")
        self._db.executemany(
            f"INSERT INTO codes ({_CODE_COLUMNS}, position) VALUES ({_marks(range(12))})",
            (
                (
                    c.id,
                    c.parent,
                    c.name,
                    c.short,
                    c.description,
                    c.include,
                    c.exclude,
                    json.dumps(list(c.keywords), ensure_ascii=False),
                    json.dumps(list(c.examples), ensure_ascii=False),
                    c.color,
                    c.guid,
                    position,
                )
                for position, c in enumerate(codes)
            ),
        )

    def codes(self) -> list[Code]:
        rows = self._db.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position")
        return [
            Code(
                id=r[0],
                parent=r[1],
                name=r[2],
                short=r[3],
                description=r[4],
                include=r[5],
                exclude=r[6],
                keywords=tuple(json.loads(r[7])),
                examples=tuple(json.loads(r[8])),
                color=r[9],
                guid=r[10],
            )
            for r in rows
        ]

    def codes_in_use(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT code, COUNT(*) FROM codings GROUP BY code"))

    # --- codings --------------------------------------------------------------------------

    def add_coding(self, coding: Coding) -> Coding:
        cursor = self._db.execute(
            f"INSERT INTO codings ({_CODING_COLUMNS}) VALUES ({_marks(range(9))})",
            (
                coding.id,
                coding.transcript,
                coding.start,
                coding.end,
                coding.code,
                coding.coder,
                coding.created,
                coding.origin,
                coding.memo,
            ),
        )
        return replace(coding, id=cursor.lastrowid)

    def delete_coding(self, coding_id: int) -> None:
        self._db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))

    def set_coding_memo(self, coding_id: int, memo: str | None) -> None:
        self._db.execute("UPDATE codings SET memo = ? WHERE id = ?", (memo, coding_id))

    def coding(self, coding_id: int) -> Coding | None:
        found = self.codings(ids=[coding_id])
        return found[0] if found else None

    def find_coding(self, transcript: str, start: int, end: int, code: str, coder: str):
        found = self.codings(transcript=transcript, code=code, coder=coder, span=(start, end))
        return found[0] if found else None

    def codings(
        self,
        transcript: str | None = None,
        coder: str | None = None,
        code: str | Sequence[str] | None = None,
        span: tuple[int, int] | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[Coding]:
        where, args = _coding_filter(transcript, coder, code, span, ids)
        rows = self._db.execute(
            f"SELECT {_CODING_COLUMNS} FROM codings {where} "
            'ORDER BY transcript, start, "end", code, coder',
            args,
        )
        return [_coding(row) for row in rows]

    def coding_spans(
        self, coder: str | None = None, codes: Sequence[str] | None = None
    ) -> list[tuple[str, int, int, str]]:
        """(transcript, start, end, code) of every coding (of `coder`, with one of `codes`):
        raw rows for analyses."""
        where, args = _coding_filter(None, coder, codes, None, None)
        query = f'SELECT transcript, start, "end", code FROM codings {where}'
        return self._db.execute(query, args).fetchall()

    def transcript_codes(self, coder: str | None = None) -> list[tuple[str, str]]:
        """(transcript, code) once for each code a transcript has (of `coder`)."""
        where, args = _coding_filter(None, coder, None, None, None)
        query = f"SELECT DISTINCT transcript, code FROM codings {where}"
        return self._db.execute(query, args).fetchall()

    def coders(self) -> dict[str, int]:
        rows = self._db.execute("SELECT coder, COUNT(*) FROM codings GROUP BY coder ORDER BY coder")
        return dict(rows)

    def coded_characters(self, coder: str | None = None) -> dict[str, int]:
        """Per transcript, how many characters carry at least one coding (overlaps once)."""
        where, args = _coding_filter(None, coder, None, None, None)
        rows = self._db.execute(
            f'SELECT transcript, start, "end" FROM codings {where} ORDER BY transcript, start', args
        )
        covered: dict[str, int] = {}
        last: dict[str, int] = {}
        for transcript, start, end in rows:
            reach = last.get(transcript, 0)
            covered[transcript] = covered.get(transcript, 0) + max(0, end - max(start, reach))
            last[transcript] = max(reach, end)
        return covered

    def coding_counts(self, coder: str | None = None) -> list[tuple[str, str, int]]:
        """(code, transcript, number of codings) for every pair that has any."""
        where, args = _coding_filter(None, coder, None, None, None)
        rows = self._db.execute(
            f"SELECT code, transcript, COUNT(*) FROM codings {where} GROUP BY code, transcript",
            args,
        )
        return [tuple(row) for row in rows]

    def recent_codes(self, coder: str, limit: int) -> list[str]:
        """The codes `coder` applied most recently (by their own actions), newest first."""
        rows = self._db.execute(
            "SELECT json_extract(payload, '$.coding.code') AS code FROM events "
            "WHERE coder = ? AND action = 'code' AND state = 'done' "
            "GROUP BY code ORDER BY MAX(id) DESC LIMIT ?",
            (coder, limit),
        )
        return [row[0] for row in rows]

    # --- suggestions ----------------------------------------------------------------------

    def replace_suggestions(
        self,
        transcript: str,
        suggestions: Iterable[Suggestion],
        computed: str,
        codebook: str,
        model: str,
    ) -> None:
        self._db.execute("DELETE FROM suggestions WHERE transcript = ?", (transcript,))
        self._db.executemany(
            'INSERT INTO suggestions (transcript, kind, start, "end", code, score, matched, '
            "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    transcript,
                    s.kind,
                    s.start,
                    s.end,
                    s.code,
                    s.score,
                    json.dumps(_matched_json(s), ensure_ascii=False),
                    s.source,
                )
                for s in suggestions
            ),
        )
        self._db.execute(
            "INSERT OR REPLACE INTO suggestion_runs VALUES (?, ?, ?, ?)",
            (transcript, computed, codebook, model),
        )

    def suggestion_runs(self) -> dict[str, dict[str, str]]:
        """Per transcript whose suggestions were computed: when, with which codebook and model."""
        rows = self._db.execute("SELECT transcript, computed, codebook, model FROM suggestion_runs")
        return {r[0]: {"computed": r[1], "codebook": r[2], "model": r[3]} for r in rows}

    def suggestions(
        self,
        transcript: str | None = None,
        kind: str | None = None,
        coder: str | None = None,
        ids: Sequence[int] | None = None,
    ) -> list[Suggestion]:
        """Stored suggestions in text order; `status` is the coder's (open without one)."""
        clauses, args = [], []
        for column, value in (("s.transcript", transcript), ("s.kind", kind)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        if ids is not None:
            ids = [i for i in ids if i in _INT64]
            clauses.append(f"s.id IN ({_marks(ids)})")
            args += list(ids)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self._db.execute(
            f"""
            SELECT s.id, s.transcript, s.kind, s.start, s."end", s.code, s.score, s.matched,
                   s.source,
                   CASE WHEN EXISTS (SELECT 1 FROM codings c
                          WHERE c.transcript = s.transcript AND c.start = s.start
                            AND c."end" = s."end" AND c.code = s.code AND c.coder = ?)
                        THEN 'accepted'
                        WHEN EXISTS (SELECT 1 FROM rejections r
                          WHERE r.transcript = s.transcript AND r.start = s.start
                            AND r."end" = s."end" AND r.code = s.code AND r.coder = ?)
                        THEN 'rejected'
                        ELSE 'open' END
            FROM suggestions s {where}
            ORDER BY s.transcript, s.start, s.kind DESC, s.score DESC, s.id
            """,
            [coder, coder, *args],
        )
        return [_suggestion(row) for row in rows]

    def open_suggestion_counts(self, coder: str, top: int | None) -> dict[str, int]:
        """Per transcript with stored suggestions: of the best `top` suggestions of each
        passage (all when None), those `coder` has neither coded so nor rejected (a passage
        that is both a turn and a sentence counts once)."""
        rows = self._db.execute(
            """
            SELECT transcript, COUNT(*) FROM (
                SELECT DISTINCT s.transcript, s.start, s."end", s.code FROM (
                    SELECT transcript, start, "end", code, ROW_NUMBER() OVER (
                        PARTITION BY transcript, kind, start, "end"
                        ORDER BY score DESC, id) AS rank
                    FROM suggestions) s
                WHERE (s.rank <= ?1 OR ?1 < 0)
                  AND NOT EXISTS (SELECT 1 FROM codings c
                        WHERE c.transcript = s.transcript AND c.start = s.start
                          AND c."end" = s."end" AND c.code = s.code AND c.coder = ?2)
                  AND NOT EXISTS (SELECT 1 FROM rejections r
                        WHERE r.transcript = s.transcript AND r.start = s.start
                          AND r."end" = s."end" AND r.code = s.code AND r.coder = ?2))
            GROUP BY transcript
            """,
            (-1 if top is None else top, coder),
        )
        return {transcript: n for transcript, n in rows}

    def add_rejection(
        self, transcript: str, start: int, end: int, code: str, coder: str, created: str
    ) -> None:
        self._db.execute(
            'INSERT OR IGNORE INTO rejections (transcript, start, "end", code, coder, created) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            (transcript, start, end, code, coder, created),
        )

    def delete_rejection(self, transcript: str, start: int, end: int, code: str, coder: str):
        self._db.execute(
            'DELETE FROM rejections WHERE transcript = ? AND start = ? AND "end" = ? '
            "AND code = ? AND coder = ?",
            (transcript, start, end, code, coder),
        )

    def rejections(self, coder: str | None = None) -> list[tuple[str, int, int, str, str]]:
        """(transcript, start, end, code, coder) of every rejected suggestion."""
        query = 'SELECT transcript, start, "end", code, coder FROM rejections'
        args: tuple[str, ...] = ()
        if coder is not None:
            query, args = query + " WHERE coder = ?", (coder,)
        return [tuple(row) for row in self._db.execute(query + " ORDER BY id", args)]

    # --- memos ----------------------------------------------------------------------------

    def memo(self, target_kind: str, target: str, coder: str) -> Memo | None:
        row = self._db.execute(
            "SELECT target_kind, target, text, coder, created, updated, id FROM memos "
            "WHERE target_kind = ? AND target = ? AND coder = ?",
            (target_kind, target, coder),
        ).fetchone()
        return Memo(*row) if row else None

    def memos(self, target_kind: str | None = None) -> list[Memo]:
        query = "SELECT target_kind, target, text, coder, created, updated, id FROM memos"
        args: tuple[str, ...] = ()
        if target_kind is not None:
            query, args = query + " WHERE target_kind = ?", (target_kind,)
        return [Memo(*row) for row in self._db.execute(query + " ORDER BY id", args)]

    def put_memo(self, memo: Memo) -> None:
        self._db.execute(
            "INSERT INTO memos (target_kind, target, coder, text, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target_kind, target, coder) "
            "DO UPDATE SET text = excluded.text, updated = excluded.updated",
            (memo.target_kind, memo.target, memo.coder, memo.text, memo.created, memo.updated),
        )

    def delete_memo(self, target_kind: str, target: str, coder: str) -> None:
        self._db.execute(
            "DELETE FROM memos WHERE target_kind = ? AND target = ? AND coder = ?",
            (target_kind, target, coder),
        )

    # --- event log (undo / redo) --------------------------------------------------------

    def log_event(self, at: str, coder: str, action: str, payload: dict[str, Any]) -> None:
        # A new action makes what was undone before unreachable by redo.
        self._db.execute(
            "UPDATE events SET state = 'dropped' WHERE coder = ? AND state = 'undone'", (coder,)
        )
        self._db.execute(
            "INSERT INTO events (at, coder, action, payload) VALUES (?, ?, ?, ?)",
            (at, coder, action, json.dumps(payload, ensure_ascii=False)),
        )

    def last_event(self, coder: str, state: str) -> tuple[int, str, dict[str, Any]] | None:
        """The newest 'done' event (to undo) or the oldest 'undone' one (to redo)."""
        order = "DESC" if state == "done" else "ASC"
        row = self._db.execute(
            f"SELECT id, action, payload FROM events WHERE coder = ? AND state = ? "
            f"ORDER BY id {order} LIMIT 1",
            (coder, state),
        ).fetchone()
        return (row[0], row[1], json.loads(row[2])) if row else None

    def set_event_state(self, event_id: int, state: str) -> None:
        self._db.execute("UPDATE events SET state = ? WHERE id = ?", (state, event_id))

    def last_change(self) -> str:
        row = self._db.execute("SELECT MAX(at) FROM events").fetchone()
        return row[0] or ""

    # --- corrected transcripts, backup, check (issue 17: import --update, backup, check) ---

    def replace_text(self, transcript: Transcript) -> None:
        """Give a transcript its corrected text (and source, turns, sentences); its stored
        suggestions go, to be recomputed. Codings are moved by the caller."""
        self._db.execute(
            "UPDATE transcripts SET text = ?, source_name = ?, source_sha256 = ?, "
            "text_sha256 = ?, encoding = ?, words = ? WHERE id = ?",
            (*_text_fields(transcript), transcript.id),
        )
        for table in ("segments", "suggestions", "suggestion_runs"):
            self._db.execute(f"DELETE FROM {table} WHERE transcript = ?", (transcript.id,))
        self._db.executemany(
            'INSERT INTO segments (transcript, kind, idx, start, "end", speaker, turn) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (transcript.id, s.kind, s.index, s.start, s.end, s.speaker, s.turn)
                for s in (*transcript.turns, *transcript.sentences)
            ),
        )

    def move_coding(self, coding_id: int, start: int, end: int) -> None:
        self._db.execute(
            'UPDATE codings SET start = ?, "end" = ? WHERE id = ?', (start, end, coding_id)
        )

    def backup(self, target: Path) -> None:
        """A consistent copy of the project in `target` (a new file), taken with SQLite's
        online backup while other connections may be writing."""
        copy = sqlite3.connect(target)
        try:
            self._db.backup(copy)
        finally:
            copy.close()

    def problems(self) -> list[str]:
        """What SQLite finds wrong with the file: integrity and foreign keys."""
        found = [
            f"integrity: {row[0]}"
            for row in self._db.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        for table, rowid, parent, _ in self._db.execute("PRAGMA foreign_key_check"):
            found.append(f"{table} row {rowid}: refers to a missing row of {parent}")
        return found

    def events(self) -> list[tuple[int, str, str, str, str]]:
        """(id, coder, action, state, payload as stored) of every event, oldest first."""
        return self._db.execute(
            "SELECT id, coder, action, state, payload FROM events ORDER BY id"
        ).fetchall()

    # --- counts ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = ("transcripts", "codes", "codings", "memos")
        return {t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def _text_fields(transcript: Transcript) -> tuple:
    """A transcript's text and what was read with it, in the table's column order."""
    t = transcript
    return (t.text, t.source_name, t.source_sha256, t.text_sha256, t.encoding, t.words)


def _access(path: Path) -> tuple[str, str]:
    """How to open the project, and why it cannot be written ("" when it can): SQLite writes
    the file and, in WAL mode, a journal beside it, so both the file and its folder must be
    writable. A read-only folder cannot even hold the shared-memory file a WAL reader needs,
    so there the file is opened as immutable."""
    file_writable = os.access(path, os.W_OK)
    folder_writable = os.access(path.parent, os.W_OK)
    mode = (
        "rw" if file_writable and folder_writable else "ro" if folder_writable else "ro&immutable=1"
    )
    if not file_writable:
        return mode, "no write permission for the file"
    if not folder_writable:
        return mode, "no write permission for its folder (SQLite writes a journal beside the file)"
    return mode, ""


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10.0)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        if mode == "rwc":
            connection.execute("PRAGMA journal_mode = WAL")
        # FULL: a coding acknowledged on screen survives even a power cut.
        connection.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError:
        pass  # not a database: Store.open reports it in the user's terms
    return connection


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _coding(row: Sequence[Any]) -> Coding:
    coding_id, transcript, start, end, code, coder, created, origin, memo = row
    return Coding(transcript, start, end, code, coder, created, origin, memo, coding_id)


def _matched_json(suggestion: Suggestion) -> dict[str, list[Any]]:
    """The words that made the case, and where they are."""
    return {"matched": list(suggestion.matched), "spans": [list(s) for s in suggestion.spans]}


def _suggestion(row: Sequence[Any]) -> Suggestion:
    suggestion_id, transcript, kind, start, end, code, score, matched, source, status = row
    why = json.loads(matched)
    return Suggestion(
        transcript,
        start,
        end,
        code,
        score,
        tuple(why["matched"]),
        source,
        kind,
        tuple((s[0], s[1]) for s in why["spans"]),
        status,
        suggestion_id,
    )


# SQLite integers are 64-bit: a larger number given as an offset or an id matches nothing
# (binding it would raise OverflowError).
_INT64 = range(-(2**63), 2**63)


def _fit(numbers: Iterable[int]) -> bool:
    return all(n in _INT64 for n in numbers)


def _coding_filter(transcript, coder, code, span, ids) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if not _fit([*(span or ()), *(ids or ())]):
        return "WHERE 0", []
    if transcript is not None:
        clauses.append("transcript = ?")
        args.append(transcript)
    if coder is not None:
        clauses.append("coder = ?")
        args.append(coder)
    if code is not None:
        codes = [code] if isinstance(code, str) else list(code)
        clauses.append(f"code IN ({_marks(codes)})")
        args += codes
    if span is not None:
        clauses.append('start = ? AND "end" = ?')
        args += list(span)
    if ids is not None:
        clauses.append(f"id IN ({_marks(ids)})")
        args += list(ids)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
