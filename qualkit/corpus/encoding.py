"""Decode transcript bytes without mangling å, ä and ö.

Transcribers' files arrive as UTF-8 (with or without BOM), UTF-16 (Word's "Unicode text"),
or Windows-1252 from older Windows tools. We decide by evidence and say what we did.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from qualkit.errors import QualkitError

# Bytes that Windows-1252 leaves undefined: their presence means it is not Windows-1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Double-encoded UTF-8 read as Windows-1252: "Ã¥" for "å", "Ã¤" for "ä", "Ã¶" for "ö".
_MOJIBAKE = ("Ã¥", "Ã¤", "Ã¶", "Ã…", "Ã„", "Ã–", "Ã©")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what the file was: "utf-8", "utf-8-sig", "utf-16", "windows-1252"
    note: str = ""  # said to the user when the file needed conversion or repair


def decode(data: bytes, where: str) -> Decoded:
    """Decode a text file's bytes, or raise a QualkitError naming the file and line."""
    if data.startswith(codecs.BOM_UTF8):
        return _repair_mojibake(_strict(data[3:], "utf-8", where), "utf-8-sig", where)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, "utf-16", where)
        _refuse_binary(text, where)
        return Decoded(text, "utf-16", "converted from UTF-16")
    if b"\x00" in data:
        return _decode_utf16_without_bom(data, where)
    try:
        return _repair_mojibake(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError:
        pass
    bad = next((i for i, b in enumerate(data) if b in _CP1252_UNDEFINED), None)
    if bad is not None:
        raise QualkitError(
            f"unknown text encoding: byte 0x{data[bad]:02x} is neither UTF-8 nor Windows-1252; "
            "save the file as UTF-8",
            where,
            data.count(b"\n", 0, bad) + 1,
        )
    text = data.decode("cp1252")
    _refuse_binary(text, where)
    return Decoded(text, "windows-1252", "converted from Windows-1252")


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        if encoding.startswith("utf-16"):
            line = data.count("\n".encode("utf-16-le"), 0, e.start) + 1
        raise QualkitError(f"not valid {encoding.upper()}: {e.reason}", where, line) from None


def _decode_utf16_without_bom(data: bytes, where: str) -> Decoded:
    """Text saved as UTF-16 without a byte-order mark has a NUL beside every ASCII byte."""
    even, odd = data[0::2], data[1::2]
    if len(data) % 2 == 0 and odd.count(0) > 0.3 * len(odd) and even.count(0) == 0:
        text = _strict(data, "utf-16-le", where)
    elif len(data) % 2 == 0 and even.count(0) > 0.3 * len(even) and odd.count(0) == 0:
        text = _strict(data, "utf-16-be", where)
    else:
        raise QualkitError("binary file, not text", where)
    _refuse_binary(text, where)
    return Decoded(text, "utf-16", "converted from UTF-16 (no byte-order mark)")


def _refuse_binary(text: str, where: str) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in sample or controls > max(2, len(sample) // 1000):
        raise QualkitError("binary file, not text", where)


def _repair_mojibake(text: str, encoding: str, where: str) -> Decoded:
    """UTF-8 that was once read as Windows-1252 and saved again: undo it, and say so."""
    _refuse_binary(text, where)
    if not any(marker in text for marker in _MOJIBAKE):
        return Decoded(text, encoding)
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return Decoded(text, encoding, "contains 'Ã¤'-like sequences (double-encoded UTF-8?)")
    return Decoded(repaired, encoding, "repaired double-encoded UTF-8 (Ã¤ → ä)")
