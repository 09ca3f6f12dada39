"""`course-helpers salary`: print a salary estimate and its factor-by-factor breakdown."""

from __future__ import annotations

import argparse
import sys

from course_helpers.salary.data import load_bls, load_salary
from course_helpers.salary.errors import SalaryInputError
from course_helpers.salary.model import Estimate, Profile, estimate


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `salary` verb."""
    data = load_salary()
    parser = subparsers.add_parser(
        "salary",
        help="estimate a salary and show each factor's contribution",
        description="Estimate an inpatient coder's salary from the guide's (unverified) bands and factors.",
    )
    parser.add_argument("--level", default="entry", help=f"one of {', '.join(lv.key for lv in data.levels)}")
    parser.add_argument("--years", type=float, default=0, help="years of coding experience (0-50)")
    parser.add_argument("--certified", action="store_true", help="holds the CCS or RHIT")
    parser.add_argument("--metro", action="store_true", help="metropolitan / high cost-of-living area")
    parser.add_argument(
        "--region", default=None, help=f"one of {', '.join(o.key for o in data.options['region'])}"
    )
    parser.add_argument(
        "--shift", default="day", help=f"one of {', '.join(o.key for o in data.options['shift'])}"
    )
    parser.add_argument("--hospital", default="community", help="community or teaching")
    parser.add_argument("--specialty", default="general", help="general or complex")
    parser.add_argument("--remote", action="store_true", help="works remotely")
    parser.add_argument("--bonus", action="store_true", help="has a productivity bonus")
    parser.set_defaults(run=run)


def format_estimate(est: Estimate) -> str:
    """Return the estimate and its breakdown as a plain-text table."""
    header = ("Factor", "How", "Low", "Typical", "High", "Verdict")
    rows = [
        (c.label, c.detail, f"{c.low:+,}", f"{c.typical:+,}", f"{c.high:+,}", c.verdict)
        for c in est.breakdown
    ]
    rows[0] = (
        *rows[0][:2],
        f"{est.breakdown[0].low:,}",
        f"{est.breakdown[0].typical:,}",
        f"{est.breakdown[0].high:,}",
        rows[0][5],
    )
    rows.append(("Estimate", "", f"{est.low:,}", f"{est.typical:,}", f"{est.high:,}", ""))
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    align = ["<", "<", ">", ">", ">", "<"]
    lines = []
    for n, row in enumerate([header, *rows]):
        lines.append(
            "  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True)).rstrip()
        )
        if n == 0 or n == len(rows) - 1:
            lines.append("  ".join("-" * w for w in widths))
    summary = f"Estimated salary: ${est.typical:,} (range ${est.low:,} to ${est.high:,}) a year."
    bls = load_bls()
    note = (
        "The guide's bands and factors are unverified (see fact-check D); "
        f"BLS median for {bls.occupation}: ${bls.percentiles.get('median').value:,.0f} (May 2023), "
        f"${bls.median_may_2024.value:,.0f} (May 2024)."
    )
    return "\n".join([summary, "", *lines, "", note])


def run(args: argparse.Namespace) -> int:
    """Print the estimate; a bad input prints one line naming the field and exits with status 2."""
    region = args.region or ("metro" if args.metro else "national")
    profile = Profile(
        level=args.level,
        years=args.years,
        certified=args.certified,
        region=region,
        hospital=args.hospital,
        specialty=args.specialty,
        shift=args.shift,
        remote=args.remote,
        bonus=args.bonus,
    )
    try:
        est = estimate(profile)
    except SalaryInputError as error:
        print(f"course-helpers salary: {error}", file=sys.stderr)
        return 2
    print(format_estimate(est))
    return 0
