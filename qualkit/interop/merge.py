"""Merge a coder's copy (another project, or an exchange file) into a project.

Transcripts are matched by the SHA-256 of their stored text, whatever their ids; a transcript
whose id is known but whose text differs was edited in one copy, and is reported with its
codings left out rather than merged blindly. Codings are kept per coder and added only when
the same coder has not coded the same passage with the same code: merging twice adds
nothing. Codes are matched by id, then GUID, then name under the same parent; differences
are reported and resolved by the rule the user chose (`target` or `source` definitions win).
Nothing in the target is ever removed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

from qualkit.codebook import Codebook
from qualkit.interop.bundle import Bundle
from qualkit.model import Code, Coding, cell_target, split_cell_target
from qualkit.project import Additions, Project

CodebookRule = Literal["target", "source"]
RULES: tuple[str, ...] = ("target", "source")
_FIELDS = ("short", "description", "include", "exclude", "keywords", "examples", "color")


@dataclass
class MergeReport:
    """What a merge did and what it found different, per source."""

    source: str
    transcripts_added: list[str] = field(default_factory=list)
    transcripts_matched: list[str] = field(default_factory=list)
    transcripts_differing: list[str] = field(default_factory=list)
    attributes_added: int = 0
    attribute_conflicts: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_matched: list[str] = field(default_factory=list)  # by GUID or name, not id
    codes_renamed: list[str] = field(default_factory=list)
    codes_changed: list[str] = field(default_factory=list)
    codings_added: dict[str, int] = field(default_factory=dict)  # per coder
    codings_present: int = 0
    codings_left_out: int = 0
    memos_added: int = 0
    memo_conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def plan(target: Project, bundle: Bundle, rule: CodebookRule = "target"):
    """The additions that bring `bundle` into `target`, and the report; nothing is written."""
    report = MergeReport(
        source=bundle.name, notes=list(bundle.notes), warnings=list(bundle.warnings)
    )
    additions = Additions()
    transcripts, left_out = _transcripts(target, bundle, additions, report)
    if not bundle.segmented and additions.transcripts:
        from qualkit.corpus.batch import segment

        additions.transcripts = segment(additions.transcripts)
    codes = _codebook(target.codebook, bundle.codebook, rule, additions, report)
    _codings(target, bundle, transcripts, left_out, codes, additions, report)
    _memos(target, bundle, transcripts, left_out, codes, additions, report)
    return additions, report


def merge(target: Project, bundle: Bundle, rule: CodebookRule = "target") -> MergeReport:
    additions, report = plan(target, bundle, rule)
    target.add(additions)
    return report


# --- transcripts ---------------------------------------------------------------------------


def _transcripts(
    target: Project, bundle: Bundle, additions: Additions, report: MergeReport
) -> tuple[dict[str, str], set[str]]:
    """{source id: target id} for transcripts present in both or added, and the ids left out."""
    known = target.fingerprints()
    by_text = {sha: tid for tid, sha in known.items()}
    attributes = target.attributes()
    mapping: dict[str, str] = {}
    left_out: set[str] = set()
    for transcript in bundle.transcripts:
        same = by_text.get(transcript.text_sha256)
        if same is not None:
            mapping[transcript.id] = same
            shown = transcript.id if same == transcript.id else f"{transcript.id} = {same}"
            report.transcripts_matched.append(shown)
            _attributes(same, attributes.get(same, {}), transcript.attributes, additions, report)
        elif transcript.id in known:
            left_out.add(transcript.id)
            report.transcripts_differing.append(transcript.id)
        else:
            mapping[transcript.id] = transcript.id
            additions.transcripts.append(transcript)
            by_text[transcript.text_sha256] = transcript.id
            report.transcripts_added.append(transcript.id)
    return mapping, left_out


def _attributes(transcript, held, incoming, additions: Additions, report: MergeReport) -> None:
    """Attributes the target lacks are added; a different value is reported, the target's kept."""
    for name, value in incoming.items():
        if name not in held:
            additions.attributes.setdefault(transcript, {})[name] = value
            report.attributes_added += 1
        elif held[name] != value:
            report.attribute_conflicts.append(
                f"{transcript}: {name} is '{held[name]}' here, '{value}' in {report.source} (kept)"
            )


# --- codebook ------------------------------------------------------------------------------


def _codebook(
    ours: Codebook, theirs: Codebook, rule: CodebookRule, additions: Additions, report: MergeReport
) -> dict[str, str]:
    """{source code id: target code id}; sets `additions.codebook` when anything changes."""
    by_guid = {c.guid.strip("{}").lower(): c.id for c in ours if c.guid}
    mapping: dict[str, str] = {}
    codes = {code.id: code for code in ours}
    order = list(codes)
    position = {code.id: number for number, code in enumerate(theirs)}
    added: list[tuple[int, str]] = []  # (place in the source, new id): kept in source order
    changed = False
    for code in sorted(theirs, key=lambda c: theirs.depth(c.id)):  # parents first
        parent = mapping.get(code.parent) if code.parent else None
        found = _match(code, parent, codes, by_guid)
        if found is None:
            new_id = _free_id(code, parent, codes)
            codes[new_id] = replace(code, id=new_id, parent=parent)
            added.append((position[code.id], new_id))
            mapping[code.id] = new_id
            report.codes_added.append(new_id)
            changed = True
            continue
        mapping[code.id] = found
        if found != code.id:
            report.codes_matched.append(f"{code.id} = {found}")
        held = codes[found]
        if rule == "source" and _differs(held, code):
            codes[found] = replace(code, id=found, parent=held.parent, guid=held.guid or code.guid)
            changed = True
        _describe_differences(held, code, found, rule, report)
    if changed:
        order += [code_id for _, code_id in sorted(added)]
        additions.codebook = Codebook(
            tuple(codes[code_id] for code_id in order),
            title=ours.title or theirs.title,
            language=ours.language if len(ours) else theirs.language,
            version=ours.version or theirs.version,
        )
    return mapping


def _match(code: Code, parent: str | None, codes: dict[str, Code], by_guid) -> str | None:
    if code.id in codes and codes[code.id].parent == parent:
        return code.id
    guid = code.guid.strip("{}").lower()
    if guid and guid in by_guid:
        return by_guid[guid]
    named = [c.id for c in codes.values() if c.name == code.name and c.parent == parent]
    return named[0] if len(named) == 1 else None


def _free_id(code: Code, parent: str | None, codes: dict[str, Code]) -> str:
    leaf = code.id.rpartition("/")[2]
    base = f"{parent}/{leaf}" if parent else leaf
    candidate, number = base, 2
    while candidate in codes:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def _differs(held: Code, code: Code) -> bool:
    return held.name != code.name or any(getattr(held, f) != getattr(code, f) for f in _FIELDS)


def _describe_differences(
    held: Code, code: Code, found: str, rule: CodebookRule, report: MergeReport
) -> None:
    kept = "kept the target's" if rule == "target" else "took the source's"
    if held.name != code.name:
        report.codes_renamed.append(f"{found}: '{held.name}' here, '{code.name}' there ({kept})")
    fields = [f for f in _FIELDS if getattr(held, f) != getattr(code, f)]
    if fields:
        report.codes_changed.append(f"{found}: {', '.join(fields)} differ ({kept})")


# --- codings and memos ---------------------------------------------------------------------


def _codings(
    target: Project,
    bundle: Bundle,
    transcripts: dict[str, str],
    left_out: set[str],
    codes: dict[str, str],
    additions: Additions,
    report: MergeReport,
) -> None:
    present = {_key(c): c for c in target.coding_list()}
    added: Counter[str] = Counter()
    for coding in bundle.codings:
        if coding.transcript in left_out:
            report.codings_left_out += 1
            continue
        mapped = replace(
            coding, transcript=transcripts[coding.transcript], code=codes[coding.code], id=None
        )
        held = present.get(_key(mapped))
        if held is None:
            additions.codings.append(mapped)
            present[_key(mapped)] = mapped
            added[mapped.coder] += 1
            continue
        report.codings_present += 1
        if mapped.memo and held.memo != mapped.memo:
            if held.memo is None and held.id is not None:
                additions.coding_memos[held.id] = mapped.memo
            elif held.memo is not None:
                report.memo_conflicts.append(
                    f"coding {mapped.transcript} {mapped.start}–{mapped.end} {mapped.code} "
                    f"({mapped.coder}): memos differ (kept the target's)"
                )
    report.codings_added = dict(sorted(added.items()))
    if left_out:
        report.warnings.append(
            f"{len(left_out)} transcript(s) differ from the target's under the same id "
            f"(edited in one copy?): {', '.join(sorted(left_out))}; their "
            f"{report.codings_left_out} coding(s) were not merged. To bring them over, re-anchor "
            "them by their text: `qualkit codings SOURCE --transcript ID > c.csv`, then "
            "`qualkit import TARGET --codings c.csv`"
        )


def _memos(
    target: Project,
    bundle: Bundle,
    transcripts: dict[str, str],
    left_out: set[str],
    codes: dict[str, str],
    additions: Additions,
    report: MergeReport,
) -> None:
    held = {(m.target_kind, m.target, m.coder): m for m in target.memos()}
    for memo in bundle.memos:
        if memo.target_kind == "transcript" and memo.target in left_out:
            continue
        about = memo.target
        if memo.target_kind == "transcript":
            about = transcripts[memo.target]
        elif memo.target_kind == "code":
            about = codes[memo.target]
        elif memo.target_kind == "cell":  # a framework-matrix cell: transcript|code
            transcript, code = split_cell_target(memo.target)
            if transcript in left_out:
                continue
            about = cell_target(transcripts[transcript], codes[code])
        mapped = replace(memo, target=about, id=None)
        key = (mapped.target_kind, mapped.target, mapped.coder)
        if key not in held:
            additions.memos.append(mapped)
            held[key] = mapped
            report.memos_added += 1
        elif held[key].text != mapped.text:
            about = f"{mapped.target_kind} {mapped.target}".strip()
            report.memo_conflicts.append(
                f"memo on {about} ({mapped.coder}): texts differ (kept the target's)"
            )


def _key(coding: Coding) -> tuple[str, int, int, str, str]:
    return coding.transcript, coding.start, coding.end, coding.code, coding.coder
