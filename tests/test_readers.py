"""Reading transcript files: formats, front matter, normalisation, refusals."""

import unicodedata
from pathlib import Path

import docx
import pytest

from qualkit.corpus.readers import read_source
from qualkit.errors import QualkitError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_becomes_attributes_kept_as_written(tmp_path):
    source = read_source(
        write(
            tmp_path / "fil.md",
            "---\nid: cm-d-12\narm: cm\nrole: Deltagare\nKön: kvinna\nålder: 24\n"
            "datum: 2025-03-12\ndaglig verksamhet: ja\nprojektledare: nej\n---\nD: Hej.\n",
        )
    )
    assert source.id == "cm-d-12"
    assert source.attributes == {
        "arm": "CM",
        "role": "deltagare",
        "kön": "kvinna",
        "ålder": "24",
        "datum": "2025-03-12",
        "daglig_verksamhet": "ja",
        "projektledare": "nej",
    }
    assert source.text == "D: Hej."


def test_without_front_matter_the_file_name_is_the_id(tmp_path):
    source = read_source(write(tmp_path / "fs-af-01.txt", "I: Hej.\nIP: Hej!\n"))
    assert source.id == "fs-af-01"
    assert source.attributes == {}


def test_unknown_arm_or_role_is_kept_with_a_warning_naming_the_line(tmp_path):
    path = write(tmp_path / "x.md", "---\narm: SF\nrole: handledare\n---\nD: Hej.\n")
    source = read_source(path)
    assert source.attributes == {"arm": "SF", "role": "handledare"}
    assert source.warnings[0].startswith(f"{path}:2: arm 'SF' is not one of FS, SE, CM")
    assert source.warnings[1].startswith(f"{path}:3: role 'handledare'")


def test_text_is_nfc_with_newlines(tmp_path):
    decomposed = unicodedata.normalize("NFD", "D: Jag mår bra.\r\nI: Och på jobbet?\rD: Också.")
    path = tmp_path / "x.txt"
    path.write_bytes(decomposed.encode("utf-8"))
    source = read_source(path)
    assert source.text == "D: Jag mår bra.\nI: Och på jobbet?\nD: Också."
    assert unicodedata.is_normalized("NFC", source.text)


def test_docx_keeps_paragraphs_speaker_labels_and_table_rows(tmp_path):
    document = docx.Document()
    document.add_paragraph("I: Hur mår du?")
    document.add_paragraph("D: Bättre än förra året.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "I"
    table.rows[0].cells[1].text = "Och jobbet?"
    document.add_paragraph("D: Det går framåt.")
    path = tmp_path / "intervju.docx"
    document.save(path)
    source = read_source(path)
    assert source.text == (
        "I: Hur mår du?\nD: Bättre än förra året.\nI: Och jobbet?\nD: Det går framåt."
    )
    assert source.encoding == "docx"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("saknas.txt", None, "saknas.txt: no such file"),
        ("tom.txt", "", "tom.txt: empty file"),
        ("blank.txt", "  \n\n", "blank.txt: empty file"),
        ("bara.md", "---\narm: FS\n---\n\n", "bara.md: empty transcript"),
        ("gammal.doc", "x", "gammal.doc: old Word .doc format"),
        ("bild.pdf", "x", "bild.pdf: unsupported file type '.pdf'"),
        ("trasig.docx", "inte en zip", "trasig.docx: not a readable Word document"),
        ("oppen.md", "---\narm: FS\nD: Hej.\n", "oppen.md:1: front matter opened"),
        ("yaml.md", "---\narm: FS\nrole: [a, b\n---\nD: Hej.\n", "yaml.md:3: front matter is"),
        ("lista.md", "---\narm:\n  - FS\n---\nD: Hej.\n", "lista.md:2: 'arm' must have a single"),
        ("text.md", "---\ntext: x\n---\nD: Hej.\n", "text.md:2: attribute name 'text' is reserved"),
    ],
)
def test_bad_files_are_refused_with_file_line_and_reason(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        write(path, content)
    with pytest.raises(QualkitError) as error:
        read_source(path)
    assert str(error.value).startswith(str(tmp_path / message))
