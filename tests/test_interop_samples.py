"""The real exports in ../shared/interop/samples import with exact counts and exact text."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from qualkit.interop.exchange import import_qdpx
from qualkit.interop.refi_read import read_codebook
from qualkit.project import Project

from .qdpx_files import SAMPLES

NVIVO = SAMPLES / "nvivo-win-12.6-oltas0517.qdpx"
QC = SAMPLES / "qc-1.3.2-demo.qdpx"
ATLAS = SAMPLES / "atlasti-win-23.2-target.qdpx"

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"the REFI-QDA samples are not at {SAMPLES}"
)


def imported(sample: Path, tmp_path: Path) -> Project:
    report, created = import_qdpx(sample, tmp_path / "import.qualkit")
    assert created
    return Project.open(tmp_path / "import.qualkit")


def selections(sample: Path) -> list[tuple[str, int, int]]:
    """(source file, start, end) of every coding, read straight from the XML."""
    with zipfile.ZipFile(sample) as archive:
        xml = archive.read("project.qde").decode("utf-8")
    found = []
    for source in re.finditer(r"<TextSource .*?</TextSource>", xml, re.S):
        path = re.search(r'plainTextPath="(?:internal://)?([^"]+)"', source.group()).group(1)
        for selection in re.finditer(
            r"<PlainTextSelection .*?</PlainTextSelection>", source.group(), re.S
        ):
            start = int(re.search(r'startPosition="(\d+)"', selection.group()).group(1))
            end = int(re.search(r'endPosition="(\d+)"', selection.group()).group(1))
            found += [(path, start, end)] * selection.group().count("<Coding ")
    return found


def test_nvivo_sample_has_152_codes_and_303_codings_by_one_coder(tmp_path):
    with imported(NVIVO, tmp_path) as project:
        assert len(project.codebook) == 152
        assert project.coders() == {"Gergo": 303}
        assert len(project.transcript_ids()) == 2
        assert max(project.codebook.depth(c.id) for c in project.codebook) == 3  # 4 levels


def test_nvivo_codings_cover_the_text_nvivo_coded(tmp_path):
    """NVivo counts UTF-16 units over the raw file (CRLF = 2, an emoji = 2, BOM not counted);
    each stored coding must hold exactly that text, with line ends as \\n."""
    with zipfile.ZipFile(NVIVO) as archive:
        raw = {
            name.rpartition("/")[2]: archive.read(name).decode("utf-8-sig").encode("utf-16-le")
            for name in archive.namelist()
            if name.endswith(".txt")
        }
    expected = sorted(
        unicodedata.normalize(
            "NFC", raw[path][2 * start : 2 * end].decode("utf-16-le").replace("\r\n", "\n")
        )
        for path, start, end in selections(NVIVO)
    )
    with imported(NVIVO, tmp_path) as project:
        frame = project.codings()
    assert sorted(frame["text"]) == expected
    assert any(ord(ch) > 0xFFFF for text in frame["text"] for ch in text)  # emoji did occur


def test_nvivo_keeps_code_names_and_guids_with_ascii_ids(tmp_path):
    with imported(NVIVO, tmp_path) as project:
        codes = {c.guid: c for c in project.codebook}
    code = codes["7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f"]
    assert (code.id, code.name) == ("1_oltas_tipusa/covid", "COVID")
    assert codes["5067d381-1dc9-4816-81dd-ae1dbfea2ad7"].description == "COVID vay nem COVID"
    assert all(c.id.isascii() for c in codes.values())
    assert len({c.id for c in codes.values()}) == 152


def test_qc_demo_has_262_codes_and_205_codings(tmp_path):
    with imported(QC, tmp_path) as project:
        assert len(project.codebook) == 262
        assert project.coders() == {"cp": 205}
        assert project.transcript_ids() == ["board_2017", "admin-1"]
        texts = {t: project.text(t) for t in project.transcript_ids()}
        frame = project.codings()
    with zipfile.ZipFile(QC) as archive:
        raw = {n.rpartition("/")[2]: archive.read(n).decode("utf-8") for n in archive.namelist()}
    expected = sorted(raw[path][start:end] for path, start, end in selections(QC))
    assert sorted(frame["text"]) == expected
    assert texts["board_2017"] == raw["board_2017.txt"].rstrip()


def test_qc_codes_with_the_same_name_under_different_parents_get_distinct_ids(tmp_path):
    with imported(QC, tmp_path) as project:
        programming = [c.id for c in project.codebook if c.name == "programming"]
    assert len(programming) == 2 and len(set(programming)) == 2


def test_atlas_ti_sample_is_a_codebook_of_three_codes(tmp_path):
    with imported(ATLAS, tmp_path) as project:
        assert [(c.id, c.name) for c in project.codebook] == [
            ("commits", "Commits"),
            ("commits/2022_05_10t02_05_59z_19e4dce", "2022-05-10T02:05:59Z 19e4dce"),
            ("commits/2022_02_11t10_39_25z_cdbfd92", "2022-02-11T10:39:25Z cdbfd92"),
        ]
        assert project.transcript_ids() == []
        assert project.coders() == {}
    assert len(read_codebook(ATLAS)) == 3


def test_importing_a_sample_twice_adds_nothing(tmp_path):
    import_qdpx(QC, tmp_path / "p.qualkit")
    report, created = import_qdpx(QC, tmp_path / "p.qualkit")
    assert not created
    assert (report.transcripts_added, report.codes_added, report.codings_added) == ([], [], {})
    assert report.codings_present == 205
