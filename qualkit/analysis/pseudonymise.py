"""Take what identifies a person out of a quote: names from a list and Swedish personal
identity numbers.

A personal identity number (personnummer) is a date of birth and four digits: YYMMDD-NNNN,
YYYYMMDD-NNNN, with `-`, `+` (over a hundred years old), a space or nothing between. A
coordination number (samordningsnummer) adds 60 to the day. Any such number whose date part
is a possible date is replaced, whether or not its check digit is right: a mistyped number
still points at a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from qualkit.analysis.labels import label
from qualkit.errors import QualkitError

_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"  # 61–91: samordningsnummer
IDENTITY_NUMBER = re.compile(
    rf"(?<![\d-])(?:(?:19|20)\d{{2}}|\d{{2}}){_MONTH}{_DAY}[-+ ]?\d{{4}}(?![\d-])"
)


def pseudonymiser(names: Iterable[str] = (), lang: str = "sv") -> Callable[[str], str]:
    """A function that replaces the listed names and every identity number in a text.

    Names match as whole words, as written (so 'Per' does not hit 'person'), with a Swedish
    genitive -s kept after the placeholder: 'Jonas' → '[namn]', 'Annas' → '[namn]s'."""
    wanted = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    name_mark, number_mark = label("name_placeholder", lang), label("pin_placeholder", lang)
    pattern = None
    if wanted:
        alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in wanted)
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?P<genitive>s?)(?!\w)")

    def replace(text: str) -> str:
        text = IDENTITY_NUMBER.sub(number_mark, text)
        if pattern is not None:
            text = pattern.sub(lambda m: name_mark + m.group("genitive"), text)
        return text

    return replace


def read_names(path: str | Path) -> list[str]:
    """Names one per line (blank lines and lines starting with # are skipped)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise QualkitError("no such file", str(path)) from None
    except UnicodeDecodeError:
        raise QualkitError("not UTF-8 text", str(path)) from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
