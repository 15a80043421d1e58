"""An archive is input from elsewhere: hostile or broken ones are refused, and a failed import
changes nothing."""

from __future__ import annotations

import pytest

from qualkit.errors import QualkitError
from qualkit.interop import archive as archive_module
from qualkit.interop.exchange import import_qdpx
from qualkit.interop.refi_read import read_qdpx

from .qdpx_files import LYSSNA, SOURCE, Qdpx, Selection, guid, write_zip

TEXT = "D: Hon lyssnar på mig.\n"


def good() -> Qdpx:
    return Qdpx(TEXT.encode(), [Selection(3, 21, LYSSNA)])


def with_xml(tmp_path, xml: str, name: str = "bad.qdpx"):
    return write_zip(
        tmp_path / name, {"project.qde": xml.encode(), f"sources/{SOURCE}.txt": TEXT.encode()}
    )


@pytest.mark.parametrize("entry", ["../evil.txt", "sources/../../evil.txt", "/etc/evil", "C:/evil"])
def test_entries_escaping_the_folder_are_refused(tmp_path, entry):
    qdpx = good()
    path = write_zip(
        tmp_path / "slip.qdpx",
        {"project.qde": qdpx.xml().encode(), f"sources/{SOURCE}.txt": qdpx.text, entry: b"x"},
    )
    with pytest.raises(QualkitError, match="would escape the archive's folder; refused"):
        read_qdpx(path)


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("internal://../../etc/passwd", "would escape the archive's folder"),
        ("absolute:///etc/passwd", "outside the archive"),
        ("relative://notes.txt", "outside the archive"),
    ],
)
def test_source_paths_never_leave_the_archive(tmp_path, reference, message):
    xml = good().xml().replace(f"internal://{SOURCE}.txt", reference)
    with pytest.raises(QualkitError, match=message):
        read_qdpx(with_xml(tmp_path, xml))


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_READ_BYTES", 2**20)
    qdpx = good()
    path = write_zip(
        tmp_path / "bomb.qdpx",
        {"project.qde": qdpx.xml().encode(), f"sources/{SOURCE}.txt": b"a" * (3 * 2**20)},
    )
    assert path.stat().st_size < 50_000
    with pytest.raises(QualkitError, match="expand to more than 1 MB; refused"):
        read_qdpx(path)


def test_archives_declaring_too_much_or_too_many_entries_are_refused(tmp_path, monkeypatch):
    qdpx = good()
    path = qdpx.write(tmp_path / "ok.qdpx")
    monkeypatch.setattr(archive_module, "MAX_ENTRIES", 1)
    with pytest.raises(QualkitError, match="more than 1 entries; refused"):
        read_qdpx(path)
    monkeypatch.setattr(archive_module, "MAX_ENTRIES", 10)
    monkeypatch.setattr(archive_module, "MAX_DECLARED_BYTES", 100)
    with pytest.raises(QualkitError, match="would expand to more than"):
        read_qdpx(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol4;"/>"""


def test_entity_expansion_is_refused(tmp_path):
    with pytest.raises(QualkitError, match="DOCTYPE"):
        read_qdpx(with_xml(tmp_path, BILLION_LAUGHS))


def test_external_entities_are_refused_and_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hemligt", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Description>&x;</Description>'
        "</Project>"
    )
    with pytest.raises(QualkitError) as caught:
        read_qdpx(with_xml(tmp_path, xml))
    assert "DOCTYPE" in str(caught.value) and "hemligt" not in str(caught.value)


def test_malformed_xml_names_the_line(tmp_path):
    xml = good().xml().replace("</Users>", "</Userz>")
    with pytest.raises(QualkitError, match=r"bad.qdpx:project.qde:3: malformed XML"):
        read_qdpx(with_xml(tmp_path, xml))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            (f'<CodeRef targetGUID="{LYSSNA}"/>', f'<CodeRef targetGUID="{guid(999)}"/>'),
            f"<CodeRef> targetGUID={guid(999)}: refers to no code in the codebook",
        ),
        (
            ('startPosition="3" endPosition="21"', 'startPosition="3" endPosition="999"'),
            "positions 3–999 are outside its text (0–23)",
        ),
        (
            ('endPosition="21"', 'endPosition="tjugo"'),
            "startPosition and endPosition must be whole numbers",
        ),
        (
            ("</TextSource>", f'<NoteRef targetGUID="{guid(998)}"/></TextSource>'),
            f"<NoteRef> targetGUID={guid(998)}: refers to no note",
        ),
        (
            (f'<CodeRef targetGUID="{LYSSNA}"/>', ""),
            "a coding without a CodeRef",
        ),
    ],
    ids=[
        "dangling-CodeRef",
        "selection-outside-text",
        "position-not-a-number",
        "dangling-NoteRef",
        "no-CodeRef",
    ],
)
def test_broken_references_name_the_element_and_line(tmp_path, change, message):
    xml = good().xml().replace(*change)
    with pytest.raises(QualkitError) as caught:
        read_qdpx(with_xml(tmp_path, xml))
    assert message in str(caught.value)
    assert "bad.qdpx:project.qde:" in str(caught.value)


def test_a_failed_import_into_a_new_project_leaves_no_file(tmp_path):
    xml = good().xml().replace('endPosition="21"', 'endPosition="999"')
    target = tmp_path / "ny.qualkit"
    with pytest.raises(QualkitError):
        import_qdpx(with_xml(tmp_path, xml), target)
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.qdpx"]


def test_a_failed_import_into_a_project_changes_nothing(tmp_path, project, monkeypatch):
    before = (project.info(), project.codebook.codes, project.coding_list())
    path = good().write(tmp_path / "ok.qdpx")
    from qualkit.project import Project

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Project, "_write_codebook", broken)  # fails after transcripts went in
    with pytest.raises(RuntimeError, match="disk full"):
        import_qdpx(path, project.path)
    monkeypatch.undo()
    with Project.open(project.path) as reopened:
        assert (reopened.info(), reopened.codebook.codes, reopened.coding_list()) == before


def test_the_cli_says_one_line_and_exits_2(tmp_path, cli):
    xml = (
        good()
        .xml()
        .replace(f'<CodeRef targetGUID="{LYSSNA}"/>', f'<CodeRef targetGUID="{guid(999)}"/>')
    )
    result = cli("import-qdpx", with_xml(tmp_path, xml), tmp_path / "ny.qualkit")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "refers to no code" in result.stderr
    assert not (tmp_path / "ny.qualkit").exists()


def test_an_entry_never_inflates_past_what_it_declares(tmp_path):
    """The declared sizes are what the bounds check, so reading may not exceed them."""
    qdpx = good()
    path = qdpx.write(tmp_path / "lie.qdpx")
    data = bytearray(path.read_bytes())
    name = f"sources/{SOURCE}.txt".encode()
    size = len(qdpx.text).to_bytes(4, "little")
    patched = 0
    for header, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(header)
        while at != -1:
            if data[at + name_at : at + name_at + len(name)] == name:
                assert data[at + offset : at + offset + 4] == size
                data[at + offset : at + offset + 4] = (5).to_bytes(4, "little")
                patched += 1
            at = data.find(header, at + 4)
    assert patched == 2
    path.write_bytes(bytes(data))
    with pytest.raises(QualkitError, match="damaged archive entry: Bad CRC-32"):
        read_qdpx(path)
