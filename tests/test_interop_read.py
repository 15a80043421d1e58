"""Each writer's quirk, reproduced in a small archive: folders, names, namespaces, offsets."""

from __future__ import annotations

import pytest

from qualkit.errors import QualkitError
from qualkit.interop.offsets import Counting
from qualkit.interop.refi_read import read_codebook, read_qdpx

from .qdpx_files import ARBETE, BEMOTANDE, LYSSNA, SOURCE, USER, Qdpx, Selection, guid, span
from .qdpx_files import utf16_units as units

TEXT = "I: Hur var det?\nD: Hon lyssnar på mig. Jag fick praktik.\n"


def coded(bundle) -> list[tuple[str, str, str]]:
    texts = {t.id: t.text for t in bundle.transcripts}
    return [(c.code, c.coder, texts[c.transcript][c.start : c.end]) for c in bundle.codings]


def standard(tmp_path, **quirks) -> Qdpx:
    start, end = span(TEXT, "Hon lyssnar på mig")
    return Qdpx(TEXT.encode("utf-8"), [Selection(start, end, LYSSNA)], **quirks)


def test_a_plain_archive_gives_transcript_codes_coder_and_coding(tmp_path):
    bundle = read_qdpx(standard(tmp_path).write(tmp_path / "a.qdpx"))
    assert [t.id for t in bundle.transcripts] == ["intervju-1"]
    assert bundle.transcripts[0].text == TEXT.rstrip()
    assert [c.id for c in bundle.codebook] == ["bemotande", "bemotande/bli_lyssnad_pa", "arbete"]
    first = bundle.codebook.get("bemotande")
    assert (first.name, first.color, first.guid) == ("Bemötande", "#4E79A7", BEMOTANDE)
    assert first.description == "Hur personalen bemötte deltagaren."
    assert coded(bundle) == [("bemotande/bli_lyssnad_pa", "Maja", "Hon lyssnar på mig")]
    assert bundle.codings[0].created == "2024-05-01T10:00:00Z"
    assert bundle.codings[0].origin == "import"


@pytest.mark.parametrize(
    "quirk",
    [
        {"folder": "Sources"},  # NVivo
        {"qde_name": "Min studie.qde"},  # ATLAS.ti names the XML after the project
        {"path_attribute": f"{SOURCE}.txt"},  # qc, QualCoder: no internal:// scheme
        {"namespace": None},  # no namespace at all
        {"namespace": "urn:QDA-XML:project:0:4"},  # an older draft's namespace
    ],
    ids=["Sources-folder", "qde-not-project", "no-scheme", "no-namespace", "namespace-0.4"],
)
def test_writer_quirks_read_the_same(tmp_path, quirk):
    bundle = read_qdpx(standard(tmp_path, **quirk).write(tmp_path / "q.qdpx"))
    assert coded(bundle) == [("bemotande/bli_lyssnad_pa", "Maja", "Hon lyssnar på mig")]


RAW = "I: Hur mår du? 😀\r\nD: Hon lyssnar på mig 👍 och jag fick praktik.\r\nI: Bra.\r\n"


def test_nvivo_counts_utf16_units_over_crlf_text_after_the_bom(tmp_path):
    start, end = span(RAW, "Hon lyssnar på mig 👍 och jag")
    selection = Selection(units(RAW, start), units(RAW, end))
    archive = Qdpx(
        b"\xef\xbb\xbf" + RAW.encode("utf-8"), [selection], origin="NVivo for Windows 12.6"
    ).write(tmp_path / "nvivo.qdpx")
    bundle = read_qdpx(archive)
    assert coded(bundle)[0][2] == "Hon lyssnar på mig 👍 och jag"
    assert "\r" not in bundle.transcripts[0].text


def test_atlas_ti_counts_crlf_as_one(tmp_path):
    joined = RAW.replace("\r\n", "\n")
    start, end = span(joined, "Bra")
    archive = Qdpx(
        RAW.encode("utf-8"), [Selection(start, end, ARBETE)], origin="ATLAS.ti for Windows 23.2"
    ).write(tmp_path / "atlas.qdpx")
    assert coded(read_qdpx(archive)) == [("arbete", "Maja", "Bra")]


def test_the_standard_counts_code_points_over_the_file(tmp_path):
    start, end = span(RAW, "Bra")
    archive = Qdpx(RAW.encode("utf-8"), [Selection(start, end)], origin="QualCoder 3.5")
    assert coded(read_qdpx(archive.write(tmp_path / "qc.qdpx")))[0][2] == "Bra"


def test_the_counting_can_be_given_when_the_writer_is_unknown(tmp_path):
    start, end = span(RAW, "Bra")
    archive = Qdpx(RAW.encode("utf-8"), [Selection(units(RAW, start), units(RAW, end))])
    path = archive.write(tmp_path / "x.qdpx")
    assert coded(read_qdpx(path, Counting.utf16))[0][2] == "Bra"
    assert coded(read_qdpx(path))[0][2] != "Bra"  # read as code points it lands elsewhere


def test_decomposed_text_is_stored_composed_and_codings_follow(tmp_path):
    raw = "D: Jag ma\u030adde da\u030aligt men nu ma\u030ar jag bra.\n"
    start, end = span(raw, "ma\u030ar jag bra")
    bundle = read_qdpx(Qdpx(raw.encode(), [Selection(start, end)]).write(tmp_path / "n.qdpx"))
    assert coded(bundle)[0][2] == "mår jag bra"
    assert bundle.transcripts[0].text == "D: Jag mådde dåligt men nu mår jag bra."


def test_a_selection_of_the_last_line_with_its_line_end_stops_at_the_trimmed_text(tmp_path):
    start = RAW.index("I: Bra.")
    archive = Qdpx(RAW.encode(), [Selection(start, len(RAW))]).write(tmp_path / "e.qdpx")
    assert coded(read_qdpx(archive))[0][2] == "I: Bra."


def test_inline_text_cases_variables_and_notes(tmp_path):
    variables = (
        f'<Variables><Variable guid="{guid(50)}" name="Arm" typeOfVariable="Text"/>'
        f'<Variable guid="{guid(51)}" name="Daglig verksamhet" typeOfVariable="Boolean"/>'
        f'<Variable guid="{guid(52)}" name="Text" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="{guid(60)}" name="Deltagare 8">'
        f'<VariableValue><VariableRef targetGUID="{guid(50)}"/><TextValue>se</TextValue>'
        f"</VariableValue>"
        f'<VariableValue><VariableRef targetGUID="{guid(51)}"/><BooleanValue>false'
        f"</BooleanValue></VariableValue>"
        f'<VariableValue><VariableRef targetGUID="{guid(52)}"/><TextValue>kort</TextValue>'
        f'</VariableValue><SourceRef targetGUID="{SOURCE}"/></Case></Cases>'
    )
    notes = (
        f'<Notes><Note guid="{guid(70)}" name="Om intervjun" creatingUser="{USER}">'
        "<PlainTextContent>Lugn stämning.</PlainTextContent></Note>"
        f'<Note guid="{guid(71)}" name="Fri" creatingUser="{USER}">'
        "<PlainTextContent>Tankar om projektet.</PlainTextContent></Note></Notes>"
    )
    archive = standard(
        tmp_path,
        before_sources=variables,
        extra_xml=notes,
        source_children=f'<NoteRef targetGUID="{guid(70)}"/>',
    )
    bundle = read_qdpx(archive.write(tmp_path / "v.qdpx"))
    assert dict(bundle.transcripts[0].attributes) == {
        "case": "Deltagare 8",
        "arm": "SE",
        "daglig_verksamhet": "false",
        "variable_text": "kort",
    }
    memos = sorted((m.target_kind, m.target, m.text, m.coder) for m in bundle.memos)
    assert memos == [
        ("project", "", "Tankar om projektet.", "Maja"),
        ("transcript", "intervju-1", "Lugn stämning.", "Maja"),
    ]


def test_media_sources_are_skipped_with_a_warning(tmp_path):
    qdpx = standard(tmp_path)
    xml = qdpx.xml().replace(
        "</Sources>",
        f'<AudioSource guid="{guid(90)}" name="ljud" path="internal://a.m4a"/></Sources>',
    )
    from .qdpx_files import write_zip

    path = write_zip(
        tmp_path / "m.qdpx", {"project.qde": xml.encode(), f"sources/{SOURCE}.txt": qdpx.text}
    )
    bundle = read_qdpx(path)
    assert len(bundle.codings) == 1
    assert bundle.warnings == ["1 Audio source(s) skipped: qualkit codes text"]


def test_codebook_files_with_either_namespace(tmp_path):
    for namespace in ("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:0:4"):
        path = tmp_path / "kodbok.qdc"
        path.write_text(
            f'<?xml version="1.0"?><CodeBook xmlns="{namespace}"><Codes>'
            f'<Code guid="{BEMOTANDE}" name="Bemötande" isCodable="true" color="#abc">'
            f'<Code guid="{LYSSNA}" name="Bemötande" isCodable="true"/></Code>'
            f'<Code guid="{ARBETE}" name="Bemötande" isCodable="true"/></Codes></CodeBook>',
            encoding="utf-8",
        )
        codebook = read_codebook(path)
        assert [c.id for c in codebook] == ["bemotande", "bemotande/bemotande", "bemotande_2"]
        assert codebook.get("bemotande").color == "#AABBCC"


def test_a_name_without_latin_letters_gets_an_id_from_its_guid(tmp_path):
    path = tmp_path / "k.qdc"
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{BEMOTANDE}" '
        'name="信任" isCodable="true"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    assert [(c.id, c.name) for c in read_codebook(path)] == [("code_00000000", "信任")]


def test_a_qdc_that_is_a_project_is_refused_by_name(tmp_path):
    path = tmp_path / "k.qdc"
    path.write_text("<Something/>", encoding="utf-8")
    with pytest.raises(QualkitError, match="root element is <Something>, not <CodeBook>"):
        read_codebook(path)


def test_a_coding_of_the_whole_source_and_memos_on_codings_and_codes(tmp_path):
    notes = (
        f'<Notes><Note guid="{guid(70)}" creatingUser="{USER}"><PlainTextContent>Gränsfall.'
        f'</PlainTextContent></Note><Note guid="{guid(71)}" creatingUser="{USER}">'
        "<PlainTextContent>Om koden.</PlainTextContent></Note></Notes>"
    )
    whole = (
        f'<Coding guid="{guid(80)}" creatingUser="{USER}"><CodeRef targetGUID="{ARBETE}"/>'
        f'<NoteRef targetGUID="{guid(70)}"/></Coding>'
    )
    qdpx = standard(tmp_path, source_children=whole, extra_xml=notes)
    xml = qdpx.xml().replace(
        '<Code guid="' + ARBETE + '" name="Arbete" isCodable="true"/>',
        f'<Code guid="{ARBETE}" name="Arbete" isCodable="true"><NoteRef targetGUID="{guid(71)}"/>'
        "</Code>",
    )
    from .qdpx_files import write_zip

    bundle = read_qdpx(
        write_zip(
            tmp_path / "w.qdpx", {"project.qde": xml.encode(), f"sources/{SOURCE}.txt": qdpx.text}
        )
    )
    whole_coding = next(c for c in bundle.codings if c.code == "arbete")
    assert (whole_coding.start, whole_coding.end) == (0, len(TEXT.rstrip()))
    assert whole_coding.memo == "Gränsfall."
    assert [(m.target_kind, m.target, m.text) for m in bundle.memos] == [
        ("code", "arbete", "Om koden.")
    ]


def test_a_coder_missing_from_the_users_is_named_by_guid_with_a_warning(tmp_path):
    stranger = guid(77)
    start, end = span(TEXT, "Jag fick praktik")
    bundle = read_qdpx(
        Qdpx(TEXT.encode(), [Selection(start, end, ARBETE, stranger)]).write(tmp_path / "u.qdpx")
    )
    assert [c.coder for c in bundle.codings] == ["user-00000000"]
    assert f"names user {stranger}, who is not among the project's users" in bundle.warnings[0]


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            f'<Cases><Case guid="{guid(60)}"><SourceRef targetGUID="{guid(61)}"/></Case></Cases>',
            f"<SourceRef> targetGUID={guid(61)}: refers to no source",
        ),
        (
            f'<Cases><Case guid="{guid(60)}"><VariableValue><VariableRef targetGUID="{guid(62)}"/>'
            "<TextValue>x</TextValue></VariableValue></Case></Cases>",
            f"<VariableRef> targetGUID={guid(62)}: refers to no variable",
        ),
    ],
)
def test_dangling_case_references_are_errors(tmp_path, xml, message):
    with pytest.raises(QualkitError, match=message):
        read_qdpx(standard(tmp_path, before_sources=xml).write(tmp_path / "c.qdpx"))


def test_sources_in_utf16_are_read_and_binary_ones_refused(tmp_path):
    start, end = span(TEXT, "Jag fick praktik")
    for encoded in (TEXT.encode("utf-16"), TEXT.encode("utf-16-le")):
        archive = Qdpx(encoded, [Selection(start, end, ARBETE)]).write(tmp_path / "u16.qdpx")
        assert coded(read_qdpx(archive))[0][2] == "Jag fick praktik"
    binary = Qdpx(b"\x00\x01\x02\x03" * 50, []).write(tmp_path / "bin.qdpx")
    with pytest.raises(QualkitError, match="binary file, not text"):
        read_qdpx(binary)


def test_a_selection_splitting_an_emoji_takes_the_whole_emoji(tmp_path):
    start, end = span(RAW, "😀")
    selection = Selection(units(RAW, start) + 1, units(RAW, end) + 0)  # from its second half
    archive = Qdpx(RAW.encode(), [selection], origin="NVivo 14").write(tmp_path / "s.qdpx")
    assert coded(read_qdpx(archive))[0][2] == "😀"
