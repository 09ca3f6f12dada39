"""ICD-10-CM for the pinned year: word search over titles and inclusion terms, look-up with notes.

Both read the tabular XML shipped by simple_icd_10_cm directly (about 0.5 s, once). Importing
simple_icd_10_cm itself would cost 1.5 s and about 190 MB of memory in the lab kernel, so it is used only
by the tests, as an independent check of the notes and codes read here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course_helpers.coding.codes.cm_status import CmStatus, _code_list, cm_status, example_child
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR, cm_data_dir
from course_helpers.coding.codes.index_cache import cached_index
from course_helpers.coding.codes.normalize import check_cm_format, format_cm
from course_helpers.coding.codes.search_index import IndexEntry, WordIndex, paused_gc


@dataclass(frozen=True)
class CodeNote:
    """One instructional note: its kind (Excludes1 ...), its text, and the code it is written on."""

    kind: str
    text: str
    source: str  # the code (or block) the note belongs to, dotted; notes are inherited from ancestors


@dataclass(frozen=True)
class CodeDetails:
    """Everything the look-up shows about one code in the pinned year."""

    system: str  # "ICD-10-CM" or "ICD-10-PCS"
    code: str  # dotless
    display: str  # dotted for ICD-10-CM
    title: str | None
    valid: bool  # exists in the pinned year (a header is valid but not billable)
    billable: bool  # can be reported as it is
    message: str  # one line saying what the code is, or what to fix
    fiscal_year: str
    notes: tuple[CodeNote, ...] = ()
    inclusion_terms: tuple[str, ...] = ()
    children: tuple[tuple[str, str], ...] = ()  # (dotted code, title) for headers
    axes: tuple = ()  # ICD-10-PCS only: the seven characters explained


# ---------------------------------------------------------------- search


# XML tag -> the name a coder knows the note by
_NOTE_TAGS = {
    "excludes1": "Excludes1",
    "excludes2": "Excludes2",
    "includes": "Includes",
    "codeFirst": "Code first",
    "useAdditionalCode": "Use additional code",
    "codeAlso": "Code also",
    "notes": "Note",
}


@dataclass(frozen=True)
class _Tabular:
    """What the look-up needs from the tabular list, for every chapter, block and code."""

    entries: tuple[IndexEntry, ...]
    parents: dict[str, str]  # "I5021" -> "I502", "I50" -> "block I30-I5A", "block I30-I5A" -> "chapter 9"
    notes: dict[str, tuple[tuple[str, str], ...]]  # item -> ((kind, text), ...) written on that item
    seven: dict[str, tuple[str, tuple[tuple[str, str], ...]]]  # item -> (7th-character note, (char, meaning)...)


def _seven_chars(definition: ET.Element | None) -> tuple[tuple[str, str], ...]:
    """(char, meaning) pairs; a <note> after an extension adds a term to it ('2: stable; also ...')."""
    chars: list[list[str]] = []
    for child in definition if definition is not None else []:
        text = " ".join((child.text or "").split())
        if child.tag == "extension":
            chars.append([child.get("char", ""), text])
        elif child.tag == "note" and chars and text:
            chars[-1][1] += f"; also {text}"
    return tuple((c, m) for c, m in chars)


@cache
def _tabular() -> _Tabular:
    codes, _ = _code_list()
    path = next(cm_data_dir().glob(f"icd10c*-tabular-{FISCAL_YEAR.cm_file_tag}.xml"))
    with paused_gc():
        return _read_tabular(path, codes)


def _read_tabular(path: Path, codes: frozenset[str]) -> _Tabular:
    root = ET.parse(path).getroot()
    entries: list[IndexEntry] = []
    parents: dict[str, str] = {}
    notes: dict[str, tuple[tuple[str, str], ...]] = {}
    seven: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}

    def remember(item: str, node: ET.Element, parent: str) -> tuple[list[ET.Element], str, tuple[str, ...]]:
        """Record the item's parent, notes and 7th-character rule; return its (diag children, title, terms)."""
        parents[item] = parent
        own: list[tuple[str, str]] = []
        diags: list[ET.Element] = []
        title, inclusion, definition, seven_note = "", (), None, ""
        for child in node:  # one pass over the children: far faster than a findall per note kind
            tag = child.tag
            if tag == "diag":
                diags.append(child)
            elif tag == "desc":
                title = child.text or ""
            elif tag in _NOTE_TAGS:
                own.extend((_NOTE_TAGS[tag], (n.text or "").strip()) for n in child.iter("note"))
            elif tag == "inclusionTerm":
                inclusion = tuple((n.text or "").strip() for n in child.iter("note"))
            elif tag == "sevenChrDef":
                definition = child
            elif tag == "sevenChrNote":
                seven_note = " ".join(child.findtext("note", "").split())
        if own:
            notes[item] = tuple(own)
        if definition is not None or seven_note:
            seven[item] = (seven_note, _seven_chars(definition))
        return diags, title, inclusion

    def walk(node: ET.Element, parent: str, chars: tuple[tuple[str, str], ...]) -> None:
        name = node.findtext("name", "").replace(".", "")
        children, title, inclusion = remember(name, node, parent)
        if name in seven and seven[name][1]:
            chars = seven[name][1]
        if name in codes:
            entries.append(IndexEntry(name, title, inclusion))
        for child in children:
            walk(child, name, chars)
        if not children and chars:
            # 7th-character codes are not in the XML: pad with X placeholders to six characters
            stem = name.ljust(6, "X")
            for char, meaning in chars:
                if stem + char in codes:
                    entries.append(IndexEntry(stem + char, f"{title}, {meaning}"))
                    parents[stem + char] = name

    for chapter in root.findall("chapter"):
        number = chapter.findtext("name", "")
        remember(f"chapter {number}", chapter, "")
        for section in chapter.findall("section"):
            # a block can share its name with its only category (block B10 holds category B10)
            block = f"block {section.get('id', '')}"
            remember(block, section, f"chapter {number}")
            for diag in section.findall("diag"):
                walk(diag, block, ())
    return _Tabular(tuple(entries), parents, notes, seven)


def cm_entries() -> tuple[IndexEntry, ...]:
    """Every ICD-10-CM code with its title and inclusion terms, 7th-character codes included."""
    return _tabular().entries


@cache
def cm_index() -> WordIndex:
    """The word index over every ICD-10-CM title (built on first use, then kept in the user cache)."""
    return cached_index("cm", lambda: WordIndex(cm_entries()))


@cache
def _entry_by_code() -> dict[str, IndexEntry]:
    return {e.code: e for e in cm_index().entries}  # the index may come from the cache: no XML parse


def cm_title(code: str) -> str | None:
    """The title of an ICD-10-CM code (dot optional), or None if it is not a code in the pinned year."""
    entry = _entry_by_code().get(check_cm_format(code))
    return entry.title if entry else None


# ---------------------------------------------------------------- look-up


def _label(item: str) -> str:
    return item if item.startswith(("chapter ", "block ")) else format_cm(item)


def cm_notes(code: str) -> tuple[CodeNote, ...]:
    """Instructional notes that apply to a code: its own and those written on its blocks and ancestors.

    The 7th-character rule shown is the nearest one up the tree (the one that applies to this code).
    """
    tab = _tabular()
    item = check_cm_format(code)
    if item not in tab.parents:
        return ()
    out: list[CodeNote] = []
    seven_done = False
    seen: set[str] = set()
    while item and item not in seen:  # the tree has no cycles; the guard keeps a data error from hanging
        seen.add(item)
        shown = _label(item)
        out.extend(CodeNote(kind, text, shown) for kind, text in tab.notes.get(item, ()))
        if not seven_done and item in tab.seven:
            seven_done = True
            note, chars = tab.seven[item]
            if note:
                out.append(CodeNote("7th character", note, shown))
            out.extend(CodeNote("7th character", f"{char}: {meaning}", shown) for char, meaning in chars)
        item = tab.parents.get(item, "")
    return tuple(out)


def lookup_cm(code: str, with_notes: bool = True) -> CodeDetails:
    """Look up an ICD-10-CM code (dot optional): valid? billable? title, notes, children of a header."""
    norm = check_cm_format(code)
    status = cm_status(norm)
    shown = format_cm(norm)
    label = FISCAL_YEAR.label
    if status is CmStatus.UNKNOWN:
        parent = next(
            (norm[:n] for n in range(len(norm) - 1, 2, -1) if cm_status(norm[:n]) is not CmStatus.UNKNOWN), None
        )
        hint = f"; the nearest real code is {format_cm(parent)}" if parent else ""
        return CodeDetails(
            "ICD-10-CM", norm, shown, None, False, False, f"{shown} is not an ICD-10-CM code in {label}{hint}", label
        )
    entries = _entry_by_code()
    title = entries[norm].title if norm in entries else None
    notes = cm_notes(norm) if with_notes else ()
    inclusion = entries[norm].extra if norm in entries else ()
    if status is CmStatus.HEADER:
        kids = tuple((format_cm(c), entries[c].title if c in entries else "") for c in sorted(_children(norm)))
        message = (
            f"{shown} is a header in {label}, not billable: add characters (e.g. {format_cm(example_child(norm))})"
        )
        return CodeDetails("ICD-10-CM", norm, shown, title, True, False, message, label, notes, inclusion, kids)
    return CodeDetails(
        "ICD-10-CM",
        norm,
        shown,
        title,
        True,
        True,
        f"{shown} is a valid, billable ICD-10-CM code in {label}",
        label,
        notes,
        inclusion,
    )


def _children(code: str) -> list[str]:
    """Direct children of a header: the shortest longer codes that start with it."""
    codes, _ = _code_list()
    under = [c for c in codes if c.startswith(code) and c != code]
    return [c for c in under if not any(c.startswith(o) and c != o for o in under)]
