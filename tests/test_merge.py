"""Merging coders' copies: by text, per coder, never twice, codebook differences resolved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qualkit.errors import QualkitError
from qualkit.interop.exchange import export_qdpx, merge_copies, read_copy
from qualkit.project import Project

from .conftest import FS_AF_01, MINI_CODEBOOK, span_of


@pytest.fixture
def base(tmp_path, codebook_file, transcripts) -> Path:
    path = tmp_path / "studie.qualkit"
    with Project.create(path, codebook_file) as project:
        project.import_files(transcripts)
    return path


def copy_for(base: Path, coder: str, passages: list[tuple[str, str, str]]) -> Path:
    """A coder's copy of the base project with that coder's codings."""
    path = base.with_name(f"{coder}.qualkit")
    shutil.copy(base, path)
    with Project.open(path) as project:
        for transcript, passage, code in passages:
            project.code(transcript, *span_of(project, transcript, passage), code, coder)
    return path


ANNA = [
    ("se-d-08", "Hon lyssnar verkligen på mig", "bemotande"),
    ("se-d-08", "Jag har fått praktik på en restaurang", "arbete/pa_arbetsplats"),
]
ERIK = [
    ("se-d-08", "Hon lyssnar verkligen på mig", "bemotande"),
    ("fs-af-01", "Vi har samverkansmöten varannan vecka", "arbete"),
]


def test_both_coders_codings_are_in_the_target_after_a_merge(base):
    anna, erik = copy_for(base, "anna", ANNA), copy_for(base, "erik", ERIK)
    reports = merge_copies(base, [read_copy(anna), read_copy(erik)])
    assert [r.codings_added for r in reports] == [{"anna": 2}, {"erik": 2}]
    with Project.open(base) as project:
        assert project.coders() == {"anna": 2, "erik": 2}
        same = project.coding_list(transcript="se-d-08", code="bemotande")
        assert sorted(c.coder for c in same) == ["anna", "erik"]  # ready for agreement
        assert {c.origin for c in project.coding_list()} == {"manual"}


def test_merging_twice_adds_nothing(base):
    anna = copy_for(base, "anna", ANNA)
    merge_copies(base, [read_copy(anna)])
    again = merge_copies(base, [read_copy(anna)])[0]
    assert again.codings_added == {} and again.codings_present == 2
    assert again.transcripts_added == [] and len(again.transcripts_matched) == 2
    with Project.open(base) as project:
        assert project.coders() == {"anna": 2}


def test_transcripts_are_matched_by_text_not_by_id(base, tmp_path, codebook_file):
    folder = tmp_path / "annan"
    folder.mkdir()
    (folder / "intervju-7.txt").write_text(FS_AF_01, encoding="utf-8")  # same text, new id
    other = tmp_path / "annan.qualkit"
    with Project.create(other, codebook_file) as project:
        project.import_files([folder / "intervju-7.txt"])
        project.code(
            "intervju-7", *span_of(project, "intervju-7", "Det fungerar bra"), "arbete", "sara"
        )
    report = merge_copies(base, [read_copy(other)])[0]
    assert report.transcripts_matched == ["intervju-7 = fs-af-01"]
    with Project.open(base) as project:
        assert [c.transcript for c in project.coding_list(coder="sara")] == ["fs-af-01"]
        assert len(project.transcript_ids()) == 2


def test_an_edited_transcript_is_reported_and_its_codings_left_out(base, tmp_path, codebook_file):
    folder = tmp_path / "andrad"
    folder.mkdir()
    (folder / "fs-af-01.txt").write_text(FS_AF_01.replace("varannan vecka", "varje vecka"), "utf-8")
    edited = tmp_path / "andrad.qualkit"
    with Project.create(edited, codebook_file) as project:
        project.import_files([folder / "fs-af-01.txt"])
        project.code("fs-af-01", *span_of(project, "fs-af-01", "varje vecka"), "arbete", "sara")
    report = merge_copies(base, [read_copy(edited)])[0]
    assert report.transcripts_differing == ["fs-af-01"]
    assert report.codings_left_out == 1 and report.codings_added == {}
    assert "edited in one copy?" in report.warnings[0]
    with Project.open(base) as project:
        assert "varannan vecka" in project.text("fs-af-01")
        assert project.coders() == {}


def changed_codebook(tmp_path: Path) -> Path:
    text = (
        MINI_CODEBOOK.replace("name: Bemötande", "name: Bemötande och respekt").replace(
            "name: Arbete\n", "name: Arbete\n    description: Att komma närmare arbete.\n"
        )
        + "  - id: halsa\n    name: Hälsa\n"
    )
    path = tmp_path / "ny-kodbok.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule", ["target", "source"])
def test_codebook_differences_are_reported_and_resolved_by_the_rule(base, tmp_path, rule):
    erik = copy_for(base, "erik", ERIK)
    with Project.open(erik) as project:
        project.use_codebook(changed_codebook(tmp_path))
        project.code(
            "se-d-08", *span_of(project, "se-d-08", "inte bara om papper"), "halsa", "erik"
        )
    report = merge_copies(base, [read_copy(erik)], rule=rule)[0]
    kept = "kept the target's" if rule == "target" else "took the source's"
    assert report.codes_added == ["halsa"]
    assert report.codes_renamed == [
        f"bemotande: 'Bemötande' here, 'Bemötande och respekt' there ({kept})"
    ]
    assert report.codes_changed == [f"arbete: description differ ({kept})"]
    with Project.open(base) as project:
        names = {c.id: c.name for c in project.codebook}
        assert names["halsa"] == "Hälsa"
        assert names["bemotande"] == ("Bemötande" if rule == "target" else "Bemötande och respekt")
        assert project.coders() == {"erik": 3}


def test_a_code_renamed_by_id_in_a_copy_is_found_by_its_guid(base, tmp_path):
    with Project.open(base) as project:  # the shared codebook carries GUIDs
        guids = MINI_CODEBOOK.replace(
            "  - id: bemotande\n",
            "  - id: bemotande\n    guid: 11111111-2222-4333-8444-555555555555\n",
        )
        (tmp_path / "g.yaml").write_text(guids, encoding="utf-8")
        project.use_codebook(tmp_path / "g.yaml")
    anna = copy_for(base, "anna", [])
    with Project.open(anna) as project:
        renamed = guids.replace("id: bemotande\n", "id: bemotande_och_respekt\n")
        (tmp_path / "r.yaml").write_text(renamed, encoding="utf-8")
        project.use_codebook(tmp_path / "r.yaml")
        text = project.text("se-d-08")
        start = text.index("Hon lyssnar")
        project.code("se-d-08", start, start + 11, "bemotande_och_respekt", "anna")
    report = merge_copies(base, [read_copy(anna)])[0]
    assert report.codes_matched == ["bemotande_och_respekt = bemotande"]
    assert report.codes_added == []
    with Project.open(base) as project:
        assert [c.code for c in project.coding_list(coder="anna")] == ["bemotande"]


def test_memos_are_merged_per_coder_and_conflicts_reported(base):
    anna = copy_for(base, "anna", ANNA)
    with Project.open(anna) as project:
        project.set_memo("transcript", "se-d-08", "Om SIUS.", "anna")
    with Project.open(base) as project:
        project.set_memo("transcript", "se-d-08", "Annan tanke.", "anna")
        project.set_memo("project", "", "Projekt.", "erik")
    report = merge_copies(base, [read_copy(anna)])[0]
    assert report.memos_added == 0
    assert report.memo_conflicts == [
        "memo on transcript se-d-08 (anna): texts differ (kept the target's)"
    ]


def test_a_framework_cell_memo_merges_with_its_transcript_and_code(base):
    anna = copy_for(base, "anna", ANNA)
    with Project.open(anna) as project:
        project.set_memo("cell", "se-d-08|arbete", "Praktik på restaurang.", "anna")
    report = merge_copies(base, [read_copy(anna)])[0]
    assert report.memos_added == 1
    with Project.open(base) as project:
        assert project.memo("cell", "se-d-08|arbete", "anna").text == "Praktik på restaurang."


def test_a_dry_run_changes_nothing(base):
    anna = copy_for(base, "anna", ANNA)
    report = merge_copies(base, [read_copy(anna)], dry_run=True)[0]
    assert report.codings_added == {"anna": 2}
    with Project.open(base) as project:
        assert project.coders() == {}


def test_a_qdpx_copy_merges_like_a_project(base, tmp_path):
    anna = copy_for(base, "anna", ANNA)
    with Project.open(anna) as project:
        export_qdpx(project, tmp_path / "anna.qdpx")
    report = merge_copies(base, [read_copy(tmp_path / "anna.qdpx")])[0]
    assert report.codings_added == {"anna": 2}
    assert report.transcripts_added == [] and len(report.transcripts_matched) == 2


def test_cli_merge_reports_in_text_and_json(base, cli):
    anna, erik = copy_for(base, "anna", ANNA), copy_for(base, "erik", ERIK)
    result = cli("merge", base, anna, erik)
    assert result.exit_code == 0, result.output
    assert f"merged anna.qualkit into {base}:" in result.stdout
    assert "codings      2 added (erik 2), 0 already there, 0 left out" in result.stdout
    result = cli("merge", base, anna, "--format", "json")
    document = json.loads(result.stdout)
    assert document["dry_run"] is False
    assert document["sources"][0]["codings_added"] == {}
    assert document["sources"][0]["codings_present"] == 2


def test_cli_merge_refuses_the_target_itself_and_non_projects(base, tmp_path, cli):
    result = cli("merge", base, base)
    assert result.exit_code == 2 and "cannot be merged into itself" in result.stderr
    junk = tmp_path / "skrap.txt"
    junk.write_text("inte ett projekt", encoding="utf-8")
    result = cli("merge", base, junk)
    assert result.exit_code == 2 and "not a qualkit project" in result.stderr


def test_a_failing_copy_merges_none_of_them(base, tmp_path):
    anna = copy_for(base, "anna", ANNA)
    broken = read_copy(anna)
    broken.codings.append(broken.codings[0].__class__("se-d-08", 0, 99_999, "arbete", "olle"))
    with pytest.raises(QualkitError, match="outside the text"):
        merge_copies(base, [read_copy(anna), broken])
    with Project.open(base) as project:
        assert project.coders() == {}


def test_after_a_merge_agree_compares_the_coders(base, cli):
    anna, erik = copy_for(base, "anna", ANNA), copy_for(base, "erik", ERIK)
    assert cli("merge", base, anna, erik).exit_code == 0
    result = cli("agree", base, "--coders", "anna,erik", "--unit", "document", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["transcripts_coded"] == {"anna": 1, "erik": 2}  # each copy's own codings
    assert document["overall"]["n_coders"] == 2
