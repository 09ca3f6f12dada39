"""`course-helpers serve`: run the JupyterHub collection service (the hub config starts it as a managed service)."""

from __future__ import annotations

import argparse

from course_helpers.classroom.hand_in_record import DEFAULT_MAX_BYTES, DEFAULT_QUOTA_BYTES, DEFAULT_RATE
from course_helpers.errors import CourseInputError
from course_helpers.install_profile import require


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `serve` verb."""
    parser = subparsers.add_parser("serve", help="run the JupyterHub service that receives hand-ins")
    parser.add_argument(
        "--db-url",
        metavar="URL",
        help="SQLAlchemy database URL (default: sqlite file course_submissions.sqlite in the working folder; "
        "postgresql+psycopg://user:pass@host/db for several replicas)",
    )
    parser.add_argument("--ip", help="address to listen on (default: from $JUPYTERHUB_SERVICE_URL, else 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: from $JUPYTERHUB_SERVICE_URL, else 10101)")
    parser.add_argument(
        "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help=f"largest submission (default {DEFAULT_MAX_BYTES:,})"
    )
    parser.add_argument(
        "--rate-per-minute", type=int, default=DEFAULT_RATE, metavar="N",
        help=f"hand-ins one learner may make in a minute (default {DEFAULT_RATE}; more get 429)",
    )
    parser.add_argument(
        "--quota-bytes", type=int, default=DEFAULT_QUOTA_BYTES, metavar="BYTES",
        help=f"room one learner's versions may take in all (default {DEFAULT_QUOTA_BYTES:,}; past it 413; "
        "free room with `course-helpers submissions prune`)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until stopped; exit 1 with one line when the database cannot be used."""
    if args.max_bytes < 1:
        raise CourseInputError("--max-bytes must be a positive number of bytes")
    if args.rate_per_minute < 1 or args.quota_bytes < args.max_bytes:
        raise CourseInputError("--rate-per-minute must be at least 1, and --quota-bytes at least --max-bytes")
    require("hub", "this command")
    # The hub stack is imported only here, so `--help` works in every profile.
    from course_helpers.classroom.service import serve
    from course_helpers.classroom.storage import default_db_url

    try:
        serve(
            args.db_url or default_db_url(), args.ip, args.port, args.max_bytes,
            rate_per_minute=args.rate_per_minute, quota_bytes=args.quota_bytes,
        )
    except OSError as exc:
        raise CourseInputError(f"cannot listen: {exc.strerror or exc}") from None
    return 0
