"""Project queries the terminal UI lives on: counts per code, recent codes, change detection."""

import pytest

from qualkit.errors import QualkitError
from qualkit.project import Project, check_coder

from .conftest import MINI_CODEBOOK, span_of


def code(project, passage, code_id, coder="anna", transcript="se-d-08"):
    start, end = span_of(project, transcript, passage)
    return project.code(transcript, start, end, code_id, coder)


def test_code_counts_roll_children_up_into_their_parents(project):
    code(project, "Hon lyssnar verkligen på mig", "bemotande")
    code(project, "Hon bryr sig om hur jag mår", "bemotande")
    code(project, "Jag har fått praktik på en restaurang", "arbete/pa_arbetsplats")
    code(project, "Vi har samverkansmöten", "arbete", transcript="fs-af-01")
    code(project, "Hon lyssnar", "bemotande", coder="erik")

    mine = project.code_counts("anna")
    assert mine["bemotande"] == (2, 1)
    assert mine["arbete/pa_arbetsplats"] == (1, 1)
    assert mine["arbete"] == (2, 2)  # its own coding and its child's, in two transcripts
    assert mine["arbete/motivation"] == (0, 0)
    assert project.code_counts()["bemotande"] == (3, 1)


def test_recent_codes_are_the_coders_own_newest_first(project):
    code(project, "Hon lyssnar verkligen på mig", "bemotande")
    code(project, "Jag har fått praktik", "arbete/pa_arbetsplats")
    code(project, "Hon bryr sig", "bemotande")
    code(project, "Och jobbet", "arbete", coder="erik")
    assert project.recent_codes("anna") == ["bemotande", "arbete/pa_arbetsplats"]
    assert project.recent_codes("erik") == ["arbete"]
    assert project.recent_codes("anna", limit=1) == ["bemotande"]


def test_an_undone_coding_is_no_longer_recent(project):
    code(project, "Hon lyssnar verkligen på mig", "bemotande")
    code(project, "Jag har fått praktik", "arbete/pa_arbetsplats")
    project.undo("anna")
    assert project.recent_codes("anna") == ["bemotande"]


def test_imported_codings_fill_the_recent_codes_by_use(project, tmp_path):
    table = tmp_path / "codings.csv"
    table.write_text(
        "transcript,coder,code,quote\n"
        "se-d-08,anna,arbete,Och jobbet\n"
        "se-d-08,anna,bemotande,Hon lyssnar verkligen\n"
        "se-d-08,anna,bemotande,Hon bryr sig\n",
        encoding="utf-8",
    )
    project.import_files([], codings=[table])
    assert project.recent_codes("anna") == ["bemotande", "arbete"]
    code(project, "Jag har fått praktik", "arbete/pa_arbetsplats")
    assert project.recent_codes("anna") == ["arbete/pa_arbetsplats", "bemotande", "arbete"]


def test_transcript_records_match_the_table(project):
    code(project, "Hon lyssnar verkligen på mig", "bemotande")
    names, records = project.transcript_records("anna")
    assert names[:3] == ["nr", "arm", "role"]
    assert [r["id"] for r in records] == ["se-d-08", "fs-af-01"]
    frame = project.transcripts("anna")
    assert frame["coded"].tolist() == [r["coded"] for r in records]
    assert records[0]["coded"] > 0 and records[1]["coded"] == 0


def test_data_version_changes_when_another_process_commits(project):
    before = project.data_version()
    with Project.open(project.path) as other:
        start, end = span_of(other, "se-d-08", "Hon lyssnar")
        other.code("se-d-08", start, end, "bemotande", "erik")
    assert project.data_version() != before
    assert [c.coder for c in project.coding_list("se-d-08")] == ["erik"]


@pytest.mark.parametrize("name", ["", " anna", "a\tb", "x" * 101])
def test_bad_coder_names_are_refused(name):
    with pytest.raises(QualkitError, match="invalid coder name"):
        check_coder(name)


def test_forget_rereads_a_codebook_another_process_replaced(project, tmp_path):
    assert "ny_kod" not in project.codebook
    bigger = tmp_path / "ny.yaml"
    bigger.write_text(MINI_CODEBOOK + "  - id: ny_kod\n    name: Ny kod\n", encoding="utf-8")
    with Project.open(project.path) as other:
        other.use_codebook(bigger)
    project.forget()
    assert project.codebook.get("ny_kod").name == "Ny kod"
