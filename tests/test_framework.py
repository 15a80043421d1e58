"""The framework matrix: passages per respondent and theme, or the analyst's cell memo."""

import pytest

from qualkit.analysis.framework import framework, shorten
from qualkit.errors import QualkitError
from qualkit.model import cell_target

from .analysis_support import code


def test_cells_hold_passages_of_the_theme_and_its_subthemes_in_text_order(project):
    code(project, "se-d-08", "Jag har fått praktik på en restaurang", "arbete/pa_arbetsplats")
    code(project, "se-d-08", "Hon lyssnar verkligen på mig", "arbete/motivation")
    code(project, "se-d-08", "Hon lyssnar verkligen", "bemotande", coder="erik")
    matrix = framework(project, themes=["arbete", "bemotande"])
    frame = matrix.frame.set_index("transcript")
    assert list(matrix.frame.columns) == ["transcript", "arm", "role", "arbete", "bemotande"]
    assert frame.loc["se-d-08", "arbete"] == (
        "Hon lyssnar verkligen på mig\nJag har fått praktik på en restaurang"
    )
    assert frame.loc["se-d-08", "bemotande"] == "Hon lyssnar verkligen"
    assert frame.loc["fs-af-01", "arbete"] == ""
    assert frame.loc["fs-af-01", "arm"] == "saknas"
    assert matrix.names == {"arbete": "Arbete", "bemotande": "Bemötande"}


def test_the_cell_memo_replaces_the_passages_and_is_marked(project):
    code(project, "se-d-08", "Jag har fått praktik på en restaurang", "arbete/pa_arbetsplats")
    project.set_memo("cell", cell_target("se-d-08", "arbete"), "Praktik via SIUS.", "anna")
    matrix = framework(project, themes=["arbete"])
    row = matrix.frame.set_index("transcript").loc["se-d-08"]
    assert row["arbete"] == "Praktik via SIUS."
    assert matrix.memo.loc[matrix.frame["transcript"] == "se-d-08", "arbete"].item()
    passages = framework(project, themes=["arbete"], cells="passages").frame
    assert passages.set_index("transcript").loc["se-d-08", "arbete"].startswith("Jag har fått")
    project.set_memo("cell", cell_target("se-d-08", "arbete"), "Annat.", "erik")
    both = framework(project, themes=["arbete"]).frame.set_index("transcript")
    assert both.loc["se-d-08", "arbete"] == "anna: Praktik via SIUS.\nerik: Annat."
    only = framework(project, themes=["arbete"], coder="erik").frame.set_index("transcript")
    assert only.loc["se-d-08", "arbete"] == "Annat."


def test_cell_memos_are_checked_and_undoable(project):
    with pytest.raises(QualkitError, match="no transcript 'se-d-8'"):
        project.set_memo("cell", cell_target("se-d-8", "arbete"), "x", "anna")
    with pytest.raises(QualkitError, match="no code 'arbte'"):
        project.set_memo("cell", cell_target("se-d-08", "arbte"), "x", "anna")
    with pytest.raises(QualkitError, match="TRANSCRIPT|CODE"):
        project.set_memo("cell", "arbete", "x", "anna")
    project.set_memo("cell", cell_target("se-d-08", "arbete"), "Första.", "anna")
    project.undo("anna")
    assert project.memo("cell", cell_target("se-d-08", "arbete"), "anna") is None


def test_long_passages_are_shortened_at_a_word_with_an_ellipsis(project):
    passage = "Jag har fått praktik på en restaurang, tre dagar i veckan"
    code(project, "se-d-08", passage, "arbete")
    cell = framework(project, themes=["arbete"], width=30).frame.set_index("transcript")
    shown = cell.loc["se-d-08", "arbete"]
    assert len(shown) <= 30 and shown.endswith("…")
    assert passage.startswith(shown[:-1])
    assert shorten("kort", 30) == "kort"


def test_default_themes_are_the_top_level_codes_and_bad_input_is_refused(project):
    assert framework(project).themes == ("bemotande", "arbete")
    with pytest.raises(QualkitError, match="no attribute 'kön'"):
        framework(project, attributes=["kön"])
    with pytest.raises(QualkitError, match="cells are one of"):
        framework(project, cells="allt")
    with pytest.raises(QualkitError, match="no code 'halsa'"):
        framework(project, themes=["halsa"])
