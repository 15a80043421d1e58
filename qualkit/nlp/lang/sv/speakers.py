"""Speaker labels that begin a turn in Swedish interview transcripts.

A label is a short tag or a name at the start of a line, followed by a colon and a space
("I: ", "IP: ", "Maria: ", "Case manager: "), optionally after a timestamp ("[00:12:03] I: ").
Ordinary sentences contain colons too ("Hon sa: ..."), so only all-caps tags, single
capitalised names and known role titles count.
"""

import re

# Labels used for the interviewer; every other label is a respondent.
INTERVIEWER_LABELS = frozenset(
    {"i", "int", "intervjuare", "intervjuaren", "interviewer", "f", "fråga", "moderator"}
)

# Role titles of more than one word (or with a hyphen) that transcribers use as labels.
ROLE_LABELS = (
    "case manager",
    "personlig handläggare",
    "sius-konsulent",
    "arbetsförmedlare",
    "handläggare",
    "deltagare",
    "respondent",
)

# Capitalised words that open ordinary sentences and may be followed by a colon.
NOT_LABELS = frozenset(
    {
        "alltså",
        "asså",
        "exempel",
        "men",
        "och",
        "så",
        "sen",
        "då",
        "ja",
        "nej",
        "jo",
        "typ",
        "det",
        "jag",
        "hon",
        "han",
        "vi",
        "de",
        "dom",
        "obs",
        "notera",
        "citat",
        "till",
        "från",
        "ämne",
        "datum",
        "tid",
        "plats",
    }
)

_TIMESTAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?[ \t]+)?"
_ROLES = "|".join(re.escape(r) for r in sorted(ROLE_LABELS, key=len, reverse=True))

SPEAKER_LABEL = re.compile(
    rf"""^[ \t]*{_TIMESTAMP}
    (?P<label>
        (?i:{_ROLES})                       # Case manager, SIUS-konsulent
      | [A-ZÅÄÖÉ]{{1,6}}[0-9]{{0,2}}          # I, D, IP, R, AF, SIUS, IP2
      | [A-ZÅÄÖÉ][a-zåäöéüø]+(?:-[A-ZÅÄÖÉ][a-zåäöéüø]+)?   # Maria, Anna-Karin, Intervjuare
    )
    [ \t]*:(?:[ \t]+|$)""",
    re.VERBOSE | re.MULTILINE,
)


def match_label(line: str) -> re.Match[str] | None:
    """The speaker label that opens `line`, if it has one."""
    m = SPEAKER_LABEL.match(line)
    if m is None or m.group("label").casefold() in NOT_LABELS:
        return None
    return m


def is_interviewer(label: str | None) -> bool:
    return label is not None and label.casefold() in INTERVIEWER_LABELS
