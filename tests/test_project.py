"""The Project facade: import, code, uncode, memos, undo and redo, queries."""

import shutil

import pandas as pd
import pytest

from qualkit.errors import QualkitError
from qualkit.project import CODING_COLUMNS, Project

from .conftest import SE_D_08, span_of


def test_import_stores_text_attributes_turns_and_sentences(project):
    transcript = project.transcript("se-d-08")
    assert transcript.text.startswith("I: Hur har det varit med kontakten med din SIUS?\nD: Hon")
    assert transcript.attributes == {
        "nr": "8",
        "arm": "SE",
        "role": "deltagare",
        "kommun": "Malmö",
        "datum": "2025-03-12",
        "daglig_verksamhet": "nej",
    }
    assert [t.speaker for t in transcript.turns] == ["I", "D", "I", "D"]
    assert len(transcript.sentences) == 6
    assert len(transcript.source_sha256) == 64
    assert project.transcript_ids() == ["se-d-08", "fs-af-01"]


def test_importing_the_same_file_twice_does_not_duplicate_it(project, transcripts, tmp_path):
    report = project.import_files(transcripts)
    assert report.imported == []
    assert report.skipped == [
        "se-d-08.md: already imported as 'se-d-08'",
        "fs-af-01.txt: already imported as 'fs-af-01'",
    ]
    copy = tmp_path / "kopia.md"
    shutil.copy(transcripts[1], copy)
    assert project.import_files([copy]).skipped == ["kopia.md: already imported as 'fs-af-01'"]
    assert project.transcript_ids() == ["se-d-08", "fs-af-01"]


def test_a_bad_file_in_a_batch_imports_nothing_and_names_it(project, tmp_path):
    good = tmp_path / "cm-d-05.md"
    good.write_text("D: Jag vill jobba.\n", encoding="utf-8")
    bad = tmp_path / "trasig.md"
    bad.write_text("---\narm: [FS\n---\nD: x\n", encoding="utf-8")
    empty = tmp_path / "tom.txt"
    empty.write_text("")
    with pytest.raises(QualkitError) as error:
        project.import_files([good, bad, empty])
    lines = str(error.value).splitlines()
    assert lines[0].startswith(f"{bad}:2: front matter is not valid YAML")
    assert lines[1] == f"{empty}: empty file"
    assert project.transcript_ids() == ["se-d-08", "fs-af-01"]


def test_the_same_id_with_other_text_is_refused(project, tmp_path):
    other = tmp_path / "se-d-08.md"
    other.write_text(SE_D_08.replace("restaurang", "bageri"), encoding="utf-8")
    with pytest.raises(QualkitError, match="'se-d-08' is already in the project with different"):
        project.import_files([other])


def test_two_files_with_one_id_in_a_batch_are_refused(tmp_path, codebook_file):
    (tmp_path / "a.md").write_text("---\nid: x\n---\nD: ett\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\nid: x\n---\nD: två\n", encoding="utf-8")
    with Project.create(tmp_path / "p.qualkit") as project:
        with pytest.raises(QualkitError, match="b.md: transcript id 'x' is also the id of"):
            project.import_files([tmp_path / "a.md", tmp_path / "b.md"])
        assert project.transcript_ids() == []


def test_case_table_adds_to_front_matter_and_updates_earlier_imports(project, tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "id,arm,role,kommun\nfs-af-01,FS,arbetsförmedlare,Stockholm\n"
        "se-d-08,SE,deltagare,Lund\nokänd,CM,deltagare,Umeå\n",
        encoding="utf-8",
    )
    report = project.import_files([], cases=cases)
    assert report.updated == ["fs-af-01", "se-d-08"]
    assert report.warnings == [f"{cases}:4: no transcript 'okänd' in the project or this import"]
    attributes = project.attributes()
    assert attributes["fs-af-01"] == {
        "arm": "FS",
        "role": "arbetsförmedlare",
        "kommun": "Stockholm",
    }
    assert attributes["se-d-08"]["kommun"] == "Lund"


def test_code_uncode_undo_redo(project):
    start, end = span_of(project, "se-d-08", "Hon lyssnar verkligen på mig")
    coding = project.code("se-d-08", start, end, "bemotande", "anna")
    assert project.code("se-d-08", start, end, "bemotande", "anna") == coding  # no duplicate
    assert len(project.coding_list()) == 1

    project.uncode(coding.id, "anna")
    assert project.coding_list() == []
    assert project.undo("anna").startswith("uncode se-d-08")
    assert project.coding_list() == [coding]  # the same coding, id and time included
    assert project.undo("anna").startswith("code se-d-08")
    assert project.coding_list() == []
    assert project.undo("anna") is None
    assert project.redo("anna").startswith("code")
    assert project.coding_list() == [coding]
    assert project.redo("anna").startswith("uncode")
    assert project.coding_list() == []
    assert project.redo("anna") is None


def test_a_new_action_after_undo_clears_redo(project):
    project.code("se-d-08", 0, 5, "bemotande", "anna")
    project.undo("anna")
    project.code("se-d-08", 10, 20, "arbete", "anna")
    assert project.redo("anna") is None


def test_undo_is_per_coder(project):
    project.code("se-d-08", 0, 5, "bemotande", "anna")
    project.code("se-d-08", 0, 5, "bemotande", "erik")
    project.undo("erik")
    assert [c.coder for c in project.coding_list()] == ["anna"]


def test_a_coder_cannot_remove_another_coders_coding(project):
    coding = project.code("se-d-08", 0, 5, "bemotande", "anna")
    with pytest.raises(QualkitError, match="belongs to anna, not erik"):
        project.uncode(coding.id, "erik")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("se-d-08", 5, 5, "bemotande", "anna"), "offsets 5–5 are outside the text"),
        (("se-d-08", -1, 5, "bemotande", "anna"), "offsets -1–5"),
        (("se-d-08", 0, 10_000, "bemotande", "anna"), "offsets 0–10000 are outside the text"),
        (("se-d-08", 0, 5, "bemötande", "anna"), "no code 'bemötande' in the codebook"),
        (("se-d-8", 0, 5, "bemotande", "anna"), "no transcript 'se-d-8' \\(did you mean 'se-d-08'"),
        (("se-d-08", 0, 5, "bemotande", " "), "invalid coder name"),
    ],
)
def test_bad_codings_are_refused(project, args, message):
    with pytest.raises(QualkitError, match=message):
        project.code(*args)
    assert project.coding_list() == []


def test_memos_on_transcript_code_and_coding_with_undo(project):
    coding = project.code("se-d-08", 0, 5, "bemotande", "anna")
    project.set_memo("transcript", "se-d-08", "Bra intervju om SIUS.", "anna")
    project.set_memo("code", "arbete", "Skilj på praktik och anställning.", "anna")
    project.set_memo("coding", str(coding.id), "Tydligt exempel.", "anna")
    assert project.memo("transcript", "se-d-08", "anna").text == "Bra intervju om SIUS."
    assert project.coding_list()[0].memo == "Tydligt exempel."
    project.set_memo("transcript", "se-d-08", "Ändrad.", "anna")
    project.undo("anna")  # the change of the transcript memo
    assert project.memo("transcript", "se-d-08", "anna").text == "Bra intervju om SIUS."
    project.undo("anna")  # the coding memo
    assert project.coding_list()[0].memo is None
    project.set_memo("transcript", "se-d-08", "", "anna")
    assert project.memo("transcript", "se-d-08", "anna") is None
    with pytest.raises(QualkitError, match="no code 'okänd'"):
        project.set_memo("code", "okänd", "x", "anna")


def test_codings_frame_has_the_passage_and_every_attribute(project):
    start, end = span_of(project, "se-d-08", "praktik på en restaurang")
    project.code("se-d-08", start, end, "arbete/pa_arbetsplats", "erik")
    frame = project.codings()
    assert list(frame.columns) == [
        *CODING_COLUMNS,
        "nr",
        "arm",
        "role",
        "kommun",
        "daglig_verksamhet",
        "datum",
    ]
    row = frame.iloc[0]
    assert (row.transcript, row.code, row.coder, row.origin) == (
        "se-d-08",
        "arbete/pa_arbetsplats",
        "erik",
        "manual",
    )
    assert row.text == "praktik på en restaurang"
    assert row.arm == "SE"


def test_transcripts_frame_reports_share_coded(project):
    text = project.text("fs-af-01")
    project.code("fs-af-01", 0, len(text) // 2, "arbete", "anna")
    project.code("fs-af-01", 0, len(text) // 4, "bemotande", "anna")  # overlap counts once
    frame = project.transcripts(coder="anna").set_index("id")
    assert frame.loc["fs-af-01", "coded"] == pytest.approx(0.5, abs=0.01)
    assert frame.loc["se-d-08", "coded"] == 0
    assert frame.loc["se-d-08", "arm"] == "SE"
    assert pd.isna(frame.loc["fs-af-01", "arm"])


def test_replacing_the_codebook_keeps_codes_in_use(project, tmp_path):
    project.code("se-d-08", 0, 5, "arbete/motivation", "anna")
    smaller = tmp_path / "liten.yaml"
    smaller.write_text("codes:\n  - {id: bemotande, name: Bemötande}\n", encoding="utf-8")
    with pytest.raises(QualkitError, match="lacks code\\(s\\) in use: arbete/motivation"):
        project.use_codebook(smaller)
    assert "arbete/motivation" in project.codebook


def test_codings_import_by_quote_and_reanchoring(project, tmp_path):
    table = tmp_path / "codings.csv"
    text = project.text("se-d-08")
    start = text.index("Hon bryr sig")
    table.write_text(
        "transcript,coder,code,quote,start,end\n"
        'se-d-08,anna,bemotande,"Hon lyssnar verkligen på mig",,\n'
        f'se-d-08,erik,bemotande,"Hon bryr sig om hur jag mår",{start + 3},{start + 30}\n',
        encoding="utf-8",
    )
    report = project.import_files([], codings=[table])
    assert report.codings_added == 2
    assert report.notes == [f"{table}:3: re-anchored to {start}–{start + 27}"]
    assert project.codings()["text"].tolist() == [
        "Hon lyssnar verkligen på mig",
        "Hon bryr sig om hur jag mår",
    ]
    assert project.import_files([], codings=[table]).codings_present == 2


def test_a_quote_not_in_the_text_imports_nothing(project, tmp_path):
    table = tmp_path / "codings.csv"
    table.write_text(
        "transcript,coder,code,quote\n"
        "se-d-08,anna,bemotande,Hon lyssnar\n"
        "se-d-08,anna,bemotande,Han skriker\n",
        encoding="utf-8",
    )
    with pytest.raises(QualkitError, match=r"codings.csv:3: passage not found in 'se-d-08'"):
        project.import_files([], codings=[table])
    assert project.coding_list() == []


def test_segments_of_a_transcript(project):
    text = project.text("se-d-08")
    turns = project.segments("se-d-08", "turn")
    sentences = project.segments("se-d-08", "sentence")
    assert [text[t.start : t.end] for t in turns][1] == (
        "Hon lyssnar verkligen på mig, alltså. Hon bryr sig om hur jag mår, inte bara om papper."
    )
    assert [text[s.start : s.end] for s in sentences if s.turn == 3] == [
        "Jag har fått praktik på en restaurang, tre dagar i veckan.",
        "Det känns … jag vet inte, bra?",
    ]
    with pytest.raises(QualkitError, match="no transcript 'x'"):
        project.segments("x", "turn")
