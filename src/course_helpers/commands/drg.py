"""`course-helpers drg --pdx CODE [--sdx CODE...] [--proc CODE...] --age N --sex F`: group a case to an MS-DRG."""

from __future__ import annotations

import argparse

from course_helpers.install_profile import require


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `drg` verb."""
    parser = subparsers.add_parser("drg", help="group a case to an MS-DRG (pinned fiscal year) and estimate payment")
    parser.add_argument("--pdx", required=True, help="principal diagnosis, with or without the dot (I50.21)")
    parser.add_argument(
        "--sdx", nargs="+", default=[], metavar="CODE", help="secondary diagnoses; add POA after a colon (N17.9:Y)"
    )
    parser.add_argument("--proc", nargs="+", default=[], metavar="CODE", help="ICD-10-PCS procedure codes")
    parser.add_argument("--age", type=int, required=True, help="age in years (0-124)")
    parser.add_argument("--sex", required=True, help="F, M or U (unknown)")
    parser.add_argument("--discharge-status", type=int, default=1, help="CMS discharge status code (default 1, home)")
    parser.add_argument("--base-rate", type=float, default=None, help="base rate in dollars (default: illustrative)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the DRG, its title, the CC/MCC of each secondary diagnosis, weight and payment; exit 1 on bad input."""
    require("coding", "this command")  # the FY2026 code sets and grouper (a one-line error without them)
    from course_helpers.coding.codes.parse import parse_secondary, split_codes
    from course_helpers.coding.drg.grouper import DEFAULT_BASE_RATE, OR_STATUS_NOTE, group_case
    from course_helpers.coding.drg.repeats import merge_repeats

    # sex and base rate are checked by the model (group_case), as in a notebook
    secondary, repeats = merge_repeats(parse_secondary(" ".join(args.sdx)))
    result = group_case(
        args.pdx,
        secondary,
        split_codes(" ".join(args.proc)),
        age=args.age,
        sex=args.sex,
        discharge_status=args.discharge_status,
        base_rate=DEFAULT_BASE_RATE if args.base_rate is None else args.base_rate,
    )
    mdc = f"MDC {result.mdc:02d} {result.mdc_title}" if result.mdc is not None else "MDC -"
    print(f"{result.fiscal_year} MS-DRG v{result.grouper_version // 10}.{result.grouper_version % 10}")
    print(f"MS-DRG {result.drg}  {result.drg_title}")
    print(mdc)
    for d in result.secondary:
        driver = "  <- drove the DRG" if d.drove_drg else ""
        print(f"  {d.display:<9} {d.severity:<4} counts as {d.counts_as:<4}{driver}")
    for p in result.procedures:
        print(f"  {p.explanation}")
    if result.procedures:
        print(f"Note: {OR_STATUS_NOTE}")
    weight = "-" if result.weight is None else f"{result.weight:.4f}"
    gmlos = "-" if result.gmlos is None else f"{result.gmlos:.1f} days"
    print(f"Relative weight {weight}   geometric mean stay {gmlos}")
    payment = "none (ungroupable)" if result.payment is None else f"${result.payment:,.2f}"
    print(f"Payment estimate {payment} = weight x base rate ${result.base_rate:,.2f}")
    for edit in result.edits:
        print(f"Code editor: {edit.message}")
    for note in [*repeats, *result.notes]:
        print(f"Note: {note}")
    return 0
