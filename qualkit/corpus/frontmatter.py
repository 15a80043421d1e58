"""YAML front matter: the case attributes written at the top of a transcript."""

from __future__ import annotations

import yaml

from qualkit.errors import QualkitError

_FENCE = "---"


def split_front_matter(text: str, where: str) -> tuple[dict[str, tuple[str, int]], str, int]:
    """Split `---` fenced YAML from the body.

    Returns the attributes as {key: (value, line)}, the body, and the number of lines
    before the body (to report body positions as file lines).
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return {}, text, 0
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() in (_FENCE, "..."))
    except StopIteration:
        raise QualkitError("front matter opened with '---' is never closed", where, 1) from None
    attributes = _parse("\n".join(lines[1:close]), where)
    return attributes, "\n".join(lines[close + 1 :]), close + 1


def _parse(block: str, where: str) -> dict[str, tuple[str, int]]:
    # BaseLoader keeps every scalar as written: "2025-03-12" stays a date string and
    # "nej" does not become False.
    try:
        node = yaml.compose(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        reason = getattr(e, "problem", None) or str(e)
        raise QualkitError(f"front matter is not valid YAML: {reason}", where, line) from None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise QualkitError("front matter must be 'key: value' lines", where, 2)
    attributes: dict[str, tuple[str, int]] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(value_node, yaml.ScalarNode):
            raise QualkitError(f"'{key_node.value}' must have a single value", where, line)
        if key_node.value in attributes:
            raise QualkitError(f"'{key_node.value}' is given twice", where, line)
        attributes[key_node.value] = (value_node.value, line)
    return attributes
