"""The words tables are written in: Swedish by default, English on request.

Machine-readable columns (code, name, total, p-values) keep English keys so scripts need not
care about the language; what a reader sees (captions, headers, the missing-value column) is
taken from here.
"""

from __future__ import annotations

from qualkit.errors import QualkitError

LANGUAGES = ("sv", "en")

LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "missing": "saknas",
        "total": "Totalt",
        "code": "Kod",
        "theme": "Tema",
        "name": "Namn",
        "table": "Tabell",
        "tables": "Tabeller",
        "note": "Not.",
        "respondents": "Antal intervjuade",
        "segments": "Antal kodade avsnitt",
        "words": "Antal kodade ord",
        "quote": "Citat",
        "source": "Källa",
        "transcript": "Intervju",
        "vs": "mot",
        "all_coders": "alla kodare",
        "coder": "kodare",
        "name_placeholder": "[namn]",
        "pin_placeholder": "[personnummer]",
    },
    "en": {
        "missing": "missing",
        "total": "Total",
        "code": "Code",
        "theme": "Theme",
        "name": "Name",
        "table": "Table",
        "tables": "Tables",
        "note": "Note.",
        "respondents": "Respondents",
        "segments": "Coded passages",
        "words": "Coded words",
        "quote": "Quote",
        "source": "Source",
        "transcript": "Interview",
        "vs": "vs",
        "all_coders": "all coders",
        "coder": "coder",
        "name_placeholder": "[name]",
        "pin_placeholder": "[ID number]",
    },
}

# How the study's attributes are named in a table header.
ATTRIBUTE_NAMES: dict[str, dict[str, str]] = {
    "sv": {
        "nr": "Nr",
        "arm": "Arm",
        "role": "Roll",
        "kommun": "Kommun",
        "region": "Region",
        "kön": "Kön",
        "ålder": "Ålder",
        "daglig_verksamhet": "Daglig verksamhet",
        "datum": "Datum",
        "intervjuare": "Intervjuare",
    },
    "en": {
        "nr": "No.",
        "arm": "Arm",
        "role": "Role",
        "kommun": "Municipality",
        "region": "Region",
        "kön": "Gender",
        "ålder": "Age",
        "daglig_verksamhet": "Daily activity",
        "datum": "Date",
        "intervjuare": "Interviewer",
    },
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise QualkitError(f"language '{lang}' is not one of {', '.join(LANGUAGES)}")
    return lang


def label(key: str, lang: str = "sv") -> str:
    return LABELS[check_language(lang)][key]


def attribute_label(name: str, lang: str = "sv") -> str:
    """'daglig_verksamhet' -> 'Daglig verksamhet'; unknown names read as written."""
    known = ATTRIBUTE_NAMES[check_language(lang)].get(name)
    return known or name.replace("_", " ").capitalize()
