"""Load and validate a codebook (YAML) into a Codebook tree.

Every problem names its line so a researcher can fix the file in an editor; `check_codebook`
collects all problems at once rather than stopping at the first.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from qualkit.errors import QualkitError
from qualkit.model import Code
from qualkit.nlp.lang.sv.fillers import FILLERS
from qualkit.nlp.lang.sv.stop_words import NEGATIONS, STOP_WORDS
from qualkit.nlp.text import fold

CODE_ID = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# A keyword word: letters, digits, hyphens and apostrophes; a `*` may end it.
KEYWORD_WORD = re.compile(r"^[^\W_](?:[\w'’-]*[^\W_])?\*?$")
MIN_PREFIX = 3
MAX_KEYWORD_WORDS = 5
MAX_SHORT = 5

TOP_FIELDS = {"title", "language", "version", "description", "codes"}
TEXT_FIELDS = ("name", "short", "description", "include", "exclude", "color", "parent", "guid")
LIST_FIELDS = ("keywords", "examples")
CODE_FIELDS = {"id", *TEXT_FIELDS, *LIST_FIELDS}


@dataclass(frozen=True)
class Codebook:
    """Codes in file order; parents are known by id. Look-ups go through the index."""

    codes: tuple[Code, ...]
    title: str = ""
    language: str = "sv"
    version: str = ""
    _index: dict[str, Code] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({code.id: code for code in self.codes})

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._index

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def get(self, code_id: str) -> Code:
        try:
            return self._index[code_id]
        except KeyError:
            hint = difflib.get_close_matches(code_id, self._index, n=1)
            also = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise QualkitError(f"no code '{code_id}' in the codebook{also}") from None

    def children(self, code_id: str | None) -> list[Code]:
        return [code for code in self.codes if code.parent == code_id]

    def ancestors(self, code_id: str) -> list[str]:
        """Parent, grandparent, … of a code (a coding counts for all of them in rollups)."""
        found: list[str] = []
        parent = self.get(code_id).parent
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self._index[parent].parent
        return found

    def descendants(self, code_id: str) -> list[str]:
        found = []
        for child in self.children(code_id):
            found += [child.id, *self.descendants(child.id)]
        return found

    def depth(self, code_id: str) -> int:
        return len(self.ancestors(code_id))


@dataclass(frozen=True)
class CheckResult:
    codebook: Codebook | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def load_codebook(path: str | Path) -> Codebook:
    """Load a codebook or raise a QualkitError listing every problem with its line."""
    result = check_codebook(path)
    if result.errors:
        raise QualkitError("\n".join(result.errors))
    assert result.codebook is not None
    return result.codebook


def codebook_yaml(codebook: Codebook) -> str:
    """The codebook as a YAML file that `load_codebook` reads back to the same codes."""
    top: dict[str, object] = {}
    for name in ("title", "language", "version"):
        if getattr(codebook, name):
            top[name] = getattr(codebook, name)
    top["codes"] = [_code_fields(code) for code in codebook.codes]
    return yaml.safe_dump(top, allow_unicode=True, sort_keys=False, width=100)


def _code_fields(code: Code) -> dict[str, object]:
    fields: dict[str, object] = {"id": code.id}
    if code.parent and code.parent != (code.id.rpartition("/")[0] or None):
        fields["parent"] = code.parent
    for name in ("name", "short", "color", "guid", "description", "include", "exclude"):
        if getattr(code, name):
            fields[name] = getattr(code, name)
    for name in LIST_FIELDS:
        if getattr(code, name):
            fields[name] = list(getattr(code, name))
    return fields


def check_codebook(path: str | Path) -> CheckResult:
    path = Path(path)
    where = str(path)
    if not path.is_file():
        return CheckResult(None, (f"{where}: no such file",), ())
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        line = path.read_bytes().count(b"\n", 0, e.start) + 1
        return CheckResult(None, (f"{where}:{line}: not UTF-8 text",), ())
    return check_codebook_text(text, where)


def check_codebook_text(text: str, where: str = "<codebook>") -> CheckResult:
    checker = _Checker(where)
    codebook = checker.run(unicodedata.normalize("NFC", text))
    return CheckResult(
        None if checker.errors else codebook, tuple(checker.errors), tuple(checker.warnings)
    )


class _Checker:
    """Walks the YAML node tree, so every value still knows its line."""

    def __init__(self, where: str):
        self.where = where
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, node: yaml.Node, message: str) -> None:
        self.errors.append(f"{self.where}:{node.start_mark.line + 1}: {message}")

    def warn(self, node: yaml.Node, message: str) -> None:
        self.warnings.append(f"{self.where}:{node.start_mark.line + 1}: warning: {message}")

    def run(self, text: str) -> Codebook | None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            reason = getattr(e, "problem", None) or str(e)
            self.errors.append(f"{self.where}{line}: not valid YAML: {reason}")
            return None
        if not isinstance(root, yaml.MappingNode):
            self.errors.append(f"{self.where}:1: a codebook is a mapping with a 'codes:' list")
            return None
        top = self.mapping(root, TOP_FIELDS)
        codes_node = top.get("codes")
        if not isinstance(codes_node, yaml.SequenceNode) or not codes_node.value:
            self.error(codes_node or root, "'codes:' must be a non-empty list of codes")
            return None
        entries = [self.code(node) for node in codes_node.value]
        codes = [(code, node) for code, node in entries if code is not None]
        self.check_tree(codes)
        return Codebook(
            tuple(code for code, _ in codes),
            title=self.scalar(top.get("title")),
            language=self.scalar(top.get("language")) or "sv",
            version=self.scalar(top.get("version")),
        )

    def mapping(self, node: yaml.MappingNode, allowed: set[str]) -> dict[str, yaml.Node]:
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in fields:
                self.error(key_node, f"'{key}' is given twice")
            elif key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                also = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.error(key_node, f"unknown field '{key}'{also}")
            fields[key] = value_node
        return fields

    def scalar(self, node: yaml.Node | None) -> str:
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "expected a single value, not a list or mapping")
            return ""
        return str(node.value).strip()

    def strings(self, node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, "expected a list")
            return []
        return [(self.scalar(item), item) for item in node.value]

    def code(self, node: yaml.Node) -> tuple[Code | None, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "each code is a mapping with at least 'id' and 'name'")
            return None, node
        fields = self.mapping(node, CODE_FIELDS)
        before = len(self.errors)
        code_id = self.code_id(fields.get("id"), node)
        text = {name: self.scalar(fields.get(name)) for name in TEXT_FIELDS}
        if not text["name"]:
            self.error(fields.get("name", node), f"code '{code_id}' has no name")
        if text["color"] and not COLOR.match(text["color"]):
            self.error(fields["color"], f"colour '{text['color']}' is not of the form #RRGGBB")
        if len(text["short"]) > MAX_SHORT:
            self.error(fields["short"], f"short label '{text['short']}' is longer than {MAX_SHORT}")
        keywords = self.keywords(fields.get("keywords"))
        examples = tuple(value for value, _ in self.strings(fields.get("examples")))
        if len(self.errors) > before:
            return None, node
        return Code(
            id=code_id,
            name=text["name"],
            parent=text["parent"] or (code_id.rpartition("/")[0] or None),
            short=text["short"],
            description=text["description"],
            include=text["include"],
            exclude=text["exclude"],
            keywords=keywords,
            examples=examples,
            color=text["color"].upper(),
            guid=text["guid"],
        ), node

    def code_id(self, node: yaml.Node | None, code_node: yaml.Node) -> str:
        if node is None:
            self.error(code_node, "code without an 'id'")
            return ""
        code_id = self.scalar(node)
        if not CODE_ID.match(code_id):
            self.error(
                node,
                f"malformed id '{code_id}': use lower-case ASCII letters, digits and '_', "
                "with '/' between levels (e.g. arbete/motivation)",
            )
        return code_id

    def keywords(self, node: yaml.Node | None) -> tuple[str, ...]:
        seen: set[str] = set()
        kept: list[str] = []
        for keyword, item in self.strings(node):
            problem = keyword_problem(keyword)
            if problem:
                self.error(item, problem)
                continue
            key = " ".join(keyword.casefold().removeprefix("~").split())  # '~kassan' is 'kassan'
            if key in seen:
                self.error(item, f"keyword '{keyword}' is listed twice")
                continue
            seen.add(key)
            broad = broad_keyword(keyword)
            if broad:
                self.warn(item, broad)
            kept.append(keyword)
        return tuple(kept)

    def check_tree(self, codes: list[tuple[Code, yaml.Node]]) -> None:
        nodes = {}
        for code, node in codes:
            if code.id in nodes:
                first = nodes[code.id].start_mark.line + 1
                self.error(node, f"duplicate id '{code.id}' (first on line {first})")
            nodes.setdefault(code.id, node)
        parents = {code.id: code.parent for code, _ in codes}
        for code, node in codes:
            implied = code.id.rpartition("/")[0] or None
            if code.parent != implied and implied is not None:
                self.error(node, f"parent '{code.parent}' contradicts the id path '{code.id}'")
            elif code.parent is not None and code.parent not in parents:
                self.error(node, f"unknown parent '{code.parent}' of '{code.id}'")
            elif _in_cycle(code.id, parents):
                self.error(node, f"code '{code.id}' is its own ancestor (a cycle of parents)")


def _in_cycle(code_id: str, parents: dict[str, str | None]) -> bool:
    seen = {code_id}
    parent = parents.get(code_id)
    while parent is not None:
        if parent in seen:
            return True
        seen.add(parent)
        parent = parents.get(parent)
    return False


def keyword_parts(keyword: str) -> tuple[bool, list[list[str]]]:
    """A keyword as (weak, sides), each side a list of alternative phrases.

    'bry sig om' -> (False, [['bry sig om']]); a leading '~' marks a weak keyword, which
    supports a code without deciding it alone: '~kassan' -> (True, [['kassan']]); '+'
    joins sides that must all occur in the passage and '|' separates alternatives:
    'rädd att|orolig* + pengar*' -> (False, [['rädd att', 'orolig*'], ['pengar*']]).
    """
    text = keyword.strip()
    weak = text.startswith("~")
    sides = [
        [" ".join(alternative.split()) for alternative in side.split("|")]
        for side in text.removeprefix("~").split("+")
    ]
    return weak, sides


def keyword_phrases(keyword: str) -> list[str]:
    """Every phrase of a keyword, whatever side it is on (see `keyword_parts`)."""
    return [phrase for side in keyword_parts(keyword)[1] for phrase in side]


def keyword_problem(keyword: str) -> str | None:
    """Why a keyword pattern is invalid, or None when it is fine."""
    if not keyword.strip():
        return "empty keyword"
    for phrase in keyword_phrases(keyword):
        problem = _phrase_problem(keyword, phrase)
        if problem:
            return problem
    return None


def _phrase_problem(keyword: str, phrase: str) -> str | None:
    words = phrase.split()
    if not words:
        return (
            f"keyword '{keyword}' has an empty part: write '~word' for a weak keyword, "
            "'a|b + c' for words that must occur together"
        )
    if len(words) > MAX_KEYWORD_WORDS:
        return f"keyword '{keyword}' has more than {MAX_KEYWORD_WORDS} words"
    for word in words:
        if not KEYWORD_WORD.match(word):
            return (
                f"invalid keyword pattern '{keyword}': words are letters, digits, '-' or "
                "an apostrophe, and '*' may only end a word"
            )
        if word.endswith("*") and sum(ch.isalpha() for ch in word) < MIN_PREFIX:
            return f"keyword '{keyword}': '{word}' needs a prefix of at least {MIN_PREFIX} letters"
    return None


def broad_keyword(keyword: str) -> str | None:
    """A warning when a keyword would match nearly every passage, or never match.

    Suggestions also match text typed without å ä ö, so a keyword is compared with the
    common words in folded form too: 'for' would match every 'för'. Each alternative of a
    co-occurrence is checked on its own, since one common side would let the other decide.
    """
    for phrase in keyword_phrases(keyword):
        warning = _broad_phrase(phrase)
        if warning:
            return warning if phrase == keyword else f"{warning} (in '{keyword}')"
    return None


def _broad_phrase(keyword: str) -> str | None:
    words = keyword.casefold().split()
    if all(word.rstrip("*") in FILLERS for word in words):
        return f"keyword '{keyword}' is a filler word, which suggestions skip: it never matches"
    if all(word in _COMMON or word in FILLERS for word in words):
        return f"keyword '{keyword}' is a common word and will match nearly everything"
    if len(words) == 1 and not words[0].endswith("*") and fold(words[0]) in _COMMON_FOLDED:
        hits = sorted(_COMMON_FOLDED[fold(words[0])])
        return (
            f"keyword '{keyword}' reads as the common word '{hits[0]}' without å ä ö "
            "and will match nearly everything typed that way"
        )
    prefixes = [w[:-1] for w in words if w.endswith("*")]
    for prefix in prefixes:
        hits = sorted(
            {
                w
                for key, found in _COMMON_FOLDED.items()
                if key.startswith(fold(prefix))
                for w in found
            }
        )
        if hits:
            return f"keyword '{keyword}' also matches common words ({', '.join(hits[:3])})"
    return None


_COMMON = STOP_WORDS | NEGATIONS
_COMMON_FOLDED: dict[str, set[str]] = {}
for _word in _COMMON | FILLERS:
    _COMMON_FOLDED.setdefault(fold(_word), set()).add(_word)
