"""ICD-10-CM for the pinned year: word search over titles and inclusion terms, look-up with notes.

Search reads the tabular XML shipped by simple_icd_10_cm directly (0.3 s); look-up of notes uses
simple_icd_10_cm itself, imported lazily because its import takes about 1.5 s.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from course_helpers.coding.cm_codes import CmStatus, _code_list, cm_status, example_child
from course_helpers.coding.fiscal_year import FISCAL_YEAR, cm_data_dir
from course_helpers.coding.index_cache import cached_index
from course_helpers.coding.normalize import check_cm_format, format_cm
from course_helpers.coding.search_index import IndexEntry, WordIndex


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


@cache
def cm_entries() -> tuple[IndexEntry, ...]:
    """Every ICD-10-CM code with its title and inclusion terms, 7th-character codes included."""
    codes, _ = _code_list()
    path = next(cm_data_dir().glob(f"icd10c*-tabular-{FISCAL_YEAR.cm_file_tag}.xml"))
    root = ET.parse(path).getroot()
    entries: list[IndexEntry] = []

    def walk(node: ET.Element, seven: dict[str, str]) -> None:
        name = node.findtext("name", "").replace(".", "")
        title = node.findtext("desc", "")
        own = node.find("sevenChrDef")
        if own is not None:
            seven = {e.get("char", ""): (e.text or "").strip() for e in own.findall("extension")}
        inclusion = tuple(n.text or "" for n in node.findall("inclusionTerm/note"))
        if name in codes:
            entries.append(IndexEntry(name, title, inclusion))
        children = node.findall("diag")
        for child in children:
            walk(child, seven)
        if not children and seven:
            # 7th-character codes are not in the XML: pad with X placeholders to six characters
            stem = name.ljust(6, "X")
            for char, meaning in seven.items():
                code = stem + char
                if code in codes:
                    entries.append(IndexEntry(code, f"{title}, {meaning}"))

    for chapter in root.findall("chapter"):
        for section in chapter.findall("section"):
            for diag in section.findall("diag"):
                walk(diag, {})
    return tuple(entries)


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


@cache
def _cm() -> ModuleType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


_NOTE_KINDS = (
    ("Excludes1", "get_excludes1"),
    ("Excludes2", "get_excludes2"),
    ("Includes", "get_includes"),
)
_TEXT_KINDS = (
    ("Code first", "get_code_first"),
    ("Use additional code", "get_use_additional_code"),
    ("Code also", "get_code_also"),
    ("Note", "get_notes"),
)


def cm_notes(code: str) -> tuple[CodeNote, ...]:
    """Instructional notes that apply to a code: its own and those written on its ancestors."""
    cm = _cm()
    norm = check_cm_format(code)
    if not cm.is_valid_item(norm):
        return ()
    notes: list[CodeNote] = []
    seven_done = False
    for source in [norm, *cm.get_ancestors(norm)]:
        shown = source if "-" in source or source.isdigit() else format_cm(source)
        if source.isdigit():
            shown = f"chapter {source}"
        for kind, func in _NOTE_KINDS:
            notes.extend(CodeNote(kind, text, shown) for text in getattr(cm, func)(source))
        for kind, func in _TEXT_KINDS:
            text = getattr(cm, func)(source)
            if text:
                notes.append(CodeNote(kind, text, shown))
        if not seven_done and "-" not in source and not source.isdigit():
            note = cm.get_seven_chr_note(source)
            definitions = cm.get_seven_chr_def(source)
            if note or definitions:
                seven_done = True  # the nearest 7th-character rule is the one that applies
                if note:
                    notes.append(CodeNote("7th character", note, shown))
                for char, meaning in definitions.items():
                    notes.append(CodeNote("7th character", f"{char}: {meaning}", shown))
    return tuple(notes)


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
