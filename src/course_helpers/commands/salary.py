"""`course-helpers salary`: print a salary estimate and its factor-by-factor breakdown."""

from __future__ import annotations

import argparse

from course_helpers.salary.estimate import Profile, estimate
from course_helpers.salary.pay_data import load_salary
from course_helpers.salary.report import format_estimate


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
    parser.add_argument("--region", default=None, help=f"one of {', '.join(o.key for o in data.options['region'])}")
    parser.add_argument("--shift", default="day", help=f"one of {', '.join(o.key for o in data.options['shift'])}")
    parser.add_argument("--hospital", default="community", help="community or teaching")
    parser.add_argument("--specialty", default="general", help="general or complex")
    parser.add_argument("--remote", action="store_true", help="works remotely")
    parser.add_argument("--bonus", action="store_true", help="has a productivity bonus")
    parser.set_defaults(run=run)


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
    est = estimate(profile)
    print(format_estimate(est))
    return 0
