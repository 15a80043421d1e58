"""Parse REFI-QDA XML safely: no DTDs, no entities, no network; namespaces set aside.

Writers disagree on namespaces (`urn:QDA-XML:project:1.0`, `urn:QDA-XML:codebook:0:4`, none
at all), so elements are matched by local name. Errors name the element and its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualkit.errors import QualkitError

if TYPE_CHECKING:
    from lxml import etree


def parse(data: bytes, where: str) -> etree._Element:
    """The root element with namespace prefixes removed from every tag."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        line = e.lineno if e.lineno else None
        raise QualkitError(f"malformed XML: {e.msg}", where, line) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # REFI-QDA has no DTD; one here can only be there to expand or fetch entities.
        raise QualkitError("XML with a DOCTYPE (entity declarations) is refused", where)
    for element in root.iter():
        if not isinstance(element.tag, str):
            raise QualkitError("XML entity references are refused", where, element.sourceline)
        element.tag = etree.QName(element).localname
    return root


def children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if child.tag == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if c.tag == name), None)


def text_of(element: etree._Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "") if found is not None else ""


def describe(element: etree._Element) -> str:
    """`PlainTextSelection 'name'` or `CodeRef targetGUID=…`, to name an element in errors."""
    for attribute in ("name", "guid", "targetGUID"):
        value = element.get(attribute)
        if value:
            shown = f"'{value}'" if attribute == "name" else f"{attribute}={value}"
            return f"<{element.tag}> {shown}"
    return f"<{element.tag}>"


def fail(message: str, element: etree._Element, where: str) -> QualkitError:
    return QualkitError(f"{describe(element)}: {message}", where, element.sourceline)
