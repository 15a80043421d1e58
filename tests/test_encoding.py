"""Transcript bytes in every encoding transcribers produce; å ä ö must survive."""

import codecs

import pytest

from qualkit.corpus.encoding import decode
from qualkit.errors import QualkitError

SWEDISH = "D: Jag mår bättre nu, på ärligt. Åsa sa det också.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        (SWEDISH.encode("utf-8"), "utf-8", ""),
        (codecs.BOM_UTF8 + SWEDISH.encode("utf-8"), "utf-8-sig", ""),
        (SWEDISH.encode("utf-16"), "utf-16", "converted from UTF-16"),
        (codecs.BOM_UTF16_BE + SWEDISH.encode("utf-16-be"), "utf-16", "converted from UTF-16"),
        (SWEDISH.encode("cp1252"), "windows-1252", "converted from Windows-1252"),
        (SWEDISH.encode("latin-1"), "windows-1252", "converted from Windows-1252"),
    ],
)
def test_swedish_letters_survive_every_encoding(data, encoding, note):
    decoded = decode(data, "x.txt")
    assert decoded.text.lstrip("\ufeff") == SWEDISH
    assert decoded.encoding == encoding
    assert decoded.note == note


def test_utf16_without_bom_is_recognised_and_reported():
    decoded = decode(SWEDISH.encode("utf-16-le"), "x.txt")
    assert decoded.text == SWEDISH
    assert "no byte-order mark" in decoded.note


def test_double_encoded_utf8_is_repaired_and_reported():
    mangled = SWEDISH.encode("utf-8").decode("cp1252").encode("utf-8")
    decoded = decode(mangled, "x.txt")
    assert decoded.text == SWEDISH
    assert "double-encoded" in decoded.note


def test_binary_data_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    with pytest.raises(QualkitError, match="x.png: binary file, not text"):
        decode(png, "x.png")


def test_bytes_that_are_neither_utf8_nor_windows_1252_name_their_line():
    data = "rad ett\nrad två\n".encode("cp1252") + b"tre \x81\n"
    with pytest.raises(QualkitError) as error:
        decode(data, "x.txt")
    assert str(error.value).startswith("x.txt:3: unknown text encoding: byte 0x81")
