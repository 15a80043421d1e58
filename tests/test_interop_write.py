"""Writing .qdpx and .qdc: valid against the official schemas, and a lossless round trip."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from qualkit.codebook import check_codebook
from qualkit.demo import build_demo
from qualkit.interop.exchange import export_qdc, export_qdpx, import_qdpx
from qualkit.project import Project

from .qdpx_files import SCHEMAS

needs_schemas = pytest.mark.skipif(
    not SCHEMAS.is_dir(), reason=f"the REFI-QDA schemas are not at {SCHEMAS}"
)


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def qde(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo project with a memo on each kind of target."""
    path = tmp_path_factory.mktemp("demo") / "demo.qualkit"
    with build_demo(path) as project:
        project.set_memo("project", "", "Preliminära teman efter sex intervjuer.", "anna")
        project.set_memo("transcript", "se-d-08", "Tydligt om SIUS-stödet.", "erik")
        project.set_memo("code", "bemotande", "Skilj från delaktighet.", "anna")
        first = project.coding_list(coder="anna")[0]
        project.set_memo("coding", str(first.id), "Gränsfall.", "anna")
        project.set_memo("cell", "se-d-08|arbete", "Vill baka, praktik på café.", "anna")
    return path


def snapshot(path: Path) -> dict:
    with Project.open(path) as project:
        transcripts = [project.transcript(t) for t in project.transcript_ids()]
        return {
            "transcripts": [
                (
                    t.id,
                    t.text,
                    dict(t.attributes),
                    t.source_name,
                    t.source_sha256,
                    t.encoding,
                    t.words,
                    t.turns,
                    t.sentences,
                )
                for t in transcripts
            ],
            "codebook": (project.codebook.codes, project.codebook.title, project.codebook.version),
            "codings": sorted(
                (c.transcript, c.start, c.end, c.code, c.coder, c.created, c.origin, c.memo)
                for c in project.coding_list()
            ),
            "memos": sorted(
                (m.target_kind, m.target, m.text, m.coder, m.created, m.updated)
                for m in project.memos()
            ),
        }


@needs_schemas
def test_the_qdpx_validates_against_the_official_schema(demo, tmp_path):
    out = tmp_path / "demo.qdpx"
    with Project.open(demo) as project:
        export_qdpx(project, out)
    document = qde(out)
    checker = schema("Project.xsd")
    assert checker.validate(document), checker.error_log
    names = {etree.QName(e).localname for e in document.iter()}
    assert {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes"} <= names
    assert {"PlainTextSelection", "Coding", "CodeRef", "VariableValue", "NoteRef"} <= names
    assert "Sets" not in names


@needs_schemas
def test_the_archive_holds_utf8_sources_named_by_internal_paths(demo, tmp_path):
    out = tmp_path / "demo.qdpx"
    with Project.open(demo) as project:
        export_qdpx(project, out)
        texts = {project.text(t) for t in project.transcript_ids()}
    document = qde(out)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    paths = [s.get("plainTextPath") for s in document.iterfind(".//q:TextSource", ns)]
    assert all(p.startswith("internal://") for p in paths) and len(paths) == 19
    with zipfile.ZipFile(out) as archive:
        stored = {archive.read("sources/" + p.removeprefix("internal://")).decode() for p in paths}
    assert stored == texts


@needs_schemas
def test_a_project_without_memos_or_attributes_leaves_those_containers_out(tmp_path, project):
    out = tmp_path / "mini.qdpx"
    export_qdpx(project, out)
    document = qde(out)
    assert schema("Project.xsd").validate(document)
    names = {etree.QName(e).localname for e in document.iter()}
    assert not names & {"Notes", "Sets", "Users", "Coding"}


@needs_schemas
def test_the_qdc_validates_against_the_codebook_schema(demo, tmp_path):
    out = tmp_path / "kodbok.qdc"
    with Project.open(demo) as project:
        export_qdc(project, out)
    document = etree.parse(str(out))
    checker = schema("Codebook.xsd")
    assert checker.validate(document), checker.error_log
    codes = document.getroot().iter("{urn:QDA-XML:codebook:1.0}Code")
    assert sum(1 for _ in codes) == 21
    assert "Sets" not in {etree.QName(e).localname for e in document.iter()}


def test_round_trip_gives_back_the_same_project(demo, tmp_path):
    out = tmp_path / "demo.qdpx"
    with Project.open(demo) as project:
        export_qdpx(project, out)
    report, created = import_qdpx(out, tmp_path / "back.qualkit")
    assert created
    assert snapshot(tmp_path / "back.qualkit") == snapshot(demo)


def test_exporting_twice_writes_the_same_project_xml(demo, tmp_path):
    with Project.open(demo) as project:
        export_qdpx(project, tmp_path / "a.qdpx")
        export_qdpx(project, tmp_path / "b.qdpx")
    assert etree.tostring(qde(tmp_path / "a.qdpx")) == etree.tostring(qde(tmp_path / "b.qdpx"))


def test_a_failed_export_leaves_the_previous_file_and_no_temporary_one(project, tmp_path):
    out = tmp_path / "ut.qdc"
    out.write_text("tidigare", encoding="utf-8")
    with Project.create(tmp_path / "tom.qualkit") as empty:
        with pytest.raises(Exception, match="no codebook to export"):
            export_qdc(empty, out)
    assert out.read_text(encoding="utf-8") == "tidigare"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cli_export_import_and_codebook_import(demo, tmp_path, cli):
    archive, codebook = tmp_path / "demo.qdpx", tmp_path / "kodbok.qdc"
    result = cli("export", "qdpx", demo, archive)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {archive}: 19 transcript(s), 21 codes, 996 coding(s) by 2 coder(s), 4 memo(s)\n"
    )
    assert cli("export", "qdc", demo, codebook).stdout == f"wrote {codebook}: 21 codes\n"
    result = cli("import-qdpx", archive, tmp_path / "igen.qualkit")
    assert result.exit_code == 0, result.output
    with Project.open(demo) as project:
        by_coder = ", ".join(f"{coder} {n}" for coder, n in project.coders().items())
    assert f"  codings      996 added ({by_coder}), 0 already there, 0 left out\n" in result.stdout
    assert result.stdout.startswith(f"created {tmp_path / 'igen.qualkit'} from {archive}:\n")
    yaml_file = tmp_path / "kodbok.yaml"
    result = cli("codebook", "import", codebook, "-o", yaml_file)
    assert result.exit_code == 0 and result.stderr == f"21 codes from {codebook} -> {yaml_file}\n"
    checked = check_codebook(yaml_file)
    assert checked.errors == ()
    assert [c.name for c in checked.codebook] == [c.name for c in Project.open(demo).codebook]


def test_codebook_import_prints_yaml_that_check_accepts(tmp_path, cli):
    qdc = tmp_path / "k.qdc"
    qdc.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code '
        'guid="00000000-0000-4000-8000-000000000010" name="Väntan på beslut" '
        'isCodable="true"><Description>Om att vänta.</Description></Code></Codes></CodeBook>',
        encoding="utf-8",
    )
    result = cli("codebook", "import", qdc)
    assert result.exit_code == 0
    assert "- id: vantan_pa_beslut\n  name: Väntan på beslut\n" in result.stdout
    yaml_file = tmp_path / "k.yaml"
    yaml_file.write_text(result.stdout, encoding="utf-8")
    assert cli("codebook", "check", yaml_file).exit_code == 0


def test_cli_import_qdpx_json_and_offsets(tmp_path, cli):
    from .qdpx_files import Qdpx, Selection, utf16_units

    raw = "D: Jag 😀 fick praktik.\r\n"
    start, end = raw.index("fick"), raw.index("fick") + len("fick praktik")
    archive = Qdpx(raw.encode(), [Selection(utf16_units(raw, start), utf16_units(raw, end))])
    path = archive.write(tmp_path / "okand.qdpx")
    result = cli("import-qdpx", path, tmp_path / "p.qualkit", "--offsets", "utf16", "-f", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["created"] is True
    assert document["codings_added"] == {"Maja": 1}
    assert document["notes"][0].startswith("positions read as UTF-16 units")
    with Project.open(tmp_path / "p.qualkit") as project:
        assert list(project.codings()["text"]) == ["fick praktik"]


def test_cli_import_qdpx_of_a_missing_or_non_zip_file(tmp_path, cli):
    result = cli("import-qdpx", tmp_path / "saknas.qdpx", tmp_path / "p.qualkit")
    assert result.exit_code == 2 and result.stderr.endswith("saknas.qdpx: no such file\n")
    text = tmp_path / "text.qdpx"
    text.write_text("hej", encoding="utf-8")
    result = cli("import-qdpx", text, tmp_path / "p.qualkit")
    assert result.exit_code == 2 and "not a .qdpx archive (a zip file)" in result.stderr
    assert not (tmp_path / "p.qualkit").exists()
