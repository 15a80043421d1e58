"""Every internal error is a bug (issue 17 item 7): odd input ends in one clear line."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qualkit.cli
from qualkit.corpus.cases import read_case_table
from qualkit.corpus.codings_table import read_codings_table
from qualkit.corpus.readers import read_source
from qualkit.errors import QualkitError
from qualkit.interop.refi_read import read_qdpx
from qualkit.project import Project
from tests.qdpx_files import Qdpx, write_zip

HUGE = "99999999999999999999999"


def test_huge_offsets_and_ids_are_refused_in_one_line(cli, project):
    path = project.path
    project.close()
    for args in (
        ("uncode", path, "se-d-08", HUGE, HUGE, "bemotande", "--coder", "anna"),
        ("uncode", path, "se-d-08", "0", HUGE, "bemotande", "--coder", "anna"),
        ("code", path, "se-d-08", HUGE, HUGE + "9", "bemotande", "--coder", "anna"),
    ):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("error: ")
    with Project.open(path) as opened:
        assert opened.find_coding("se-d-08", int(HUGE), int(HUGE) + 1, "bemotande", "a") is None
        with pytest.raises(QualkitError, match="no coding"):
            opened.uncode(int(HUGE), "anna")
        with pytest.raises(QualkitError, match="no suggestion"):
            opened.suggestion(int(HUGE))


@pytest.mark.parametrize("version", [-1, 0])
def test_a_damaged_schema_version_is_named(cli, project, version):
    path = project.path
    project.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    result = cli("info", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: the file's schema version ({version}) is damaged; restore the "
        "project from a backup\n"
    )


FAMILY = "👩\u200d👩\u200d👧"


def test_a_span_inside_a_character_takes_the_whole_character(tmp_path, codebook_file):
    transcript = tmp_path / "emoji.txt"
    transcript.write_text(f"D: Vi är {FAMILY} och jag ler 👍🏽 och cafe\u0301.\n", "utf-8")
    with Project.create(tmp_path / "p.qualkit", codebook_file) as project:
        project.import_files([transcript])
        text = project.text("emoji")
        family = text.index(FAMILY)
        coding = project.code("emoji", family + 2, family + 3, "bemotande", "anna")  # on a ZWJ
        assert text[coding.start : coding.end] == FAMILY
        thumb = text.index("👍")
        coding = project.code("emoji", thumb + 1, thumb + 2, "bemotande", "anna")  # skin tone
        assert text[coding.start : coding.end] == "👍🏽"
        # NFC made the e and its accent one character; a span ending mid-word is kept as it is
        assert "café" in text
        cafe = text.index("café")
        coding = project.code("emoji", cafe, cafe + 3, "bemotande", "anna")
        assert text[coding.start : coding.end] == "caf"


def test_a_combining_accent_nfc_cannot_join_stays_with_its_letter(tmp_path, codebook_file):
    transcript = tmp_path / "accent.txt"
    transcript.write_text("D: Det var q\u0301 och x\u0323\u0301 bara.\n", "utf-8")
    with Project.create(tmp_path / "p.qualkit", codebook_file) as project:
        project.import_files([transcript])
        text = project.text("accent")
        q = text.index("q")
        coding = project.code("accent", q, q + 1, "arbete", "anna")
        assert text[coding.start : coding.end] == "q\u0301"
        x = text.index("x")
        coding = project.code("accent", x + 2, x + 4, "arbete", "anna")
        assert text[coding.start : coding.end] == "x\u0323\u0301 "


def test_archive_members_differing_only_in_case_are_refused(cli, project, tmp_path):
    source = Qdpx(b"Hon lyssnade.")
    archive = tmp_path / "tvetydig.qdpx"
    name = source.path_attribute.partition("://")[2]
    write_zip(
        archive,
        {
            "project.qde": source.xml().encode(),
            f"sources/{name}": b"Hon lyssnade.",
            f"SOURCES/{name.upper()}": b"Han skrek.",
        },
    )
    with pytest.raises(QualkitError, match="differ only in case: ambiguous, refused"):
        read_qdpx(archive)


def test_an_internal_error_is_one_line_asking_for_a_report(monkeypatch, capsys):
    def broken():
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(qualkit.cli, "app", broken)
    monkeypatch.delenv("QUALKIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        qualkit.cli.main()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        "internal error: RuntimeError: something unexpected — a bug in qualkit; please report "
        "it with the command you ran (QUALKIT_DEBUG=1 shows more)\n"
    )


# --- properties: offsets through import ----------------------------------------------------

PIECES = st.sampled_from(
    [
        "Hon ",
        "lyssnade ",
        "på mig",
        ". ",
        "\r\n",
        "\n",
        "å",
        "ä",
        "ö",
        "e\u0301",
        "😀",
        "👍🏽",
        FAMILY,
        "𝄞",
        "\t",
        "  ",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.lists(PIECES, max_size=12),
    after=st.lists(PIECES, max_size=12),
    bom=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-16"]),
)
def test_a_passage_is_found_where_it_is_after_import(
    tmp_path_factory, codebook_file, before, after, bom, encoding
):
    """Whatever the line ends, BOM, normalisation form or astral characters around it, a
    passage's stored offsets point at its (NFC) words, and coding them stores those words."""
    folder = tmp_path_factory.mktemp("prop")
    passage = "Hon lyssnade verkligen på mig"
    raw = "D: " + "".join(before) + " " + unicodedata.normalize("NFD", passage) + " "
    raw += "".join(after) + "\n"
    data = raw.encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    (folder / "t.txt").write_bytes(data)
    with Project.create(folder / "p.qualkit", codebook_file) as project:
        project.import_files([folder / "t.txt"])
        text = project.text("t")
        assert "\r" not in text and unicodedata.is_normalized("NFC", text)
        start = text.index(passage)
        coding = project.code("t", start, start + len(passage), "bemotande", "anna")
        frame = project.codings()
        assert frame["text"].tolist() == [passage]
        assert (coding.start, coding.end) == (start, start + len(passage))


# --- properties: coding actions --------------------------------------------------------------

ACTIONS = st.lists(
    st.tuples(st.sampled_from(["code", "uncode", "undo", "redo", "memo"]), st.integers(0, 40)),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_any_sequence_of_coding_actions_leaves_a_sound_project(
    tmp_path_factory, codebook_file, transcripts, actions
):
    folder = tmp_path_factory.mktemp("seq")
    with Project.create(folder / "p.qualkit", codebook_file) as project:
        project.import_files(transcripts)
        length = len(project.text("se-d-08"))
        for action, n in actions:
            try:
                if action == "code":
                    project.code("se-d-08", n, min(n + 7, length), "bemotande", "anna")
                elif action == "uncode":
                    found = project.coding_list()
                    if found:
                        project.uncode(found[n % len(found)].id, "anna")  # type: ignore[arg-type]
                elif action == "memo":
                    project.set_memo("transcript", "se-d-08", f"memo {n}", "anna")
                elif action == "undo":
                    project.undo("anna")
                else:
                    project.redo("anna")
            except QualkitError:
                pass  # refused in words is fine; anything else fails the test
        assert project.check() == []
        while project.undo("anna") is not None:
            pass
        assert project.coding_list() == []
        assert project.memos() == []


# --- fuzz: every reader ends in a result or a QualkitError -----------------------------------

SEEDS = {
    ".txt": "I: Hur mår du?\nD: Bra, tack.\n".encode(),
    ".md": b"---\nid: x\narm: SE\n---\nI: Hej\nD: Hej\n",
    ".csv": b"id,arm,role\nse-d-08,SE,deltagare\n",
}


def _mutations():
    return st.one_of(
        st.binary(max_size=300),
        st.sampled_from(list(SEEDS.values())).flatmap(
            lambda seed: st.tuples(st.integers(0, len(seed)), st.binary(max_size=20)).map(
                lambda cut: seed[: cut[0]] + cut[1] + seed[cut[0] :]
            )
        ),
    )


def _quietly(reader, path: Path) -> None:
    try:
        reader(path)
    except QualkitError:
        pass


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_mutations(), suffix=st.sampled_from([".txt", ".md", ".docx"]))
def test_fuzz_transcript_readers(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _quietly(read_source, path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_mutations(), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_fuzz_table_readers(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _quietly(read_case_table, path)
    _quietly(read_codings_table, path)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(0, 2000), noise=st.binary(max_size=40), whole=st.booleans())
def test_fuzz_qdpx_reader(tmp_path, cut, noise, whole):
    good = Qdpx("Hon lyssnade på mig.".encode()).write(tmp_path / "good.qdpx").read_bytes()
    path = tmp_path / "fuzz.qdpx"
    if whole:  # a damaged archive
        path.write_bytes(good[:cut] + noise + good[cut + len(noise) :])
    else:  # a sound archive with damaged XML inside
        xml = Qdpx(b"x").xml().encode()
        xml = xml[: cut % len(xml)] + noise + xml[cut % len(xml) :]
        write_zip(path, {"project.qde": xml, "sources/x.txt": b"x"})
    _quietly(read_qdpx, path)


# --- what the fuzz found: damaged zip files raised zlib.error, NotImplementedError ---------


def _damaged(data: bytes, how: str) -> bytes:
    """A zip file with its first entry's compressed bytes scrambled, or its central
    directory asking for a zip version no reader has."""
    import zipfile

    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        first = archive.infolist()[0]
    out = bytearray(data)
    if how == "deflate":
        name_length = int.from_bytes(
            out[first.header_offset + 26 : first.header_offset + 28], "little"
        )
        extra_length = int.from_bytes(
            out[first.header_offset + 28 : first.header_offset + 30], "little"
        )
        start = first.header_offset + 30 + name_length + extra_length
        out[start : start + 8] = b"\xff" * 8
    else:
        central = bytes(out).rindex(b"PK\x01\x02")
        out[central + 6 : central + 8] = (99).to_bytes(2, "little")
    return bytes(out)


def _word_document() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("I: Hur mår du?")
    document.add_paragraph("D: Bra. " * 200)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("how", ["deflate", "version"])
def test_a_damaged_word_document_is_refused_in_words(tmp_path, how):
    path = tmp_path / "skadad.docx"
    path.write_bytes(_damaged(_word_document(), how))
    with pytest.raises(QualkitError, match="not a readable Word document"):
        read_source(path)


@pytest.mark.parametrize("how", ["deflate", "version"])
def test_a_damaged_archive_is_refused_in_words(tmp_path, how):
    good = Qdpx(("Hon lyssnade på mig. " * 100).encode()).write(tmp_path / "g.qdpx")
    path = tmp_path / "skadad.qdpx"
    path.write_bytes(_damaged(good.read_bytes(), how))
    with pytest.raises(QualkitError):
        read_qdpx(path)


# --- properties: REFI-QDA round trips -------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(PIECES, min_size=1, max_size=15), data=st.data())
def test_codings_survive_a_qdpx_round_trip(tmp_path_factory, codebook_file, pieces, data):
    """Emoji, astral characters, accents and CRLF in the text: every coding comes back on
    the same characters after export to .qdpx and import into a new project."""
    from qualkit.interop.exchange import export_qdpx, import_qdpx

    folder = tmp_path_factory.mktemp("rt")
    (folder / "t.txt").write_text("D: " + "".join(pieces) + " slut\n", encoding="utf-8")
    with Project.create(folder / "p.qualkit", codebook_file) as project:
        project.import_files([folder / "t.txt"])
        length = len(project.text("t"))
        for _ in range(data.draw(st.integers(1, 3))):
            start = data.draw(st.integers(0, length - 1))
            end = data.draw(st.integers(start + 1, length))
            project.code("t", start, end, "bemotande", "anna")
        before = sorted(project.codings()["text"])
        export_qdpx(project, folder / "p.qdpx")
    import_qdpx(folder / "p.qdpx", folder / "igen.qualkit")
    with Project.open(folder / "igen.qualkit") as back:
        assert sorted(back.codings()["text"]) == before


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.text(
            st.sampled_from("codes:- id name parent keywords: [ ] { } \n\t\"'*&!|>%@"), max_size=120
        ).map(str.encode),
    ),
    suffix=st.sampled_from([".yaml", ".qdc"]),
)
def test_fuzz_codebook_readers(tmp_path, data, suffix):
    from qualkit.codebook import load_codebook
    from qualkit.interop.exchange import import_codebook

    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _quietly(load_codebook if suffix == ".yaml" else import_codebook, path)


def test_a_codings_table_span_inside_a_character_takes_the_whole_character(tmp_path, codebook_file):
    transcript = tmp_path / "emoji.txt"
    transcript.write_text(f"D: Vi är {FAMILY} nu.\n", "utf-8")
    with Project.create(tmp_path / "p.qualkit", codebook_file) as project:
        project.import_files([transcript])
        family = project.text("emoji").index(FAMILY)
        table = tmp_path / "codings.csv"
        table.write_text(
            f"transcript,coder,code,start,end\nemoji,anna,bemotande,{family + 2},{family + 4}\n",
            encoding="utf-8",
        )
        project.import_files([], codings=[table])
        assert project.codings()["text"].tolist() == [FAMILY]
