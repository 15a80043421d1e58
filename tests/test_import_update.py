"""A corrected transcript re-imported with --update keeps its codings (issue 17 item 8)."""

from __future__ import annotations

import pytest

from qualkit.errors import QualkitError
from tests.conftest import SE_D_08, span_of

FIXED = (
    SE_D_08.replace("Hon lyssnar verkligen", "Hon lyssnar faktiskt verkligen")
    .replace("I: Och jobbet", "I: Okej.\nI: Och jobbet")
    .replace(" Det känns … jag vet inte, bra?", "")
)


@pytest.fixture
def corrected(tmp_path):
    folder = tmp_path / "rättad"
    folder.mkdir()
    path = folder / "se-d-08.md"
    path.write_text(FIXED, encoding="utf-8")
    return path


def coded(project, passage, code="bemotande", coder="anna", memo=None):
    return project.code("se-d-08", *span_of(project, "se-d-08", passage), code, coder, memo=memo)


def texts_of_codings(project):
    text = project.text("se-d-08")
    return [(text[c.start : c.end], c.code, c.coder, c.memo) for c in project.coding_list()]


def test_codings_move_to_the_same_words_of_the_corrected_text(project, corrected):
    coded(project, "Hon lyssnar verkligen på mig", memo="nyckelcitat")
    coded(project, "Jag har fått praktik på en restaurang", "arbete/pa_arbetsplats", "erik")
    report = project.import_files([corrected], update=True, coder="anna")
    assert report.corrected == ["se-d-08"]
    assert report.codings_moved == 2
    assert report.unplaced == []
    assert project.text("se-d-08").endswith("tre dagar i veckan.")
    assert texts_of_codings(project) == [
        ("Hon lyssnar faktiskt verkligen på mig", "bemotande", "anna", "nyckelcitat"),
        ("Jag har fått praktik på en restaurang", "arbete/pa_arbetsplats", "erik", None),
    ]
    # turns and sentences are those of the new text
    sentences = project.segments("se-d-08", "sentence")
    assert "I: Okej." not in [project.text("se-d-08")[s.start : s.end] for s in sentences]
    assert "Okej." in [project.text("se-d-08")[s.start : s.end] for s in sentences]


def test_a_coding_that_cannot_be_placed_refuses_the_update_and_changes_nothing(project, corrected):
    coded(project, "Hon lyssnar verkligen på mig")
    gone = coded(project, "jag vet inte, bra?", "arbete")
    before = project.text("se-d-08")
    with pytest.raises(QualkitError) as refused:
        project.import_files([corrected], update=True, coder="anna")
    message = str(refused.value)
    assert "1 coding(s) cannot be placed" in message
    assert f"se-d-08 {gone.start}–{gone.end} arbete (anna, coding {gone.id})" in message
    assert "«jag vet inte, bra?»" in message
    assert project.text("se-d-08") == before
    assert [c.start for c in project.coding_list()] == [
        project.text("se-d-08").index("Hon lyssnar"),
        gone.start,
    ]


def test_skip_unplaced_leaves_them_out_listed_and_undo_brings_back_everything(project, corrected):
    kept = coded(project, "Hon lyssnar verkligen på mig")
    gone = coded(project, "jag vet inte, bra?", "arbete", memo="oklart")
    before = project.text("se-d-08")
    report = project.import_files([corrected], update=True, coder="anna", skip_unplaced=True)
    after = project.text("se-d-08")
    assert len(report.unplaced) == 1
    assert report.unplaced[0].startswith(f"se-d-08 {gone.start}–{gone.end} arbete (anna")
    assert [c.code for c in project.coding_list()] == ["bemotande"]

    assert project.undo("anna") == "corrected text of se-d-08"
    assert project.text("se-d-08") == before
    restored = {(c.id, c.start, c.end, c.code, c.memo) for c in project.coding_list()}
    assert restored == {
        (kept.id, kept.start, kept.end, "bemotande", None),
        (gone.id, gone.start, gone.end, "arbete", "oklart"),
    }
    assert project.redo("anna") == "corrected text of se-d-08"
    assert project.text("se-d-08") == after
    assert [c.code for c in project.coding_list()] == ["bemotande"]


def test_a_coding_made_after_the_correction_goes_back_with_undo(project, corrected):
    project.import_files([corrected], update=True, coder="anna")
    later = coded(project, "Hon bryr sig om hur jag mår", coder="erik")
    project.undo("anna")
    text = project.text("se-d-08")
    [moved] = project.coding_list()
    assert moved.id == later.id
    assert text[moved.start : moved.end] == "Hon bryr sig om hur jag mår"


def test_rejected_suggestions_follow_their_passage(project, corrected):
    start, end = span_of(project, "se-d-08", "Jag har fått praktik på en restaurang")
    with project.transaction():
        project._store.add_rejection("se-d-08", start, end, "arbete", "anna", "2025-01-01")
    project.import_files([corrected], update=True, coder="anna")
    [(_, new_start, new_end, code, coder)] = project.rejections()
    assert project.text("se-d-08")[new_start:new_end] == "Jag har fått praktik på en restaurang"
    assert (code, coder) == ("arbete", "anna")


def test_without_update_a_changed_text_is_refused_with_a_hint(project, corrected):
    with pytest.raises(QualkitError, match="import it with --update"):
        project.import_files([corrected])


def test_cli_update_lists_the_unplaced_and_needs_a_coder(cli, project, corrected, monkeypatch):
    monkeypatch.delenv("QUALKIT_CODER", raising=False)
    coded(project, "jag vet inte, bra?", "arbete")
    path = project.path
    project.close()
    result = cli("import", path, corrected, "--update")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: who corrects? --update needs --coder NAME (or QUALKIT_CODER)"
    )
    result = cli("import", path, corrected, "--update", "--coder", "anna")
    assert result.exit_code == 2
    assert "cannot be placed" in result.stderr
    assert "Traceback" not in result.stderr
    result = cli("import", path, corrected, "--update", "--skip-unplaced", "--coder", "anna")
    assert result.exit_code == 0, result.stderr
    assert "unplaced: se-d-08 " in result.stderr
    assert "its words were deleted or rewritten «jag vet inte, bra?»" in result.stderr
    assert "corrected 1 (0 coding(s) carried over, 1 left out)" in result.stdout


def test_codings_table_with_skip_unplaced_imports_the_rest(project, tmp_path, cli):
    table = tmp_path / "codings.csv"
    table.write_text(
        "transcript,coder,code,quote\n"
        "se-d-08,anna,bemotande,Hon lyssnar\n"
        "se-d-08,anna,bemotande,Han skriker\n",
        encoding="utf-8",
    )
    report = project.import_files([], codings=[table], skip_unplaced=True)
    assert report.codings_added == 1
    assert report.unplaced == [f"{table}:3: passage not found in 'se-d-08': «Han skriker»"]
    path = project.path
    project.close()
    result = cli("import", path, "--codings", table, "--skip-unplaced")
    assert result.exit_code == 0
    assert f"unplaced: {table}:3: passage not found" in result.stderr
    assert "0 coding(s) added, 1 already present" in result.stdout


def test_two_codings_that_land_on_the_same_words_are_not_stored_twice(project, tmp_path):
    # "Hon bryr sig" and "Hon bryr sig " (a trailing space) become one passage once the
    # space is gone: the second is reported instead of breaking the update.
    start, end = span_of(project, "se-d-08", "Hon bryr sig om hur jag mår,")
    project.code("se-d-08", start, end, "bemotande", "anna")
    project.code("se-d-08", start, end + 1, "bemotande", "anna")
    path = tmp_path / "se-d-08.md"
    path.write_text(SE_D_08.replace("jag mår, inte", "jag mår,inte"), encoding="utf-8")
    report = project.import_files([path], update=True, coder="anna", skip_unplaced=True)
    assert len(report.unplaced) == 1
    assert "now coded so by another" in report.unplaced[0]
    assert [project.text("se-d-08")[c.start : c.end] for c in project.coding_list()] == [
        "Hon bryr sig om hur jag mår,"
    ]
