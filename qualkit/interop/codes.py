"""Codes between REFI-QDA and qualkit: stable ASCII ids from names, GUIDs kept or made.

A REFI-QDA code is known by its GUID and shown by its name; a qualkit code is known by an id
such as `arbete/motivation`. Imported codes get ids derived from their names (folded to
ASCII, unique among siblings, nested as paths) and keep their original name and GUID, so a
later import of the same codes finds them again.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from qualkit.codebook import COLOR, Codebook
from qualkit.corpus.attributes import fold
from qualkit.model import Code

# Deterministic GUIDs for what qualkit made itself: exporting twice gives the same file.
NAMESPACE = uuid.UUID("6f1d8a52-2a57-4c39-9a0e-6b9c1f3e7d21")
MAX_SLUG = 40
# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i", "ß": "ss"}
)


_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}?$")


def guid_for(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def code_guid(code: Code) -> str:
    """The code's own GUID when it has a valid one, else one made from its id."""
    return code.guid if _GUID.match(code.guid) else guid_for("code", code.id)


@dataclass(frozen=True)
class RefiCode:
    """A <Code> as read: its children nested, as in the file."""

    guid: str
    name: str
    description: str = ""
    color: str = ""
    children: tuple[RefiCode, ...] = ()


def slug(name: str) -> str:
    """'Oltás típusa' -> 'oltas_tipusa': lower-case ASCII words joined by '_'."""
    words = re.split(r"[\W_]+", name.casefold().translate(_LETTERS))
    kept = [w for w in (fold(word).encode("ascii", "ignore").decode() for word in words) if w]
    text = ""
    for word in kept:
        if text and len(text) + 1 + len(word) > MAX_SLUG:
            break
        text = f"{text}_{word}" if text else word[:MAX_SLUG]
    return text


def color(value: str) -> str:
    """'#abc' or '#aabbcc' -> '#AABBCC'; anything else is dropped."""
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", value):
        value = "#" + "".join(ch * 2 for ch in value[1:])
    return value.upper() if COLOR.match(value) else ""


def codebook_from_refi(codes: list[RefiCode], title: str = "") -> tuple[Codebook, dict[str, str]]:
    """A qualkit codebook and the map GUID -> code id."""
    made: list[Code] = []
    ids: dict[str, str] = {}

    def visit(code: RefiCode, parent: str | None, taken: set[str]) -> None:
        leaf = slug(code.name) or f"code_{code.guid.strip('{}')[:8].lower()}"
        candidate, number = leaf, 2
        while candidate in taken:
            candidate, number = f"{leaf}_{number}", number + 1
        taken.add(candidate)
        code_id = f"{parent}/{candidate}" if parent else candidate
        ids[code.guid] = code_id
        made.append(
            Code(
                id=code_id,
                name=code.name.strip() or candidate,
                parent=parent,
                description=code.description.strip(),
                color=color(code.color),
                guid=code.guid,
            )
        )
        below: set[str] = set()
        for child in code.children:
            visit(child, code_id, below)

    top: set[str] = set()
    for code in codes:
        visit(code, None, top)
    return Codebook(tuple(made), title=title), ids


def refi_tree(codebook: Codebook) -> list[tuple[Code, str, list]]:
    """The codebook as nested (code, guid, children) for writing; GUIDs made where missing."""

    def node(code: Code) -> tuple[Code, str, list]:
        return code, code_guid(code), [node(child) for child in codebook.children(code.id)]

    return [node(code) for code in codebook.children(None)]
