"""`course-helpers lookup WORDS|CODE [--system cm|pcs|both]`: search the code sets or look up one code."""

from __future__ import annotations

import argparse
import sys

from course_helpers.install_profile import require


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `lookup` verb."""
    parser = subparsers.add_parser(
        "lookup", help="search ICD-10-CM/PCS titles by words, or look up a code (pinned fiscal year)"
    )
    parser.add_argument("query", nargs="+", help='words ("acute systolic heart failure") or a code (I50.21)')
    parser.add_argument("--system", choices=["cm", "pcs", "both"], default="cm", help="code set (default: cm)")
    parser.add_argument("--limit", type=int, default=20, help="most results to print (default: 20)")
    parser.add_argument("--code", action="store_true", help="treat the query as one code and show its details")
    parser.set_defaults(run=run)


def _print_details(code: str, system: str) -> None:
    from course_helpers.coding.codes.lookup import lookup_code

    details = lookup_code(code, None if system == "both" else system)
    print(f"{details.display}  {details.title or ''}".rstrip())
    print(details.message)
    for term in details.inclusion_terms:
        print(f"  inclusion term: {term}")
    for child, title in details.children:
        print(f"  {child:<9} {title}")
    for note in details.notes:
        text = note.text.replace("\n", "; ")
        print(f"  {note.kind} (on {note.source}): {text}")
    for axis in details.axes:
        print(f"  {axis.position} {axis.axis:<18} {axis.value}  {axis.meaning or '-'}")


def run(args: argparse.Namespace) -> int:
    """Print matching codes (or one code's details); exit 1 with one line on bad input."""
    require("coding", "this command")  # the FY2026 code sets and grouper (a one-line error without them)
    from course_helpers.coding.codes.code_set_year import FISCAL_YEAR
    from course_helpers.coding.codes.lookup import search_codes, synonym_note

    query = " ".join(args.query).strip()
    if not query:
        print("course-helpers lookup: give words or a code, e.g. course-helpers lookup heart failure", file=sys.stderr)
        return 1
    print(f"# {FISCAL_YEAR.banner}")
    if args.code:
        _print_details(query, args.system)
        return 0
    hits = search_codes(query, args.system, max(args.limit, 1))
    note = synonym_note(query, args.system)
    if note:
        print(f"# {note}")
    if not hits:
        print(f"no {args.system.upper()} code contains every word of {query!r}: try fewer or shorter words")
        return 0
    for hit in hits:
        if hit.system == "ICD-10-CM":
            status = "billable" if hit.billable else "header"
        else:
            status = "valid" if hit.billable else "invalid"
        print(f"{hit.display:<9} {status:<8} {hit.title}")
    return 0
