"""`course-helpers submissions list|download --service URL`: an instructor lists and saves learners' hand-ins;
`submissions prune --db-url URL --keep N` deletes all but each learner's newest N versions (retention).

The token comes from `JUPYTERHUB_API_TOKEN` (a terminal on the hub) or `--token-file FILE` (a token made on
the hub's token page, with the course's review scope).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from course_helpers.classroom.hand_in_files import download, receipts, receipts_table, resolve_token
from course_helpers.display.safe_text import terminal_text


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `submissions` verb with its `list` and `download` actions."""
    parser = subparsers.add_parser("submissions", help="list or download hand-ins from the course's hub service")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--service",
        required=True,
        metavar="URL",
        help="the service's URL, e.g. https://HUB/services/course-submissions/",
    )
    common.add_argument(
        "--token-file", type=Path, metavar="FILE", help="read the hub token from FILE (default: $JUPYTERHUB_API_TOKEN)"
    )
    common.add_argument("--user", metavar="NAME", help="only this hub user's hand-ins")
    listing = actions.add_parser("list", parents=[common], help="one line per hand-in (every version)")
    listing.add_argument("--latest", action="store_true", help="only each learner's newest version")
    listing.add_argument("--json", action="store_true", help="print the receipts as JSON")
    fetch = actions.add_parser("download", parents=[common], help="save hand-ins as files, byte for byte")
    fetch.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder to save into")
    fetch.add_argument("--all-versions", action="store_true", help="every version, not only each learner's newest")
    fetch.add_argument(
        "--id", type=int, action="append", dest="ids", metavar="ID", help="only this submission (repeatable)"
    )
    prune = actions.add_parser(
        "prune", help="delete all but each learner's newest N versions from the service's database"
    )
    prune.add_argument("--db-url", required=True, metavar="URL", help="the service's database (as `serve --db-url`)")
    prune.add_argument("--keep", type=int, required=True, metavar="N", help="versions to keep per learner (1 or more)")
    prune.add_argument("--user", metavar="NAME", help="only this hub user's versions")
    parser.set_defaults(run=run)


def terminal_text_lines(text: str) -> str:
    """Each line of `text` safe for a terminal (hub user names come from people)."""
    return "\n".join(terminal_text(line) for line in text.splitlines())


def run_prune(args: argparse.Namespace) -> int:
    """Delete old versions; print how many went."""
    from course_helpers.classroom.hand_ins import prune_versions

    gone = prune_versions(args.db_url, args.keep, hub_user=args.user)
    print(f"Deleted {gone} older version(s); each learner keeps the newest {args.keep}")
    return 0


def run(args: argparse.Namespace) -> int:
    """List or download; exit 1 with one line when the token, the service or the folder is wrong."""
    if args.action == "prune":
        return run_prune(args)
    token = resolve_token(args.token_file)
    if args.action == "list":
        items = receipts(args.service, token, user=args.user, latest=args.latest)
        print(json.dumps(items, indent=2) if args.json else terminal_text_lines(receipts_table(items)))
        if not args.json:
            print(f"{len(items)} hand-in{'' if len(items) == 1 else 's'}")
        return 0
    saved = download(args.service, token, args.output, user=args.user, every_version=args.all_versions, ids=args.ids)
    for item in saved:
        print(
            terminal_text(
                f"{item.path}  ({item.receipt['hub_user']}, version {item.receipt['version']}, "
                f"received {item.receipt['received_at']})"
            )
        )
    written = sum(item.written for item in saved)
    kept = len(saved) - written
    print(f"Saved {len(saved)} hand-in{'' if len(saved) == 1 else 's'} to {args.output}: {written} file(s) written"
          + (f", {kept} already there with the same contents" if kept else ""))
    return 0
