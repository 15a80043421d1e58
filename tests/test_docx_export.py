"""Word output read back with python-docx: captions, cells, notes, repeating headers,
landscape pages, and files that are whole or absent."""

import docx
import pandas as pd
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from qualkit.analysis.crosstab import crosstab
from qualkit.errors import QualkitError
from qualkit.export import docx as word
from qualkit.export.report import ReportOptions, report_tables, write_docx
from qualkit.project import Project

from .analysis_support import code


def captions(document):
    return [p.text for p in document.paragraphs if p.style.name == "Caption"]


def notes(document):
    return [p.text for p in document.paragraphs if p.text.startswith(("Not. ", "Note. "))]


def cell_texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def report(project, path, **options):
    lang = options.get("lang", "sv")
    write_docx(project, report_tables(project, ReportOptions(**options)), path, lang)
    return docx.Document(str(path))


def test_the_theme_table_holds_the_crosstab_numbers(demo_file, tmp_path):
    with Project.open(demo_file) as project:
        found = crosstab(project, cols=["arm"])
        document = report(project, tmp_path / "r.docx", include=("crosstab",), cols=("arm",))
    assert captions(document) == [
        "Tabell 1. Antal intervjuade som tagit upp respektive tema, per arm"
    ]
    rows = cell_texts(document.tables[0])
    assert rows[0] == ["Tema", "FS", "SE", "CM", "Totalt", "p SE mot FS", "p CM mot FS"]
    assert rows[1][:5] == ["Antal intervjuade (n)", *(str(g.n) for g in found.groups), "19"]
    for row, (_, expected) in zip(rows[2:], found.frame.iterrows(), strict=True):
        assert row[0] == expected["name"]
        assert row[1:5] == [str(expected[c]) for c in ("FS", "SE", "CM", "total")]
        p = expected["p SE vs FS"]
        if p != p:  # nobody or everybody in both arms raised the theme: not tested
            assert row[5] == "–"
            continue
        shown = "<0,001" if p < 0.001 else f"{p:.3f}" if p < 0.01 else f"{p:.2f}"
        assert row[5] == shown.replace(".", ",") + expected["sig SE vs FS"]
    (note,) = notes(document)
    assert "Källa: demo.qualkit, 19 intervjuer; kodare alla kodare (anna, erik)." in note
    assert "* p < 0,05, ** p < 0,01, *** p < 0,001" in note
    assert document.sections[-1].orientation == WD_ORIENT.PORTRAIT


def test_header_rows_repeat_and_sub_themes_are_indented(demo_file, tmp_path):
    with Project.open(demo_file) as project:
        document = report(project, tmp_path / "r.docx", include=("crosstab",), cols=("arm",))
    table = document.tables[0]
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    names = [row.cells[0] for row in table.rows]
    motivation = next(c for c in names if c.text == "Motivation")
    arbete = next(c for c in names if c.text == "Arbete")
    assert motivation.paragraphs[0].paragraph_format.left_indent > 0
    assert arbete.paragraphs[0].runs[0].bold


def test_arm_by_role_has_two_header_rows_and_goes_landscape(demo_file, tmp_path):
    with Project.open(demo_file) as project:
        document = report(project, tmp_path / "r.docx", include=("crosstab",))
    rows = cell_texts(document.tables[0])
    assert rows[0][1:4] == ["FS", "FS", "FS"]  # one cell merged across FS's roles
    assert rows[1][1:4] == ["deltagare", "arbetsförmedlare", "personlig handläggare"]
    assert rows[0][0] == rows[1][0] == "Tema"  # merged down
    assert "p SE mot FS" in rows[0]
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert document.sections[-1].page_width > document.sections[-1].page_height


def test_quotes_and_framework_sections(demo_file, tmp_path):
    with Project.open(demo_file) as project:
        document = report(
            project,
            tmp_path / "r.docx",
            include=("quotes", "framework"),
            themes=("bemotande", "arbete"),
            max_quotes=3,
        )
    assert captions(document) == [
        "Tabell 1. Citat om bemötande",
        "Tabell 2. Citat om arbete",
        "Tabell 3. Analysschema: intervjupersoner och teman",
    ]
    quotes = cell_texts(document.tables[0])
    assert quotes[0] == ["Citat", "Källa"]
    assert len(quotes) == 4 and all(q.startswith("”") for q, _ in quotes[1:])
    assert all(source.startswith("Intervju ") for _, source in quotes[1:])
    matrix = cell_texts(document.tables[2])
    assert matrix[0] == ["Intervju", "Arm", "Roll", "Bemötande", "Arbete"]
    assert len(matrix) == 1 + 19
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Tabeller", "Citat", "Analysschema"]
    listed = [p.text for p in document.paragraphs][3:6]  # title, made, "Tabeller", the list
    assert listed == captions(document)  # the title page lists every table


def test_english_labels_and_the_missing_column(project, tmp_path):
    code(project, "fs-af-01", "samverkansmöten", "bemotande")
    document = report(project, tmp_path / "r.docx", include=("crosstab",), cols=("arm",), lang="en")
    assert captions(document) == ["Table 1. Number of respondents who raised each theme, by arm"]
    assert document.paragraphs[2].text == "Tables"
    assert cell_texts(document.tables[0])[0] == ["Theme", "SE", "missing", "Total"]
    assert notes(document)[0].startswith("Note. Source: studie.qualkit, 2 interviews")


def test_add_table_numbers_on_and_formats_any_frame():
    document = word.new_document("sv")
    frame = pd.DataFrame({"Kodare": ["anna", "erik"], "Andel": [0.25, 1.5], "Antal": [1200, 3]})
    word.add_table(document, frame, "Första", "En not.")
    memo = pd.DataFrame({"Kodare": [False, True]})
    word.add_table(
        document, frame.assign(Text=["a\nb", "c"]), "Andra", emphasis=memo, landscape=True
    )
    assert captions(document) == ["Tabell 1. Första", "Tabell 2. Andra"]
    assert word.table_count(document) == 2
    first = cell_texts(document.tables[0])
    assert first[1] == ["anna", "0,25", "1\u00a0200"]
    assert first[2][1] == "1,5"
    second = document.tables[1]
    assert [p.text for p in second.rows[1].cells[3].paragraphs] == ["a", "b"]
    assert second.rows[2].cells[0].paragraphs[0].runs[0].italic
    assert not second.rows[1].cells[0].paragraphs[0].runs[0].italic
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    fields = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert fields == [" SEQ Tabell \\* ARABIC ", " SEQ Tabell \\* ARABIC "]


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "rapport.docx"
    target.write_bytes(b"det gamla")
    document = word.new_document()

    def broken(path):
        with open(path, "wb") as half:
            half.write(b"PK halv")
        raise OSError("disk full")

    monkeypatch.setattr(document, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        word.save_document(document, target)
    assert target.read_bytes() == b"det gamla"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.docx"]
    with pytest.raises(QualkitError, match="the folder does not exist"):
        word.save_document(document, tmp_path / "saknas" / "r.docx")


def test_nothing_to_report_is_an_error_not_an_empty_document(project, tmp_path):
    with pytest.raises(QualkitError, match="no tables to write"):
        report_tables(project, ReportOptions(include=("quotes",)))
    with pytest.raises(QualkitError, match="--include takes crosstab, quotes"):
        report_tables(project, ReportOptions(include=("bilder",)))


def test_quote_notes_name_the_theme_the_cap_and_the_pseudonymisation(demo_file, tmp_path):
    from qualkit.analysis.pseudonymise import pseudonymiser

    with Project.open(demo_file) as project:
        document = report(
            project,
            tmp_path / "r.docx",
            include=("quotes",),
            themes=("arbete",),
            max_quotes=2,
            pseudonymise=pseudonymiser(["Jonas"]),
        )
    (note,) = notes(document)
    assert "2 citat kodade med arbete eller dess underteman (högst 2" in note
    assert note.endswith("Namn och personnummer är ersatta med [namn] och [personnummer].")


def test_a_heading_goes_on_the_page_of_its_wide_table():
    document = word.new_document()
    document.add_paragraph("Inledning.")
    wide = pd.DataFrame({f"Kolumn med långt namn {i}": ["text " * 8] for i in range(9)})
    word.add_table(document, wide, "Bred", heading="Rubrik")
    body = list(document.element.body.iterchildren())
    breaks = [
        i for i, e in enumerate(body) if e.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    heading = next(i for i, e in enumerate(body) if "Rubrik" in "".join(e.itertext()))
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    assert breaks and heading > breaks[-1]  # after the section break: on the landscape page


def test_a_project_without_codings_says_so_in_the_note(project, tmp_path):
    document = report(project, tmp_path / "r.docx", include=("crosstab",), cols=("arm",))
    (note,) = notes(document)
    assert "Inga kodningar att räkna: alla tal är 0 och inget är testat." in note


def test_p_value_columns_align_as_numbers_with_their_dashes(demo_file, tmp_path):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    with Project.open(demo_file) as project:
        document = report(project, tmp_path / "r.docx", include=("crosstab",), cols=("arm",))
    table = document.tables[0]
    texts = cell_texts(table)
    column = texts[0].index("p CM mot FS")
    dashes = [r for r, row in enumerate(texts) if row[column] == "–"]
    assert dashes  # Söka arbete and Daglig verksamhet: nobody in CM or FS raised them
    for r in [*dashes, 2]:
        (paragraph,) = table.rows[r].cells[column].paragraphs
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
