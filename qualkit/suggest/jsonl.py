"""The scripting contract (DESIGN.md): JSON lines `{"id": …, "text": …}` in, one line
`{"id": …, "suggestions": [{"code", "score", "matched", "spans"}, …]}` out per input."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from qualkit.errors import QualkitError
from qualkit.suggest.engine import Suggester

WHERE = "stdin"


@dataclass(frozen=True)
class Request:
    line: int
    id: Any
    text: str


def read_requests(lines: Iterable[str]) -> Iterator[Request | QualkitError]:
    """Each non-blank line as a Request, or the error that names its line."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield _request(number, line)
        except QualkitError as e:
            yield e


def _request(number: int, line: str) -> Request:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as e:
        raise QualkitError(f"not valid JSON: {e.msg} (column {e.colno})", WHERE, number) from None
    except RecursionError:
        raise QualkitError("not valid JSON: nested too deeply", WHERE, number) from None
    if not isinstance(item, dict):
        raise QualkitError('expected an object {"id": …, "text": …}', WHERE, number)
    ident = item.get("id")
    if not isinstance(ident, str | int | float) or isinstance(ident, bool):
        raise QualkitError('"id" must be a string or a number', WHERE, number)
    if not isinstance(item.get("text"), str):
        raise QualkitError('"text" must be a string', WHERE, number)
    return Request(number, item["id"], item["text"])


def answer(suggester: Suggester, request: Request, top: int) -> str:
    """The output line for one request, suggestions best first."""
    found = suggester.suggest_text(request.text, top)
    return json.dumps(
        {
            "id": request.id,
            "suggestions": [
                {
                    "code": s.code,
                    "score": round(s.score, 3),
                    "matched": list(s.matched),
                    "spans": [list(span) for span in s.spans],
                }
                for s in found
            ],
        },
        ensure_ascii=False,
    )
