"""Write what a coder would see for each case, with no key, into a folder of text files (held-out coding).

Usage: python scripts/write_blind_records.py OUT_DIR [c25 c26 ...]   (default: every case)

Each file holds the patient facts, the record in the order written, and, when the case asks for a query,
the documentation gap and the query wordings (in the case player's order, lettered), then the physician's
answer under a line the coder reads only after choosing. No title, topic, code, DRG or rationale.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from course_helpers.coding.cases.model import load_cases
from course_helpers.coding.views.case_player_view import query_order


def _block(heading: str, text: str) -> str:
    body = "\n\n".join(textwrap.fill(" ".join(p.split()), 100) for p in text.strip().split("\n\n") if p.strip())
    return f"## {heading}\n\n{body}\n"


def blind_text(case) -> str:  # noqa: ANN001 - a script
    """The coder's view of one case as plain text."""
    p = case.patient
    number = case.id.split("_")[0]
    parts = [
        f"# Case {number}\n",
        f"Patient: {p.age}-year-old {'woman' if p.sex == 'F' else 'man'}. "
        f"Discharge status (UB-04 code, as given): {p.discharge_status:02d}. "
        "Code set: FY2026 ICD-10-CM/PCS, MS-DRG v43.\n",
        _block("History", case.record.history),
        _block("Findings", case.record.findings),
    ]
    parts += [_block(note.title, note.text) for note in case.record.notes]
    parts += [_block("Procedures", case.record.procedures), _block("Discharge summary", case.record.discharge_summary)]
    if case.query is not None:
        parts.append(
            _block("Documentation gap (this case asks you to choose one query before coding)", case.query.situation)
        )
        letters = "ABCDEFGH"
        for n, index in enumerate(query_order(case)):
            parts.append(_block(f"Query wording {letters[n]}", case.query.options[index].text))
        parts.append(
            "-" * 100
            + "\nREAD BELOW ONLY AFTER CHOOSING A QUERY WORDING\n"
            + "-" * 100
            + "\n\n"
            + _block("Physician's answer to the query", case.query.physician_response)
        )
    parts.append(
        "## What to hand back\n\nPrincipal diagnosis with POA; secondary diagnoses with POA; ICD-10-PCS procedures;"
        " the query wording you chose (letter), if the case asks for one; the MS-DRG you expect (optional).\n"
    )
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    """Write one file per chosen case into OUT_DIR."""
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    wanted = set(argv[1:])
    for case in load_cases().values():
        number = case.id.split("_")[0]
        if wanted and number not in wanted:
            continue
        (out / f"{number}.txt").write_text(blind_text(case), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
