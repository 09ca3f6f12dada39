"""`course-helpers serve`: run the JupyterHub collection service (the hub config starts it as a managed service)."""

from __future__ import annotations

import argparse
import sys

from course_helpers.classroom.hand_in_record import DEFAULT_MAX_BYTES
from course_helpers.install_profile import MissingProfileError, require


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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve until stopped; exit 1 with one line when the database cannot be used."""
    if args.max_bytes < 1:
        print("course-helpers serve: --max-bytes must be a positive number of bytes", file=sys.stderr)
        return 1
    try:
        require("hub", "this command")
    except MissingProfileError as exc:
        print(f"course-helpers serve: {exc}", file=sys.stderr)
        return 1
    # The hub stack is imported only here, so `--help` works in every profile.
    from course_helpers.classroom.service import serve
    from course_helpers.classroom.storage import StorageError, default_db_url

    try:
        serve(args.db_url or default_db_url(), args.ip, args.port, args.max_bytes)
    except StorageError as exc:
        print(f"course-helpers serve: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"course-helpers serve: cannot listen: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
